-- Nothing here: Orleans' grain state tables live in the farm's PostgreSQL database (Migrations/Postgres/0003_orleans_grain_state.sql).
-- An embedded render's one silo uses localhost clustering; its number is kept so both dialects stay in step.
SELECT 1;
