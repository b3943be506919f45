package storetest

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// Series type ids used by the suite (Open Wearables' catalogue).
const (
	typeHeartRate = 1
	typeHRVRMSSD  = 7
	typeSteps     = 80
)

// hrSamples returns n heart-rate samples every step from start: a slow
// drift plus noise, whole bpm as most wearables report.
func hrSamples(start time.Time, n int, step time.Duration) []timeseries.Sample {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	out := make([]timeseries.Sample, n)
	for i := range out {
		drift := 65 + 15*math.Sin(float64(i)/900)
		out[i] = timeseries.Sample{T: start.Add(time.Duration(i) * step).UnixMilli(), V: math.Round(drift + r.NormFloat64()*2), Offset: 3600}
	}
	return out
}

// readAll reads every sample of the fixture's user in [start, end).
func (f fixture) readAll(t *testing.T, start, end time.Time, types ...int) []store.SeriesData {
	t.Helper()
	sd, err := f.s.ReadSamples(f.ctx, store.SampleQuery{UserID: f.user.ID, TypeIDs: types, Start: start, End: end})
	require.NoError(t, err)
	return sd
}

func testSamplesWriteRead(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	day := baseTime()
	in := hrSamples(day, 3600, time.Second)
	in[10].V = 72.346 // kept at the type's scale (2 digits)
	res, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, in)
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Created: 3600}, res)
	require.Equal(t, []string{"series:created"}, changeTypes(changes(t, s)))
	require.Equal(t, f.ds.ID+"/1/2026-03-02", changes(t, s)[0].RecordID)

	sd := f.readAll(t, day, day.Add(24*time.Hour))
	require.Len(t, sd, 1)
	require.Equal(t, f.ds.ID, sd[0].DataSourceID)
	require.Equal(t, typeHeartRate, sd[0].TypeID)
	want := append([]timeseries.Sample(nil), in...)
	want[10].V = 72.35
	require.Equal(t, want, sd[0].Samples)

	// [Start, End) selects exactly the samples inside.
	sd = f.readAll(t, day.Add(100*time.Second), day.Add(200*time.Second))
	require.Equal(t, want[100:200], sd[0].Samples)
	require.Empty(t, f.readAll(t, day.Add(-time.Hour), day))
	require.Empty(t, f.readAll(t, day.Add(time.Hour), day.Add(2*time.Hour)))
	require.Empty(t, f.readAll(t, day.Add(time.Hour), day), "an empty range reads nothing")
}

func testSamplesMerge(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	day := baseTime()
	first := hrSamples(day, 100, time.Minute)
	_, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, first)
	require.NoError(t, err)

	// Rewriting identical samples changes nothing and appends nothing.
	res, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, first)
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 100}, res)
	require.Len(t, changes(t, s), 1)

	// Corrected readings win; new timestamps interleave.
	second := []timeseries.Sample{
		{T: first[5].T, V: 199, Offset: 3600},
		{T: first[6].T, V: first[6].V, Offset: 3600},
		{T: first[7].T + 30_000, V: 88, Offset: 3600},
		{T: first[99].T + 60_000, V: 77, Offset: 7200},
	}
	res, err = s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, second)
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Created: 2, Updated: 1, Unchanged: 1}, res)
	require.Equal(t, []string{"series:created", "series:updated"}, changeTypes(changes(t, s)))

	got := f.readAll(t, day, day.Add(24*time.Hour))[0].Samples
	require.Len(t, got, 102)
	require.Equal(t, 199.0, got[5].V)
	require.Equal(t, second[2], got[8])
	require.Equal(t, second[3], got[101], "zone offsets are kept per sample")

	// Within one write the last sample for a timestamp wins.
	res, err = s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, []timeseries.Sample{
		{T: first[0].T, V: 1, Offset: 3600}, {T: first[0].T, V: 2, Offset: 3600},
	})
	require.NoError(t, err)
	require.Equal(t, 1, res.Updated)
	got = f.readAll(t, day, day.Add(time.Minute))[0].Samples
	require.Equal(t, 2.0, got[0].V)
}

func testSamplesCrossDay(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	start := baseTime().Add(-2 * time.Hour) // 22:00 the day before
	in := hrSamples(start, 30*24, 5*time.Minute)
	res, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHRVRMSSD, in)
	require.NoError(t, err)
	require.Equal(t, len(in), res.Created)
	cs := changes(t, s)
	require.Equal(t, []string{"series:created", "series:created", "series:created", "series:created"}, changeTypes(cs),
		"one block per UTC day touched")
	require.Equal(t, f.ds.ID+"/7/2026-03-01", cs[0].RecordID)

	all := f.readAll(t, start.Add(-time.Hour), start.Add(4*24*time.Hour))
	require.Len(t, all, 1, "blocks of one series read back as one group")
	require.Equal(t, in, all[0].Samples)

	mid := f.readAll(t, baseTime().Add(24*time.Hour), baseTime().Add(48*time.Hour), typeHRVRMSSD)
	require.Len(t, mid[0].Samples, 288)
	require.Equal(t, baseTime().Add(24*time.Hour).UnixMilli(), mid[0].Samples[0].T)

	// Samples spanning midnight, read across it.
	edge := f.readAll(t, baseTime().Add(-10*time.Minute), baseTime().Add(10*time.Minute))
	require.Len(t, edge[0].Samples, 4)
}

