-- PostgreSQL's 00004 converts its ids to text and its times to integer
-- Unix milliseconds, the representation SQLite has always had. Nothing
-- changes here; the file keeps both engines' schema versions in step.

-- +goose Up

SELECT 1;

-- +goose Down

SELECT 1;
