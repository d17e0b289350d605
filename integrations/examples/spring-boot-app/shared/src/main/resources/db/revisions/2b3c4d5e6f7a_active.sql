-- users.active, backfilled: a slow data migration, which the application must not race
--
-- Revision ID: 2b3c4d5e6f7a
-- Revises: 1a2b3c4d5e6f
-- Create Date: 2026-12-04 10:01:00.000000

-- migrate:upgrade
ALTER TABLE users ADD COLUMN active boolean;
UPDATE users SET active = (id % 2 = 0);
SELECT pg_sleep(1);
ALTER TABLE users ALTER COLUMN active SET NOT NULL;

-- migrate:downgrade
ALTER TABLE users DROP COLUMN active;
