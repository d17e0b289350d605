-- users
--
-- Revision ID: a1
-- Revises:
-- Create Date: 2026-12-04 10:00:00.000000

-- migrate:upgrade
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);

-- migrate:downgrade
DROP TABLE users;
