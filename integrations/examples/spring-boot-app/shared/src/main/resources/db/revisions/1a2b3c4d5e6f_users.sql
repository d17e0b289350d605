-- users
--
-- Revision ID: 1a2b3c4d5e6f
-- Revises:
-- Create Date: 2026-12-04 10:00:00.000000

-- migrate:upgrade
CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO users (id, email) SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 1000) g;

-- migrate:downgrade
DROP TABLE users;
