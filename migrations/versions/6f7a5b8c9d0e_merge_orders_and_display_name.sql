-- Merge orders and display name branches
--
-- Revision ID: 6f7a5b8c9d0e
-- Revises: 4d5e3f6a7b8c, 5e6f4a7b8c9d
-- Create Date: 2026-11-14 10:00:00.000000

-- migrate:upgrade

-- migrate:downgrade
