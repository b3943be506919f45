package api

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/timeseries"
)

func benchGet(b *testing.B, tb *testBundle, path string) {
	b.Helper()
	req, err := http.NewRequest(http.MethodGet, tb.http.URL+path, nil)
	require.NoError(b, err)
	req.Header.Set("X-Open-Wearables-API-Key", tb.key)
	client := tb.http.Client()
	b.ResetTimer()
	for b.Loop() {
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
		b.SetBytes(n)
	}
}

func BenchmarkTimeseriesDay1Hz(b *testing.B) {
	tb := setup(&testing.T{})
	f := newFixture(&testing.T{}, tb, 1)
	var hr []timeseries.Sample
	for i := 0; i < 86400; i++ {
		hr = append(hr, timeseries.Sample{T: f.day0.Add(time.Duration(i) * time.Second).UnixMilli(), V: float64(60 + i%20), Offset: 3600})
	}
	_, err := tb.store.WriteSamples(context.Background(), f.user.ID, f.scale.ID, 1, hr)
	require.NoError(b, err)
	q := url.Values{"start_time": {"2025-03-01"}, "end_time": {"2025-03-02"}, "types": {"heart_rate"}, "limit": {"86400"}}
	benchGet(b, tb, "/api/v1/users/"+f.user.ID+"/timeseries?"+q.Encode())
}

func BenchmarkSleepPage(b *testing.B) {
	tb := setup(&testing.T{})
	f := newFixture(&testing.T{}, tb, 60)
	q := url.Values{"start_date": {"2025-03-01"}, "end_date": {"2025-05-01"}, "limit": {"50"}}
	benchGet(b, tb, "/api/v1/users/"+f.user.ID+"/events/sleep?"+q.Encode())
}
