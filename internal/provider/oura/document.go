package oura

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// document reads the identity of one list item: its provider id and the
// instant it describes. Oura documents have no updated_at, so Revision
// stays 0 and the content hash decides whether a re-fetch changed it.
func (p *Provider) document(dataType string, raw json.RawMessage) (provider.Document, error) {
	d := provider.Document{DataType: dataType, Body: raw}
	var h identity
	if err := json.Unmarshal(raw, &h); err != nil {
		return d, provider.Malformed(dataType+" document", err)
	}
	d.ID = h.ID
	if d.ID == "" && dataType == TypeDailyCardiovascularAge {
		// The seed's cardiovascular-age document has no id: one per day.
		d.ID = h.Day
	}
	var when string
	switch dataType {
	case TypeSleep:
		when = h.BedtimeStart
	case TypeWorkout, TypeSession:
		when = h.StartDatetime
	case TypeEnhancedTag, TypeRestModePeriod:
		when = cmp.Or(h.StartTime, h.StartDay)
	case TypeRingConfiguration:
		when = h.SetUpAt
	default:
		when = cmp.Or(h.Timestamp, h.Day)
	}
	if when != "" {
		t, _, err := parseTime(when)
		if err != nil {
			return d, provider.Malformed(dataType+" document", err)
		}
		d.Start = t
	} else if dataType == TypeRingConfiguration {
		d.Start = p.o.Now().UTC().Truncate(time.Second)
	}
	if d.ID == "" || d.Start.IsZero() {
		return d, provider.Malformed(dataType+" document", errors.New("missing id or time"))
	}
	return d, nil
}

// parseTime reads Oura's ISO 8601 forms: date-times with an offset (the
// wearer's local time; fractional seconds allowed), date-times without
// one (read as UTC) and dates (UTC midnight). It returns the instant and
// the offset it was written in.
func parseTime(s string) (time.Time, domain.ZoneOffset, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", time.DateOnly} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		_, off := t.Zone()
		return t.UTC(), domain.ZoneOffset(off), nil
	}
	return time.Time{}, 0, fmt.Errorf("unreadable time %q", s)
}
