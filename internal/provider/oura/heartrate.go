package oura

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// heartRateChunk is the longest start_datetime…end_datetime span Oura
// serves in one query; longer ones are refused.
const heartRateChunk = 30 * 24 * time.Hour

// heartRateDay is the raw document heart rate is stored as: the samples
// of one UTC day, verbatim, in the order Oura sent them, and the wearer's
// UTC offset on the local days around it. Oura stamps heart rate in UTC
// ("+00:00") while every other document carries the wearer's offset; the
// offsets, read from the same user's daily activity (whose timestamp is
// local), let a sample say "-05:00" like the rest of that user's data.
type heartRateDay struct {
	Day string `json:"day"`
	// ZoneOffsets maps a local day ("2006-01-02") to its "+hh:mm" offset;
	// absent when Oura had no daily activity for those days.
	ZoneOffsets map[string]string `json:"zone_offsets,omitempty"`
	Data        []json.RawMessage `json:"data"`
}

// fetchHeartRate walks heartrate over w in chunks of at most 30 days that
// start at UTC midnight. The samples carry no id, so they are regrouped
// into one document per UTC day (id "2006-01-02"); a chunk is emitted as
// one page once all its Oura pages are read, because only then is every
// day in it complete. resume is the RFC 3339 instant the next chunk starts
// at. Starting at midnight means a day's document is always rebuilt from
// the day's first sample, so a later pull only ever extends it.
func (p *Provider) fetchHeartRate(ctx context.Context, accessToken string, w provider.Window, resume string, emit func(provider.Page) error) error {
	from := w.Start.UTC().Truncate(24 * time.Hour)
	if resume != "" {
		t, err := time.Parse(time.RFC3339, resume)
		if err != nil {
			return fmt.Errorf("oura: fetch heartrate: resume %q: %w", resume, provider.ErrRejected)
		}
		from = t.UTC()
	}
	end := w.End.UTC()
	for from.Before(end) {
		to := from.Add(heartRateChunk)
		if to.After(end) {
			to = end
		}
		days, err := p.heartRateChunk(ctx, accessToken, from, to)
		if err != nil {
			return err
		}
		out := provider.Page{Docs: days}
		if to.Before(end) {
			out.Resume = to.Format(time.RFC3339)
		}
		if err := emit(out); err != nil {
			return err
		}
		from = to
	}
	return nil
}

// heartRateChunk reads every page of one chunk and groups the samples by
// UTC day.
func (p *Provider) heartRateChunk(ctx context.Context, accessToken string, from, to time.Time) ([]provider.Document, error) {
	q := url.Values{"start_datetime": {from.Format(time.RFC3339)}, "end_datetime": {to.Format(time.RFC3339)}}
	byDay := map[string][]json.RawMessage{}
	token := ""
	for n := 0; ; n++ {
		if n == maxPages {
			return nil, fmt.Errorf("oura: fetch heartrate: more than %d pages: %w", maxPages, provider.ErrRejected)
		}
		if token != "" {
			q.Set("next_token", token)
		}
		var pg page
		if _, err := p.o.Client.GetJSON(ctx, p.o.APIURL+collectionPrefix+TypeHeartRate+"?"+q.Encode(), accessToken, &pg); err != nil {
			return nil, fmt.Errorf("oura: fetch heartrate: %w", err)
		}
		for _, raw := range pg.Data {
			var hr heartRate
			if err := json.Unmarshal(raw, &hr); err != nil {
				return nil, fmt.Errorf("oura: fetch heartrate: %w", provider.Malformed("heartrate sample", err))
			}
			t, _, err := parseTime(hr.Timestamp)
			if err != nil {
				return nil, fmt.Errorf("oura: fetch heartrate: %w", provider.Malformed("heartrate sample", err))
			}
			day := t.Format(time.DateOnly)
			byDay[day] = append(byDay[day], raw)
		}
		if pg.NextToken == nil || *pg.NextToken == "" {
			break
		}
		if *pg.NextToken == token {
			return nil, fmt.Errorf("oura: fetch heartrate: %w", provider.Malformed("page", errors.New("next_token did not advance")))
		}
		token = *pg.NextToken
	}
	days := make([]string, 0, len(byDay))
	for d := range byDay {
		days = append(days, d)
	}
	slices.Sort(days)
	var offsets map[string]string
	if len(days) > 0 {
		var err error
		if offsets, err = p.dayOffsets(ctx, accessToken, from, to); err != nil {
			return nil, err
		}
	}
	out := make([]provider.Document, 0, len(days))
	for _, d := range days {
		body, err := marshalCompact(heartRateDay{Day: d, ZoneOffsets: offsetsAround(offsets, d), Data: byDay[d]})
		if err != nil {
			return nil, fmt.Errorf("oura: fetch heartrate: %w", err)
		}
		start, _ := time.Parse(time.DateOnly, d)
		out = append(out, provider.Document{DataType: TypeHeartRate, ID: d, Start: start, Body: body})
	}
	return out, nil
}

// marshalCompact encodes v without HTML escaping, so raw items keep
// their bytes.
func marshalCompact(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
