-- Add display name to users
--
-- Revision ID: 5e6f4a7b8c9d
-- Revises: 3c4d2e5f6a7b
-- Create Date: 2026-11-13 08:55:30.120045

-- migrate:upgrade
ALTER TABLE users ADD COLUMN display_name VARCHAR(100);
-- Existing users start with their e-mail address as display name.
UPDATE users SET display_name = email WHERE display_name IS NULL;

-- migrate:downgrade
ALTER TABLE users DROP COLUMN display_name;
