package whoop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// FetchTarget fetches what one webhook event names. Sleeps and workouts
// are read by id. A recovery event names its sleep (v2), so the sleep is
// read for its cycle id and the recovery then comes from
// /v2/cycle/{cycleId}/recovery — WHOOP has no /v2/recovery/{id} route.
// Deletions need no request. A document that is gone (404) yields an empty
// page: the matching delete event does the deleting.
func (p *Provider) FetchTarget(ctx context.Context, accessToken string, t provider.Target) (provider.Page, error) {
	if t.Deleted {
		pg := provider.Page{Deleted: []provider.Deletion{{DataType: t.DataType, ID: t.ID}}}
		if t.DataType == TypeSleep {
			// A recovery goes with its sleep (WHOOP webhook docs).
			pg.Deleted = append(pg.Deleted, provider.Deletion{DataType: TypeRecovery, ID: t.ID})
		}
		return pg, nil
	}
	var pg provider.Page
	switch t.DataType {
	case TypeSleep, TypeWorkout:
		path := "/v2/activity/sleep/"
		if t.DataType == TypeWorkout {
			path = "/v2/activity/workout/"
		}
		d, err := p.one(ctx, accessToken, t.DataType, path+url.PathEscape(t.ID))
		if err != nil {
			return gone(err)
		}
		pg.Docs = append(pg.Docs, d)
	case TypeRecovery:
		cycleID := t.ID
		if _, err := strconv.ParseInt(t.ID, 10, 64); err != nil {
			s, err := p.one(ctx, accessToken, TypeSleep, "/v2/activity/sleep/"+url.PathEscape(t.ID))
			if err != nil {
				return gone(err)
			}
			pg.Docs = append(pg.Docs, s)
			var sl sleep
			if err := json.Unmarshal(s.Body, &sl); err != nil || sl.CycleID == nil {
				return provider.Page{}, fmt.Errorf("whoop: recovery %s: %w", t.ID, provider.Malformed("sleep", errors.New("no cycle_id")))
			}
			cycleID = strconv.FormatInt(*sl.CycleID, 10)
		}
		d, err := p.one(ctx, accessToken, TypeRecovery, "/v2/cycle/"+cycleID+"/recovery")
		if err != nil {
			if errors.Is(err, provider.ErrNotFound) {
				return pg, nil
			}
			return provider.Page{}, err
		}
		pg.Docs = append(pg.Docs, d)
	default:
		return provider.Page{}, fmt.Errorf("whoop: webhook data type %q: %w", t.DataType, provider.ErrRejected)
	}
	return pg, nil
}

// one fetches a single document.
func (p *Provider) one(ctx context.Context, accessToken, dataType, path string) (provider.Document, error) {
	raw, err := p.o.Client.GetJSON(ctx, p.o.APIURL+path, accessToken, nil)
	if err != nil {
		return provider.Document{}, fmt.Errorf("whoop: fetch %s: %w", dataType, err)
	}
	return document(dataType, raw)
}

// gone turns a 404 into an empty page and passes other errors on.
func gone(err error) (provider.Page, error) {
	if errors.Is(err, provider.ErrNotFound) {
		return provider.Page{}, nil
	}
	return provider.Page{}, err
}
