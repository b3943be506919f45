package engine

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// EventIDsByProviderIDs finds a user's live events by idempotency key in
// one statement: the key columns go in as IN lists (the unique key index
// serves them) and the few rows that match a list but not a whole key are
// dropped here.
func (t *Tx) EventIDsByProviderIDs(ctx context.Context, userID string, keys []store.EventKey) (map[store.EventKey]string, error) {
	out := make(map[store.EventKey]string, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	want := make(map[store.EventKey]bool, len(keys))
	var sources, categories, ids []string
	seen := map[string]bool{}
	add := func(list *[]string, kind, v string) {
		if !seen[kind+v] {
			seen[kind+v] = true
			*list = append(*list, v)
		}
	}
	for _, k := range keys {
		want[k] = true
		add(&sources, "d", k.DataSourceID)
		add(&categories, "c", string(k.Category))
		add(&ids, "p", k.ProviderRecordID)
	}
	sq := NewQuery(t.d, "SELECT e.data_source_id, e.category, e.provider_record_id, e.id FROM events e")
	sq.Where("e.user_id = %s", sq.Arg(userID))
	sq.Where("NOT e.deleted")
	sq.In("e.data_source_id", sources)
	sq.In("e.category", categories)
	sq.In("e.provider_record_id", ids)
	query, args := sq.SQL()
	type row struct {
		key store.EventKey
		id  string
	}
	rows, err := list(ctx, t.db, query, args, func(r Rows) (row, error) {
		var v row
		var cat string
		if err := r.Scan(&v.key.DataSourceID, &cat, &v.key.ProviderRecordID, &v.id); err != nil {
			return row{}, err
		}
		v.key.Category = domain.EventCategory(cat)
		return v, nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: events by provider ids: %w", err)
	}
	for _, r := range rows {
		if want[r.key] {
			out[r.key] = r.id
		}
	}
	return out, nil
}
