package engine

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// action is what an upsert does with one incoming record.
type action int

const (
	actInsert action = iota
	actUpdate
	actUnchanged
)

// decide applies the idempotency rules to an incoming (revision, hash)
// against the stored state (found=false: nothing stored):
//   - new key → insert;
//   - older revision than stored → stale, ignored;
//   - same revision and same content on a live row → unchanged;
//   - anything else (newer revision, changed content, or a tombstoned row
//     coming back) → update, which also clears the tombstone.
func decide(st RecordState, found bool, revision int64, hash []byte) action {
	switch {
	case !found:
		return actInsert
	case revision < st.Revision:
		return actUnchanged
	case revision == st.Revision && bytes.Equal(hash, st.Hash) && !st.Deleted:
		return actUnchanged
	default:
		return actUpdate
	}
}

// upsertOne runs one record through the rules: it reads the stored state,
// decides, settles meta (id, timestamps), writes and appends the outbox
// row. write performs the insert or the update with the settled meta.
func (t *Tx) upsertOne(ctx context.Context, kind, what string, meta *domain.RecordMeta, hash []byte,
	state func() (RecordState, error), write func(insert bool) error) (domain.WriteResult, error) {
	if meta.UserID == "" || meta.DataSourceID == "" || meta.ProviderRecordID == "" {
		return domain.WriteResult{}, fmt.Errorf("store: upsert %s: user id, data source id and provider record id are required", what)
	}
	st, err := state()
	found := err == nil
	if err != nil && !isNotFound(err) {
		return domain.WriteResult{}, fmt.Errorf("store: upsert %s %s: %w", what, meta.ProviderRecordID, err)
	}
	now := t.clock()
	act := decide(st, found, meta.Revision, hash)
	var ct domain.ChangeType
	var res domain.WriteResult
	switch act {
	case actUnchanged:
		return domain.WriteResult{Unchanged: 1}, nil
	case actInsert:
		meta.ID = orNewID(meta.ID)
		meta.CreatedAt = now
		ct, res = domain.ChangeCreated, domain.WriteResult{Created: 1}
	case actUpdate:
		meta.ID = st.ID
		ct, res = domain.ChangeUpdated, domain.WriteResult{Updated: 1}
	}
	meta.UpdatedAt, meta.Deleted = now, false
	if err := write(act == actInsert); err != nil {
		return domain.WriteResult{}, fmt.Errorf("store: upsert %s %s: %w", what, meta.ProviderRecordID, err)
	}
	if err := t.change(ctx, meta.UserID, kind, meta.ID, ct, now); err != nil {
		return domain.WriteResult{}, err
	}
	return res, nil
}

// tombstone marks one stored record deleted and appends the outbox row;
// an already deleted record is Unchanged and a missing one is skipped.
func (t *Tx) tombstone(ctx context.Context, kind string, st RecordState, mark func(id string, at time.Time) error) (domain.WriteResult, error) {
	if st.Deleted {
		return domain.WriteResult{Unchanged: 1}, nil
	}
	now := t.clock()
	if err := mark(st.ID, now); err != nil {
		return domain.WriteResult{}, fmt.Errorf("store: delete %s %s: %w", kind, st.ID, err)
	}
	if err := t.change(ctx, st.UserID, kind, st.ID, domain.ChangeDeleted, now); err != nil {
		return domain.WriteResult{}, err
	}
	return domain.WriteResult{Deleted: 1}, nil
}
