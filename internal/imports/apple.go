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
}

// AppleResult is what an import read and stored.
type AppleResult struct {
	AppleProgress
	// Created and Updated count the samples that were new or changed.
	Created, Updated int64
	// Sources is how many data sources (writing app and device) the
	// samples came from.
	Sources int
	// NotMapped counts the elements read but not stored yet, by type.
	NotMapped map[string]int64
}

// ImportAppleHealth streams the export e into the user's store.
func ImportAppleHealth(ctx context.Context, e *apple.Export, o AppleOptions) (AppleResult, error) {
	if _, err := o.Store.User(ctx, o.UserID); err != nil {
		return AppleResult{}, fmt.Errorf("imports: user %s: %w", o.UserID, err)
	}
	im := &appleImport{o: o, e: e, sources: map[sourceKey]string{}, batch: map[batchKey][]timeseries.Sample{},
		res: AppleResult{NotMapped: map[string]int64{}}}
	im.res.Size = e.Size
	err := im.run(ctx)
	if ferr := im.flush(ctx); err == nil {
		err = ferr
	}
	im.res.Bytes = e.Offset()
	im.res.Sources = len(im.sources)
	for name, n := range e.Skipped {
		im.res.NotMapped[name] += int64(n)
	}
	if o.Progress != nil {
		o.Progress(im.res.AppleProgress)
	}
	return im.res, err
}

// sourceKey names a data source: the writing app and the device model.
// The raw device description holds an object address that differs from
// record to record, so it is never the key.
type sourceKey struct{ name, model string }

type batchKey struct {
	source string
	typeID int
}

type appleImport struct {
	o       AppleOptions
	e       *apple.Export
	sources map[sourceKey]string // data source ids
	batch   map[batchKey][]timeseries.Sample
	pending int
	res     AppleResult
}

func (im *appleImport) run(ctx context.Context) error {
	every := cmp.Or(im.o.ProgressEvery, 10_000)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		el, err := im.e.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		im.res.Elements++
		if err := im.element(ctx, el); err != nil {
			return err
		}
		if im.o.Progress != nil && im.res.Elements%int64(every) == 0 {
			im.res.Bytes = im.e.Offset()
			im.o.Progress(im.res.AppleProgress)
		}
	}
}

// element stores what one top-level element maps to.
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
		im.res.NotMapped["Workout"]++
	case *apple.ActivitySummary:
		im.res.NotMapped["ActivitySummary"]++
	}
	return nil
}

// record buffers a quantity record's sample in its data source.
func (im *appleImport) record(ctx context.Context, r *apple.Record) error {
	code, v, ok, err := apple.SeriesValue(r)
	if err != nil {
		return fmt.Errorf("imports: %w", err)
	}
	if !ok {
		im.res.NotMapped[r.Type]++
		return nil
	}
	if r.StartDate.IsZero() {
		return fmt.Errorf("imports: %s at byte %d has no startDate", r.Type, r.Offset)
	}
	st, _ := domain.SeriesTypeByCode(code) // SeriesValue only names served types
	ds, err := im.source(ctx, r.SourceName, r.Device)
	if err != nil {
		return err
	}
	_, off := r.StartDate.Zone()
	k := batchKey{source: ds, typeID: st.ID}
	im.batch[k] = append(im.batch[k], timeseries.Sample{T: r.StartDate.UnixMilli(), V: v, Offset: int32(off)})
	im.res.Samples++
	if im.pending++; im.pending >= cmp.Or(im.o.Batch, 200_000) {
		return im.flush(ctx)
	}
	return nil
}

// source is the data source of a writing app and device: the Watch, the
// iPhone and each third-party app are their own, so priorities can
// choose between them instead of adding them up.
func (im *appleImport) source(ctx context.Context, name, device string) (string, error) {
	d, known := apple.ParseDevice(device)
	k := sourceKey{name: name, model: cmp.Or(d.Hardware, d.Model, d.Name)}
	if id, ok := im.sources[k]; ok {
		return id, nil
	}
	ds := domain.DataSource{UserID: im.o.UserID, Provider: ProviderApple, Source: optional(name),
		OriginalSourceName: optional(name), DeviceModel: optional(k.model), CreatedAt: time.Now()}
	if known {
		ds.SoftwareVersion = optional(d.Software)
		t := deviceType(d)
		ds.DeviceType = &t
	}
	got, err := im.o.Store.EnsureDataSource(ctx, ds)
	if err != nil {
		return "", fmt.Errorf("imports: data source %q: %w", name, err)
	}
	im.sources[k] = got.ID
	return got.ID, nil
}

// flush writes the buffered samples, one call per data source and type.
func (im *appleImport) flush(ctx context.Context) error {
	for k, samples := range im.batch {
		res, err := im.o.Store.WriteSamples(ctx, im.o.UserID, k.source, k.typeID, samples)
		if err != nil {
			return fmt.Errorf("imports: write samples: %w", err)
		}
		im.res.Created += int64(res.Created)
		im.res.Updated += int64(res.Updated)
		delete(im.batch, k)
	}
	im.pending = 0
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
