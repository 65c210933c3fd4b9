-- Nothing here: Orleans' reminders tables live in the farm's PostgreSQL database (Migrations/Postgres/0004_orleans_reminders.sql).
-- An embedded render's one silo uses localhost clustering; its number is kept so both dialects stay in step.
SELECT 1;
