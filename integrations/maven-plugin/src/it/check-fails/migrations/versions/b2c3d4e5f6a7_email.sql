-- email
--
-- Revision ID: b2c3d4e5f6a7
-- Revises: a1b2c3d4e5f6
-- Create Date: 2026-12-04 10:00:00.000000

-- migrate:upgrade
ALTER TABLE users ADD COLUMN email text;

-- migrate:downgrade
ALTER TABLE users DROP COLUMN email;
