-- Add user avatar field
--
-- Revision ID: 2b3e1d4c5f6a
-- Revises: 1a2f0c3d4e5b
-- Create Date: 2026-11-05 16:40:11.004512

-- migrate:upgrade
ALTER TABLE users ADD COLUMN avatar_url VARCHAR(500);

-- migrate:downgrade
ALTER TABLE users DROP COLUMN avatar_url;
