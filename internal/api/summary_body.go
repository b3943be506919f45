package api

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

type wireBody struct {
	Source       *wireSource     `json:"source"`
	SlowChanging wireSlowBody    `json:"slow_changing"`
	Averaged     wireAveraged    `json:"averaged"`
	Latest       wireLatestVital `json:"latest"`
}

type wireSlowBody struct {
	WeightKg       *float64 `json:"weight_kg"`
	HeightCm       *float64 `json:"height_cm"`
	BodyFatPercent *float64 `json:"body_fat_percent"`
	MuscleMassKg   *float64 `json:"muscle_mass_kg"`
	BMI            *float64 `json:"bmi"`
	Age            *int     `json:"age"`
}

type wireAveraged struct {
	PeriodDays  int      `json:"period_days"`
	RestingHR   *int     `json:"resting_heart_rate_bpm"`
	HRVSDNN     *float64 `json:"avg_hrv_sdnn_ms"`
	HRVRMSSD    *float64 `json:"avg_hrv_rmssd_ms"`
	PeriodStart string   `json:"period_start"`
	PeriodEnd   string   `json:"period_end"`
}

type wireLatestVital struct {
	BodyTemp       *float64     `json:"body_temperature_celsius"`
	BodyTempAt     *string      `json:"body_temperature_measured_at"`
	SkinTemp       *float64     `json:"skin_temperature_celsius"`
	SkinTempAt     *string      `json:"skin_temperature_measured_at"`
	BloodPressure  *wireBPStats `json:"blood_pressure"`
	BloodPressedAt *string      `json:"blood_pressure_measured_at"`
}

type wireBPStats struct {
	AvgSys *int `json:"avg_systolic_mmhg"`
	MaxSys *int `json:"max_systolic_mmhg"`
	MinSys *int `json:"min_systolic_mmhg"`
	AvgDia *int `json:"avg_diastolic_mmhg"`
	MaxDia *int `json:"max_diastolic_mmhg"`
	MinDia *int `json:"min_diastolic_mmhg"`
	Count  int  `json:"reading_count"`
}

// bodyHistory bounds how far back "latest" slow-changing measures are
// looked up: ten years of sparse weigh-ins is still only a few blocks.
const bodyHistory = 10 * 365 * 24 * time.Hour

