-- One representation for both engines: ids become text and times become
-- bigint Unix milliseconds (UTC), exactly as SQLite has always stored
-- them, so the store writes each query once for both engines. Values are
-- already whole milliseconds (the store truncates before writing), so the
-- conversion is exact. Foreign keys and the one index over a time
-- expression are dropped around the type changes and recreated after.

-- +goose Up

DROP INDEX events_user_span_idx;

-- +goose StatementBegin
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT c.conrelid::regclass AS tbl, c.conname
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
          AND t.relname NOT LIKE 'river%'
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
    END LOOP;
    -- One ALTER TABLE per table with all of its columns, so each table
    -- (and its indexes) is rewritten once instead of once per column.
    -- (pg_attribute rather than information_schema.columns, whose view
    -- costs hundreds of milliseconds to read.)
    FOR r IN
        SELECT t.relname AS table_name, string_agg(
            CASE WHEN a.atttypid = 'uuid'::regtype
                THEN format('ALTER COLUMN %I TYPE text USING %I::text', a.attname, a.attname)
                ELSE format('ALTER COLUMN %I TYPE bigint USING floor(extract(epoch FROM %I) * 1000)::bigint', a.attname, a.attname)
            END, ', ' ORDER BY a.attnum) AS changes
        FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid
        WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind = 'r'
          AND t.relname NOT LIKE 'river%' AND t.relname <> 'goose_db_version'
          AND a.attnum > 0 AND NOT a.attisdropped
          AND a.atttypid IN ('uuid'::regtype, 'timestamptz'::regtype)
        GROUP BY t.relname
    LOOP
        EXECUTE format('ALTER TABLE %I %s', r.table_name, r.changes);
    END LOOP;
END
$$;
-- +goose StatementEnd

ALTER TABLE connections ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE data_sources ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE data_sources ADD FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE SET NULL;
ALTER TABLE events ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE events ADD FOREIGN KEY (data_source_id) REFERENCES data_sources (id) ON DELETE CASCADE;
ALTER TABLE daily_summaries ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE daily_summaries ADD FOREIGN KEY (data_source_id) REFERENCES data_sources (id) ON DELETE CASCADE;
ALTER TABLE health_scores ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE health_scores ADD FOREIGN KEY (data_source_id) REFERENCES data_sources (id) ON DELETE CASCADE;
ALTER TABLE series_blocks ADD FOREIGN KEY (data_source_id) REFERENCES data_sources (id) ON DELETE CASCADE;
ALTER TABLE series_blocks ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE raw_documents ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE sync_cursors ADD FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE CASCADE;
ALTER TABLE sync_runs ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE sync_runs ADD FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE SET NULL;
ALTER TABLE oauth_states ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE changes ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE user_provider_priorities ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE user_device_type_priorities ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE webhook_subscriptions ADD FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE CASCADE;
ALTER TABLE webhook_endpoints ADD FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE webhook_deliveries ADD FOREIGN KEY (endpoint_id) REFERENCES webhook_endpoints (id) ON DELETE CASCADE;
ALTER TABLE sync_progress ADD FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE CASCADE;
ALTER TABLE token_refresh_leases ADD FOREIGN KEY (connection_id) REFERENCES connections (id) ON DELETE CASCADE;

CREATE INDEX events_user_span_idx ON events (user_id, category, (end_time - start_time));

-- +goose Down

-- Migrations only go forward; restore the backup taken before upgrading.
SELECT 1;
