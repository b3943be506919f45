-- The longest event of each user and category, found by one index
-- lookup. Event lists select events overlapping [start, end); an event
-- that ends after start began at most this long before it, which bounds
-- the (user_id, category, start_time) index scan from below instead of
-- reading the user's whole history back to the first record. Parallel to
-- the Postgres file.

-- +goose Up

CREATE INDEX events_user_span_idx ON events (user_id, category, (end_time - start_time));

-- +goose Down

DROP INDEX events_user_span_idx;
