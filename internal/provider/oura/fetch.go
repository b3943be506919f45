package oura

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// maxPages stops a provider that keeps returning next tokens forever.
const maxPages = 100_000

// Fetch walks one data type over w, or fetches a snapshot type whole.
// resume continues after the last stored page: an Oura next_token for the
// date collections, an instant for heartrate (see fetchHeartRate).
func (p *Provider) Fetch(ctx context.Context, accessToken, dataType string, w provider.Window, resume string, emit func(provider.Page) error) error {
	switch dataType {
	case TypePersonalInfo:
		pg, err := p.personalInfo(ctx, accessToken)
		if err != nil {
			return err
		}
		return emit(pg)
	case TypeRingConfiguration:
		return p.walk(ctx, accessToken, dataType, url.Values{}, resume, emit)
	case TypeHeartRate:
		return p.fetchHeartRate(ctx, accessToken, w, resume, emit)
	}
	if !slices.Contains(WindowedTypes(), dataType) {
		return fmt.Errorf("oura: unknown data type %q: %w", dataType, provider.ErrRejected)
	}
	return p.walk(ctx, accessToken, dataType, dateQuery(w), resume, emit)
}

// dateQuery asks for the local days that can hold a document of w: Oura
// filters on the document's local day, and a wearer's local day may start
// up to 14 hours before or 12 after the UTC one. So start_date is the day
// before w's first UTC day and end_date two days after its last: read as
// exclusive (as clients observe) that still includes the day after, read
// as inclusive (as the prose suggests) it costs one empty day.
func dateQuery(w provider.Window) url.Values {
	start := w.Start.UTC().AddDate(0, 0, -1)
	end := w.End.UTC().Add(-time.Nanosecond).AddDate(0, 0, 2)
	return url.Values{"start_date": {start.Format(time.DateOnly)}, "end_date": {end.Format(time.DateOnly)}}
}

// walk follows next_token from resume for one list route, emitting a page
// per response. The query is repeated with the token: Oura's tokens carry
// the window, and a server that wants both gets both.
func (p *Provider) walk(ctx context.Context, accessToken, dataType string, q url.Values, resume string, emit func(provider.Page) error) error {
	token := resume
	for range maxPages {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		if token != "" {
			qq.Set("next_token", token)
		}
		u := p.o.APIURL + collectionPrefix + path(dataType)
		if len(qq) > 0 {
			u += "?" + qq.Encode()
		}
		var pg page
		if _, err := p.o.Client.GetJSON(ctx, u, accessToken, &pg); err != nil {
			return fmt.Errorf("oura: fetch %s: %w", dataType, err)
		}
		out := provider.Page{Docs: make([]provider.Document, 0, len(pg.Data))}
		for _, raw := range pg.Data {
			d, err := p.document(dataType, raw)
			if err != nil {
				return fmt.Errorf("oura: fetch %s: %w", dataType, err)
			}
			addDocument(&out, d)
		}
		if pg.NextToken != nil && *pg.NextToken != "" {
			if *pg.NextToken == token {
				return fmt.Errorf("oura: fetch %s: %w", dataType, provider.Malformed("page", errors.New("next_token did not advance")))
			}
			out.Resume = *pg.NextToken
		}
		if err := emit(out); err != nil {
			return err
		}
		if out.Resume == "" {
			return nil
		}
		token = out.Resume
	}
	return fmt.Errorf("oura: fetch %s: more than %d pages: %w", dataType, maxPages, provider.ErrRejected)
}

// addDocument puts d on the page, or its deletion when Oura says the
// sleep period is gone (type "deleted"): storing the tombstone document
// as data would bring a deleted sleep back.
func addDocument(pg *provider.Page, d provider.Document) {
	if isDeleted(d) {
		pg.Deleted = append(pg.Deleted, provider.Deletion{DataType: d.DataType, ID: d.ID})
		return
	}
	pg.Docs = append(pg.Docs, d)
}

// isDeleted reports whether d is a sleep period Oura marks deleted.
func isDeleted(d provider.Document) bool {
	if d.DataType != TypeSleep {
		return false
	}
	var head struct {
		Type string `json:"type"`
	}
	return json.Unmarshal(d.Body, &head) == nil && head.Type == sleepDeleted
}

// personalInfo fetches the profile snapshot. Its record id is fixed, so a
// re-fetch replaces the stored document; Start is the fetch time, which
// stamps the height and weight samples when they change.
func (p *Provider) personalInfo(ctx context.Context, accessToken string) (provider.Page, error) {
	var probe map[string]json.RawMessage
	raw, err := p.o.Client.GetJSON(ctx, p.o.APIURL+collectionPrefix+TypePersonalInfo, accessToken, &probe)
	if err != nil {
		return provider.Page{}, fmt.Errorf("oura: fetch %s: %w", TypePersonalInfo, err)
	}
	now := p.o.Now().UTC().Truncate(time.Second)
	return provider.Page{Docs: []provider.Document{{DataType: TypePersonalInfo, ID: TypePersonalInfo, Start: now, Body: raw}}}, nil
}
