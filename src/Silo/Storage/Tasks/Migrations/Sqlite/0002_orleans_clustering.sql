-- Nothing here: Orleans' clustering tables live in the farm's PostgreSQL database (Migrations/Postgres/0002_orleans_clustering.sql).
-- An embedded render's one silo uses localhost clustering; its number is kept so both dialects stay in step.
SELECT 1;
