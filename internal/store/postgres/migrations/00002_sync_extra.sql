-- Sync-engine state beyond the initial schema: page-level progress of a
-- running window sync, and the lease that makes token refreshes
-- single-flight across workers and replicas. Parallel to the SQLite file.

-- +goose Up

CREATE TABLE sync_progress (
    connection_id uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    data_type     text        NOT NULL,
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    resume        text        NOT NULL DEFAULT '',
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, data_type)
);

CREATE TABLE token_refresh_leases (
    connection_id uuid        NOT NULL PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    holder        text        NOT NULL,
    expires_at    timestamptz NOT NULL
);

-- +goose Down

DROP TABLE token_refresh_leases;
DROP TABLE sync_progress;
