package withings

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// data_fields requested from each service: every field the seed documents,
// so that nothing Withings measures is left behind (unmapped fields are
// kept in the raw documents and extra fields).
const (
	activityFields = "steps,distance,elevation,soft,moderate,intense,active,calories,totalcalories,hr_average,hr_min,hr_max,hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3"
	intradayFields = "steps,elevation,calories,distance,stroke,pool_lap,duration,heart_rate,spo2_auto,rmssd,sdnn1,hrv_quality,core_body_temperature,rr,chest_movement_rate"
	workoutFields  = "calories,intensity,manual_distance,manual_calories,manual_intensity,hr_average,hr_min,hr_max,hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3,pause_duration,algo_pause_duration,spo2_average,steps,distance,elevation,pool_laps,strokes,pool_length,core_body_temperature_avg,core_body_temperature_min,core_body_temperature_max,core_body_temperature_status"
	summaryFields  = "total_timeinbed,total_sleep_time,asleepduration,lightsleepduration,remsleepduration,deepsleepduration,sleep_efficiency,sleep_latency,wakeup_latency,wakeupduration,wakeupcount,waso,nb_rem_episodes,durationtosleep,durationtowakeup,out_of_bed_count,hr_average,hr_min,hr_max,rr_average,rr_min,rr_max,breathing_quality_assessment,breathing_disturbances_intensity,snoring,snoringepisodecount,sleep_score,night_events,apnea_hypopnea_index,mvt_score_avg,mvt_active_duration,rmssd_start_avg,rmssd_end_avg,chest_movement_rate_wellness_average,chest_movement_rate_wellness_min,chest_movement_rate_wellness_max,withings_index,breathing_sounds,breathing_sounds_episode_count,chest_movement_rate_average,chest_movement_rate_min,chest_movement_rate_max,core_body_temperature_min,core_body_temperature_max,core_body_temperature_avg,core_body_temperature_status"
	sleepGetFields = "hr,rr,snoring,sdnn_1,rmssd,hrv_quality,mvt_score,chest_movement_rate,withings_index,breathing_sounds"
)

// sleeps reads getsummary pages and, for each night, sleep get over the
// night's own span: one call per night never crosses the 24-hour cap the
// seed's notes put on sleep get, and the hypnogram arrives with the
// summary it belongs to.
func (p *Provider) sleeps(accessToken string, sel url.Values) lister {
	return func(ctx context.Context, offset int) ([]provider.Document, bool, int, error) {
		f := withOffset(sel, offset)
		f.Set("data_fields", summaryFields)
		var b summaryBody
		if _, err := p.call(ctx, accessToken, pathSleep, "getsummary", f, &b); err != nil {
			return nil, false, 0, err
		}
		docs := make([]provider.Document, 0, len(b.Series))
		for _, raw := range b.Series {
			var s sleepSummary
			if err := json.Unmarshal(raw, &s); err != nil || s.ID == 0 {
				return nil, false, 0, provider.Malformed("sleep summary", errors.Join(err, errors.New("no id")))
			}
			get, err := p.call(ctx, accessToken, pathSleep, "get", url.Values{"startdate": {strconv.FormatInt(s.StartDate, 10)},
				"enddate": {strconv.FormatInt(s.EndDate, 10)}, "data_fields": {sleepGetFields}}, nil)
			if err != nil {
				return nil, false, 0, err
			}
			body, err := json.Marshal(sleepDoc{Summary: raw, Get: get})
			if err != nil {
				return nil, false, 0, fmt.Errorf("withings: sleep document: %w", err)
			}
			docs = append(docs, provider.Document{DataType: TypeSleep, ID: strconv.FormatInt(s.ID, 10),
				Start: time.Unix(s.StartDate, 0).UTC(), Revision: s.Modified * 1000, Body: body})
		}
		return docs, bool(b.More), int(b.Offset), nil
	}
}

