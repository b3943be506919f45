package server

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	"github.com/wearhouse/wearhouse/internal/secret"
)

// TestOuraVerificationTokenDefaultsToDerived: without
// WEARHOUSE_OURA_WEBHOOK_VERIFICATION_TOKEN the token Oura is given (and
// must echo) is derived from the secret key, so every replica sharing the
// key answers Oura's verification; the setting overrides it.
func TestOuraVerificationTokenDefaultsToDerived(t *testing.T) {
	t.Parallel()
	key := secret.NewKey()
	raw, err := secret.ParseKey(key)
	require.NoError(t, err)
	k, err := hkdf.Key(sha256.New, raw, nil, oura.VerificationTokenPurpose, sha256.Size)
	require.NoError(t, err)
	derived := hex.EncodeToString(k)
	tests := []struct {
		name, key, setting string
		accepted, refused  []string
		missing            []string
	}{
		{"Derived", key, "", []string{derived}, []string{"", "verify"}, []string{}},
		{"OtherKey", secret.NewKey(), "", nil, []string{derived}, []string{}},
		{"Setting", key, "verify", []string{"verify"}, []string{derived}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := config.Defaults()
			cfg.DatabaseURL, cfg.SecretKey = filepath.Join(t.TempDir(), "w.db"), tt.key
			pc := cfg.Providers["oura"]
			pc.ClientID, pc.ClientSecret = "oura-id", "oura-secret"
			cfg.Providers["oura"] = pc
			cfg.Providers["oura"].Extra[oura.SettingVerificationToken] = tt.setting
			log := slog.New(slog.DiscardHandler)
			st, err := OpenStore(context.Background(), cfg, log)
			require.NoError(t, err)
			t.Cleanup(func() { _ = st.Close() })
			srv, err := New(cfg, st, log)
			require.NoError(t, err)
			require.Equal(t, tt.missing, srv.sync.services.OuraSubscriptions().Missing, "subscriptions need no extra setting")
			answer := srv.sync.services.Challenges["oura"]
			for _, tok := range tt.accepted {
				status, body := answer(url.Values{"verification_token": {tok}, "challenge": {"c1"}})
				require.Equal(t, http.StatusOK, status, tok)
				require.JSONEq(t, `{"challenge":"c1"}`, string(body))
			}
			for _, tok := range tt.refused {
				status, _ := answer(url.Values{"verification_token": {tok}, "challenge": {"c1"}})
				require.Equal(t, http.StatusUnauthorized, status, tok)
			}
		})
	}
}
