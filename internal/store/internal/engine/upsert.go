package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// action is what an upsert did with one incoming record.
type action int

const (
	actInsert action = iota
	actUpdate
	actUnchanged
)

// upsertSpec is one table's set-based upsert. The idempotency rules are
// the statement's WHERE: a new key is inserted; an existing one is
// replaced only by a newer revision, or by the same revision with other
// content or over a tombstone (which the update clears); anything else
// (an older revision, or the same content on a live row) is left alone
// and reported unchanged. Under concurrent writers each row's outcome is
// decided by the database under the row's lock, so a race ends in
// created, updated or unchanged, never in a unique-key failure or an
// older revision overwriting a newer one.
type upsertSpec struct {
	table string
	// cols are the inserted columns in argument order; id comes first.
	cols []string
	// key is the conflict target; its columns are text and are returned
	// to match rows back to their inputs.
	key []string
	// update are the columns an update copies from the incoming row.
	update []string
	// revision tells whether the table has a revision column.
	revision bool
}

// upsertRow is one incoming row: a fresh id, its key and its arguments
// (in spec.cols order).
type upsertRow struct {
	id   string
	key  string
	args []any
	// given marks an id the caller chose, which may already be stored.
	given bool
}

// keyOf joins key values as upsertRow.key.
func keyOf(parts ...string) string { return strings.Join(parts, "\x00") }

// sql builds the statement for n rows.
func (sp *upsertSpec) sql(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES %s ON CONFLICT (%s) DO UPDATE SET ",
		sp.table, strings.Join(sp.cols, ", "), values(n, len(sp.cols)), strings.Join(sp.key, ", "))
	for i, c := range sp.update {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = excluded.%s", c, c)
	}
	b.WriteString(", deleted = FALSE WHERE ")
	t := sp.table
	if sp.revision {
		fmt.Fprintf(&b, "%s.revision < excluded.revision OR (%s.revision = excluded.revision AND (%s.content_hash <> excluded.content_hash OR %s.deleted))", t, t, t, t)
	} else {
		fmt.Fprintf(&b, "%s.content_hash <> excluded.content_hash OR %s.deleted", t, t)
	}
	fmt.Fprintf(&b, " RETURNING id, %s", strings.Join(sp.key, ", "))
	return b.String()
}

// upsert writes rows with as few statements as their keys allow (one,
// unless a key repeats: a later copy then goes into a later statement so
// it is decided against the earlier one, as if written one by one) and
// returns each row's action and stored id.
func (t *Tx) upsert(ctx context.Context, sp *upsertSpec, rows []upsertRow) ([]action, []string, error) {
	acts := make([]action, len(rows))
	ids := make([]string, len(rows))
	for i := range acts {
		acts[i] = actUnchanged
	}
	// A returned id equal to the one proposed means the row was inserted,
	// unless the caller chose an id that was already stored.
	stored, err := t.storedIDs(ctx, sp.table, rows)
	if err != nil {
		return nil, nil, err
	}
	width := len(sp.cols)
	for start := 0; start < len(rows); {
		batch := map[string]int{}
		end := start
		for end < len(rows) && (end-start+1)*width <= maxArgs {
			if _, dup := batch[rows[end].key]; dup {
				break
			}
			batch[rows[end].key] = end
			end++
		}
		args := make([]any, 0, (end-start)*width)
		for _, r := range rows[start:end] {
			args = append(args, r.args...)
		}
		res, err := t.db.Query(ctx, sp.sql(end-start), args...)
		if err != nil {
			return nil, nil, err
		}
		dest := make([]any, 1+len(sp.key))
		var id string
		keys := make([]string, len(sp.key))
		dest[0] = &id
		for i := range keys {
			dest[i+1] = &keys[i]
		}
		for res.Next() {
			if err := res.Scan(dest...); err != nil {
				res.Close()
				return nil, nil, err
			}
			i, ok := batch[keyOf(keys...)]
			if !ok {
				res.Close()
				return nil, nil, fmt.Errorf("upsert %s: returned an unknown key %q", sp.table, keys)
			}
			ids[i], acts[i] = id, actUpdate
			if id == rows[i].id && !stored[id] {
				acts[i] = actInsert
			}
		}
		err = res.Err()
		res.Close()
		if err != nil {
			return nil, nil, err
		}
		start = end
	}
	return acts, ids, nil
}

