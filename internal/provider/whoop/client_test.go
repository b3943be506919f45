package whoop

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// fakeWHOOP is a tiny stand-in for the WHOOP API: n sleeps paged by an
// offset token, one cycle recovery, and a token endpoint that rotates.
type fakeWHOOP struct {
	n        int
	requests atomic.Int64
	refresh  atomic.Value // current refresh token
}

func (f *fakeWHOOP) sleep(i int) map[string]any {
	start := time.Date(2026, 1, 1, 23, 0, 0, 0, time.UTC).Add(time.Duration(f.n-i) * 24 * time.Hour)
	return map[string]any{"id": fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "cycle_id": 1000 + i, "user_id": 77,
		"created_at": start.Add(9 * time.Hour), "updated_at": start.Add(10 * time.Hour), "start": start, "end": start.Add(8 * time.Hour),
		"timezone_offset": "+01:00", "nap": false, "score_state": "PENDING_SCORE"}
}

func (f *fakeWHOOP) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/activity/sleep", func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		require.Equal(t, "Bearer good", r.Header.Get("Authorization"))
		require.Equal(t, "25", r.URL.Query().Get("limit"))
		off, _ := strconv.Atoi(r.URL.Query().Get("nextToken"))
		var recs []any
		for i := off; i < min(off+25, f.n); i++ {
			recs = append(recs, f.sleep(i))
		}
		out := map[string]any{"records": recs}
		if off+25 < f.n {
			out["next_token"] = strconv.Itoa(off + 25)
		}
		_ = json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("GET /v2/activity/sleep/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		_ = json.NewEncoder(w).Encode(f.sleep(3))
	})
	mux.HandleFunc("GET /v2/cycle/{id}/recovery", func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		require.Equal(t, "1003", r.PathValue("id"))
		_ = json.NewEncoder(w).Encode(map[string]any{"cycle_id": 1003, "sleep_id": f.sleep(3)["id"], "user_id": 77,
			"created_at": "2026-01-02T09:00:00Z", "updated_at": "2026-01-02T09:00:00Z", "score_state": "PENDING_SCORE"})
	})
	mux.HandleFunc("GET /v2/activity/workout/{id}", func(w http.ResponseWriter, r *http.Request) {
		f.requests.Add(1)
		http.Error(w, `{"message":"not found"}`, http.StatusNotFound)
	})
	mux.HandleFunc("POST /oauth/token", func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		require.Equal(t, "secret", r.PostForm.Get("client_secret"))
		if r.PostForm.Get("grant_type") == "refresh_token" {
			require.Equal(t, "offline", r.PostForm.Get("scope"))
			if r.PostForm.Get("refresh_token") != f.refresh.Load().(string) {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
				return
			}
		}
		next := fmt.Sprintf("r%d", time.Now().UnixNano())
		f.refresh.Store(next)
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "good", "refresh_token": next, "expires_in": 3600, "token_type": "bearer"})
	})
	return mux
}

func setupFake(t *testing.T, n int) (*Provider, *fakeWHOOP) {
	t.Helper()
	f := &fakeWHOOP{n: n}
	f.refresh.Store("r0")
	ts := httptest.NewServer(f.handler(t))
	t.Cleanup(ts.Close)
	p := New(Options{APIURL: ts.URL, TokenURL: ts.URL + "/oauth/token", ClientID: "id", ClientSecret: "secret"})
	return p, f
}

func TestFetchWalksPagesAndResumes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		n         int
		wantPages int
	}{
		{"Empty", 0, 1}, {"OnePage", 25, 1}, {"ThreePages", 60, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, f := setupFake(t, tc.n)
			w := provider.Window{Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
			seen := map[string]bool{}
			var resumes []string
			err := p.Fetch(context.Background(), "good", TypeSleep, w, "", func(pg provider.Page) error {
				for _, d := range pg.Docs {
					require.False(t, seen[d.ID], "duplicate %s", d.ID)
					seen[d.ID] = true
					require.NotZero(t, d.Revision)
				}
				resumes = append(resumes, pg.Resume)
				return nil
			})
			require.NoError(t, err)
			require.Len(t, seen, tc.n)
			require.Equal(t, int64(tc.wantPages), f.requests.Load())
			require.Empty(t, resumes[len(resumes)-1])
			if len(resumes) > 1 {
				// Resuming after the first stored page fetches only the rest.
				var rest int
				require.NoError(t, p.Fetch(context.Background(), "good", TypeSleep, w, resumes[0], func(pg provider.Page) error {
					rest += len(pg.Docs)
					return nil
				}))
				require.Equal(t, tc.n-25, rest)
			}
		})
	}
}

