package api

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
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

// BenchmarkEncodeSleepPage builds and encodes a page of 31 nights of
// 30-second hypnograms in the compact form the store reads for display,
// without the store or HTTP: the rendering share of the sleep route.
func BenchmarkEncodeSleepPage(b *testing.B) {
	t0 := time.Date(2025, 3, 1, 22, 0, 0, 0, time.UTC)
	stages := []domain.SleepStage{domain.StageLight, domain.StageDeep, domain.StageREM, domain.StageAwake}
	dt := domain.DeviceRing
	srcs := sources{"a": {ID: "a", Provider: domain.ProviderOura, DeviceType: &dt, DeviceModel: ptr("Oura Ring 4")}}
	var evs []domain.Event
	for n := range 31 {
		bed := t0.AddDate(0, 0, n)
		var ivs []domain.StageInterval
		at := bed
		for i := range 50 {
			end := at.Add(time.Duration(3+i%7) * 30 * time.Second)
			ivs = append(ivs, domain.StageInterval{Stage: stages[i%len(stages)], Start: at, End: end})
			at = end
		}
		evs = append(evs, domain.Event{RecordMeta: domain.RecordMeta{ID: "0190a3c5-7e4b-7f00-8000-00000000000" + string(rune('0'+n%10)), DataSourceID: "a"},
			Category: domain.CategorySleep, StartTime: bed, EndTime: at, ZoneOffset: 3600,
			Sleep: &domain.SleepDetails{TotalSleepSeconds: ptr(int64(25200)), EfficiencyPercent: ptr(91.5), AwakeSeconds: ptr(int64(600)),
				Hypnogram: domain.EncodeHypnogram(ivs)}})
	}
	var pages pageBuffers
	b.ReportAllocs()
	for b.Loop() {
		out := wirePage[wireSleep]{Data: make([]wireSleep, 0, len(evs))}
		for _, e := range evs {
			out.Data = append(out.Data, sleepWire(e, srcs))
		}
		page, err := pages.render(func(buf []byte) ([]byte, error) { return renderPage(buf, out) })
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(page.body)))
		pages.put(page.body)
	}
}
