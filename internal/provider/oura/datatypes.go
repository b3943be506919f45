package oura

import (
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// Data types, named as Oura's webhooks name them (so a webhook's
// data_type is the data type's key). Every one is a /v2/usercollection/
// route; vo2_max lives at vO2_max (see path).
const (
	TypePersonalInfo           = "personal_info"
	TypeRingConfiguration      = "ring_configuration"
	TypeSleep                  = "sleep"
	TypeDailySleep             = "daily_sleep"
	TypeDailyReadiness         = "daily_readiness"
	TypeDailyActivity          = "daily_activity"
	TypeDailySpO2              = "daily_spo2"
	TypeDailyStress            = "daily_stress"
	TypeDailyResilience        = "daily_resilience"
	TypeDailyCardiovascularAge = "daily_cardiovascular_age"
	TypeVO2Max                 = "vo2_max"
	TypeSleepTime              = "sleep_time"
	TypeWorkout                = "workout"
	TypeSession                = "session"
	TypeEnhancedTag            = "enhanced_tag"
	TypeTag                    = "tag"
	TypeRestModePeriod         = "rest_mode_period"
	TypeHeartRate              = "heartrate"
)

// collectionPrefix is where every data route lives.
const collectionPrefix = "/v2/usercollection/"

// path is the route segment of a data type. VO2 max is the one route
// whose spelling differs from its webhook data_type.
func path(dataType string) string {
	if dataType == TypeVO2Max {
		return "vO2_max"
	}
	return dataType
}

// lookback is how far before its cursor an incremental pull starts again.
// Oura fills documents in when the ring syncs, which for sleep and
// readiness waits until the member opens the app, and keeps updating the
// current day's activity and stress; two days catches both.
const lookback = 48 * time.Hour

// DataTypes lists every usercollection type in fetch order: the snapshots
// first (personal_info gives the identity), then sleep before the daily
// documents derived from it, then events, and the bulky heart rate last.
func (p *Provider) DataTypes() []provider.DataType { return dataTypes() }

func dataTypes() []provider.DataType {
	out := []provider.DataType{{Name: TypePersonalInfo}, {Name: TypeRingConfiguration}}
	for _, n := range WindowedTypes() {
		out = append(out, provider.DataType{Name: n, Windowed: true, Lookback: lookback})
	}
	return out
}

// WindowedTypes are the data types fetched by time window, in fetch order.
func WindowedTypes() []string {
	return []string{
		TypeSleep, TypeDailySleep, TypeDailyReadiness, TypeDailyActivity, TypeDailySpO2, TypeDailyStress,
		TypeDailyResilience, TypeDailyCardiovascularAge, TypeVO2Max, TypeSleepTime, TypeWorkout, TypeSession,
		TypeEnhancedTag, TypeTag, TypeRestModePeriod, TypeHeartRate,
	}
}

// WebhookTypes are the data types Oura sends webhooks for (seed, "Create
// Webhook Subscription", data_type enum): every collection but
// personal_info and heartrate.
func WebhookTypes() []string {
	return []string{
		TypeTag, TypeEnhancedTag, TypeWorkout, TypeSession, TypeSleep, TypeDailySleep, TypeDailyReadiness,
		TypeDailyActivity, TypeDailySpO2, TypeSleepTime, TypeRestModePeriod, TypeRingConfiguration,
		TypeDailyStress, TypeDailyCardiovascularAge, TypeDailyResilience, TypeVO2Max,
	}
}

// EventTypes are Oura's webhook operations.
func EventTypes() []string { return []string{"create", "update", "delete"} }
