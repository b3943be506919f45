package withings

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// group is a measure group before rendering, with the bookkeeping the
// services and notifications need.
type group struct {
	id       int64
	attrib   int
	category int
	date     time.Time
	created  time.Time
	modified time.Time
	offset   string
	dev      *device // nil for manual entries
	appli    int
	measures []Measure
}

// measure encodes a real value of a type with the type's unit.
func measure(meastype int, v float64) Measure {
	u, _ := UnitOf(meastype)
	return Measure{Value: toFixed(v, u), Type: meastype, Unit: u}
}

// Derived group ids live above the truth's (user × 100000 + day × 4 + k),
// so that they never collide with a truth measurement id.
func watchGroupID(userID int64, day, k int) int64 {
	return userID*100000 + 50000 + int64(day)*4 + int64(k)
}
func heightGroupID(userID int64) int64 { return userID*100000 + 99998 }
func goalGroupID(userID int64) int64   { return userID*100000 + 99999 }

// groups returns every measure group of a person visible now, newest
// first: the truth's device readings, the nightly watch spot measures
// derived from main sleeps, the height entered at sign-up and a weight
// goal.
func (s *Server) groups(p *truth.Person) []group {
	k := kitOf(s.seed, p)
	var out []group
	for _, m := range p.Measurements(time.Time{}, time.Time{}) {
		out = append(out, s.truthGroup(p, k, m))
	}
	for _, sl := range p.Sleeps(time.Time{}, time.Time{}) {
		if !sl.Nap {
			out = append(out, watchGroups(p, k, sl)...)
		}
	}
	signup := p.DataStart().AddDate(0, 0, -30).Truncate(time.Second)
	pr := p.Profile
	out = append(out, group{
		id: heightGroupID(p.WithingsUserID), attrib: 4, category: 1,
		date: signup, created: signup, modified: signup, offset: p.OffsetAt(signup),
		appli: AppliWeight, measures: []Measure{measure(TypeHeight, pr.HeightM)},
	}, group{
		id: goalGroupID(p.WithingsUserID), attrib: 2, category: 2,
		date: signup, created: signup, modified: signup, offset: p.OffsetAt(signup),
		appli: AppliWeight, measures: []Measure{measure(TypeWeight, goalWeight(pr))},
	})
	slices.SortFunc(out, func(a, b group) int {
		return cmp.Or(b.date.Compare(a.date), cmp.Compare(b.id, a.id))
	})
	return out
}

// goalWeight is the user objective: a BMI of 24 for those above it,
// keeping the weight otherwise.
func goalWeight(pr truth.Profile) float64 {
	target := 24 * pr.HeightM * pr.HeightM
	return math.Round(math.Min(pr.WeightKg, target)*10) / 10
}

// truthGroup renders one truth measurement.
func (s *Server) truthGroup(p *truth.Person, k kit, m truth.Measurement) group {
	g := group{
		id: m.ID, category: 1, date: m.Time, created: m.CreatedAt, modified: m.UpdatedAt,
		offset: m.Offset,
	}
	switch m.Kind {
	case truth.MeasureWeight:
		g.dev, g.appli = &k.scale, AppliWeight
		g.measures = s.scaleMeasures(p, k, m)
	case truth.MeasureBloodPressure:
		g.dev, g.appli, g.attrib = &k.bpm, AppliPressure, 0
		arm := 3 // left arm
		for _, ms := range []Measure{
			measure(TypeDiastolic, float64(m.DiastolicMmHg)),
			measure(TypeSystolic, float64(m.SystolicMmHg)),
			measure(TypeHeartPulse, float64(m.PulseBPM)),
		} {
			ms.Position = ptr(arm)
			g.measures = append(g.measures, ms)
		}
	case truth.MeasureTemperature:
		g.dev, g.appli = &k.thermo, AppliTemperature
		g.measures = []Measure{measure(TypeBodyTemperature, m.BodyTempC)}
	}
	return g
}

