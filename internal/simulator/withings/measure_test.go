package withings_test

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// allGroups fetches every real measure group of a token's user.
func allGroups(t *testing.T, b *testBundle, tok string, extra ...string) map[int64]withings.MeasureGroup {
	t.Helper()
	out := map[int64]withings.MeasureGroup{}
	offset := 0
	for {
		f := form(append([]string{"action", "getmeas", "offset", strconv.Itoa(offset)}, extra...)...)
		body := call[withings.MeasureBody](t, b, withings.RouteMeasure, tok, f)
		for _, g := range body.MeasureGrps {
			_, dup := out[g.GrpID]
			require.False(t, dup, "group %d returned twice", g.GrpID)
			out[g.GrpID] = g
		}
		if body.More == 0 {
			return out
		}
		offset = body.Offset
	}
}

// requireExact checks that a measure decodes back to a truth value at the
// unit's precision, and that the mantissa is the rounded value.
func requireExact(t *testing.T, m withings.Measure, want float64) {
	t.Helper()
	unit, ok := withings.UnitOf(m.Type)
	require.True(t, ok, "type %d", m.Type)
	require.Equal(t, unit, m.Unit, "type %d", m.Type)
	require.Equal(t, int64(math.Round(want*math.Pow10(-unit))), m.Value, "type %d", m.Type)
	require.InDelta(t, want, m.Real(), 0.5*math.Pow10(unit)+1e-9, "type %d", m.Type)
}

// byType indexes a group's measures.
func byType(g withings.MeasureGroup) map[int]withings.Measure {
	out := map[int]withings.Measure{}
	for _, m := range g.Measures {
		out[m.Type] = m
	}
	return out
}

// TestMeasuresDecodeToTruth checks value × 10^unit against the truth for
// every measurement of every person, and the nightly watch groups against
// the sleeps they come from.
func TestMeasuresDecodeToTruth(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 4, days: 12})
	for i, p := range b.world.People() {
		groups := allGroups(t, b, b.token(t, i))
		ms := p.Measurements(time.Time{}, time.Time{})
		require.NotEmpty(t, ms)
		for _, m := range ms {
			g, ok := groups[m.ID]
			require.True(t, ok, "measurement %d missing", m.ID)
			require.Equal(t, m.Time.Unix(), g.Date)
			require.Equal(t, m.CreatedAt.Unix(), g.Created)
			mt := byType(g)
			var want map[int]float64
			switch m.Kind {
			case truth.MeasureWeight:
				want = map[int]float64{
					withings.TypeWeight: m.WeightKg, withings.TypeFatRatio: m.FatRatioPct, withings.TypeFatMass: m.FatMassKg,
					withings.TypeFatFreeMass: m.FatFreeMassKg, withings.TypeMuscleMass: m.MuscleMassKg,
					withings.TypeHydration: m.HydrationKg, withings.TypeBoneMass: m.BoneMassKg,
				}
				if ecw, ok := mt[withings.TypeExtracellular]; ok {
					// The water compartments add up to hydration exactly.
					require.Equal(t, mt[withings.TypeHydration].Value, ecw.Value+mt[withings.TypeIntracellular].Value)
				}
			case truth.MeasureBloodPressure:
				want = map[int]float64{
					withings.TypeSystolic: float64(m.SystolicMmHg), withings.TypeDiastolic: float64(m.DiastolicMmHg),
					withings.TypeHeartPulse: float64(m.PulseBPM),
				}
			case truth.MeasureTemperature:
				want = map[int]float64{withings.TypeBodyTemperature: m.BodyTempC}
			}
			for typ, v := range want {
				got, ok := mt[typ]
				require.True(t, ok, "type %d missing from group %d", typ, m.ID)
				requireExact(t, got, v)
			}
		}
		for _, sl := range p.Sleeps(time.Time{}, time.Time{}) {
			if sl.Nap {
				continue
			}
			var spo2, skin bool
			for _, g := range groups {
				if g.Date != sl.End.Unix() {
					continue
				}
				if m, ok := byType(g)[withings.TypeSpO2]; ok {
					requireExact(t, m, sl.SpO2)
					spo2 = true
				}
				if m, ok := byType(g)[withings.TypeSkinTemperature]; ok {
					requireExact(t, m, sl.SkinTempC)
					skin = true
				}
			}
			require.True(t, spo2 && skin, "night %s lacks its watch measures", sl.ID)
		}
	}
}

// TestGetmeasParameters checks the filters and parameter errors.
func TestGetmeasParameters(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{})
	tok := b.token(t, 0)
	all := allGroups(t, b, tok)
	now := b.world.Now()
	mid := now.AddDate(0, 0, -4)
	tests := []struct {
		name   string
		params []string
		check  func(t *testing.T, g withings.MeasureGroup)
		status int
	}{
		{name: "OneType", params: []string{"meastype", "1"}, check: func(t *testing.T, g withings.MeasureGroup) {
			require.Len(t, g.Measures, 1)
			require.Equal(t, withings.TypeWeight, g.Measures[0].Type)
		}},
		{name: "TypeList", params: []string{"meastypes", "9,10"}, check: func(t *testing.T, g withings.MeasureGroup) {
			require.Len(t, g.Measures, 2)
		}},
		{name: "Goals", params: []string{"category", "2"}, check: func(t *testing.T, g withings.MeasureGroup) {
			require.Equal(t, 2, g.Category)
			require.Nil(t, g.DeviceID)
		}},
		{name: "Window", params: []string{"startdate", unix(mid), "enddate", unix(now)}, check: func(t *testing.T, g withings.MeasureGroup) {
			require.GreaterOrEqual(t, g.Date, mid.Unix())
		}},
		{name: "LastUpdate", params: []string{"lastupdate", unix(mid)}, check: func(t *testing.T, g withings.MeasureGroup) {
			require.GreaterOrEqual(t, g.Modified, mid.Unix())
		}},
		{name: "BadType", params: []string{"meastype", "x"}, status: withings.StatusInvalidParams},
		{name: "BadCategory", params: []string{"category", "3"}, status: withings.StatusInvalidParams},
		{name: "LastUpdateWithWindow", params: []string{"lastupdate", "1", "startdate", "1"}, status: withings.StatusInvalidParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.status != 0 {
				raw := b.post(t, withings.RouteMeasure, tok, form(append([]string{"action", "getmeas"}, tt.params...)...))
				require.Equal(t, tt.status, status(t, raw))
				return
			}
			got := allGroups(t, b, tok, tt.params...)
			require.NotEmpty(t, got)
			require.Less(t, len(got), len(all)+1)
			for _, g := range got {
				tt.check(t, g)
			}
		})
	}
}
