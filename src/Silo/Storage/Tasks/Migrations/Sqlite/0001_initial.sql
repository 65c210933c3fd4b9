-- 0001: jobs, tasks, silos, per-job silo failures (the blocklist's input), job events. Enums are
-- stored by their C# names; times as UTC text 'yyyy-MM-ddTHH:mm:ss.ffffffZ' (fixed width, so text
-- order is time order); ids and lease tokens as 32 lower-case hex digits; booleans as 0/1.
-- Wake-ups are raised in-process by the store after each commit.

CREATE TABLE jobs (
    id           TEXT PRIMARY KEY,
    spec         TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('Submitted', 'Planning', 'Running', 'Succeeded', 'Failed', 'Cancelled')),
    submitted_at TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    plan         TEXT,
    error        TEXT
);
CREATE INDEX jobs_by_state ON jobs (state, submitted_at, id);

-- One row per task: the immutable spec (kind/shot/segment/pass are the id's parts, kept for ordering
-- and the flow-cache preference) and the mutable state, attempts, backoff and lease.
CREATE TABLE tasks (
    job_id            TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    task_key          TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('Plan', 'Flow', 'Stylize', 'Encode')),
    shot              INTEGER NOT NULL,
    segment           INTEGER NOT NULL,
    pass              INTEGER NOT NULL,
    segment_frames    TEXT,
    direction         TEXT NOT NULL,
    dependencies      TEXT NOT NULL,
    needs_gpu         INTEGER NOT NULL CHECK (needs_gpu IN (0, 1)),
    memory_bytes      INTEGER NOT NULL,
    estimated_cost    INTEGER NOT NULL,
    critical_path     INTEGER NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('Blocked', 'Ready', 'Leased', 'Succeeded', 'Failed', 'Cancelled')),
    attempts          INTEGER NOT NULL CHECK (attempts >= 0),
    updated_at        TEXT NOT NULL,
    not_before        TEXT,
    lease_token       TEXT,
    lease_silo        TEXT,
    lease_acquired_at TEXT,
    lease_expires_at  TEXT,
    last_error        TEXT,
    PRIMARY KEY (job_id, task_key),
    CONSTRAINT lease_only_while_leased CHECK (
        (state = 'Leased') = (lease_token IS NOT NULL AND lease_silo IS NOT NULL AND lease_acquired_at IS NOT NULL AND lease_expires_at IS NOT NULL))
);
CREATE INDEX tasks_ready ON tasks (critical_path DESC, estimated_cost DESC) WHERE state = 'Ready';
CREATE INDEX tasks_leased ON tasks (job_id, task_key) WHERE state = 'Leased';
CREATE UNIQUE INDEX tasks_by_lease_token ON tasks (lease_token) WHERE lease_token IS NOT NULL;
CREATE INDEX tasks_by_job_state ON tasks (job_id, state);

-- A silo's own heartbeat, separate from its leases.
CREATE TABLE silos (
    id               TEXT PRIMARY KEY,
    gpus             INTEGER NOT NULL,
    gpu_memory_bytes INTEGER NOT NULL,
    memory_bytes     INTEGER NOT NULL,
    started_at       TEXT NOT NULL,
    last_heartbeat   TEXT NOT NULL
);

-- Failed or expired attempts of a silo on a job; the silo is blocklisted for the job at the threshold.
CREATE TABLE silo_failures (
    job_id   TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    silo_id  TEXT NOT NULL,
    failures INTEGER NOT NULL CHECK (failures > 0),
    PRIMARY KEY (job_id, silo_id)
);

CREATE TABLE job_events (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id   TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    state    TEXT NOT NULL CHECK (state IN ('Submitted', 'Planning', 'Running', 'Succeeded', 'Failed', 'Cancelled')),
    message  TEXT NOT NULL
);
CREATE INDEX job_events_by_job ON job_events (job_id, sequence);
