-- wearhouse schema, SQLite dialect. Kept parallel to
-- internal/store/postgres/migrations/00001_init.sql: same tables, columns
-- and names. Differences are only where the dialects force them: times are
-- INTEGER unix milliseconds (UTC), ids are TEXT uuids, JSON is TEXT,
-- booleans are INTEGER 0/1, binary is BLOB.

-- +goose Up

CREATE TABLE users (
    id               TEXT    NOT NULL PRIMARY KEY,
    email            TEXT,
    first_name       TEXT,
    last_name        TEXT,
    external_user_id TEXT,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX users_created_idx ON users (created_at, id);
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_external_idx ON users (external_user_id);

-- API keys are stored as a SHA-256 hash plus the short public prefix used to
-- find the row; the key itself is never stored.
CREATE TABLE api_keys (
    id           TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL UNIQUE,
    hash         BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

-- Tokens are AES-GCM sealed with the connection id as additional data.
-- token_version is the optimistic lock that makes refreshes single-flight.
CREATE TABLE connections (
    id                TEXT    NOT NULL PRIMARY KEY,
    user_id           TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider          TEXT    NOT NULL,
    provider_user_id  TEXT    NOT NULL,
    provider_username TEXT,
    scope             TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL,
    status_reason     TEXT    NOT NULL DEFAULT '',
    access_token      BLOB,
    refresh_token     BLOB,
    token_expires_at  INTEGER NOT NULL,
    token_version     INTEGER NOT NULL DEFAULT 1,
    last_synced_at    INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    UNIQUE (user_id, provider)
);
CREATE INDEX connections_provider_user_idx ON connections (provider, provider_user_id);
CREATE INDEX connections_status_idx ON connections (status, provider);

CREATE TABLE data_sources (
    id                   TEXT    NOT NULL PRIMARY KEY,
    user_id              TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider             TEXT    NOT NULL,
    connection_id        TEXT    REFERENCES connections (id) ON DELETE SET NULL,
    device_model         TEXT,
    software_version     TEXT,
    source               TEXT,
    device_type          TEXT,
    original_source_name TEXT,
    created_at           INTEGER NOT NULL
);
CREATE UNIQUE INDEX data_sources_key_idx
    ON data_sources (user_id, provider, coalesce(device_model, ''), coalesce(source, ''));
CREATE INDEX data_sources_connection_idx ON data_sources (connection_id);

-- Sleep and workout sessions. (data_source_id, category, provider_record_id)
-- is the idempotency key; revision and content_hash decide whether a
-- re-synced record changed.
CREATE TABLE events (
    id                 TEXT    NOT NULL PRIMARY KEY,
    user_id            TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data_source_id     TEXT    NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    category           TEXT    NOT NULL,
    type               TEXT    NOT NULL,
    provider_record_id TEXT    NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 0,
    content_hash       BLOB    NOT NULL,
    deleted            BOOLEAN NOT NULL DEFAULT 0,
    start_time         INTEGER NOT NULL,
    end_time           INTEGER NOT NULL,
    zone_offset        INTEGER NOT NULL DEFAULT 0,
    details            TEXT    NOT NULL DEFAULT '{}',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (data_source_id, category, provider_record_id)
);
CREATE INDEX events_user_time_idx ON events (user_id, category, start_time, id);

CREATE TABLE daily_summaries (
    id                 TEXT    NOT NULL PRIMARY KEY,
    user_id            TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data_source_id     TEXT    NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL,
    provider_record_id TEXT    NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 0,
    content_hash       BLOB    NOT NULL,
    deleted            BOOLEAN NOT NULL DEFAULT 0,
    date               TEXT    NOT NULL,
    start_time         INTEGER NOT NULL,
    end_time           INTEGER,
    zone_offset        INTEGER NOT NULL DEFAULT 0,
    metrics            TEXT    NOT NULL DEFAULT '{}',
    extra              TEXT    NOT NULL DEFAULT '{}',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (data_source_id, kind, provider_record_id)
);
CREATE INDEX daily_summaries_user_date_idx ON daily_summaries (user_id, kind, date, id);

CREATE TABLE health_scores (
    id                 TEXT    NOT NULL PRIMARY KEY,
    user_id            TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data_source_id     TEXT    NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    provider           TEXT    NOT NULL,
    category           TEXT    NOT NULL,
    provider_record_id TEXT    NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 0,
    content_hash       BLOB    NOT NULL,
    deleted            BOOLEAN NOT NULL DEFAULT 0,
    value              REAL,
    qualifier          TEXT,
    recorded_at        INTEGER NOT NULL,
    zone_offset        INTEGER NOT NULL DEFAULT 0,
    components         TEXT    NOT NULL DEFAULT '{}',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (data_source_id, category, provider_record_id)
);
CREATE INDEX health_scores_user_time_idx ON health_scores (user_id, recorded_at, id);

-- One compressed block per data source, series type and UTC day. The
-- header columns (count, first/last, min/max/sum) answer coverage and
-- aggregate questions without decoding the payload.
CREATE TABLE series_blocks (
    data_source_id TEXT    NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    type_id        INTEGER NOT NULL,
    day            INTEGER NOT NULL,
    user_id        TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    count          INTEGER NOT NULL,
    first_ts       INTEGER NOT NULL,
    last_ts        INTEGER NOT NULL,
    min            REAL    NOT NULL,
    max            REAL    NOT NULL,
    sum            REAL    NOT NULL,
    payload        BLOB    NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (data_source_id, type_id, day)
) WITHOUT ROWID;
CREATE INDEX series_blocks_user_day_idx ON series_blocks (user_id, day, type_id);

-- Provider documents exactly as fetched (body kept byte for byte).
CREATE TABLE raw_documents (
    id                 TEXT    NOT NULL PRIMARY KEY,
    user_id            TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider           TEXT    NOT NULL,
    data_type          TEXT    NOT NULL,
    provider_record_id TEXT    NOT NULL,
    content_hash       BLOB    NOT NULL,
    start_time         INTEGER,
    body               BLOB    NOT NULL,
    deleted            BOOLEAN NOT NULL DEFAULT 0,
    fetched_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (user_id, provider, data_type, provider_record_id)
);
CREATE INDEX raw_documents_list_idx
    ON raw_documents (user_id, provider, data_type, start_time, id);

CREATE TABLE sync_cursors (
    connection_id TEXT    NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    data_type     TEXT    NOT NULL,
    high_water    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (connection_id, data_type)
);

CREATE TABLE sync_runs (
    id            TEXT    NOT NULL PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    connection_id TEXT    REFERENCES connections (id) ON DELETE SET NULL,
    provider      TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    fetched       INTEGER NOT NULL DEFAULT 0,
    stored        INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    deleted       INTEGER NOT NULL DEFAULT 0,
    error         TEXT    NOT NULL DEFAULT '',
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER
);
CREATE INDEX sync_runs_started_idx ON sync_runs (started_at, id);
CREATE INDEX sync_runs_user_idx ON sync_runs (user_id, started_at);

CREATE TABLE oauth_states (
    state         TEXT    NOT NULL PRIMARY KEY,
    user_id       TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider      TEXT    NOT NULL,
    redirect_uri  TEXT    NOT NULL DEFAULT '',
    code_verifier TEXT    NOT NULL DEFAULT '',
    expires_at    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX oauth_states_expires_idx ON oauth_states (expires_at);

-- Change outbox: appended in the same transaction as every record write,
-- consumed in seq order by outgoing webhooks.
CREATE TABLE changes (
    seq         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    record_id   TEXT    NOT NULL,
    change_type TEXT    NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX changes_user_idx ON changes (user_id);

-- Source priorities (lower wins). Global rows apply to everyone; per-user
-- rows override them, optionally for one metric scope ('' = all metrics,
-- otherwise a series type code or record kind).
CREATE TABLE provider_priorities (
    provider   TEXT    NOT NULL PRIMARY KEY,
    priority   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE device_type_priorities (
    device_type TEXT    NOT NULL PRIMARY KEY,
    priority    INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE user_provider_priorities (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope      TEXT    NOT NULL DEFAULT '',
    provider   TEXT    NOT NULL,
    priority   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, scope, provider)
);

CREATE TABLE user_device_type_priorities (
    user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope       TEXT    NOT NULL DEFAULT '',
    device_type TEXT    NOT NULL,
    priority    INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, scope, device_type)
);

-- Rate budgets of one provider application, shared by every worker and
-- replica: a fixed window per (provider, bucket) plus a Retry-After floor.
CREATE TABLE rate_budgets (
    provider       TEXT    NOT NULL,
    bucket         TEXT    NOT NULL,
    window_start   INTEGER NOT NULL,
    window_seconds INTEGER NOT NULL,
    limit_count    INTEGER NOT NULL,
    used           INTEGER NOT NULL DEFAULT 0,
    blocked_until  INTEGER,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (provider, bucket)
);

-- Provider-side webhook subscriptions (Oura subscriptions, Withings
-- notify). connection_id is set for per-user subscriptions.
CREATE TABLE webhook_subscriptions (
    id                       TEXT    NOT NULL PRIMARY KEY,
    provider                 TEXT    NOT NULL,
    connection_id            TEXT    REFERENCES connections (id) ON DELETE CASCADE,
    data_type                TEXT    NOT NULL DEFAULT '',
    event_type               TEXT    NOT NULL DEFAULT '',
    callback_url             TEXT    NOT NULL,
    provider_subscription_id TEXT,
    verification_token       BLOB,
    status                   TEXT    NOT NULL,
    expires_at               INTEGER,
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_provider_idx ON webhook_subscriptions (provider, status, expires_at);
CREATE INDEX webhook_subscriptions_connection_idx ON webhook_subscriptions (connection_id);

-- Outgoing webhooks: endpoints our clients register, and the delivery log.
-- user_id narrows an endpoint to one user's changes; NULL means all.
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

-- +goose Down

DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
DROP TABLE webhook_subscriptions;
DROP TABLE rate_budgets;
DROP TABLE user_device_type_priorities;
DROP TABLE user_provider_priorities;
DROP TABLE device_type_priorities;
DROP TABLE provider_priorities;
DROP TABLE changes;
DROP TABLE oauth_states;
DROP TABLE sync_runs;
DROP TABLE sync_cursors;
DROP TABLE raw_documents;
DROP TABLE series_blocks;
DROP TABLE health_scores;
DROP TABLE daily_summaries;
DROP TABLE events;
DROP TABLE data_sources;
DROP TABLE connections;
DROP TABLE api_keys;
DROP TABLE users;
