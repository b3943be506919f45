package engine

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// eventDetails is the JSON stored in events.details. Wrapping the
// category-specific struct keeps the column self-describing.
type eventDetails struct {
	Sleep   *domain.SleepDetails   `json:"sleep,omitempty"`
	Workout *domain.WorkoutDetails `json:"workout,omitempty"`
	// Hypnogram holds Sleep.Stages in compact form (domain.Hypnogram).
	Hypnogram domain.Hypnogram `json:"hypnogram,omitempty"`
}

// EncodeEventDetails returns the details JSON of an event.
func EncodeEventDetails(e domain.Event) ([]byte, error) {
	d := eventDetails{Sleep: e.Sleep, Workout: e.Workout}
	if e.Sleep != nil && len(e.Sleep.Stages) > 0 {
		sleep := *e.Sleep
		d.Sleep, d.Hypnogram = &sleep, domain.EncodeHypnogram(sleep.Stages)
		sleep.Stages, sleep.Hypnogram = nil, ""
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("encode event details: %w", err)
	}
	return b, nil
}

// DecodeEventDetails fills an event's Sleep/Workout from stored JSON.
func DecodeEventDetails(b []byte, e *domain.Event) error {
	return decodeEventDetails(b, e, false)
}

// DecodeEventDetailsCompact is DecodeEventDetails leaving a sleep's stages
// in SleepDetails.Hypnogram (checked, not decoded).
func DecodeEventDetailsCompact(b []byte, e *domain.Event) error {
	return decodeEventDetails(b, e, true)
}

func decodeEventDetails(b []byte, e *domain.Event, compact bool) error {
	var d eventDetails
	if err := jsonv2.Unmarshal(b, &d); err != nil {
		return fmt.Errorf("decode event %s details: %w", e.ID, err)
	}
	e.Sleep, e.Workout = d.Sleep, d.Workout
	if d.Hypnogram != "" && d.Sleep != nil {
		if compact {
			if err := d.Hypnogram.Validate(); err != nil {
				return fmt.Errorf("decode event %s hypnogram: %w", e.ID, err)
			}
			d.Sleep.Hypnogram = d.Hypnogram
			return nil
		}
		stages, err := d.Hypnogram.Intervals()
		if err != nil {
			return fmt.Errorf("decode event %s hypnogram: %w", e.ID, err)
		}
		d.Sleep.Stages = stages
	}
	return nil
}

// EncodeJSON marshals a JSON column value; nil maps become "null" so they
// read back as nil.
func EncodeJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode json column: %w", err)
	}
	return b, nil
}

// DecodeJSON unmarshals a JSON column value into v.
func DecodeJSON(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	// Most rows' extra columns are empty; decoding one costs as much as
	// a row's real content.
	if m, ok := v.(*map[string]any); ok {
		switch string(b) {
		case "{}":
			*m = map[string]any{}
			return nil
		case "null":
			*m = nil
			return nil
		}
	}
	if err := jsonv2.Unmarshal(b, v); err != nil {
		return fmt.Errorf("decode json column: %w", err)
	}
	return nil
}

// contentHash is the SHA-256 of a canonical encoding of a record's
// content. encoding/json is canonical enough: struct fields in declaration
// order, map keys sorted, times normalized by the caller.
func contentHash(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("hash record: %w", err)
	}
	sum := sha256.Sum256(b)
	return sum[:], nil
}

// hashMeta clears the RecordMeta fields that are identity or bookkeeping,
// not content: id, timestamps, revision (compared on its own) and the
// deleted flag (state, not content).
func hashMeta(m domain.RecordMeta) domain.RecordMeta {
	m.ID, m.Revision, m.Deleted = "", 0, false
	m.CreatedAt, m.UpdatedAt = time.Time{}, time.Time{}
	return m
}

// EventHash is the content hash of an event.
func EventHash(e domain.Event) ([]byte, error) {
	e = normalizeEvent(e)
	e.RecordMeta = hashMeta(e.RecordMeta)
	return contentHash(e)
}

// SummaryHash is the content hash of a daily summary.
func SummaryHash(s domain.DailySummary) ([]byte, error) {
	s = normalizeSummary(s)
	s.RecordMeta = hashMeta(s.RecordMeta)
	return contentHash(s)
}

// ScoreHash is the content hash of a health score.
func ScoreHash(h domain.HealthScore) ([]byte, error) {
	h = normalizeScore(h)
	h.RecordMeta = hashMeta(h.RecordMeta)
	return contentHash(h)
}

// normalizeEvent puts every time of an event at storage precision, so the
// hash and the stored row do not depend on the caller's zone or
// nanoseconds.
func normalizeEvent(e domain.Event) domain.Event {
	e.StartTime, e.EndTime = MS(e.StartTime), MS(e.EndTime)
	if e.Sleep != nil && len(e.Sleep.Stages) > 0 {
		s := *e.Sleep
		s.Stages = make([]domain.StageInterval, len(e.Sleep.Stages))
		for i, st := range e.Sleep.Stages {
			st.Start, st.End = MS(st.Start), MS(st.End)
			s.Stages[i] = st
		}
		e.Sleep = &s
	}
	return e
}

// normalizeSummary puts a summary's times at storage precision.
func normalizeSummary(s domain.DailySummary) domain.DailySummary {
	s.StartTime, s.EndTime = MS(s.StartTime), MSPtr(s.EndTime)
	return s
}

// normalizeScore puts a score's time at storage precision.
func normalizeScore(h domain.HealthScore) domain.HealthScore {
	h.RecordedAt = MS(h.RecordedAt)
	return h
}
