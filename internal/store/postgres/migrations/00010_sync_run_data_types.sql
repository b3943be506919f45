-- What each data type of a sync run did: its status, counts and the
-- window it covered, written by the sync engine as each type starts and
-- ends. Open Wearables 0.9.0's sync history and the sync event stream
-- read it. Parallel to the SQLite file.

-- +goose Up

CREATE TABLE sync_run_data_types (
    run_id        TEXT    NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    data_type     TEXT    NOT NULL,
    position      INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    fetched       BIGINT  NOT NULL DEFAULT 0,
    stored        BIGINT  NOT NULL DEFAULT 0,
    updated       BIGINT  NOT NULL DEFAULT 0,
    deleted       BIGINT  NOT NULL DEFAULT 0,
    error         TEXT    NOT NULL DEFAULT '',
    covered_start BIGINT,
    covered_end   BIGINT,
    updated_at    BIGINT  NOT NULL,
    PRIMARY KEY (run_id, data_type)
);

-- +goose Down

DROP TABLE sync_run_data_types;
