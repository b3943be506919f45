package withings

import (
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Descriptor declares Withings to the rest of wearhouse.
func Descriptor() provider.Descriptor {
	return provider.Descriptor{
		Name:           domain.ProviderWithings,
		DisplayName:    "Withings",
		Endpoints:      provider.Endpoints{API: DefaultAPIURL, Auth: DefaultAuthURL, Token: DefaultTokenURL},
		Scopes:         Scopes(),
		ScopeSeparator: ",",
		Limits:         Limits(),
		DataTypes:      dataTypes(),
		Coverage: provider.Coverage{
			Series: []string{"weight", "height", "body_fat_percentage", "body_fat_mass", "lean_body_mass", "skeletal_muscle_mass",
				"blood_pressure_systolic", "blood_pressure_diastolic", "heart_rate", "body_temperature", "skin_temperature",
				"oxygen_saturation", "vo2_max", "cardiovascular_age", "respiratory_rate", "heart_rate_variability_rmssd", "heart_rate_variability_sdnn",
				"steps", "active_energy", "distance_walking_running", "elevation", "flights_climbed"},
			WorkoutFields: []string{"calories_kcal", "distance_meters", "avg_heart_rate_bpm", "max_heart_rate_bpm", "elevation_gain_meters", "avg_pace_sec_per_km"},
			SleepFields:   append(slices.Clone(provider.CommonSleepFields()), "sleep_stage_intervals"),
			HealthScores:  []string{domain.ScoreSleep},
		},
		New: func(c provider.Config) provider.Provider {
			return New(Options{APIURL: c.Endpoints.API, AuthURL: c.Endpoints.Auth, TokenURL: c.Endpoints.Token, ClientID: c.ClientID,
				ClientSecret: c.ClientSecret, Scopes: c.Scopes, BaseURL: c.BaseURL, Client: c.Client})
		},
	}
}
