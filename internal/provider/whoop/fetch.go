package whoop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// collectionPath maps windowed data types to their v2 collection.
var collectionPath = map[string]string{
	TypeCycle:    "/v2/cycle",
	TypeSleep:    "/v2/activity/sleep",
	TypeRecovery: "/v2/recovery",
	TypeWorkout:  "/v2/activity/workout",
}

// maxPages stops a provider that keeps returning next tokens forever.
const maxPages = 100_000

// Fetch walks one data type's collection over w, 25 records a page, or
// fetches a snapshot type whole. resume is a next_token from a stored
// page: WHOOP's tokens continue the same start/end query.
func (p *Provider) Fetch(ctx context.Context, accessToken, dataType string, w provider.Window, resume string, emit func(provider.Page) error) error {
	switch dataType {
	case TypeProfile, TypeBody:
		pg, err := p.snapshot(ctx, accessToken, dataType)
		if err != nil {
			return err
		}
		return emit(pg)
	}
	path, ok := collectionPath[dataType]
	if !ok {
		return fmt.Errorf("whoop: unknown data type %q: %w", dataType, provider.ErrRejected)
	}
	token := resume
	for range maxPages {
		q := url.Values{}
		q.Set("start", w.Start.UTC().Format(wireTime))
		q.Set("end", w.End.UTC().Format(wireTime))
		q.Set("limit", strconv.Itoa(p.o.PageSize))
		if token != "" {
			q.Set("nextToken", token)
		}
		var pg page
		if _, err := p.o.Client.GetJSON(ctx, p.o.APIURL+path+"?"+q.Encode(), accessToken, &pg); err != nil {
			return fmt.Errorf("whoop: fetch %s: %w", dataType, err)
		}
		out := provider.Page{Docs: make([]provider.Document, 0, len(pg.Records))}
		for _, raw := range pg.Records {
			d, err := document(dataType, raw)
			if err != nil {
				return fmt.Errorf("whoop: fetch %s: %w", dataType, err)
			}
			out.Docs = append(out.Docs, d)
		}
		if pg.NextToken != nil && *pg.NextToken != "" {
			if *pg.NextToken == token {
				return fmt.Errorf("whoop: fetch %s: %w", dataType, provider.Malformed("page", errors.New("next_token did not advance")))
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
	return fmt.Errorf("whoop: fetch %s: more than %d pages: %w", dataType, maxPages, provider.ErrRejected)
}

// wireTime is how start/end are sent: RFC 3339 in UTC with milliseconds,
// the precision WHOOP's own timestamps have.
const wireTime = "2006-01-02T15:04:05.000Z"

// snapshot fetches the profile or body measurement. Their record id is
// fixed, so a re-fetch replaces the stored document; Start is the fetch
// time, which stamps the height and weight samples when they change.
func (p *Provider) snapshot(ctx context.Context, accessToken, dataType string) (provider.Page, error) {
	path := "/v2/user/profile/basic"
	if dataType == TypeBody {
		path = "/v2/user/measurement/body"
	}
	var probe map[string]json.RawMessage
	raw, err := p.o.Client.GetJSON(ctx, p.o.APIURL+path, accessToken, &probe)
	if err != nil {
		return provider.Page{}, fmt.Errorf("whoop: fetch %s: %w", dataType, err)
	}
	now := p.o.Now().UTC().Truncate(time.Millisecond)
	return provider.Page{Docs: []provider.Document{{DataType: dataType, ID: dataType, Start: now, Revision: now.UnixMilli(), Body: raw}}}, nil
}

// document reads the identity of one collection record: its provider id,
// the time it describes and its revision (updated_at).
func document(dataType string, raw json.RawMessage) (provider.Document, error) {
	d := provider.Document{DataType: dataType, Body: raw}
	var head struct {
		ID        json.RawMessage `json:"id"`
		SleepID   string          `json:"sleep_id"`
		Start     *time.Time      `json:"start"`
		CreatedAt *time.Time      `json:"created_at"`
		UpdatedAt *time.Time      `json:"updated_at"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return d, provider.Malformed(dataType+" record", err)
	}
	switch dataType {
	case TypeRecovery:
		// A recovery is keyed by its sleep: v2 webhooks name recoveries
		// by sleep id, and deletes must find the record by it.
		d.ID = head.SleepID
		if head.CreatedAt != nil {
			d.Start = *head.CreatedAt
		}
	default:
		d.ID = idString(head.ID)
		if head.Start != nil {
			d.Start = *head.Start
		}
	}
	if d.ID == "" || d.Start.IsZero() {
		return d, provider.Malformed(dataType+" record", errors.New("missing id or time"))
	}
	if head.UpdatedAt != nil {
		d.Revision = head.UpdatedAt.UnixMilli()
	}
	return d, nil
}

// idString renders a JSON id (integer or string) as text.
func idString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
