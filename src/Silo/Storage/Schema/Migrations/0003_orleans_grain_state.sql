-- Orleans grain state (Microsoft.Orleans.Persistence.AdoNet, invariant "Npgsql"), written from the
-- provider's contract: read, write and clear by grain (id hash, N0/N1 key, type, string key) and service,
-- with an integer version as the ETag. A write with no version inserts; otherwise it updates only while
-- the stored version is the grain's and increments it. A refused write answers the grain's own version
-- back (NULL when it had none), which the provider reports as a version conflict.

CREATE TABLE orleans_storage (
    grain_id_hash            integer NOT NULL,
    grain_id_n0              bigint NOT NULL,
    grain_id_n1              bigint NOT NULL,
    grain_type_hash          integer NOT NULL,
    grain_type_string        text NOT NULL,
    grain_id_extension_string text,
    service_id               text NOT NULL,
    payload_binary           bytea,
    modified_on              timestamptz NOT NULL,
    version                  integer NOT NULL
);

-- One row per grain; the hashes lead so that lookups are narrow.
CREATE UNIQUE INDEX orleans_storage_grain ON orleans_storage
    (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type_string, coalesce(grain_id_extension_string, ''));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT payload_binary AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type_string = @GrainTypeString
  AND coalesce(grain_id_extension_string, '') = coalesce(@GrainIdExtensionString::text, '')
$q$),
('WriteToStorageKey', $q$
WITH changed AS (
    UPDATE orleans_storage SET payload_binary = @PayloadBinary::bytea, modified_on = now(), version = version + 1
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type_string = @GrainTypeString
      AND coalesce(grain_id_extension_string, '') = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
    RETURNING version),
added AS (
    INSERT INTO orleans_storage (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type_string,
                                 grain_id_extension_string, service_id, payload_binary, modified_on, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString::text, @ServiceId, @PayloadBinary::bytea, now(), 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM changed
UNION ALL SELECT version FROM added
UNION ALL SELECT @GrainStateVersion::integer WHERE NOT EXISTS (SELECT 1 FROM changed) AND NOT EXISTS (SELECT 1 FROM added)
$q$),
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE orleans_storage SET payload_binary = NULL, modified_on = now(), version = version + 1
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash AND service_id = @ServiceId
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type_string = @GrainTypeString
      AND coalesce(grain_id_extension_string, '') = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
    RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM cleared
UNION ALL SELECT @GrainStateVersion::integer WHERE NOT EXISTS (SELECT 1 FROM cleared)
$q$);
