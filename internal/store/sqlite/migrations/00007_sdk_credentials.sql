-- Mobile SDK credentials: user-scoped access and refresh tokens (only
-- their SHA-256 is kept, found by a public prefix; tokens minted from one
-- grant share a family, revoked together when a used refresh token comes
-- back) and single-use invitation codes (hashed too). Parallel to the
-- Postgres file.

-- +goose Up

CREATE TABLE sdk_tokens (
    id         TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    prefix     TEXT NOT NULL UNIQUE,
    hash       BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    revoked_at INTEGER
);
CREATE INDEX sdk_tokens_family_idx ON sdk_tokens (family_id);
CREATE INDEX sdk_tokens_user_idx ON sdk_tokens (user_id);

CREATE TABLE sdk_invitation_codes (
    id          TEXT NOT NULL PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   BLOB NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    redeemed_at INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX sdk_invitation_codes_user_idx ON sdk_invitation_codes (user_id);

-- +goose Down

DROP TABLE sdk_invitation_codes;
DROP TABLE sdk_tokens;
