-- 0001: jobs, tasks, silos, per-job silo failures (the blocklist's input), job events, and the
-- triggers that NOTIFY idle workers and watchers. Enums are stored by their C# names; times are
-- timestamptz (microseconds).

CREATE TABLE jobs (
    id           uuid PRIMARY KEY,
    spec         jsonb NOT NULL,
    state        text NOT NULL CHECK (state IN ('Submitted', 'Planning', 'Running', 'Succeeded', 'Failed', 'Cancelled')),
    submitted_at timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    plan         jsonb,
    error        text
);
CREATE INDEX jobs_by_state ON jobs (state, submitted_at, id);

-- One row per task: the immutable spec (kind/shot/segment/pass are the id's parts, kept for ordering
-- and the flow-cache preference) and the mutable state, attempts, backoff and lease.
CREATE TABLE tasks (
    job_id            uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    task_key          text NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('Plan', 'Flow', 'Stylize', 'Encode')),
    shot              integer NOT NULL,
    segment           integer NOT NULL,
    pass              integer NOT NULL,
    segment_frames    jsonb,
    direction         text NOT NULL,
    dependencies      text[] NOT NULL,
    needs_gpu         boolean NOT NULL,
    memory_bytes      bigint NOT NULL,
    estimated_cost    bigint NOT NULL,
    critical_path     bigint NOT NULL,
    state             text NOT NULL CHECK (state IN ('Blocked', 'Ready', 'Leased', 'Succeeded', 'Failed', 'Cancelled')),
    attempts          integer NOT NULL CHECK (attempts >= 0),
    updated_at        timestamptz NOT NULL,
    not_before        timestamptz,
    lease_token       uuid,
    lease_silo        text,
    lease_acquired_at timestamptz,
    lease_expires_at  timestamptz,
    last_error        text,
    PRIMARY KEY (job_id, task_key),
    CONSTRAINT lease_only_while_leased CHECK (
        (state = 'Leased') = (lease_token IS NOT NULL AND lease_silo IS NOT NULL AND lease_acquired_at IS NOT NULL AND lease_expires_at IS NOT NULL))
);
-- The lease query scans only Ready tasks, the sweeper only Leased ones.
CREATE INDEX tasks_ready ON tasks (critical_path DESC, estimated_cost DESC) WHERE state = 'Ready';
CREATE INDEX tasks_leased ON tasks (job_id, task_key) WHERE state = 'Leased';
CREATE UNIQUE INDEX tasks_by_lease_token ON tasks (lease_token) WHERE lease_token IS NOT NULL;
CREATE INDEX tasks_by_job_state ON tasks (job_id, state);

-- A silo's own heartbeat, separate from its leases.
CREATE TABLE silos (
    id               text PRIMARY KEY,
    gpus             integer NOT NULL,
    gpu_memory_bytes bigint NOT NULL,
    memory_bytes     bigint NOT NULL,
    started_at       timestamptz NOT NULL,
    last_heartbeat   timestamptz NOT NULL
);

-- Failed or expired attempts of a silo on a job; the silo is blocklisted for the job at the threshold.
CREATE TABLE silo_failures (
    job_id   uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    silo_id  text NOT NULL,
    failures integer NOT NULL CHECK (failures > 0),
    PRIMARY KEY (job_id, silo_id)
);

CREATE TABLE job_events (
    sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id   uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    at       timestamptz NOT NULL,
    state    text NOT NULL CHECK (state IN ('Submitted', 'Planning', 'Running', 'Succeeded', 'Failed', 'Cancelled')),
    message  text NOT NULL
);
CREATE INDEX job_events_by_job ON job_events (job_id, sequence);

-- Wake-ups. PostgreSQL delivers a NOTIFY at commit and folds repeats within a transaction, so a
-- promotion of thousands of tasks sends one.
CREATE FUNCTION stylefarm_notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stylefarm_work', '');
    RETURN NULL;
END
$$;

CREATE FUNCTION stylefarm_notify_job_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stylefarm_jobs', NEW.id::text);
    IF NEW.state IN ('Planning', 'Running') THEN
        PERFORM pg_notify('stylefarm_work', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION stylefarm_notify_job_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('stylefarm_jobs', NEW.job_id::text);
    RETURN NULL;
END
$$;

-- A task became Ready (promoted, retried, or inserted ready).
CREATE TRIGGER tasks_became_ready_on_insert AFTER INSERT ON tasks
    FOR EACH ROW WHEN (NEW.state = 'Ready') EXECUTE FUNCTION stylefarm_notify_work();
CREATE TRIGGER tasks_became_ready AFTER UPDATE OF state ON tasks
    FOR EACH ROW WHEN (NEW.state = 'Ready' AND OLD.state <> 'Ready') EXECUTE FUNCTION stylefarm_notify_work();
-- A lifted blocklist may make tasks leasable for a silo.
CREATE TRIGGER silo_failures_cleared AFTER DELETE ON silo_failures
    FOR EACH STATEMENT EXECUTE FUNCTION stylefarm_notify_work();
-- Job changes for watchers; a job entering Planning or Running also wakes workers.
CREATE TRIGGER jobs_inserted AFTER INSERT ON jobs
    FOR EACH ROW EXECUTE FUNCTION stylefarm_notify_job_changed();
CREATE TRIGGER jobs_changed AFTER UPDATE OF state ON jobs
    FOR EACH ROW WHEN (NEW.state IS DISTINCT FROM OLD.state) EXECUTE FUNCTION stylefarm_notify_job_changed();
CREATE TRIGGER job_events_appended AFTER INSERT ON job_events
    FOR EACH ROW EXECUTE FUNCTION stylefarm_notify_job_event();
