package sdk

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// TestConcurrentUploadsOfOneNight: a night's fragments arriving in
// concurrent batches (live sync racing a historical one) end up in one
// session holding all of them.
func TestConcurrentUploadsOfOneNight(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			s, _, user := setup(t, st)
			const n = 6
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				start := time.Date(2024, 3, 10, 6, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
				body := fmt.Sprintf(`{"provider":"apple","sdkVersion":"1","syncTimestamp":"2024-03-10T16:00:00Z","data":{"sleep":[`+
					`{"stage":"light","startDate":%q,"endDate":%q,"zoneOffset":"-08:00","source":{"name":"Watch","productType":"Watch6,2"}}]}}`,
					start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
				req, err := DecodeSyncRequest(strings.NewReader(body))
				require.NoError(t, err)
				wg.Go(func() { _, errs[i] = s.Sync(t.Context(), user, req) })
			}
			wg.Wait()
			for _, err := range errs {
				require.NoError(t, err)
			}
			sl := events(t, st, user, domain.CategorySleep)
			require.Len(t, sl, 1)
			require.Equal(t, n*time.Hour, sl[0].Duration())
			require.Equal(t, int64(n*3600), *sl[0].Sleep.LightSeconds, "no batch's fragment lost")
		})
	}
}
