-- Operator accounts of the console and their signed-in sessions.
-- Passwords are argon2id hashes (PHC string); a session row holds only
-- the SHA-256 of its cookie token, so a copy of the database signs
-- nobody in. Parallel to the Postgres file.

-- +goose Up

CREATE TABLE admins (
    id            TEXT    NOT NULL PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    last_login_at INTEGER,
    created_at    INTEGER NOT NULL
);

CREATE TABLE admin_sessions (
    token_hash BLOB    NOT NULL PRIMARY KEY,
    admin_id   TEXT    NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX admin_sessions_expires_idx ON admin_sessions (expires_at);

-- +goose Down

DROP TABLE admin_sessions;
DROP TABLE admins;
