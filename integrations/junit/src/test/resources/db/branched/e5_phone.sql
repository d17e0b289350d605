-- phone, unique
--
-- Revision ID: e5
-- Revises: a1
-- Create Date: 2026-12-04 10:02:00.000000

-- migrate:upgrade
ALTER TABLE users ADD COLUMN phone text;
CREATE UNIQUE INDEX ix_users_phone ON users (phone);

-- migrate:downgrade
DROP INDEX ix_users_phone;
ALTER TABLE users DROP COLUMN phone;