// ecgs reads heart list pages and each recording's signal (heart get), so
// the trace is kept raw beside its AFib classification.
func (p *Provider) ecgs(accessToken string, sel url.Values) lister {
	return func(ctx context.Context, offset int) ([]provider.Document, bool, int, error) {
		var b heartList
		if _, err := p.call(ctx, accessToken, pathHeart, "list", withOffset(sel, offset), &b); err != nil {
			return nil, false, 0, err
		}
		docs := make([]provider.Document, 0, len(b.Series))
		for _, raw := range b.Series {
			var r heartRecord
			if err := json.Unmarshal(raw, &r); err != nil || r.ECG == nil || r.ECG.SignalID == 0 {
				return nil, false, 0, provider.Malformed("heart record", errors.Join(err, errors.New("no signalid")))
			}
			id := strconv.FormatInt(r.ECG.SignalID, 10)
			sig, err := p.call(ctx, accessToken, pathHeart, "get", url.Values{"signalid": {id}}, nil)
			if err != nil {
				return nil, false, 0, err
			}
			body, err := json.Marshal(ecgDoc{Recording: raw, Signal: sig})
			if err != nil {
				return nil, false, 0, fmt.Errorf("withings: ecg document: %w", err)
			}
			docs = append(docs, provider.Document{DataType: TypeECG, ID: id, Start: time.Unix(r.Timestamp, 0).UTC(),
				Revision: r.Modified * 1000, Body: body})
		}
		return docs, bool(b.More), int(b.Offset), nil
	}
}

// devices reads getdevice: one snapshot document per device, keyed by its
// device id, stamped with the fetch time.
func (p *Provider) devices(ctx context.Context, accessToken string) (provider.Page, error) {
	var b deviceList
	if _, err := p.call(ctx, accessToken, pathUser, "getdevice", nil, &b); err != nil {
		return provider.Page{}, err
	}
	now := p.o.Now().UTC().Truncate(time.Second)
	pg := provider.Page{Docs: make([]provider.Document, 0, len(b.Devices))}
	for _, raw := range b.Devices {
		var d device
		if err := json.Unmarshal(raw, &d); err != nil {
			return provider.Page{}, provider.Malformed("device", err)
		}
		id := cmp.Or(d.DeviceID, d.HashDeviceID)
		if id == "" {
			continue // a device without an id cannot be told apart
		}
		pg.Docs = append(pg.Docs, provider.Document{DataType: TypeDevice, ID: id, Start: now, Revision: now.UnixMilli(), Body: raw})
	}
	return pg, nil
}

// walkIntraday reads getintradayactivity one UTC day at a time, from the
// day holding w.Start to the day holding w.End. Days are whole UTC days so
// that a day is always the same document, refreshed as data arrives.
func (p *Provider) walkIntraday(ctx context.Context, accessToken string, w provider.Window, resume string, emit func(provider.Page) error) error {
	day := w.Start.UTC().Truncate(24 * time.Hour)
	if resume != "" {
		n, err := strconv.ParseInt(resume, 10, 64)
		if err != nil {
			return fmt.Errorf("withings: intraday resume %q: %w", resume, provider.ErrRejected)
		}
		day = time.Unix(n, 0).UTC()
	}
	for !day.After(w.End) {
		d, err := p.intradayDay(ctx, accessToken, day)
		if err != nil {
			return err
		}
		next := day.Add(24 * time.Hour)
		pg := provider.Page{Docs: d}
		if !next.After(w.End) {
			pg.Resume = unix(next)
		}
		if err := emit(pg); err != nil {
			return err
		}
		if pg.Resume == "" {
			return nil
		}
		day = next
	}
	return nil
}

// intradayDay fetches one UTC day; an empty day yields no document.
func (p *Provider) intradayDay(ctx context.Context, accessToken string, day time.Time) ([]provider.Document, error) {
	raw, err := p.call(ctx, accessToken, pathMeasureV2, "getintradayactivity", url.Values{"startdate": {unix(day)},
		"enddate": {unix(day.Add(24*time.Hour - time.Second))}, "data_fields": {intradayFields}}, nil)
	if err != nil {
		return nil, err
	}
	var b intradayBody
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, fmt.Errorf("withings: getintradayactivity: %w", provider.Malformed("intraday", err))
	}
	if len(b.Series) == 0 {
		return nil, nil
	}
	return []provider.Document{{DataType: TypeIntraday, ID: day.Format(time.DateOnly), Start: day, Body: raw}}, nil
}

// dayBounds returns the local midnights bounding a date in a zone (UTC
// when the zone is unknown).
func dayBounds(date, zone string) (time.Time, time.Time, error) {
	loc := location(zone)
	d, err := time.ParseInLocation(time.DateOnly, date, loc)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("date %q: %w", date, err)
	}
	return d.UTC(), d.AddDate(0, 0, 1).UTC(), nil
}

// location resolves an IANA zone name; unknown or empty names are UTC.
func location(zone string) *time.Location {
	if zone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return time.UTC
	}
	return loc
}
