package engine

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// The stored hypnogram form is comma-separated tokens: the first is the
// start of the first interval in Unix milliseconds; each following token
// is a stage letter and a duration in milliseconds ("l1800000"). An
// interval that does not start where the previous one ended is prefixed
// with "@<start ms>:". Times come back in UTC at millisecond precision —
// providers report stages in 30-second or 5-minute epochs.
var stageLetters = map[domain.SleepStage]byte{
	domain.StageInBed: 'i', domain.StageAwake: 'a', domain.StageSleeping: 's', domain.StageLight: 'l',
	domain.StageDeep: 'd', domain.StageREM: 'r', domain.StageUnknown: 'u',
}

var errHypnogram = errors.New("malformed hypnogram")

func encodeHypnogram(stages []domain.StageInterval) string {
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
	return b.String()
}

func decodeHypnogram(s string) ([]domain.StageInterval, error) {
	head, rest, _ := strings.Cut(s, ",")
	at, err := strconv.ParseInt(head, 10, 64)
	if err != nil || strings.HasSuffix(s, ",") {
		return nil, errHypnogram
	}
	out := make([]domain.StageInterval, 0, strings.Count(s, ","))
	for rest != "" {
		var tok string
		tok, rest, _ = strings.Cut(rest, ",")
		if strings.HasPrefix(tok, "@") {
			ms, after, ok := strings.Cut(tok[1:], ":")
			if at, err = strconv.ParseInt(ms, 10, 64); err != nil || !ok {
				return nil, errHypnogram
			}
			tok = after
		}
		if len(tok) < 2 {
			return nil, errHypnogram
		}
		stage, ok := letterStage(tok[0])
		dur, err := strconv.ParseInt(tok[1:], 10, 64)
		if !ok || err != nil || dur < 0 {
			return nil, errHypnogram
		}
		out = append(out, domain.StageInterval{Stage: stage, Start: time.UnixMilli(at).UTC(), End: time.UnixMilli(at + dur).UTC()})
		at += dur
	}
	return out, nil
}

// letterStages inverts stageLetters: decoding looks a stage up per
// interval, thousands of times per page of nights.
var letterStages = func() [256]domain.SleepStage {
	var out [256]domain.SleepStage
	for st, l := range stageLetters {
		out[l] = st
	}
	return out
}()

func letterStage(c byte) (domain.SleepStage, bool) {
	st := letterStages[c]
	return st, st != ""
}