// scaleMeasures renders a weigh-in: the truth's weight and body
// composition, plus what a Body Cardio or Body Scan adds, derived from the
// truth values and the person (see bodyExtras).
func (s *Server) scaleMeasures(p *truth.Person, k kit, m truth.Measurement) []Measure {
	x := bodyExtras(s.seed, p, m)
	out := []Measure{
		measure(TypeWeight, m.WeightKg),
		measure(TypeFatFreeMass, m.FatFreeMassKg),
		measure(TypeFatRatio, m.FatRatioPct),
		measure(TypeFatMass, m.FatMassKg),
		measure(TypeMuscleMass, m.MuscleMassKg),
		measure(TypeHydration, m.HydrationKg),
		measure(TypeBoneMass, m.BoneMassKg),
		measure(TypeHeartPulse, float64(x.pulse)),
		measure(TypePulseWave, x.pwv),
		measure(TypeVascularAge, float64(x.vascularAge)),
	}
	if k.fullScale {
		out = append(out,
			measure(TypeExtracellular, x.ecw),
			measure(TypeIntracellular, x.icw),
			measure(TypeVisceralFat, x.visceral),
			measure(TypeBMR, float64(x.bmr)),
		)
	}
	return out
}

// extras are the scale measures the truth does not model.
type extras struct {
	pulse       int
	pwv         float64
	vascularAge int
	ecw, icw    float64
	visceral    float64
	bmr         int
}

// bodyExtras derives the extra scale measures of a weigh-in. Extracellular
// water is about 40 % of total body water and the two compartments add up
// to the truth's hydration exactly; pulse-wave velocity rises with age;
// vascular age follows the velocity's distance from the age norm; visceral
// fat follows BMI and age; the basal metabolic rate is Mifflin–St Jeor at
// the measured weight.
func bodyExtras(seed int64, p *truth.Person, m truth.Measurement) extras {
	pr := p.Profile
	h := personHash(seed, p, keyBody, uint64(m.ID))
	age := float64(pr.Age)
	norm := 4.2 + 0.075*age
	pwv := math.Round((norm+(unitOf(hash(h, 1))-0.5)*0.8)*1000) / 1000
	ecw := math.Round(m.HydrationKg*(0.38+0.04*unitOf(hash(h, 2)))*100) / 100
	bmi := m.WeightKg / (pr.HeightM * pr.HeightM)
	visceral := 0.2*age + 1.5*(bmi-22)
	bmr := 10*m.WeightKg + 625*pr.HeightM - 5*age + 5
	if pr.Sex == truth.Female {
		visceral -= 3
		bmr -= 166
	}
	return extras{
		pulse:       pr.RestingHR + 8 + int(hash(h, 3)%9) - 4,
		pwv:         pwv,
		vascularAge: int(math.Round(math.Max(18, age+(pwv-norm)/0.075))),
		ecw:         ecw,
		icw:         math.Round((m.HydrationKg-ecw)*100) / 100,
		visceral:    math.Round(math.Max(1, math.Min(30, visceral))*10) / 10,
		bmr:         int(math.Round(bmr)),
	}
}

// watchGroups derives the watch's nightly spot measures from a main
// sleep: SpO2 (with VO2 max once a week) and skin temperature, taken at
// wake-up and synced with the night.
func watchGroups(p *truth.Person, k kit, sl truth.Sleep) []group {
	at := sl.End.Truncate(time.Second)
	spo2 := []Measure{measure(TypeSpO2, sl.SpO2)}
	if sl.Day%7 == 0 {
		spo2 = append(spo2, measure(TypeVO2Max, p.Profile.VO2Max))
	}
	base := group{
		attrib: 0, category: 1, date: at, created: sl.CreatedAt, modified: sl.CreatedAt,
		offset: p.OffsetAt(at), dev: &k.tracker,
	}
	a, b := base, base
	a.id, a.appli, a.measures = watchGroupID(p.WithingsUserID, sl.Day, 0), AppliPressure, spo2
	b.id, b.appli, b.measures = watchGroupID(p.WithingsUserID, sl.Day, 1), AppliTemperature,
		[]Measure{measure(TypeSkinTemperature, sl.SkinTempC)}
	return []group{a, b}
}

// wire renders a group, keeping only the measures whose type passes keep.
func (g group) wire(keep func(int) bool) (MeasureGroup, bool) {
	out := MeasureGroup{
		GrpID: g.id, Attrib: g.attrib, Date: g.date.Unix(), Created: g.created.Unix(),
		Modified: g.modified.Unix(), Category: g.category, Timezone: zoneName(g.offset),
		Measures: []Measure{},
	}
	if g.dev != nil {
		out.DeviceID, out.HashDeviceID = ptr(g.dev.ID), ptr(g.dev.ID)
		out.Model, out.ModelID = ptr(g.dev.Model), ptr(g.dev.ModelID)
	}
	for _, m := range g.measures {
		if keep(m.Type) {
			out.Measures = append(out.Measures, m)
		}
	}
	return out, len(out.Measures) > 0
}
