package server

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
)

// TestOuraSubscriptionsReport checks that the API is handed the
// subscription manager the server keeps, and every field of its state.
func TestOuraSubscriptionsReport(t *testing.T) {
	t.Parallel()
	t.Run("Wired", func(t *testing.T) {
		t.Parallel()
		cfg := config.Defaults()
		cfg.DatabaseURL = filepath.Join(t.TempDir(), "w.db")
		log := slog.New(slog.DiscardHandler)
		st, err := OpenStore(context.Background(), cfg, log)
		require.NoError(t, err)
		t.Cleanup(func() { _ = st.Close() })
		srv, err := New(cfg, st, log)
		require.NoError(t, err)
		r := srv.sync.services.OuraSubscriptions()
		require.Equal(t, []string{"client_id", "client_secret"}, r.Missing, "the verification token is derived from the secret key")
		require.Equal(t, cfg.BaseURL+oura.WebhookPath, r.CallbackURL)
		require.True(t, r.CheckedAt.IsZero())
	})
	t.Run("Fields", func(t *testing.T) {
		t.Parallel()
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		st := oura.SubscriptionsState{CallbackURL: "https://w.test/cb", CheckedAt: at, Error: "boom", Removed: []string{"dup"},
			Subscriptions: []oura.SubscriptionState{
				{DataType: "sleep", EventType: "create", ID: "s1", ExpiresAt: at.Add(time.Hour), Action: "renewed"},
				{DataType: "tag", EventType: "delete", Action: "failed", Error: "boom"},
			}}
		require.Equal(t, api.OuraSubscriptionsReport{Missing: []string{}, CallbackURL: "https://w.test/cb", CheckedAt: at, Error: "boom",
			Removed: []string{"dup"}, Subscriptions: []api.OuraSubscriptionReport{
				{DataType: "sleep", EventType: "create", ID: "s1", ExpiresAt: at.Add(time.Hour), Action: "renewed"},
				{DataType: "tag", EventType: "delete", Action: "failed", Error: "boom"},
			}}, apiReport(oura.Report([]string{}, st)))
	})
}