// storedIDs returns which of the caller-chosen ids of rows are stored.
func (t *Tx) storedIDs(ctx context.Context, table string, rows []upsertRow) (map[string]bool, error) {
	var ids []any
	for _, r := range rows {
		if r.given {
			ids = append(ids, r.id)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	found, err := list(ctx, t.db, "SELECT id FROM "+table+" WHERE id IN ("+marks(1, len(ids))+")", ids, func(r Rows) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
	stored := make(map[string]bool, len(found))
	for _, id := range found {
		stored[id] = true
	}
	return stored, err
}

// upsertRecords runs rows through upsert and appends one outbox row per
// created or updated record, all in as few statements as the batch
// allows. users[i] owns rows[i].
func (t *Tx) upsertRecords(ctx context.Context, sp *upsertSpec, kind func(i int) string, users []string, rows []upsertRow) (domain.WriteResult, error) {
	var total domain.WriteResult
	if len(rows) == 0 {
		return total, nil
	}
	acts, ids, err := t.upsert(ctx, sp, rows)
	if err != nil {
		return total, fmt.Errorf("store: upsert %s: %w", sp.table, err)
	}
	now := t.clock()
	var cs []outboxRow
	for i, a := range acts {
		switch a {
		case actUnchanged:
			total.Unchanged++
			continue
		case actInsert:
			total.Created++
			cs = append(cs, outboxRow{source: rowSource(rows[i]), c: domain.Change{UserID: users[i], Kind: kind(i), RecordID: ids[i], ChangeType: domain.ChangeCreated, At: now}})
		case actUpdate:
			total.Updated++
			cs = append(cs, outboxRow{source: rowSource(rows[i]), c: domain.Change{UserID: users[i], Kind: kind(i), RecordID: ids[i], ChangeType: domain.ChangeUpdated, At: now}})
		}
	}
	return total, t.changes(ctx, cs)
}

// rowSource is the data source of an upsert row: every record table
// keeps it third (id, user id, data source id, …).
func rowSource(r upsertRow) string {
	if len(r.args) > 2 {
		if s, ok := r.args[2].(string); ok {
			return s
		}
	}
	return ""
}

// requireMeta checks the fields every record upsert needs.
func requireMeta(what string, m domain.RecordMeta) error {
	if m.UserID == "" || m.DataSourceID == "" || m.ProviderRecordID == "" {
		return fmt.Errorf("store: upsert %s: user id, data source id and provider record id are required", what)
	}
	return nil
}

// tombstone marks stored records deleted by id and appends their outbox
// rows; states already deleted are Unchanged.
func (t *Tx) tombstone(ctx context.Context, table, source string, kind func(st RecordState) string, sts []RecordState) (domain.WriteResult, error) {
	var total domain.WriteResult
	now := t.clock()
	var ids []any
	var cs []outboxRow
	for _, st := range sts {
		if st.Deleted {
			total.Unchanged++
			continue
		}
		total.Deleted++
		ids = append(ids, st.ID)
		cs = append(cs, outboxRow{source: source, c: domain.Change{UserID: st.UserID, Kind: kind(st), RecordID: st.ID, ChangeType: domain.ChangeDeleted, At: now}})
	}
	if len(ids) == 0 {
		return total, nil
	}
	args := append([]any{ms(now)}, ids...)
	if _, err := t.db.Exec(ctx, "UPDATE "+table+" SET deleted = TRUE, updated_at = ?1 WHERE id IN ("+marks(2, len(ids))+")", args...); err != nil {
		return domain.WriteResult{}, fmt.Errorf("store: delete from %s: %w", table, err)
	}
	return total, t.changes(ctx, cs)
}

// RecordState is what a tombstone needs to know about a stored record.
type RecordState struct {
	ID       string
	UserID   string
	Category string // event or score category
	Deleted  bool
}

// states reads the records of one data source whose provider record ids
// are among pids, with catCol as their category ("" for any).
func (t *Tx) states(ctx context.Context, table, catCol, dataSourceID, category string, pids []string) ([]RecordState, error) {
	if len(pids) == 0 {
		return nil, nil
	}
	args := []any{dataSourceID}
	q := "SELECT id, user_id, " + catCol + ", deleted FROM " + table + " WHERE data_source_id = ?1"
	if category != "" {
		args = append(args, category)
		q += " AND " + catCol + " = ?2"
	}
	q += " AND provider_record_id IN (" + marks(len(args)+1, len(pids)) + ") ORDER BY provider_record_id, " + catCol
	for _, p := range pids {
		args = append(args, p)
	}
	type found struct {
		st  RecordState
		pid string
	}
	fs, err := list(ctx, t.db, strings.Replace(q, "SELECT id,", "SELECT provider_record_id, id,", 1), args, func(r Rows) (found, error) {
		var f found
		err := r.Scan(&f.pid, &f.st.ID, &f.st.UserID, &f.st.Category, &f.st.Deleted)
		return f, err
	})
	if err != nil {
		return nil, err
	}
	// In the callers' order, as when each id was tombstoned in turn.
	pos := make(map[string]int, len(pids))
	for i, p := range pids {
		if _, ok := pos[p]; !ok {
			pos[p] = i
		}
	}
	slices.SortStableFunc(fs, func(a, b found) int { return cmp.Compare(pos[a.pid], pos[b.pid]) })
	out := make([]RecordState, len(fs))
	for i, f := range fs {
		out[i] = f.st
	}
	return out, nil
}
