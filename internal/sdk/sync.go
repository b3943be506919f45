package sdk

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/imports"
	"github.com/wearhouse/wearhouse/internal/provider/apple"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// SyncResult is what an upload stored, in Open Wearables' terms.
type SyncResult struct {
	// RecordsSaved counts the samples, sleep fragments and workouts the
	// batch mapped; Inserted and Updated what was new or changed (a
	// retried batch: none).
	RecordsSaved, Inserted, Updated int
	// Dropped counts records of types wearhouse does not store yet.
	Dropped int
	// Types lists the series types written, sorted.
	Types                     []string
	WorkoutsSaved, SleepSaved int
}

// Sync maps one upload onto the user's data and stores it in one
// transaction: everything or — on any error — nothing. Each writing app
// and device is its own data source, so the iPhone's and the Watch's
// steps stay apart for priorities to choose between instead of adding
// up. Samples are keyed by (data source, type, instant), workouts by
// their start and type and sleep by night, so a retried batch changes
// nothing.
func (s *Service) Sync(ctx context.Context, userID string, req *SyncRequest) (SyncResult, error) {
	if _, err := s.st.User(ctx, userID); err != nil {
		return SyncResult{}, fmt.Errorf("sdk: user %s: %w", userID, err)
	}
	var res SyncResult
	err := s.st.InTx(ctx, func(tx store.Tx) error {
		m := &mapper{req: req, tx: tx, sources: imports.NewSources(userID), batch: imports.NewBatch(userID), types: map[string]bool{}}
		if err := m.all(ctx); err != nil {
			return err
		}
		w, err := m.batch.Write(ctx, tx)
		if err != nil {
			return err
		}
		res = m.res
		res.Inserted = w.Samples.Created + w.SleepSessions.Created + w.Workouts.Created
		res.Updated = w.Samples.Updated + w.SleepSessions.Updated + w.Workouts.Updated
		res.SleepSaved = w.SleepSaved
		res.Types = slices.Sorted(func(yield func(string) bool) {
			for t := range m.types {
				if !yield(t) {
					return
				}
			}
		})
		return nil
	})
	return res, err
}

type mapper struct {
	req     *SyncRequest
	tx      store.Tx
	sources *imports.Sources
	batch   *imports.Batch
	types   map[string]bool
	res     SyncResult
}

func (m *mapper) all(ctx context.Context) error {
	for i := range m.req.Data.Records {
		if err := m.record(ctx, i); err != nil {
			return err
		}
	}
	for i := range m.req.Data.Sleep {
		if err := m.sleep(ctx, i); err != nil {
			return err
		}
	}
	for i := range m.req.Data.Workouts {
		if err := m.workout(ctx, i); err != nil {
			return err
		}
	}
	return nil
}

func payloadErr(path, format string, args ...any) error {
	return &PayloadError{Path: path, Offset: -1, Msg: fmt.Sprintf(format, args...)}
}

// record maps a quantity sample through HealthKit's table (Apple) or
// the Android one.
func (m *mapper) record(ctx context.Context, i int) error {
	r := m.req.Data.Records[i]
	path := fmt.Sprintf("data.records[%d]", i)
	typ := deref(r.Type)
	if typ == "" {
		return payloadErr(path+".type", "required")
	}
	code, v, ok, err := m.value(typ, deref(r.Unit), *r.Value)
	if err != nil {
		return payloadErr(path+".unit", "%s", err)
	}
	if !ok {
		m.res.Dropped++
		return nil
	}
	st, _ := domain.SeriesTypeByCode(code) // both tables name served types (tested)
	ds, err := m.sources.Resolve(ctx, m.tx, dataSource(m.req.Provider, r.Source))
	if err != nil {
		return err
	}
	off, _ := zone(r.ZoneOffset) // validated when decoded
	m.batch.AddSample(ds, st.ID, timeseries.Sample{T: r.StartDate.UnixMilli(), V: v, Offset: off})
	m.types[code] = true
	m.res.RecordsSaved++
	return nil
}

// value converts a sample to its series unit.
func (m *mapper) value(typ, unit string, n Number) (string, float64, bool, error) {
	if m.req.Provider == ProviderApple || strings.HasPrefix(typ, "HKQuantityTypeIdentifier") {
		code, v, ok, err := apple.SeriesValue(&apple.Record{Type: typ, Unit: unit, Value: n.Text, Offset: -1})
		if err != nil {
			return "", 0, false, fmt.Errorf("unit %q is not one HealthKit writes %s in", unit, typ)
		}
		return code, v, ok, nil
	}
	if typ == "BODY_TEMPERATURE" {
		v, ok := androidTemperature(unit, n.Float())
		if !ok {
			return "", 0, false, fmt.Errorf("unit %q is not a temperature unit (degC, degF)", unit)
		}
		return "body_temperature", v, true, nil
	}
	code, v, ok, unitOK := androidValue(typ, unit, n.Float())
	if !unitOK {
		return "", 0, false, fmt.Errorf("unit %q is not one %s is written in", unit, typ)
	}
	return code, v, ok, nil
}