func testSamplesUnknownType(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	_, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, 9999, hrSamples(baseTime(), 3, time.Second))
	require.ErrorContains(t, err, "unknown series type id 9999")
	_, err = s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, []timeseries.Sample{{T: baseTime().UnixMilli(), V: math.NaN()}})
	require.Error(t, err, "values the codec cannot store are rejected")
	require.Empty(t, changes(t, s))
	res, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, nil)
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{}, res)
}

func testSamplesDelete(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	start := baseTime()
	in := hrSamples(start, 3*24*12, 5*time.Minute) // three days
	_, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, in)
	require.NoError(t, err)

	// Delete the second half of day 1 through the end of day 2.
	from, to := start.Add(12*time.Hour), start.Add(48*time.Hour)
	require.NoError(t, s.DeleteSamples(f.ctx, f.ds.ID, typeHeartRate, from, to))
	got := f.readAll(t, start, start.Add(72*time.Hour))[0].Samples
	var want []timeseries.Sample
	for _, x := range in {
		if x.T < from.UnixMilli() || x.T >= to.UnixMilli() {
			want = append(want, x)
		}
	}
	require.Equal(t, want, got)
	cs := changeTypes(changes(t, s))
	require.Equal(t, []string{"series:updated", "series:deleted"}, cs[3:])

	require.NoError(t, s.DeleteSamples(f.ctx, f.ds.ID, typeHeartRate, start.Add(-time.Hour), start.Add(-time.Minute)), "nothing there")
	require.NoError(t, s.DeleteSamples(f.ctx, f.ds.ID, typeHeartRate, start, start.Add(72*time.Hour)))
	require.Empty(t, f.readAll(t, start, start.Add(72*time.Hour)))
}

func testSamplesFilters(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ring := f.source(t, domain.ProviderOura, "Oura Ring 4")
	day := baseTime()
	hr := hrSamples(day, 10, time.Minute)
	steps := []timeseries.Sample{{T: day.UnixMilli(), V: 120}, {T: day.Add(time.Minute).UnixMilli(), V: 98}}
	_, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, hr)
	require.NoError(t, err)
	_, err = s.WriteSamples(f.ctx, f.user.ID, ring.ID, typeHeartRate, hr[:3])
	require.NoError(t, err)
	_, err = s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeSteps, steps)
	require.NoError(t, err)

	end := day.Add(time.Hour)
	require.Len(t, f.readAll(t, day, end), 3, "one group per (data source, type)")
	onlySteps := f.readAll(t, day, end, typeSteps)
	require.Len(t, onlySteps, 1)
	require.Equal(t, steps, onlySteps[0].Samples)
	sd, err := s.ReadSamples(f.ctx, store.SampleQuery{UserID: f.user.ID, DataSourceIDs: []string{ring.ID}, Start: day, End: end})
	require.NoError(t, err)
	require.Len(t, sd, 1)
	require.Equal(t, ring.ID, sd[0].DataSourceID)
	require.Len(t, sd[0].Samples, 3)
	sd, err = s.ReadSamples(f.ctx, store.SampleQuery{UserID: f.user.ID, DataSourceIDs: []string{"not-a-uuid"}, Start: day, End: end})
	require.NoError(t, err)
	require.Empty(t, sd)
	other, err := s.CreateUser(f.ctx, domain.User{})
	require.NoError(t, err)
	sd, err = s.ReadSamples(f.ctx, store.SampleQuery{UserID: other.ID, Start: day, End: end})
	require.NoError(t, err)
	require.Empty(t, sd, "samples are scoped to their user")
}

func testCorruptBlock(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	day := baseTime()
	_, err := s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, hrSamples(day, 600, time.Second))
	require.NoError(t, err)
	execRaw(t, s, "UPDATE series_blocks SET payload = ? WHERE data_source_id = ?", []byte{1, 0xff, 0xff, 0xff, 0x7f, 3}, f.ds.ID)

	_, err = s.ReadSamples(f.ctx, store.SampleQuery{UserID: f.user.ID, Start: day, End: day.Add(time.Hour)})
	require.ErrorIs(t, err, store.ErrCorruptBlock)
	require.ErrorContains(t, err, f.ds.ID+"/1/2026-03-02", "the error names the block")
	_, err = s.WriteSamples(f.ctx, f.user.ID, f.ds.ID, typeHeartRate, hrSamples(day, 1, time.Second))
	require.ErrorIs(t, err, store.ErrCorruptBlock, "a merge never overwrites a block it cannot read")
	require.ErrorIs(t, s.DeleteSamples(f.ctx, f.ds.ID, typeHeartRate, day, day.Add(time.Minute)), store.ErrCorruptBlock)

	// Deleting the whole block needs no decoding, so it clears the damage.
	require.NoError(t, s.DeleteSamples(f.ctx, f.ds.ID, typeHeartRate, day, day.Add(24*time.Hour)))
	require.Empty(t, f.readAll(t, day, day.Add(time.Hour)))
}
