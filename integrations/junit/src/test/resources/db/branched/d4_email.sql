-- email, unique
--
-- Revision ID: d4
-- Revises: a1
-- Create Date: 2026-12-04 10:02:00.000000

-- migrate:upgrade
ALTER TABLE users ADD COLUMN email text;
CREATE UNIQUE INDEX ix_users_email ON users (email);

-- migrate:downgrade
DROP INDEX ix_users_email;
ALTER TABLE users DROP COLUMN email;
