package imports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// ErrMalformed marks an export's element that cannot be stored (a value
// that is no number, a unit its type is never written in, an interval
// that ends before it starts): the file, not the server, is at fault.
var ErrMalformed = errors.New("malformed export")

// Batch collects what one unit of work maps to — samples, sleep
// fragments and workouts, each under its data source — and writes it in
// one transaction: an SDK upload or a slice of an export is stored whole
// or not at all.
type Batch struct {
	UserID   string
	samples  map[batchKey][]timeseries.Sample
	sleep    map[string][]SleepFragment
	workouts []domain.Event
	pending  int
}

type batchKey struct {
	source string
	typeID int
}

// NewBatch starts an empty batch for a user.
func NewBatch(userID string) *Batch {
	return &Batch{UserID: userID, samples: map[batchKey][]timeseries.Sample{}, sleep: map[string][]SleepFragment{}}
}

// AddSample adds one sample of a series type to a data source.
func (b *Batch) AddSample(dsID string, typeID int, s timeseries.Sample) {
	k := batchKey{dsID, typeID}
	b.samples[k] = append(b.samples[k], s)
	b.pending++
}

// AddSleep adds a sleep fragment of a data source.
func (b *Batch) AddSleep(dsID string, f SleepFragment) {
	b.sleep[dsID] = append(b.sleep[dsID], f)
	b.pending++
}

// AddWorkout adds a workout (its RecordMeta names its data source and
// provider record id; the user is the batch's).
func (b *Batch) AddWorkout(ev domain.Event) {
	ev.UserID = b.UserID
	b.workouts = append(b.workouts, ev)
	b.pending++
}

// Len is how many items the batch holds.
func (b *Batch) Len() int { return b.pending }

// BatchResult is what a batch wrote.
type BatchResult struct {
	Samples, SleepSessions, Workouts domain.WriteResult
	// SleepSaved is how many sleep sessions the batch's nights hold now.
	SleepSaved int
}

// Write stores the batch in tx and empties it.
func (b *Batch) Write(ctx context.Context, tx store.Tx) (BatchResult, error) {
	var res BatchResult
	for _, k := range slices.SortedFunc(mapKeysOf(b.samples), func(a, c batchKey) int {
		return cmp.Or(strings.Compare(a.source, c.source), cmp.Compare(a.typeID, c.typeID))
	}) {
		r, err := tx.WriteSamples(ctx, b.UserID, k.source, k.typeID, b.samples[k])
		if err != nil {
			return res, fmt.Errorf("imports: write samples: %w", err)
		}
		res.Samples.Add(r)
	}
	for _, ds := range slices.Sorted(mapKeys(b.sleep)) {
		r, n, err := writeSleep(ctx, tx, b.UserID, ds, b.sleep[ds])
		if err != nil {
			return res, err
		}
		res.SleepSessions.Add(r)
		res.SleepSaved += n
	}
	if len(b.workouts) > 0 {
		r, err := tx.UpsertEvents(ctx, dedupeEvents(b.workouts))
		if err != nil {
			return res, fmt.Errorf("imports: write workouts: %w", err)
		}
		res.Workouts = r
	}
	clear(b.samples)
	clear(b.sleep)
	b.workouts, b.pending = nil, 0
	return res, nil
}

// dedupeEvents keeps the last of events sharing a record key: a batch
// that names one workout twice stores it once.
func dedupeEvents(evs []domain.Event) []domain.Event {
	seen := map[[2]string]int{}
	out := evs[:0:0]
	for _, e := range evs {
		k := [2]string{e.DataSourceID, e.ProviderRecordID}
		if i, ok := seen[k]; ok {
			out[i] = e
			continue
		}
		seen[k] = len(out)
		out = append(out, e)
	}
	return out
}

func mapKeysOf[V any](m map[batchKey]V) func(func(batchKey) bool) {
	return func(yield func(batchKey) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Sources resolves data sources — one per (provider, writing app, device
// model) — once per import, creating them on first sight.
type Sources struct {
	UserID string
	ids    map[sourceKey]string
}

type sourceKey struct {
	provider    domain.Provider
	name, model string
}

// NewSources starts a resolver for a user.
func NewSources(userID string) *Sources { return &Sources{UserID: userID, ids: map[sourceKey]string{}} }

// Len is how many data sources were resolved.
func (s *Sources) Len() int { return len(s.ids) }

// Resolve returns the id of ds's data source (its user is the
// resolver's), ensuring it in w.
func (s *Sources) Resolve(ctx context.Context, w store.Writer, ds domain.DataSource) (string, error) {
	k := sourceKey{ds.Provider, deref(ds.Source), deref(ds.DeviceModel)}
	if id, ok := s.ids[k]; ok {
		return id, nil
	}
	ds.UserID = s.UserID
	got, err := w.EnsureDataSource(ctx, ds)
	if err != nil {
		return "", fmt.Errorf("imports: data source %q: %w", k.name, err)
	}
	s.ids[k] = got.ID
	return got.ID, nil
}

// Forget drops the cached ids (after a rolled-back transaction that may
// have created them).
func (s *Sources) Forget() { clear(s.ids) }

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
