package withings

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// defaultTargetWindow is fetched when a notification names no dates.
const defaultTargetWindow = 48 * time.Hour

// FetchTarget fetches what one notification announced: its data type over
// its window, every page. Measures are read by measure date, the day
// services by local dates (a day around the window on each side, since
// the window is in UTC and days are local), intraday by the UTC days
// covering the window, ECGs by recording time. Withings never sends a
// delete notification, so a target yields documents only.
func (p *Provider) FetchTarget(ctx context.Context, accessToken string, t provider.Target) (provider.Page, error) {
	from, to, err := p.targetWindow(t.ID)
	if err != nil {
		return provider.Page{}, err
	}
	days := url.Values{"startdateymd": {from.AddDate(0, 0, -1).Format(time.DateOnly)}, "enddateymd": {to.AddDate(0, 0, 1).Format(time.DateOnly)}}
	var docs []provider.Document
	switch t.DataType {
	case TypeMeasure:
		docs, err = collect(ctx, p.measures(accessToken, url.Values{"startdate": {unix(from)}, "enddate": {unix(to)}}))
	case TypeActivity:
		docs, err = collect(ctx, p.activities(accessToken, days))
	case TypeWorkout:
		docs, err = collect(ctx, p.workouts(accessToken, days))
	case TypeSleep:
		docs, err = collect(ctx, p.sleeps(accessToken, days))
	case TypeECG:
		docs, err = collect(ctx, p.ecgs(accessToken, url.Values{"startdate": {unix(from.Add(-time.Minute))}, "enddate": {unix(to.Add(time.Minute))}}))
	case TypeIntraday:
		err = p.walkIntraday(ctx, accessToken, provider.Window{Start: from, End: to}, "", func(pg provider.Page) error {
			docs = append(docs, pg.Docs...)
			return nil
		})
	case TypeDevice:
		return p.devices(ctx, accessToken)
	default:
		return provider.Page{}, fmt.Errorf("withings: notification data type %q: %w", t.DataType, provider.ErrRejected)
	}
	if err != nil {
		return provider.Page{}, err
	}
	return provider.Page{Docs: docs}, nil
}

// targetWindow reads "startdate-enddate" (Unix seconds); an empty id is
// the last two days.
func (p *Provider) targetWindow(id string) (time.Time, time.Time, error) {
	if id == "" {
		now := p.o.Now().UTC()
		return now.Add(-defaultTargetWindow), now, nil
	}
	a, b, _ := strings.Cut(id, "-")
	s, err1 := strconv.ParseInt(a, 10, 64)
	e, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || e < s {
		return time.Time{}, time.Time{}, fmt.Errorf("withings: notification window %q: %w", id, provider.ErrRejected)
	}
	return time.Unix(s, 0).UTC(), time.Unix(e, 0).UTC(), nil
}
