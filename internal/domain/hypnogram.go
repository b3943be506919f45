package domain

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Hypnogram is a night's stage intervals in the compact text form the
// store keeps them in: a night at 30-second epochs is a hundred intervals,
// and reading them as JSON objects dominated sleep reads. A read that asks
// for it (store.EventQuery.DisplayOnly) gets SleepDetails.Hypnogram
// instead of Stages, and the API walks it with Each without building the
// intervals.
//
// The form is comma-separated tokens: the first is the start of the first
// interval in Unix milliseconds; each following token is a stage letter
// and a duration in milliseconds ("l1800000"). An interval that does not
// start where the previous one ended is prefixed with "@<start ms>:".
// Times are at millisecond precision — providers report stages in
// 30-second or 5-minute epochs.
type Hypnogram string

var stageLetters = map[SleepStage]byte{
	StageInBed: 'i', StageAwake: 'a', StageSleeping: 's', StageLight: 'l',
	StageDeep: 'd', StageREM: 'r', StageUnknown: 'u',
}

// letterStages inverts stageLetters: decoding looks a stage up per
// interval, thousands of times per page of nights.
var letterStages = func() [256]SleepStage {
	var out [256]SleepStage
	for st, l := range stageLetters {
		out[l] = st
	}
	return out
}()

// ErrHypnogram reports a hypnogram that is not in the compact form.
var ErrHypnogram = errors.New("malformed hypnogram")

// EncodeHypnogram returns the compact form of stages (which must not be
// empty). A stage this package does not name is stored as unknown.
func EncodeHypnogram(stages []StageInterval) Hypnogram {
	var b strings.Builder
	b.Grow(len(stages) * 10)
	prevEnd := stages[0].Start.UnixMilli()
	b.WriteString(strconv.FormatInt(prevEnd, 10))
	for _, iv := range stages {
		b.WriteByte(',')
		start := iv.Start.UnixMilli()
		if start != prevEnd {
			b.WriteByte('@')
			b.WriteString(strconv.FormatInt(start, 10))
			b.WriteByte(':')
		}
		letter, ok := stageLetters[iv.Stage]
		if !ok {
			letter = 'u'
		}
		b.WriteByte(letter)
		end := iv.End.UnixMilli()
		b.WriteString(strconv.FormatInt(end-start, 10))
		prevEnd = end
	}
	return Hypnogram(b.String())
}

// Each calls fn with every interval in order (times in Unix
// milliseconds) until the form turns out malformed, which it reports
// (fn may have seen the intervals before that point; see Validate).
func (h Hypnogram) Each(fn func(st SleepStage, startMs, endMs int64)) error {
	return h.walk(fn)
}

// Validate reports whether the hypnogram is in the compact form.
func (h Hypnogram) Validate() error {
	return h.walk(nil)
}

// Intervals decodes the hypnogram, in UTC.
func (h Hypnogram) Intervals() ([]StageInterval, error) {
	out := make([]StageInterval, 0, strings.Count(string(h), ","))
	err := h.Each(func(st SleepStage, start, end int64) {
		out = append(out, StageInterval{Stage: st, Start: time.UnixMilli(start).UTC(), End: time.UnixMilli(end).UTC()})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// walk parses the form, calling fn (when not nil) per interval.
func (h Hypnogram) walk(fn func(st SleepStage, startMs, endMs int64)) error {
	s := string(h)
	head, rest, _ := strings.Cut(s, ",")
	at, err := strconv.ParseInt(head, 10, 64)
	if err != nil || strings.HasSuffix(s, ",") {
		return ErrHypnogram
	}
	for rest != "" {
		var tok string
		tok, rest, _ = strings.Cut(rest, ",")
		if strings.HasPrefix(tok, "@") {
			ms, after, ok := strings.Cut(tok[1:], ":")
			if at, err = strconv.ParseInt(ms, 10, 64); err != nil || !ok {
				return ErrHypnogram
			}
			tok = after
		}
		if len(tok) < 2 {
			return ErrHypnogram
		}
		stage := letterStages[tok[0]]
		dur, err := strconv.ParseInt(tok[1:], 10, 64)
		if stage == "" || err != nil || dur < 0 {
			return ErrHypnogram
		}
		if fn != nil {
			fn(stage, at, at+dur)
		}
		at += dur
	}
	return nil
}
