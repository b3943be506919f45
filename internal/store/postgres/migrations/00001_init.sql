-- wearhouse schema, PostgreSQL dialect. Kept parallel to
-- internal/store/sqlite/migrations/00001_init.sql: same tables, columns
-- and names. Differences are only where the dialects force them: times are
-- timestamptz, ids are uuid, JSON is jsonb, binary is bytea, the outbox
-- sequence is an identity column.

-- +goose Up

CREATE TABLE users (
    id               uuid        NOT NULL PRIMARY KEY,
    email            text,
    first_name       text,
    last_name        text,
    external_user_id text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX users_created_idx ON users (created_at, id);
CREATE INDEX users_email_idx ON users (email);
CREATE INDEX users_external_idx ON users (external_user_id);

-- API keys are stored as a SHA-256 hash plus the short public prefix used to
-- find the row; the key itself is never stored.
CREATE TABLE api_keys (
    id           uuid        NOT NULL PRIMARY KEY,
    name         text        NOT NULL,
    prefix       text        NOT NULL UNIQUE,
    hash         bytea       NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Tokens are AES-GCM sealed with the connection id as additional data.
-- token_version is the optimistic lock that makes refreshes single-flight.
CREATE TABLE connections (
    id                uuid        NOT NULL PRIMARY KEY,
    user_id           uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider          text        NOT NULL,
    provider_user_id  text        NOT NULL,
    provider_username text,
    scope             text        NOT NULL DEFAULT '',
    status            text        NOT NULL,
    status_reason     text        NOT NULL DEFAULT '',
    access_token      bytea,
    refresh_token     bytea,
    token_expires_at  timestamptz NOT NULL,
    token_version     bigint      NOT NULL DEFAULT 1,
    last_synced_at    timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (user_id, provider)
);
CREATE INDEX connections_provider_user_idx ON connections (provider, provider_user_id);
CREATE INDEX connections_status_idx ON connections (status, provider);

CREATE TABLE data_sources (
    id                   uuid        NOT NULL PRIMARY KEY,
    user_id              uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider             text        NOT NULL,
    connection_id        uuid        REFERENCES connections (id) ON DELETE SET NULL,
    device_model         text,
    software_version     text,
    source               text,
    device_type          text,
    original_source_name text,
    created_at           timestamptz NOT NULL
);
CREATE UNIQUE INDEX data_sources_key_idx
    ON data_sources (user_id, provider, coalesce(device_model, ''), coalesce(source, ''));
CREATE INDEX data_sources_connection_idx ON data_sources (connection_id);

-- Sleep and workout sessions. (data_source_id, category, provider_record_id)
-- is the idempotency key; revision and content_hash decide whether a
-- re-synced record changed.
CREATE TABLE events (
    id                 uuid        NOT NULL PRIMARY KEY,
    user_id            uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data_source_id     uuid        NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    category           text        NOT NULL,
    type               text        NOT NULL,
    provider_record_id text        NOT NULL,
    revision           bigint      NOT NULL DEFAULT 0,
    content_hash       bytea       NOT NULL,
    deleted            boolean     NOT NULL DEFAULT false,
    start_time         timestamptz NOT NULL,
    end_time           timestamptz NOT NULL,
    zone_offset        integer     NOT NULL DEFAULT 0,
    details            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (data_source_id, category, provider_record_id)
);
CREATE INDEX events_user_time_idx ON events (user_id, category, start_time, id);

CREATE TABLE daily_summaries (
    id                 uuid        NOT NULL PRIMARY KEY,
    user_id            uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data_source_id     uuid        NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    kind               text        NOT NULL,
    provider_record_id text        NOT NULL,
    revision           bigint      NOT NULL DEFAULT 0,
    content_hash       bytea       NOT NULL,
    deleted            boolean     NOT NULL DEFAULT false,
    date               text        NOT NULL,
    start_time         timestamptz NOT NULL,
    end_time           timestamptz,
    zone_offset        integer     NOT NULL DEFAULT 0,
    metrics            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    extra              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (data_source_id, kind, provider_record_id)
);
CREATE INDEX daily_summaries_user_date_idx ON daily_summaries (user_id, kind, date, id);

CREATE TABLE health_scores (
    id                 uuid             NOT NULL PRIMARY KEY,
    user_id            uuid             NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    data_source_id     uuid             NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    provider           text             NOT NULL,
    category           text             NOT NULL,
    provider_record_id text             NOT NULL,
    revision           bigint           NOT NULL DEFAULT 0,
    content_hash       bytea            NOT NULL,
    deleted            boolean          NOT NULL DEFAULT false,
    value              double precision,
    qualifier          text,
    recorded_at        timestamptz      NOT NULL,
    zone_offset        integer          NOT NULL DEFAULT 0,
    components         jsonb            NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz      NOT NULL,
    updated_at         timestamptz      NOT NULL,
    UNIQUE (data_source_id, category, provider_record_id)
);
CREATE INDEX health_scores_user_time_idx ON health_scores (user_id, recorded_at, id);

-- One compressed block per data source, series type and UTC day. The
-- header columns (count, first/last, min/max/sum) answer coverage and
-- aggregate questions without decoding the payload.
CREATE TABLE series_blocks (
    data_source_id uuid             NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    type_id        integer          NOT NULL,
    day            timestamptz      NOT NULL,
    user_id        uuid             NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    count          bigint           NOT NULL,
    first_ts       timestamptz      NOT NULL,
    last_ts        timestamptz      NOT NULL,
    min            double precision NOT NULL,
    max            double precision NOT NULL,
    sum            double precision NOT NULL,
    payload        bytea            NOT NULL,
    updated_at     timestamptz      NOT NULL,
    PRIMARY KEY (data_source_id, type_id, day)
);
CREATE INDEX series_blocks_user_day_idx ON series_blocks (user_id, day, type_id);
-- Payloads are already compressed: skip TOAST's pglz attempt on every write.
ALTER TABLE series_blocks ALTER COLUMN payload SET STORAGE EXTERNAL;

-- Provider documents exactly as fetched (body kept byte for byte).
CREATE TABLE raw_documents (
    id                 uuid        NOT NULL PRIMARY KEY,
    user_id            uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider           text        NOT NULL,
    data_type          text        NOT NULL,
    provider_record_id text        NOT NULL,
    content_hash       bytea       NOT NULL,
    start_time         timestamptz,
    body               bytea       NOT NULL,
    deleted            boolean     NOT NULL DEFAULT false,
    fetched_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (user_id, provider, data_type, provider_record_id)
);
CREATE INDEX raw_documents_list_idx
    ON raw_documents (user_id, provider, data_type, start_time, id);

CREATE TABLE sync_cursors (
    connection_id uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    data_type     text        NOT NULL,
    high_water    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (connection_id, data_type)
);

CREATE TABLE sync_runs (
    id            uuid        NOT NULL PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    connection_id uuid        REFERENCES connections (id) ON DELETE SET NULL,
    provider      text        NOT NULL,
    source        text        NOT NULL,
    status        text        NOT NULL,
    fetched       bigint      NOT NULL DEFAULT 0,
    stored        bigint      NOT NULL DEFAULT 0,
    updated       bigint      NOT NULL DEFAULT 0,
    deleted       bigint      NOT NULL DEFAULT 0,
    error         text        NOT NULL DEFAULT '',
    started_at    timestamptz NOT NULL,
    ended_at      timestamptz
);
CREATE INDEX sync_runs_started_idx ON sync_runs (started_at, id);
CREATE INDEX sync_runs_user_idx ON sync_runs (user_id, started_at);

CREATE TABLE oauth_states (
    state         text        NOT NULL PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider      text        NOT NULL,
    redirect_uri  text        NOT NULL DEFAULT '',
    code_verifier text        NOT NULL DEFAULT '',
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX oauth_states_expires_idx ON oauth_states (expires_at);

-- Change outbox: appended in the same transaction as every record write,
-- consumed in seq order by outgoing webhooks.
CREATE TABLE changes (
    seq         bigint      NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind        text        NOT NULL,
    record_id   text        NOT NULL,
    change_type text        NOT NULL,
    at          timestamptz NOT NULL
);
CREATE INDEX changes_user_idx ON changes (user_id);

-- Source priorities (lower wins). Global rows apply to everyone; per-user
-- rows override them, optionally for one metric scope ('' = all metrics,
-- otherwise a series type code or record kind).
CREATE TABLE provider_priorities (
    provider   text        NOT NULL PRIMARY KEY,
    priority   integer     NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE device_type_priorities (
    device_type text        NOT NULL PRIMARY KEY,
    priority    integer     NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE user_provider_priorities (
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope      text        NOT NULL DEFAULT '',
    provider   text        NOT NULL,
    priority   integer     NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, scope, provider)
);

CREATE TABLE user_device_type_priorities (
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope       text        NOT NULL DEFAULT '',
    device_type text        NOT NULL,
    priority    integer     NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, scope, device_type)
);

-- Rate budgets of one provider application, shared by every worker and
-- replica: a fixed window per (provider, bucket) plus a Retry-After floor.
CREATE TABLE rate_budgets (
    provider       text        NOT NULL,
    bucket         text        NOT NULL,
    window_start   timestamptz NOT NULL,
    window_seconds integer     NOT NULL,
    limit_count    bigint      NOT NULL,
    used           bigint      NOT NULL DEFAULT 0,
    blocked_until  timestamptz,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (provider, bucket)
);

-- Provider-side webhook subscriptions (Oura subscriptions, Withings
-- notify). connection_id is set for per-user subscriptions.
CREATE TABLE webhook_subscriptions (
    id                       uuid        NOT NULL PRIMARY KEY,
    provider                 text        NOT NULL,
    connection_id            uuid        REFERENCES connections (id) ON DELETE CASCADE,
    data_type                text        NOT NULL DEFAULT '',
    event_type               text        NOT NULL DEFAULT '',
    callback_url             text        NOT NULL,
    provider_subscription_id text,
    verification_token       bytea,
    status                   text        NOT NULL,
    expires_at               timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);
CREATE INDEX webhook_subscriptions_provider_idx ON webhook_subscriptions (provider, status, expires_at);
CREATE INDEX webhook_subscriptions_connection_idx ON webhook_subscriptions (connection_id);

-- Outgoing webhooks: endpoints our clients register, and the delivery log.
-- user_id narrows an endpoint to one user's changes; NULL means all.
CREATE TABLE webhook_endpoints (
    id              uuid        NOT NULL PRIMARY KEY,
    user_id         uuid        REFERENCES users (id) ON DELETE CASCADE,
    url             text        NOT NULL,
    description     text        NOT NULL DEFAULT '',
    secret          bytea       NOT NULL,
    event_types     jsonb       NOT NULL DEFAULT '[]'::jsonb,
    enabled         boolean     NOT NULL DEFAULT true,
    disabled_reason text        NOT NULL DEFAULT '',
    failure_count   integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
    id               uuid        NOT NULL PRIMARY KEY,
    endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    change_seq       bigint,
    event_type       text        NOT NULL,
    payload          bytea       NOT NULL,
    status           text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    last_status_code integer,
    last_error       text        NOT NULL DEFAULT '',
    next_attempt_at  timestamptz,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL
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
