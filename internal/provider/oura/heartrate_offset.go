package oura

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// dayOffsets reads the wearer's UTC offset per local day over [from, to)
// from their daily activity: one extra request per 30-day heart-rate
// chunk. A token without the daily scope is refused by Oura; heart rate
// then keeps Oura's UTC stamps rather than failing the walk.
func (p *Provider) dayOffsets(ctx context.Context, accessToken string, from, to time.Time) (map[string]string, error) {
	out := map[string]string{}
	err := p.walk(ctx, accessToken, TypeDailyActivity, dateQuery(provider.Window{Start: from, End: to}), "", func(pg provider.Page) error {
		for _, d := range pg.Docs {
			var a struct {
				Day       string `json:"day"`
				Timestamp string `json:"timestamp"`
			}
			if json.Unmarshal(d.Body, &a) != nil || a.Day == "" || a.Timestamp == "" {
				continue
			}
			if _, off, err := parseTime(a.Timestamp); err == nil {
				out[a.Day] = formatOffset(off)
			}
		}
		return nil
	})
	if errors.Is(err, provider.ErrRejected) || errors.Is(err, provider.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("oura: fetch heartrate offsets: %w", err)
	}
	return out, nil
}

// offsetsAround keeps the offsets of the local days that can hold an
// instant of UTC day d: the day before, d and the day after.
func offsetsAround(offsets map[string]string, d string) map[string]string {
	day, err := time.Parse(time.DateOnly, d)
	if err != nil || len(offsets) == 0 {
		return nil
	}
	out := map[string]string{}
	for i := -1; i <= 1; i++ {
		k := day.AddDate(0, 0, i).Format(time.DateOnly)
		if o, ok := offsets[k]; ok {
			out[k] = o
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// offsetAt is the wearer's offset at t: that of the latest local day
// (among offsets) that started at or before t, or the earliest day's when
// t precedes them all; ok is false when offsets names no day.
func offsetAt(offsets map[string]string, t time.Time) (domain.ZoneOffset, bool) {
	var (
		best, first         time.Time
		bestOff, firstOff   domain.ZoneOffset
		haveBest, haveFirst bool
	)
	for day, o := range offsets {
		off, err := parseOffset(o)
		if err != nil {
			continue
		}
		start, err := time.ParseInLocation(time.DateOnly, day, time.FixedZone("", int(off)))
		if err != nil {
			continue
		}
		if !start.After(t) && (!haveBest || start.After(best)) {
			best, bestOff, haveBest = start, off, true
		}
		if !haveFirst || start.Before(first) {
			first, firstOff, haveFirst = start, off, true
		}
	}
	if haveBest {
		return bestOff, true
	}
	return firstOff, haveFirst
}

// formatOffset renders seconds east of UTC as "+hh:mm".
func formatOffset(off domain.ZoneOffset) string {
	return time.Unix(0, 0).In(time.FixedZone("", int(off))).Format("-07:00")
}

// parseOffset reads "+hh:mm".
func parseOffset(s string) (domain.ZoneOffset, error) {
	t, err := time.Parse("-07:00", s)
	if err != nil {
		return 0, fmt.Errorf("offset %q: %w", s, err)
	}
	_, sec := t.Zone()
	return domain.ZoneOffset(sec), nil
}