func TestFetchTargetResolvesRecoveryThroughSleep(t *testing.T) {
	t.Parallel()
	p, f := setupFake(t, 10)
	id := f.sleep(3)["id"].(string)
	pg, err := p.FetchTarget(context.Background(), "good", provider.Target{DataType: TypeRecovery, ID: id})
	require.NoError(t, err)
	require.Len(t, pg.Docs, 2)
	require.Equal(t, TypeSleep, pg.Docs[0].DataType)
	require.Equal(t, TypeRecovery, pg.Docs[1].DataType)
	require.Equal(t, id, pg.Docs[1].ID)

	pg, err = p.FetchTarget(context.Background(), "good", provider.Target{DataType: TypeWorkout, ID: "gone"})
	require.NoError(t, err)
	require.Empty(t, pg.Docs)

	pg, err = p.FetchTarget(context.Background(), "good", provider.Target{DataType: TypeSleep, ID: id, Deleted: true})
	require.NoError(t, err)
	require.ElementsMatch(t, []provider.Deletion{{DataType: TypeSleep, ID: id}, {DataType: TypeRecovery, ID: id}}, pg.Deleted)
}

func TestRefreshRotatesAndRejectsReuse(t *testing.T) {
	t.Parallel()
	p, _ := setupFake(t, 0)
	tok, err := p.Refresh(context.Background(), "r0")
	require.NoError(t, err)
	require.NotEqual(t, "r0", tok.RefreshToken)
	_, err = p.Refresh(context.Background(), "r0")
	require.ErrorIs(t, err, provider.ErrGrantRejected)
	_, err = p.Refresh(context.Background(), tok.RefreshToken)
	require.NoError(t, err)
}

func TestWebhookVerifyAndParse(t *testing.T) {
	t.Parallel()
	p := New(Options{ClientID: "id", ClientSecret: "secret"})
	now := time.UnixMilli(1_767_000_000_000)
	body := []byte(`{"user_id":10129,"id":"ecfc6a15-4661-442f-a9a4-f160dd7afae8","type":"recovery.updated","trace_id":"t"}`)
	sign := func(ts time.Time, secret string) http.Header {
		s := strconv.FormatInt(ts.UnixMilli(), 10)
		h := http.Header{}
		h.Set(HeaderTimestamp, s)
		h.Set(HeaderSignature, provider.SignHMAC([]byte(secret), s, body, false))
		return h
	}
	require.NoError(t, p.VerifyWebhook(sign(now, "secret"), body, now))
	require.ErrorIs(t, p.VerifyWebhook(sign(now, "wrong"), body, now), provider.ErrBadSignature)
	require.ErrorIs(t, p.VerifyWebhook(sign(now.Add(-6*time.Minute), "secret"), body, now), provider.ErrBadSignature)
	require.ErrorIs(t, p.VerifyWebhook(http.Header{}, body, now), provider.ErrBadSignature)

	targets, err := p.ParseWebhook(body)
	require.NoError(t, err)
	require.Equal(t, []provider.Target{{ProviderUserID: "10129", DataType: TypeRecovery, ID: "ecfc6a15-4661-442f-a9a4-f160dd7afae8", EventType: "recovery.updated"}}, targets)

	targets, err = p.ParseWebhook([]byte(`{"user_id":1,"id":"w","type":"workout.deleted"}`))
	require.NoError(t, err)
	require.True(t, targets[0].Deleted)
	targets, err = p.ParseWebhook([]byte(`{"user_id":1,"id":"w","type":"cycle.updated"}`))
	require.NoError(t, err)
	require.Empty(t, targets)
	_, err = p.ParseWebhook([]byte(`{"user_id":`))
	require.Error(t, err)
}

func FuzzParseWebhook(f *testing.F) {
	f.Add([]byte(`{"user_id":10129,"id":"x","type":"sleep.updated"}`))
	f.Add([]byte(`{"user_id":1,"id":5,"type":"recovery.deleted"}`))
	p := New(Options{})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = p.ParseWebhook(b)
		_ = p.VerifyWebhook(http.Header{HeaderSignature: {"x"}, HeaderTimestamp: {"1"}}, b, time.Now())
	})
}
