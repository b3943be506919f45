package whoop

import (
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Descriptor declares WHOOP to the rest of wearhouse.
func Descriptor() provider.Descriptor {
	return provider.Descriptor{
		Name:          domain.ProviderWHOOP,
		DisplayName:   "Whoop",
		Endpoints:     provider.Endpoints{API: DefaultAPIURL, Auth: DefaultAuthURL, Token: DefaultTokenURL},
		Scopes:        DefaultScopes(),
		Limits:        Limits(),
		DataTypes:     dataTypes(),
		ExpandedTypes: []string{TypeSleepStream},
		Coverage: provider.Coverage{
			Series:        []string{"heart_rate", "resting_heart_rate", "heart_rate_variability_rmssd", "oxygen_saturation", "skin_temperature", "respiratory_rate", "height", "weight"},
			WorkoutFields: []string{"calories_kcal", "distance_meters", "avg_heart_rate_bpm", "max_heart_rate_bpm", "elevation_gain_meters", "avg_pace_sec_per_km"},
			SleepFields:   provider.CommonSleepFields(),
			HealthScores:  []string{domain.ScoreSleep, domain.ScoreRecovery, domain.ScoreStrain},
		},
		New: func(c provider.Config) provider.Provider {
			return New(Options{APIURL: c.Endpoints.API, AuthURL: c.Endpoints.Auth, TokenURL: c.Endpoints.Token, ClientID: c.ClientID,
				ClientSecret: c.ClientSecret, Scopes: c.Scopes, Client: c.Client})
		},
	}
}
