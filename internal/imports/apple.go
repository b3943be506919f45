package imports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/apple"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// ProviderApple is the provider of data that came from Apple Health.
const ProviderApple domain.Provider = "apple"

// AppleOptions configures an Apple Health import.
type AppleOptions struct {
	Store  store.Store
	UserID string
	// Progress, when set, hears how far the import is, every ProgressEvery
	// elements and at the end.
	Progress      func(AppleProgress)
	ProgressEvery int
	// Batch is how many samples are buffered before they are written
	// (default 200,000: a few MB, whatever the file's size).
	Batch int
}

// AppleProgress is how far an import is.
type AppleProgress struct {
	Bytes, Size int64 // XML read so far, of Size
	Elements    int64
	Samples     int64
	// SleepFragments and Workouts count the sleep analysis records and
	// workouts read.
	SleepFragments, Workouts int64
}

// AppleResult is what an import read and stored.
type AppleResult struct {
	AppleProgress
	// Created and Updated count the samples, sleep sessions and workouts
	// that were new or changed.
	Created, Updated int64
	// Sources is how many data sources (writing app and device) the
	// samples came from.
	Sources int
	// NotMapped counts the elements read but not stored yet, by type.
	NotMapped map[string]int64
}

// ImportAppleHealth streams the export e into the user's store: quantity
// records to series, sleep analysis to sleep sessions (fragments merged
// per night and per source), workouts with their statistics. Each slice
// of the export (Batch items) is written in one transaction.
func ImportAppleHealth(ctx context.Context, e *apple.Export, o AppleOptions) (AppleResult, error) {
	if _, err := o.Store.User(ctx, o.UserID); err != nil {
		return AppleResult{}, fmt.Errorf("imports: user %s: %w", o.UserID, err)
	}
	im := &appleImport{o: o, e: e, sources: NewSources(o.UserID), batch: NewBatch(o.UserID),
		res: AppleResult{NotMapped: map[string]int64{}}}
	im.res.Size = e.Size
	err := im.run(ctx)
	if ferr := im.flush(ctx); err == nil {
		err = ferr
	}
	im.res.Bytes = e.Offset()
	im.res.Sources = im.sources.Len()
	for name, n := range e.Skipped {
		im.res.NotMapped[name] += int64(n)
	}
	if o.Progress != nil {
		o.Progress(im.res.AppleProgress)
	}
	return im.res, err
}

type appleImport struct {
	o       AppleOptions
	e       *apple.Export
	sources *Sources
	batch   *Batch
	res     AppleResult
}

func (im *appleImport) run(ctx context.Context) error {
	every := cmp.Or(im.o.ProgressEvery, 10_000)
	ctx, cancel := context.WithCancel(ctx)
	chunks := make(chan chunk, 4)
	go read(ctx, im.e, chunks)
	defer func() {
		// Stop the reader and wait for it: the caller reads the export's
		// offset and counts next.
		cancel()
		for range chunks {
		}
	}()
	for c := range chunks {
		for _, el := range c.elements {
			im.res.Elements++
			if err := im.element(ctx, el); err != nil {
				return err
			}
			if im.batch.Len() >= cmp.Or(im.o.Batch, 200_000) {
				if err := im.flush(ctx); err != nil {
					return err
				}
			}
			if im.o.Progress != nil && im.res.Elements%int64(every) == 0 {
				im.res.Bytes = c.offset
				im.o.Progress(im.res.AppleProgress)
			}
		}
		if c.err != nil {
			return c.err
		}
	}
	return ctx.Err()
}

// chunk is a run of elements the reader parsed, the XML offset after
// them, and the error that ended the file (nil at its end).
type chunk struct {
	elements []apple.Element
	offset   int64
	err      error
}

