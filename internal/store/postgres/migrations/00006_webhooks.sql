-- Outgoing webhooks. The outbox gains the provider of each change, so
-- endpoints filter by provider without reading the record. The unused
-- webhook_endpoints/webhook_deliveries tables of migration 1 are replaced:
-- an endpoint keeps its own cursor on the outbox, each change it wants
-- becomes one message (per endpoint, ordered per user by lane and ord),
-- and every delivery attempt is recorded. Parallel to the SQLite file.

-- +goose Up

ALTER TABLE changes ADD COLUMN provider text NOT NULL DEFAULT '';
CREATE INDEX changes_at_idx ON changes (at);

DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;

CREATE TABLE webhook_endpoints (
    id              text    NOT NULL PRIMARY KEY,
    url             text    NOT NULL,
    description     text    NOT NULL DEFAULT '',
    secret          bytea   NOT NULL,
    previous_secret bytea,
    previous_until  bigint,
    event_types     text    NOT NULL DEFAULT '[]',
    user_id         text,
    provider        text    NOT NULL DEFAULT '',
    enabled         boolean NOT NULL DEFAULT true,
    disabled_reason text    NOT NULL DEFAULT '',
    disabled_at     bigint,
    failing_since   bigint,
    next_due_at     bigint,
    feed_cursor     bigint  NOT NULL DEFAULT 0,
    created_at      bigint  NOT NULL,
    updated_at      bigint  NOT NULL
);

CREATE TABLE webhook_messages (
    id              text    NOT NULL PRIMARY KEY,
    endpoint_id     text    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    seq             bigint,
    lane            text    NOT NULL,
    ord             bigint  NOT NULL,
    user_id         text    NOT NULL DEFAULT '',
    provider        text    NOT NULL DEFAULT '',
    event_type      text    NOT NULL,
    payload         bytea   NOT NULL,
    status          text    NOT NULL,
    attempts        bigint  NOT NULL DEFAULT 0,
    next_attempt_at bigint,
    last_status     bigint,
    created_at      bigint  NOT NULL,
    finished_at     bigint 
);
CREATE UNIQUE INDEX webhook_messages_seq_idx ON webhook_messages (endpoint_id, seq);
-- Pending messages only: a lane's head is its least ord.
CREATE INDEX webhook_messages_lane_idx ON webhook_messages (endpoint_id, lane, ord) WHERE status = 'pending';
CREATE INDEX webhook_messages_status_idx ON webhook_messages (endpoint_id, status, created_at);
CREATE INDEX webhook_messages_created_idx ON webhook_messages (created_at, id);

CREATE TABLE webhook_attempts (
    id            text    NOT NULL PRIMARY KEY,
    message_id    text    NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
    endpoint_id   text    NOT NULL,
    attempt       bigint  NOT NULL,
    status_code   bigint  NOT NULL DEFAULT 0,
    latency_ms    bigint  NOT NULL DEFAULT 0,
    response_body text    NOT NULL DEFAULT '',
    error         text    NOT NULL DEFAULT '',
    started_at    bigint  NOT NULL
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
    id              text    NOT NULL PRIMARY KEY,
    user_id         text    REFERENCES users (id) ON DELETE CASCADE,
    url             text    NOT NULL,
    description     text    NOT NULL DEFAULT '',
    secret          bytea   NOT NULL,
    event_types     text    NOT NULL DEFAULT '[]',
    enabled         boolean NOT NULL DEFAULT true,
    disabled_reason text    NOT NULL DEFAULT '',
    failure_count   bigint  NOT NULL DEFAULT 0,
    created_at      bigint  NOT NULL,
    updated_at      bigint  NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               text    NOT NULL PRIMARY KEY,
    endpoint_id      text    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    change_seq       bigint,
    event_type       text    NOT NULL,
    payload          bytea   NOT NULL,
    status           text    NOT NULL,
    attempts         bigint  NOT NULL DEFAULT 0,
    last_status_code bigint,
    last_error       text    NOT NULL DEFAULT '',
    next_attempt_at  bigint,
    delivered_at     bigint,
    created_at       bigint  NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, created_at);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