// GetBodySummary implements GET …/summaries/body.
func (s *Server) GetBodySummary(ctx context.Context, req apigen.GetBodySummaryRequestObject) (apigen.GetBodySummaryResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Second) // a period bound, not a measurement
	period, window := deref(p.AveragePeriod, 7), deref(p.LatestWindowHours, 4)
	srcs, err := s.sources(ctx, userID)
	if err != nil {
		return nil, err
	}
	slow, err := s.seriesByCode(ctx, userID, now.Add(-bodyHistory), now.Add(time.Minute),
		"weight", "height", "body_fat_percentage", "skeletal_muscle_mass", "lean_body_mass", "body_mass_index",
		"body_temperature", "skin_temperature", "blood_pressure_systolic", "blood_pressure_diastolic",
		"resting_heart_rate", "heart_rate_variability_sdnn", "heart_rate_variability_rmssd")
	if err != nil {
		return nil, err
	}
	if len(slow) == 0 {
		return ok(nil), nil
	}
	rk, err := s.rankerFor(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := wireBody{}
	var primary string
	latest := func(code string, since time.Time) (*float64, *string) {
		ids := make([]string, 0, len(slow[code]))
		for id := range slow[code] {
			ids = append(ids, id)
		}
		best := rk.Best(code, ids, srcs)
		var pick *timeseries.Sample
		for i, smp := range slow[code][best] {
			if smp.T >= since.UnixMilli() && (pick == nil || smp.T > pick.T) {
				pick = &slow[code][best][i]
			}
		}
		if pick == nil {
			return nil, nil
		}
		if primary == "" {
			primary = best
		}
		v := pick.V
		return &v, timePtr(time.UnixMilli(pick.T))
	}
	never := now.Add(-bodyHistory)
	out.SlowChanging.WeightKg, _ = latest("weight", never)
	out.SlowChanging.HeightCm, _ = latest("height", never)
	out.SlowChanging.BodyFatPercent, _ = latest("body_fat_percentage", never)
	if out.SlowChanging.MuscleMassKg, _ = latest("skeletal_muscle_mass", never); out.SlowChanging.MuscleMassKg == nil {
		out.SlowChanging.MuscleMassKg, _ = latest("lean_body_mass", never)
	}
	out.SlowChanging.BMI, _ = latest("body_mass_index", never)
	if out.SlowChanging.BMI == nil && out.SlowChanging.WeightKg != nil && out.SlowChanging.HeightCm != nil && *out.SlowChanging.HeightCm > 0 {
		m := *out.SlowChanging.HeightCm / 100
		bmi := math.Round(*out.SlowChanging.WeightKg/(m*m)*10) / 10
		out.SlowChanging.BMI = &bmi
	}
	recent := now.Add(-time.Duration(window) * time.Hour)
	out.Latest.BodyTemp, out.Latest.BodyTempAt = latest("body_temperature", recent)
	out.Latest.SkinTemp, out.Latest.SkinTempAt = latest("skin_temperature", recent)
	out.Latest.BloodPressure, out.Latest.BloodPressedAt = bloodPressure(slow, recent)
	start := now.Add(-time.Duration(period) * 24 * time.Hour)
	out.Averaged = wireAveraged{PeriodDays: period, PeriodStart: rfc3339(start), PeriodEnd: rfc3339(now),
		RestingHR: roundInt(avgSince(slow["resting_heart_rate"], start)), HRVSDNN: avgSince(slow["heart_rate_variability_sdnn"], start),
		HRVRMSSD: avgSince(slow["heart_rate_variability_rmssd"], start)}
	if primary == "" {
		// Only averages or blood pressure: the source is one that gave
		// them (the lowest id, so the answer is stable).
		primary = firstSourceSince(slow, recent, "blood_pressure_systolic", "blood_pressure_diastolic")
	}
	if primary == "" {
		primary = firstSourceSince(slow, start, "resting_heart_rate", "heart_rate_variability_sdnn", "heart_rate_variability_rmssd")
	}
	if primary == "" {
		return ok(nil), nil // nothing within the windows: no summary, as in Open Wearables
	}
	src := srcs.wire(primary)
	out.Source = &src
	return ok(out), nil
}

// firstSourceSince is the lowest data source id with a sample of one of
// codes at or after since ("" when none).
func firstSourceSince(series map[string]map[string][]timeseries.Sample, since time.Time, codes ...string) string {
	best := ""
	for _, code := range codes {
		for id, samples := range series[code] {
			if (best == "" || id < best) && slices.ContainsFunc(samples, func(smp timeseries.Sample) bool { return smp.T >= since.UnixMilli() }) {
				best = id
			}
		}
	}
	return best
}

// avgSince averages every source's samples since start (vitals mix sources,
// as Open Wearables does for averages).
func avgSince(bySource map[string][]timeseries.Sample, start time.Time) *float64 {
	var xs []float64
	for _, samples := range bySource {
		for _, smp := range samples {
			if smp.T >= start.UnixMilli() {
				xs = append(xs, smp.V)
			}
		}
	}
	return mean(xs)
}

func bloodPressure(series map[string]map[string][]timeseries.Sample, since time.Time) (*wireBPStats, *string) {
	var sys, dia []float64
	var last int64
	for _, samples := range series["blood_pressure_systolic"] {
		for _, smp := range samples {
			if smp.T >= since.UnixMilli() {
				sys = append(sys, smp.V)
				last = max(last, smp.T)
			}
		}
	}
	for _, samples := range series["blood_pressure_diastolic"] {
		for _, smp := range samples {
			if smp.T >= since.UnixMilli() {
				dia = append(dia, smp.V)
			}
		}
	}
	if len(sys) == 0 && len(dia) == 0 {
		return nil, nil
	}
	// Pressures are whole mmHg, as in Open Wearables 0.9.0.
	st := &wireBPStats{Count: max(len(sys), len(dia)), AvgSys: roundInt(mean(sys)), AvgDia: roundInt(mean(dia))}
	st.MinSys, st.MaxSys = minMaxInt(sys)
	st.MinDia, st.MaxDia = minMaxInt(dia)
	return st, timePtr(time.UnixMilli(last))
}

func minMaxInt(xs []float64) (*int, *int) {
	if len(xs) == 0 {
		return nil, nil
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return roundInt(&lo), roundInt(&hi)
}
