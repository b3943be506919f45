// Package bench holds wearhouse's end-to-end benchmarks that run as
// `wearhouse bench …`: dataset loading from the simulator's ground truth
// and a concurrent HTTP load generator. Numbers live here, never in timed
// unit tests.
package bench

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// LoadOptions sizes the dataset.
type LoadOptions struct {
	Users int
	Days  int
	// Distinct is how many different people the ground truth generates;
	// users beyond it reuse a person's data under their own ids. Query
	// cost depends on the data's shape, not on its uniqueness, and this
	// keeps generation from dominating the run.
	Distinct int
	// HRUsers get a full 1 Hz heart-rate series; everyone gets 5-minute.
	HRUsers  int
	Seed     int64
	Progress func(done, total int)
}

// Dataset describes what Load wrote.
type Dataset struct {
	Users    []string
	HRUsers  []string
	Start    time.Time // first generated day (UTC midnight)
	End      time.Time // exclusive end
	Samples  int64
	Records  int
	Duration time.Duration
	// Reused is set when Find recognised a dataset an earlier run wrote;
	// Samples and Records are then unknown (zero).
	Reused bool
}

// Load writes the dataset through the store, one transaction per user.
func Load(ctx context.Context, st store.Store, o LoadOptions) (Dataset, error) {
	began := time.Now()
	o = o.normalized()
	w, err := truth.Generate(truth.Options{Seed: o.Seed, Users: o.Distinct, Days: o.Days, DeleteRate: -1})
	if err != nil {
		return Dataset{}, fmt.Errorf("bench: generate truth: %w", err)
	}
	ds := Dataset{Start: w.Start(), End: w.Now()}
	for i := 0; i < o.Users; i++ {
		p := w.Person(i % o.Distinct)
		var id string
		err := st.InTx(ctx, func(tx store.Tx) error {
			var err error
			id, err = loadUser(ctx, tx, w, p, o.externalID(i), i < o.HRUsers, &ds)
			return err
		})
		if err != nil {
			return Dataset{}, fmt.Errorf("bench: load user %d: %w", i, err)
		}
		ds.Users = append(ds.Users, id)
		if i < o.HRUsers {
			ds.HRUsers = append(ds.HRUsers, id)
		}
		if o.Progress != nil {
			o.Progress(i+1, o.Users)
		}
	}
	ds.Duration = time.Since(began)
	return ds, nil
}

func loadUser(ctx context.Context, tx store.Tx, w *truth.World, p *truth.Person, externalID string, fullHR bool, ds *Dataset) (string, error) {
	first := p.Profile.FirstName
	u, err := tx.CreateUser(ctx, domain.User{FirstName: &first, ExternalUserID: &externalID, CreatedAt: w.Now()})
	if err != nil {
		return "", err
	}
	ring, err := source(ctx, tx, u.ID, domain.ProviderOura, domain.DeviceRing)
	if err != nil {
		return "", err
	}
	band, err := source(ctx, tx, u.ID, domain.ProviderWHOOP, domain.DeviceBand)
	if err != nil {
		return "", err
	}
	var evs []domain.Event
	for _, s := range p.Sleeps(w.Start(), w.Now()) {
		evs = append(evs, sleepEvent(u.ID, ring.ID, s))
	}
	for _, wo := range p.Workouts(w.Start(), w.Now()) {
		evs = append(evs, workoutEvent(u.ID, band.ID, wo))
	}
	if _, err := tx.UpsertEvents(ctx, evs); err != nil {
		return "", err
	}
	var sums []domain.DailySummary
	for _, d := range p.Days() {
		sums = append(sums, domain.DailySummary{RecordMeta: domain.RecordMeta{UserID: u.ID, DataSourceID: ring.ID, ProviderRecordID: d.Date},
			Kind: domain.SummaryActivity, Date: d.Date, StartTime: d.Start, ZoneOffset: offset(d.Offset),
			Metrics: map[string]float64{domain.MetricSteps: float64(d.Steps), domain.MetricTotalEnergyKcal: d.EnergyKJ / 4.184,
				domain.MetricActiveEnergyKcal: d.ActiveKJ / 4.184, domain.MetricDistanceMeters: d.WalkingDistanceM}})
	}
	if _, err := tx.UpsertDailySummaries(ctx, sums); err != nil {
		return "", err
	}
	ds.Records += len(evs) + len(sums)
	hr5 := samples(p.HeartRateEvery(w.Start(), w.Now(), 5*time.Minute), p)
	if _, err := tx.WriteSamples(ctx, u.ID, ring.ID, 1, hr5); err != nil {
		return "", err
	}
	ds.Samples += int64(len(hr5))
	if !fullHR {
		return u.ID, nil
	}
	watch, err := source(ctx, tx, u.ID, domain.ProviderWithings, domain.DeviceWatch)
	if err != nil {
		return "", err
	}
	for day := w.Start(); day.Before(w.Now()); day = day.Add(24 * time.Hour) {
		hr := samples(p.HeartRate(day, day.Add(24*time.Hour)), p)
		if _, err := tx.WriteSamples(ctx, u.ID, watch.ID, 1, hr); err != nil {
			return "", err
		}
		ds.Samples += int64(len(hr))
	}
	return u.ID, nil
}

func source(ctx context.Context, tx store.Tx, userID string, p domain.Provider, dt domain.DeviceType) (domain.DataSource, error) {
	return tx.EnsureDataSource(ctx, domain.DataSource{UserID: userID, Provider: p, DeviceType: &dt})
}

func samples(in []truth.Sample, p *truth.Person) []timeseries.Sample {
	out := make([]timeseries.Sample, len(in))
	var lastZone string
	var lastOffset domain.ZoneOffset
	for i, s := range in {
		// A person's zone rarely changes: parse it once per change, not
		// once per sample (a year of 1 Hz is 31 million).
		if z := p.OffsetAt(s.Time); z != lastZone || i == 0 {
			lastZone, lastOffset = z, offset(z)
		}
		out[i] = timeseries.Sample{T: s.Time.UnixMilli(), V: float64(s.BPM), Offset: int32(lastOffset)}
	}
	return out
}

// offset parses "+hh:mm" / "-hh:mm" / "Z" into seconds.
func offset(s string) domain.ZoneOffset {
	if s == "" || s == "Z" {
		return 0
	}
	var h, m int
	_, _ = fmt.Sscanf(strings.TrimLeft(s, "+-"), "%d:%d", &h, &m)
	sec := h*3600 + m*60
	if strings.HasPrefix(s, "-") {
		sec = -sec
	}
	return domain.ZoneOffset(sec)
}
