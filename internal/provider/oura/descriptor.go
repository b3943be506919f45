package oura

import (
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Keys of Oura's own settings (WEARHOUSE_OURA_<key>).
const (
	SettingPersonalToken     = "PERSONAL_TOKEN"
	SettingVerificationToken = "WEBHOOK_VERIFICATION_TOKEN"
)

// VerificationTokenPurpose names the secret the webhook verification
// token is derived from WEARHOUSE_SECRET_KEY by when
// WEARHOUSE_OURA_WEBHOOK_VERIFICATION_TOKEN is not set.
const VerificationTokenPurpose = "wearhouse oura-webhook-verification-token v1"

// configuredVerificationToken is the configured token, else the derived one: every
// replica derives the same token, so subscriptions made by one are
// verified by any.
func configuredVerificationToken(c provider.Config) string {
	if v := c.Extra[SettingVerificationToken]; v != "" {
		return v
	}
	return c.Derived(VerificationTokenPurpose)
}

// Descriptor declares Oura to the rest of wearhouse.
func Descriptor() provider.Descriptor {
	return provider.Descriptor{
		Name:        domain.ProviderOura,
		DisplayName: "Oura",
		Endpoints:   provider.Endpoints{API: DefaultAPIURL, Auth: DefaultAuthURL, Token: DefaultTokenURL},
		Scopes:      DefaultScopes(),
		Limits:      Limits(),
		DataTypes:   dataTypes(),
		Coverage: provider.Coverage{
			Series: []string{"heart_rate", "heart_rate_variability_rmssd", "resting_heart_rate", "respiratory_rate", "oxygen_saturation",
				"breathing_disturbance_index", "skin_temperature_deviation", "skin_temperature_trend_deviation", "steps", "active_energy",
				"vo2_max", "cardiovascular_age", "average_met", "active_time", "height", "weight"},
			DailyTotals:   []string{"steps", "active_energy", "active_time"},
			WorkoutFields: []string{"calories_kcal", "distance_meters", "avg_pace_sec_per_km"},
			SleepFields:   append(slices.Clone(provider.CommonSleepFields()), "sleep_stage_intervals"),
			HealthScores:  []string{domain.ScoreSleep, domain.ScoreReadiness, domain.ScoreActivity, domain.ScoreStress, domain.ScoreResilience},
		},
		Settings: []provider.Setting{
			{Key: SettingPersonalToken, Secret: true, Help: "Oura personal access token for your own ring: at start wearhouse creates (or reuses) one user and Oura connection for its owner and pulls the data periodically; no OAuth app, no refresh, no webhooks"},
			{Key: SettingVerificationToken, Secret: true, Help: "secret Oura echoes when verifying webhook subscriptions; default: derived from the secret key, so webhooks need no extra setting"},
		},
		New: func(c provider.Config) provider.Provider {
			return New(Options{APIURL: c.Endpoints.API, AuthURL: c.Endpoints.Auth, TokenURL: c.Endpoints.Token, ClientID: c.ClientID,
				ClientSecret: c.ClientSecret, Scopes: c.Scopes, PersonalToken: c.Extra[SettingPersonalToken],
				VerificationToken: configuredVerificationToken(c), BaseURL: c.BaseURL, Client: c.Client})
		},
	}
}
