-- Create users table
--
-- Revision ID: 1a2f0c3d4e5b
-- Revises:
-- Create Date: 2026-11-02 09:14:03.512311

-- migrate:upgrade
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX ix_users_email ON users (email);

-- migrate:downgrade
DROP INDEX ix_users_email;
DROP TABLE users;