// sleep buffers a sleep fragment of its source's night.
func (m *mapper) sleep(ctx context.Context, i int) error {
	r := m.req.Data.Sleep[i]
	stage, _ := sleepStage(r.Stage) // validated when decoded
	ds, err := m.sources.Resolve(ctx, m.tx, dataSource(m.req.Provider, r.Source))
	if err != nil {
		return err
	}
	off, _ := zone(r.ZoneOffset)
	m.batch.AddSleep(ds, imports.SleepFragment{Stage: stage, Start: r.StartDate, End: r.EndDate, Offset: off})
	m.res.RecordsSaved++
	return nil
}

// workout buffers a workout with its statistics.
func (m *mapper) workout(ctx context.Context, i int) error {
	w := m.req.Data.Workouts[i]
	path := fmt.Sprintf("data.workouts[%d]", i)
	d := &domain.WorkoutDetails{Name: w.Title}
	for j, st := range w.Values {
		if err := statistic(d, st); err != nil {
			return payloadErr(fmt.Sprintf("%s.values[%d]", path, j), "%s", err)
		}
	}
	ds, err := m.sources.Resolve(ctx, m.tx, dataSource(m.req.Provider, w.Source))
	if err != nil {
		return err
	}
	off, _ := zone(w.ZoneOffset)
	m.batch.AddWorkout(imports.WorkoutEvent(ds, apple.WorkoutType(cmp.Or(deref(w.Type), "other")), w.StartDate, w.EndDate, off, d))
	m.res.RecordsSaved++
	m.res.WorkoutsSaved++
	return nil
}

// statistic folds one workout value into d; types not modelled are
// skipped, a known type in a foreign unit is an error.
func statistic(d *domain.WorkoutDetails, s WorkoutStatistic) error {
	v := s.Value.Float()
	set := func(dst **float64, units map[string]float64) error {
		f, ok := units[s.Unit]
		if !ok {
			return fmt.Errorf("unit %q is not one %s is written in", s.Unit, s.Type)
		}
		x := v * f
		*dst = &x
		return nil
	}
	switch s.Type {
	case "calories", "activeEnergyBurned":
		return set(&d.EnergyKcal, kcal)
	case "distance":
		return set(&d.DistanceMeters, meters)
	case "meanHeartRate", "averageHeartRate":
		return set(&d.AvgHeartRate, bpm)
	case "maxHeartRate":
		return set(&d.MaxHeartRate, bpm)
	case "minHeartRate":
		return set(&d.MinHeartRate, bpm)
	case "altitudeGain", "elevationAscended":
		return set(&d.ElevationGainMeters, meters)
	case "stepCount":
		if _, ok := count[s.Unit]; !ok {
			return fmt.Errorf("unit %q is not a count", s.Unit)
		}
		n := int64(math.Round(v))
		d.Steps = &n
	}
	return nil
}

// dataSource describes a record's writing app and device.
func dataSource(provider string, src *Source) domain.DataSource {
	if src == nil {
		src = &Source{}
	}
	name := cmp.Or(deref(src.Name), deref(src.BundleIdentifier), deref(src.AppID))
	model := cmp.Or(deref(src.ProductType), deref(src.DeviceModel), deref(src.DeviceName))
	ds := domain.DataSource{Provider: domain.Provider(provider), Source: optional(name),
		OriginalSourceName: optional(cmp.Or(deref(src.BundleIdentifier), deref(src.AppID), name)),
		DeviceModel:        optional(model), SoftwareVersion: src.DeviceSoftwareVersion}
	if src.DeviceType != nil {
		t := deviceType(*src.DeviceType)
		ds.DeviceType = &t
	}
	return ds
}

func deviceType(s string) domain.DeviceType {
	switch s {
	case "watch":
		return domain.DeviceWatch
	case "phone":
		return domain.DevicePhone
	case "ring":
		return domain.DeviceRing
	case "scale":
		return domain.DeviceScale
	case "fitness_band":
		return domain.DeviceBand
	case "unknown", "":
		return domain.DeviceUnknown
	}
	return domain.DeviceOther
}

// sleepStages reads Open Wearables' stage names and HealthKit's.
var sleepStages = map[string]domain.SleepStage{
	"in_bed": domain.StageInBed, "sleeping": domain.StageSleeping, "awake": domain.StageAwake,
	"light": domain.StageLight, "deep": domain.StageDeep, "rem": domain.StageREM, "unknown": domain.StageUnknown,
	"inBed": domain.StageInBed, "asleep": domain.StageSleeping, "asleepUnspecified": domain.StageSleeping,
	"core": domain.StageLight, "asleepCore": domain.StageLight, "asleepDeep": domain.StageDeep, "asleepREM": domain.StageREM,
}

func sleepStage(s string) (domain.SleepStage, bool) {
	if st, ok := sleepStages[s]; ok {
		return st, true
	}
	return apple.SleepStage(s)
}

func zone(s *string) (int32, error) {
	if s == nil {
		return 0, nil
	}
	return ParseZoneOffset(*s)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
