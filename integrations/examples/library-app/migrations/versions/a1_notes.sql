-- notes
--
-- Revision ID: a1
-- Revises:
-- Create Date: 2026-12-04 10:00:00.000000

-- migrate:upgrade
CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);

-- migrate:downgrade
DROP TABLE notes;
