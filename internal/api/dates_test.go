package api

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestParseTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in       string
		want     time.Time
		dateOnly bool
		ok       bool
	}{
		{"2023-11-07T05:31:56Z", time.Date(2023, 11, 7, 5, 31, 56, 0, time.UTC), false, true},
		{"2023-11-07T07:31:56+02:00", time.Date(2023, 11, 7, 5, 31, 56, 0, time.UTC), false, true},
		{"2023-11-07T05:31:56.250Z", time.Date(2023, 11, 7, 5, 31, 56, 250e6, time.UTC), false, true},
		{"2023-11-07T05:31Z", time.Date(2023, 11, 7, 5, 31, 0, 0, time.UTC), false, true},
		{"2023-11-07", time.Date(2023, 11, 7, 0, 0, 0, 0, time.UTC), true, true},
		{"1700000000", time.Unix(1700000000, 0).UTC(), false, true},
		{"1700000000.5", time.Unix(1700000000, 5e8).UTC(), false, true},
		{"2023-11-07T05:31:56", time.Date(2023, 11, 7, 5, 31, 56, 0, time.UTC), false, true}, // no offset: UTC, as in Open Wearables 0.9.0
		{"2023-11-07T05:31:56.5", time.Date(2023, 11, 7, 5, 31, 56, 5e8, time.UTC), false, true},
		{"2023-11-07T05:31", time.Date(2023, 11, 7, 5, 31, 0, 0, time.UTC), false, true},
		{"2023-11-07T25:31:56", time.Time{}, false, false},
		{"07/11/2023", time.Time{}, false, false},
		{"", time.Time{}, false, false},
		{"-5", time.Time{}, false, false},
		{"NaN", time.Time{}, false, false},
		{"1e300", time.Time{}, false, false},
		{"2023-13-01", time.Time{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, dateOnly, err := parseTime("start_date", tt.in)
			if !tt.ok {
				require.Error(t, err)
				require.Contains(t, err.Error(), "start_date")
				require.Equal(t, 400, httpError(err).Status)
				return
			}
			require.NoError(t, err)
			require.True(t, tt.want.Equal(got), "got %s", got)
			require.Equal(t, tt.dateOnly, dateOnly)
		})
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2023-11-07", "1700000000", "2023-11-07T05:31:56Z", "x", "1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, _, err := parseTime("p", s)
		if err != nil {
			require.Equal(t, 400, httpError(err).Status)
			return
		}
		require.Equal(t, time.UTC, got.Location())
	})
}
