-- 0005: the lease engine is gone (the farm's jobs run on Orleans grains, whose state is in OrleansStorage):
-- its tables, their triggers and the functions those triggers called go with it. A database created before
-- Orleans loses only what no build since reads.

DROP TABLE IF EXISTS job_events;
DROP TABLE IF EXISTS silo_failures;
DROP TABLE IF EXISTS silos;
DROP TABLE IF EXISTS tasks;
DROP TABLE IF EXISTS jobs;
DROP FUNCTION IF EXISTS stylefarm_notify_work();
DROP FUNCTION IF EXISTS stylefarm_notify_job_changed();
DROP FUNCTION IF EXISTS stylefarm_notify_job_event();
