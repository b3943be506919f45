-- Outgoing webhooks. The outbox gains the provider of each change, so
-- endpoints filter by provider without reading the record. The unused
-- webhook_endpoints/webhook_deliveries tables of migration 1 are replaced:
-- an endpoint keeps its own cursor on the outbox, each change it wants
-- becomes one message (per endpoint, ordered per user by lane and ord),
-- and every delivery attempt is recorded. Parallel to the PostgreSQL file.

-- +goose Up

ALTER TABLE changes ADD COLUMN provider TEXT NOT NULL DEFAULT '';
CREATE INDEX changes_at_idx ON changes (at);

DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;

CREATE TABLE webhook_endpoints (
    id              TEXT    NOT NULL PRIMARY KEY,
    url             TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    secret          BLOB    NOT NULL,
    previous_secret BLOB,
    previous_until  INTEGER,
    event_types     TEXT    NOT NULL DEFAULT '[]',
    user_id         TEXT,
    provider        TEXT    NOT NULL DEFAULT '',
    enabled         BOOLEAN NOT NULL DEFAULT 1,
    disabled_reason TEXT    NOT NULL DEFAULT '',
    disabled_at     INTEGER,
    failing_since   INTEGER,
    next_due_at     INTEGER,
    feed_cursor     INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE webhook_messages (
    id              TEXT    NOT NULL PRIMARY KEY,
    endpoint_id     TEXT    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    seq             INTEGER,
    lane            TEXT    NOT NULL,
    ord             INTEGER NOT NULL,
    user_id         TEXT    NOT NULL DEFAULT '',
    provider        TEXT    NOT NULL DEFAULT '',
    event_type      TEXT    NOT NULL,
    payload         BLOB    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_status     INTEGER,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE UNIQUE INDEX webhook_messages_seq_idx ON webhook_messages (endpoint_id, seq);
-- Pending messages only: a lane's head is its least ord.
CREATE INDEX webhook_messages_lane_idx ON webhook_messages (endpoint_id, lane, ord) WHERE status = 'pending';
CREATE INDEX webhook_messages_status_idx ON webhook_messages (endpoint_id, status, created_at);
CREATE INDEX webhook_messages_created_idx ON webhook_messages (created_at, id);

CREATE TABLE webhook_attempts (
    id            TEXT    NOT NULL PRIMARY KEY,
    message_id    TEXT    NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    endpoint_id   TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    status_code   INTEGER NOT NULL DEFAULT 0,
    latency_ms    INTEGER NOT NULL DEFAULT 0,
    response_body TEXT    NOT NULL DEFAULT '',
    error         TEXT    NOT NULL DEFAULT '',
    started_at    INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_message_idx ON webhook_attempts (message_id, id);
CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, id);

-- +goose Down

DROP TABLE webhook_attempts;
DROP TABLE webhook_messages;
DROP TABLE webhook_endpoints;
DROP INDEX changes_at_idx;
ALTER TABLE changes DROP COLUMN provider;

CREATE TABLE webhook_endpoints (
    id              TEXT    NOT NULL PRIMARY KEY,
    user_id         TEXT    REFERENCES users (id) ON DELETE CASCADE,
    url             TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    secret          BLOB    NOT NULL,
    event_types     TEXT    NOT NULL DEFAULT '[]',
    enabled         BOOLEAN NOT NULL DEFAULT 1,
    disabled_reason TEXT    NOT NULL DEFAULT '',
    failure_count   INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               TEXT    NOT NULL PRIMARY KEY,
    endpoint_id      TEXT    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    change_seq       INTEGER,
    event_type       TEXT    NOT NULL,
    payload          BLOB    NOT NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error       TEXT    NOT NULL DEFAULT '',
    next_attempt_at  INTEGER,
    delivered_at     INTEGER,
    created_at       INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
