-- users
--
-- Revision ID: a1b2c3d4e5f6
-- Revises: 
-- Create Date: 2026-12-04 10:00:00.000000

-- migrate:upgrade
CREATE TABLE users (id integer PRIMARY KEY);

-- migrate:downgrade
DROP TABLE users;
