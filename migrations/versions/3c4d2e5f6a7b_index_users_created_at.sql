-- Index users by sign-up date
--
-- Revision ID: 3c4d2e5f6a7b
-- Revises: 2b3e1d4c5f6a
-- Create Date: 2026-11-09 11:02:45.871200

-- migrate:upgrade
CREATE INDEX ix_users_created_at ON users (created_at);

-- migrate:downgrade
DROP INDEX ix_users_created_at;
