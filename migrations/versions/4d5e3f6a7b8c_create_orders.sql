-- Create orders table
--
-- Revision ID: 4d5e3f6a7b8c
-- Revises: 3c4d2e5f6a7b
-- Create Date: 2026-11-12 14:21:09.300104
-- Branch Labels: orders

-- migrate:upgrade
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    note VARCHAR(200) DEFAULT 'no note; thanks',
    placed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_orders_user_id ON orders (user_id);

-- migrate:downgrade
DROP TABLE orders;
