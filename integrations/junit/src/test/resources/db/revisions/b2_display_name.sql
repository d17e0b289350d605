-- display_name, filled from name for the existing rows
--
-- Revision ID: b2
-- Revises: a1
-- Create Date: 2026-12-04 10:01:00.000000

-- migrate:upgrade
ALTER TABLE users ADD COLUMN display_name text;
UPDATE users SET display_name = upper(substr(name, 1, 1)) || substr(name, 2);

-- migrate:downgrade
ALTER TABLE users DROP COLUMN display_name;
