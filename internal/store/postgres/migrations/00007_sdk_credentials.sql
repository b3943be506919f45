-- Mobile SDK credentials: user-scoped access and refresh tokens (only
-- their SHA-256 is kept, found by a public prefix; tokens minted from one
-- grant share a family, revoked together when a used refresh token comes
-- back) and single-use invitation codes (hashed too). Parallel to the
-- SQLite file.

-- +goose Up

CREATE TABLE sdk_tokens (
    id         text NOT NULL PRIMARY KEY,
    user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id  text NOT NULL,
    kind       text NOT NULL,
    prefix     text NOT NULL UNIQUE,
    hash       bytea NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at    bigint,
    revoked_at bigint
);
CREATE INDEX sdk_tokens_family_idx ON sdk_tokens (family_id);
CREATE INDEX sdk_tokens_user_idx ON sdk_tokens (user_id);

CREATE TABLE sdk_invitation_codes (
    id          text NOT NULL PRIMARY KEY,
    user_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL UNIQUE,
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL,
    redeemed_at bigint,
    revoked_at  bigint
);
CREATE INDEX sdk_invitation_codes_user_idx ON sdk_invitation_codes (user_id);

-- +goose Down

DROP TABLE sdk_invitation_codes;
DROP TABLE sdk_tokens;
