package healthkit

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// The SDK's wire shapes, written here independently of internal/sdk.
type (
	payload struct {
		Provider      string      `json:"provider"`
		SDKVersion    string      `json:"sdkVersion"`
		SyncTimestamp string      `json:"syncTimestamp"`
		SyncSessionID string      `json:"syncSessionId,omitempty"`
		SyncType      string      `json:"syncType,omitempty"`
		Data          payloadData `json:"data"`
	}
	payloadData struct {
		Records  []record  `json:"records"`
		Sleep    []sleepFr `json:"sleep"`
		Workouts []workout `json:"workouts"`
	}
	source struct {
		Name         string `json:"name,omitempty"`
		AppID        string `json:"appId,omitempty"`
		BundleID     string `json:"bundleIdentifier,omitempty"`
		ProductType  string `json:"productType,omitempty"`
		DeviceName   string `json:"deviceName,omitempty"`
		Manufacturer string `json:"deviceManufacturer,omitempty"`
		DeviceModel  string `json:"deviceModel,omitempty"`
		DeviceType   string `json:"deviceType,omitempty"`
		Software     string `json:"deviceSoftwareVersion,omitempty"`
	}
	record struct {
		ID         string  `json:"id"`
		Type       string  `json:"type"`
		StartDate  string  `json:"startDate"`
		EndDate    string  `json:"endDate"`
		ZoneOffset string  `json:"zoneOffset"`
		Source     source  `json:"source"`
		Value      float64 `json:"value"`
		Unit       string  `json:"unit"`
	}
	sleepFr struct {
		ID         string `json:"id"`
		ParentID   string `json:"parentId"`
		Stage      string `json:"stage"`
		StartDate  string `json:"startDate"`
		EndDate    string `json:"endDate"`
		ZoneOffset string `json:"zoneOffset"`
		Source     source `json:"source"`
	}
	workout struct {
		ID         string      `json:"id"`
		Type       string      `json:"type"`
		StartDate  string      `json:"startDate"`
		EndDate    string      `json:"endDate"`
		ZoneOffset string      `json:"zoneOffset"`
		Source     source      `json:"source"`
		Values     []statistic `json:"values"`
	}
	statistic struct {
		Type  string  `json:"type"`
		Unit  string  `json:"unit"`
		Value float64 `json:"value"`
	}
)

// Platform is the SDK flavour a payload imitates.
type Platform int

// Platforms.
const (
	// HealthKit: provider "apple", HK identifiers, the Watch and iPhone.
	HealthKit Platform = iota
	// HealthConnect: provider "google", Health Connect record names, a
	// Pixel Watch through the Fitbit app.
	HealthConnect
)

