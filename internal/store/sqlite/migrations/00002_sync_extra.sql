-- Sync-engine state beyond the initial schema: page-level progress of a
-- running window sync, and the lease that makes token refreshes
-- single-flight across workers.

-- +goose Up

CREATE TABLE sync_progress (
    connection_id TEXT    NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    data_type     TEXT    NOT NULL,
    window_start  INTEGER NOT NULL,
    window_end    INTEGER NOT NULL,
    resume        TEXT    NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (connection_id, data_type)
);

CREATE TABLE token_refresh_leases (
    connection_id TEXT    NOT NULL PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    holder        TEXT    NOT NULL,
    expires_at    INTEGER NOT NULL
);

-- +goose Down

DROP TABLE token_refresh_leases;
DROP TABLE sync_progress;
