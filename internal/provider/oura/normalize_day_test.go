package oura

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDailyDocumentsBelongToTheirDay: Oura stamps some daily documents the
// evening before their day (recorded: readiness for 2026-10-14 at
// 2026-10-13T19:00:00-05:00). Each record lands on the document's own day,
// so two consecutive days never overwrite each other.
func TestDailyDocumentsBelongToTheirDay(t *testing.T) {
	t.Parallel()
	p := New(Options{Now: func() time.Time { return fetchedAt }})
	tests := []struct {
		name, dataType, day, timestamp string
		wantStart                      string
	}{
		{"readiness stamped the evening before", TypeDailyReadiness, "2026-10-14", "2026-10-13T19:00:00-05:00", "2026-10-14T00:00:00-05:00"},
		{"readiness stamped at its midnight", TypeDailyReadiness, "2026-10-14", "2026-10-14T00:00:00-05:00", "2026-10-14T00:00:00-05:00"},
		{"daily sleep stamped the evening before", TypeDailySleep, "2026-10-14", "2026-10-13T19:00:00-05:00", "2026-10-14T00:00:00-05:00"},
		{"activity keeps its 04:00 start", TypeDailyActivity, "2026-10-14", "2026-10-14T04:00:00-05:00", "2026-10-14T04:00:00-05:00"},
		{"east of UTC", TypeDailyReadiness, "2026-10-14", "2026-10-13T23:00:00+09:00", "2026-10-14T00:00:00+09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := fmt.Sprintf(`{"id":"doc-%s","day":%q,"timestamp":%q,"score":80,"contributors":{}}`, tt.dataType, tt.day, tt.timestamp)
			doc, err := p.document(tt.dataType, []byte(body))
			require.NoError(t, err)
			recs, err := p.Normalize(doc, nil)
			require.NoError(t, err)
			require.NotEmpty(t, recs.Scores)
			want, err := time.Parse(time.RFC3339, tt.wantStart)
			require.NoError(t, err)
			for _, sc := range recs.Scores {
				require.True(t, want.Equal(sc.RecordedAt), "recorded at %s, want %s", sc.RecordedAt, want)
				zone := time.FixedZone("", int(sc.ZoneOffset))
				require.Equal(t, tt.day, sc.RecordedAt.In(zone).Format(time.DateOnly), "the score's local date is the document's day")
			}
			for _, s := range recs.Summaries {
				require.Equal(t, tt.day, s.Date)
			}
		})
	}
}
