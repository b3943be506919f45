package config

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWhoopPartnerSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		env        map[string]string
		configured bool
		url        string
		wantErr    string
	}{
		{name: "defaults: the real partner API, not configured", url: "https://api.prod.whoop.com/developer"},
		{name: "both credentials", configured: true, url: "https://api.prod.whoop.com/developer",
			env: map[string]string{"WEARHOUSE_WHOOP_PARTNER_CLIENT_ID": "lab", "WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET": "lab-secret"}},
		{name: "simulator URL", url: "http://127.0.0.1:9001/developer",
			env: map[string]string{"WEARHOUSE_WHOOP_PARTNER_API_URL": "http://127.0.0.1:9001/developer"}},
		{name: "id without secret", env: map[string]string{"WEARHOUSE_WHOOP_PARTNER_CLIENT_ID": "lab"},
			wantErr: "WEARHOUSE_WHOOP_PARTNER_CLIENT_ID and WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET must be set together"},
		{name: "secret without id", env: map[string]string{"WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET": "s"},
			wantErr: "must be set together"},
		{name: "relative URL", env: map[string]string{"WEARHOUSE_WHOOP_PARTNER_API_URL": "/developer"},
			wantErr: "WEARHOUSE_WHOOP_PARTNER_API_URL must be an absolute http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := load(t, nil, tt.env)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.configured, c.WhoopPartner.Configured())
			require.Equal(t, tt.url, c.WhoopPartner.APIURL)
		})
	}
}

func TestPrintRedactsWhoopPartnerSecret(t *testing.T) {
	t.Parallel()
	c, err := load(t, nil, map[string]string{"WEARHOUSE_WHOOP_PARTNER_CLIENT_ID": "lab-id", "WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET": "lab-hunter2"})
	require.NoError(t, err)
	var buf bytes.Buffer
	c.Print(&buf)
	require.NotContains(t, buf.String(), "lab-hunter2")
	require.Contains(t, buf.String(), "WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET=[redacted]\n")
	require.Contains(t, buf.String(), "WEARHOUSE_WHOOP_PARTNER_CLIENT_ID=lab-id\n")
}
