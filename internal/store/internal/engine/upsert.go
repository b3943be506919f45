package engine

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
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

// maxApplyAttempts bounds apply's retries. Each retry means another
// transaction committed a write to the same key in between, so a handful
// is plenty; running out is ErrConflict rather than a spin.
const maxApplyAttempts = 5

// apply runs one record through decide until its write sticks, and
// returns what it did (actInsert, actUpdate or actUnchanged).
//
// The state read and the write are separate statements, and under
// Postgres's READ COMMITTED another transaction (a second replica syncing
// the same window) may store the same key in between. So the writes are
// conditional: insert does nothing when the key exists (ON CONFLICT DO
// NOTHING, after waiting for the other transaction to finish) and update
// does nothing unless the stored version is still one decide would
// replace. A write that did nothing means the row moved: apply re-reads it
// and decides again. The race thus ends in created, updated or unchanged,
// never in a unique-key failure, a second create, or an older revision
// overwriting a newer one. SQLite's single writer never takes the retry.
func apply(revision int64, hash []byte, state func() (RecordState, error),
	insert func() (bool, error), update func(st RecordState) (bool, error)) (action, error) {
	for range maxApplyAttempts {
		st, err := state()
		found := err == nil
		if err != nil && !isNotFound(err) {
			return 0, err
		}
		act := decide(st, found, revision, hash)
		done := true
		switch act {
		case actInsert:
			done, err = insert()
		case actUpdate:
			done, err = update(st)
		}
		if err != nil {
			return 0, err
		}
		if done {
			return act, nil
		}
	}
	return 0, fmt.Errorf("%w: the record kept changing under %d attempts", store.ErrConflict, maxApplyAttempts)
}

// upsertOne runs one record through the rules (see apply), settles meta
// (id, timestamps) for the write it makes, and appends the outbox row.
// insert and update write the record with the settled meta.
func (t *Tx) upsertOne(ctx context.Context, kind, what string, meta *domain.RecordMeta, hash []byte,
	state func() (RecordState, error), insert, update func() (bool, error)) (domain.WriteResult, error) {
	if meta.UserID == "" || meta.DataSourceID == "" || meta.ProviderRecordID == "" {
		return domain.WriteResult{}, fmt.Errorf("store: upsert %s: user id, data source id and provider record id are required", what)
	}
	now := t.clock()
	act, err := apply(meta.Revision, hash, state,
		func() (bool, error) {
			meta.ID, meta.CreatedAt, meta.UpdatedAt, meta.Deleted = orNewID(meta.ID), now, now, false
			return insert()
		},
		func(st RecordState) (bool, error) {
			meta.ID, meta.UpdatedAt, meta.Deleted = st.ID, now, false
			return update()
		})
	if err != nil {
		return domain.WriteResult{}, fmt.Errorf("store: upsert %s %s: %w", what, meta.ProviderRecordID, err)
	}
	ct, res := domain.ChangeUpdated, domain.WriteResult{Updated: 1}
	switch act {
	case actUnchanged:
		return domain.WriteResult{Unchanged: 1}, nil
	case actInsert:
		ct, res = domain.ChangeCreated, domain.WriteResult{Created: 1}
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