// read parses the export in its own goroutine, so parsing the XML and
// mapping and storing what it holds use a core each; a few chunks of 512
// elements are in flight at most. It closes chunks after the last one.
func read(ctx context.Context, e *apple.Export, chunks chan<- chunk) {
	defer close(chunks)
	c := chunk{elements: make([]apple.Element, 0, 512)}
	send := func() bool {
		c.offset = e.Offset()
		select {
		case chunks <- c:
			c = chunk{elements: make([]apple.Element, 0, 512)}
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		el, err := e.Next()
		if errors.Is(err, io.EOF) {
			send()
			return
		}
		if err != nil {
			c.err = err
			send()
			return
		}
		c.elements = append(c.elements, el)
		if len(c.elements) == cap(c.elements) && !send() {
			return
		}
	}
}

// element buffers what one top-level element maps to.
func (im *appleImport) element(ctx context.Context, el apple.Element) error {
	switch v := el.(type) {
	case *apple.Record:
		return im.record(ctx, v)
	case *apple.Correlation:
		for i := range v.Records {
			if err := im.record(ctx, &v.Records[i]); err != nil {
				return err
			}
		}
	case *apple.Workout:
		return im.workout(ctx, v)
	case *apple.ActivitySummary:
		im.res.NotMapped["ActivitySummary"]++
	}
	return nil
}

// record buffers a quantity record's sample or a sleep record's
// fragment in its data source.
func (im *appleImport) record(ctx context.Context, r *apple.Record) error {
	if r.Type == apple.SleepAnalysisType {
		return im.sleep(ctx, r)
	}
	code, v, ok, err := apple.SeriesValue(r)
	if err != nil {
		return fmt.Errorf("imports: %w: %w", ErrMalformed, err)
	}
	if !ok {
		im.res.NotMapped[r.Type]++
		return nil
	}
	if r.StartDate.IsZero() {
		return fmt.Errorf("imports: %w: %s at byte %d has no startDate", ErrMalformed, r.Type, r.Offset)
	}
	st, _ := domain.SeriesTypeByCode(code) // SeriesValue only names served types
	ds, err := im.source(ctx, r.SourceName, r.Device)
	if err != nil {
		return err
	}
	_, off := r.StartDate.Zone()
	im.batch.AddSample(ds, st.ID, timeseries.Sample{T: r.StartDate.UnixMilli(), V: v, Offset: int32(off)})
	im.res.Samples++
	return nil
}

// sleep buffers a sleep analysis record as a fragment of its night.
func (im *appleImport) sleep(ctx context.Context, r *apple.Record) error {
	stage, ok := apple.SleepStage(r.Value)
	if !ok {
		return fmt.Errorf("imports: %w: sleep analysis at byte %d: value %q is not one HealthKit defines", ErrMalformed, r.Offset, r.Value)
	}
	if r.StartDate.IsZero() || r.EndDate.Before(r.StartDate.Time) {
		return fmt.Errorf("imports: %w: sleep analysis at byte %d: endDate before startDate or no startDate", ErrMalformed, r.Offset)
	}
	ds, err := im.source(ctx, r.SourceName, r.Device)
	if err != nil {
		return err
	}
	_, off := r.StartDate.Zone()
	im.batch.AddSleep(ds, SleepFragment{Stage: stage, Start: r.StartDate.Time, End: r.EndDate.Time, Offset: int32(off)})
	im.res.SleepFragments++
	return nil
}

// workout buffers a workout with its statistics.
func (im *appleImport) workout(ctx context.Context, w *apple.Workout) error {
	if w.StartDate.IsZero() || w.EndDate.Before(w.StartDate.Time) {
		return fmt.Errorf("imports: %w: workout at byte %d: endDate before startDate or no startDate", ErrMalformed, w.Offset)
	}
	d, err := w.WorkoutDetails()
	if err != nil {
		return fmt.Errorf("imports: %w: %w", ErrMalformed, err)
	}
	ds, err := im.source(ctx, w.SourceName, w.Device)
	if err != nil {
		return err
	}
	typ := apple.WorkoutType(w.ActivityType)
	_, off := w.StartDate.Zone()
	im.batch.AddWorkout(WorkoutEvent(ds, typ, w.StartDate.Time, w.EndDate.Time, int32(off), d))
	im.res.Workouts++
	return nil
}

// source is the data source of a writing app and device: the Watch, the
// iPhone and each third-party app are their own, so priorities can
// choose between them instead of adding them up.
func (im *appleImport) source(ctx context.Context, name, device string) (string, error) {
	return im.sources.Resolve(ctx, im.o.Store, AppleDataSource(name, device))
}

// AppleDataSource describes the data source of a HealthKit writer: its
// source name and the device's hardware model (the raw device
// description holds an object address that differs from record to
// record, so it is never the key).
func AppleDataSource(name, device string) domain.DataSource {
	d, known := apple.ParseDevice(device)
	model := cmp.Or(d.Hardware, d.Model, d.Name)
	ds := domain.DataSource{Provider: ProviderApple, Source: optional(name), OriginalSourceName: optional(name),
		DeviceModel: optional(model), CreatedAt: time.Now()}
	if known {
		ds.SoftwareVersion = optional(d.Software)
		t := deviceType(d)
		ds.DeviceType = &t
	}
	return ds
}

// WorkoutEvent is a workout's event, keyed by its start and type: a
// writer never starts two workouts of one type at the same millisecond,
// and the key is the same whether the workout came from an export or an
// SDK upload, so either path stores it once.
func WorkoutEvent(dsID, typ string, start, end time.Time, offset int32, d *domain.WorkoutDetails) domain.Event {
	return domain.Event{
		RecordMeta: domain.RecordMeta{DataSourceID: dsID, ProviderRecordID: fmt.Sprintf("workout-%d-%s", start.UnixMilli(), typ)},
		Category:   domain.CategoryWorkout, Type: typ, StartTime: start.UTC(), EndTime: end.UTC(),
		ZoneOffset: domain.ZoneOffset(offset), Workout: d,
	}
}

// flush writes the buffered batch in one transaction.
func (im *appleImport) flush(ctx context.Context) error {
	if im.batch.Len() == 0 {
		return nil
	}
	var res BatchResult
	err := im.o.Store.InTx(ctx, func(tx store.Tx) error {
		var err error
		res, err = im.batch.Write(ctx, tx)
		return err
	})
	if err != nil {
		return err
	}
	im.res.Created += int64(res.Samples.Created + res.SleepSessions.Created + res.Workouts.Created)
	im.res.Updated += int64(res.Samples.Updated + res.SleepSessions.Updated + res.Workouts.Updated)
	return nil
}

// deviceType classifies an Apple device description.
func deviceType(d apple.Device) domain.DeviceType {
	switch d.Model {
	case "Watch":
		return domain.DeviceWatch
	case "iPhone", "iPad", "iPod touch":
		return domain.DevicePhone
	}
	return domain.DeviceOther
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
