package engine

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store"
)

// script plays a sequence of stored states and write outcomes at apply,
// standing in for rows that other transactions change between statements.
type script struct {
	states  []RecordState // nil ID: not found
	inserts []bool
	updates []bool
	reads   int
	updated []string // ids update was called with
}

func (s *script) state() (RecordState, error) {
	st := s.states[min(s.reads, len(s.states)-1)]
	s.reads++
	if st.ID == "" {
		return RecordState{}, store.ErrNotFound
	}
	return st, nil
}

func (s *script) insert() (bool, error) {
	ok := s.inserts[0]
	s.inserts = s.inserts[1:]
	return ok, nil
}

func (s *script) update(st RecordState) (bool, error) {
	s.updated = append(s.updated, st.ID)
	ok := s.updates[0]
	s.updates = s.updates[1:]
	return ok, nil
}

func TestApplyRetriesLostRaces(t *testing.T) {
	t.Parallel()
	h1, h2 := []byte{1}, []byte{2}
	tests := []struct {
		name     string
		rev      int64
		hash     []byte
		sc       script
		want     action
		reads    int
		updateOn []string
	}{
		{name: "FirstInsertWins", hash: h1,
			sc: script{states: []RecordState{{}}, inserts: []bool{true}}, want: actInsert, reads: 1},
		{name: "LostInsertSameContentIsUnchanged", hash: h1,
			sc:   script{states: []RecordState{{}, {ID: "a", Hash: h1}}, inserts: []bool{false}},
			want: actUnchanged, reads: 2},
		{name: "LostInsertOlderRowIsUpdated", rev: 2, hash: h2,
			sc:   script{states: []RecordState{{}, {ID: "a", Revision: 1, Hash: h1}}, inserts: []bool{false}, updates: []bool{true}},
			want: actUpdate, reads: 2, updateOn: []string{"a"}},
		{name: "LostUpdateToNewerRevisionIsUnchanged", rev: 2, hash: h2,
			sc: script{states: []RecordState{{ID: "a", Revision: 1, Hash: h1}, {ID: "a", Revision: 3, Hash: h1}},
				updates: []bool{false}},
			want: actUnchanged, reads: 2, updateOn: []string{"a"}},
		{name: "RowDeletedBeforeUpdateIsInsertedAgain", rev: 2, hash: h2,
			sc:   script{states: []RecordState{{ID: "a", Revision: 1, Hash: h1}, {}}, updates: []bool{false}, inserts: []bool{true}},
			want: actInsert, reads: 2, updateOn: []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sc := tt.sc
			got, err := apply(tt.rev, tt.hash, sc.state, sc.insert, sc.update)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.reads, sc.reads)
			require.Equal(t, tt.updateOn, sc.updated)
		})
	}
}

func TestApplyGivesUpWithConflict(t *testing.T) {
	t.Parallel()
	// Every insert loses and every re-read finds nothing: the key keeps
	// appearing and vanishing, so apply stops instead of spinning.
	sc := script{states: []RecordState{{}}, inserts: make([]bool, maxApplyAttempts)}
	_, err := apply(0, []byte{1}, sc.state, sc.insert, sc.update)
	require.ErrorIs(t, err, store.ErrConflict)
	require.Equal(t, maxApplyAttempts, sc.reads)
}