func utc(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// WritePayload writes one SDK sync batch of d: heart rate, hourly steps
// (HealthKit: from the Watch and the iPhone), sleep stage fragments with
// an in-bed fragment around each night, workouts with their statistics.
// Dates are UTC with the wearer's offset in zoneOffset, as the SDKs send
// them.
func WritePayload(out io.Writer, p Platform, d Data) error {
	pl := payload{SDKVersion: "0.9.0", SyncTimestamp: utc(d.To), SyncSessionID: "hist-" + d.Person.Key, SyncType: "historical"}
	watch, phone := source{}, source{}
	hr, steps, stepUnit := "", "", ""
	switch p {
	case HealthKit:
		pl.Provider = "apple"
		owner := d.Person.Profile.FirstName
		watch = source{Name: owner + "’s Apple Watch", BundleID: "com.apple.health.5C7C1F7E", ProductType: "Watch6,2", DeviceName: "Apple Watch",
			Manufacturer: "Apple Inc.", DeviceModel: "Watch", DeviceType: "watch", Software: "10.3"}
		phone = source{Name: owner + "’s iPhone", BundleID: "com.apple.health.8A1E22B0", ProductType: "iPhone15,2", DeviceName: "iPhone",
			Manufacturer: "Apple Inc.", DeviceModel: "iPhone", DeviceType: "phone", Software: "17.3.1"}
		hr, steps, stepUnit = "HKQuantityTypeIdentifierHeartRate", "HKQuantityTypeIdentifierStepCount", "count"
	case HealthConnect:
		pl.Provider = "google"
		watch = source{AppID: "com.fitbit.FitbitMobile", DeviceName: "Pixel Watch 2", Manufacturer: "Google", DeviceModel: "Pixel Watch 2", DeviceType: "watch"}
		hr, steps, stepUnit = "HEART_RATE", "STEP_COUNT", "count"
	}
	zone := func(t time.Time) string { return d.Person.OffsetAt(t) }
	for i, s := range d.Person.HeartRateEvery(d.From, d.To, d.HREvery) {
		pl.Data.Records = append(pl.Data.Records, record{ID: fmt.Sprintf("hr-%d", i), Type: hr, StartDate: utc(s.Time), EndDate: utc(s.Time),
			ZoneOffset: zone(s.Time), Source: watch, Value: float64(s.BPM), Unit: unitOf(p)})
	}
	for i, h := range HourlySteps(d.Person, d.From, d.To) {
		srcs := []source{watch}
		if p == HealthKit {
			srcs = append(srcs, phone)
		}
		for j, src := range srcs {
			pl.Data.Records = append(pl.Data.Records, record{ID: fmt.Sprintf("st-%d-%d", i, j), Type: steps, StartDate: utc(h.Start),
				EndDate: utc(h.Start.Add(time.Hour)), ZoneOffset: zone(h.Start), Source: src, Value: float64(h.Steps), Unit: stepUnit})
		}
	}
	for _, s := range d.Person.Sleeps(d.From, d.To) {
		pl.Data.Sleep = append(pl.Data.Sleep, sleepFr{ID: s.ID + "-bed", ParentID: s.ID, Stage: "in_bed", StartDate: utc(s.Start),
			EndDate: utc(s.End), ZoneOffset: s.Offset, Source: watch})
		for k, r := range Runs(s) {
			pl.Data.Sleep = append(pl.Data.Sleep, sleepFr{ID: fmt.Sprintf("%s-%d", s.ID, k), ParentID: s.ID, Stage: r.Stage.String(),
				StartDate: utc(r.Start), EndDate: utc(r.End), ZoneOffset: s.Offset, Source: watch})
		}
	}
	for _, wo := range d.Person.Workouts(d.From, d.To) {
		typ := wo.Sport.Key
		if p == HealthConnect {
			typ = healthConnectExercise(typ)
		}
		vals := []statistic{
			{Type: "duration", Unit: "s", Value: wo.End.Sub(wo.Start).Seconds()},
			{Type: "activeEnergyBurned", Unit: "kJ", Value: wo.EnergyKJ},
			{Type: "averageHeartRate", Unit: "bpm", Value: float64(wo.AvgHR)},
			{Type: "maxHeartRate", Unit: "bpm", Value: float64(wo.MaxHR)},
		}
		if wo.DistanceM > 0 {
			vals = append(vals, statistic{Type: "distance", Unit: "km", Value: wo.DistanceM / 1000})
		}
		pl.Data.Workouts = append(pl.Data.Workouts, workout{ID: wo.ID, Type: typ, StartDate: utc(wo.Start), EndDate: utc(wo.End),
			ZoneOffset: wo.Offset, Source: watch, Values: vals})
	}
	return json.NewEncoder(out).Encode(pl)
}

func unitOf(p Platform) string {
	if p == HealthKit {
		return "count/min"
	}
	return "bpm"
}

// healthConnectExercise is Health Connect's exercise type name.
func healthConnectExercise(key string) string {
	switch key {
	case "weightlifting":
		return "STRENGTH_TRAINING"
	case "functional_fitness":
		return "HIGH_INTENSITY_INTERVAL_TRAINING"
	}
	b := []byte(key)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
