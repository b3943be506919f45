package healthkit

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Layout is how exports write instants: local wall time and offset.
const Layout = "2006-01-02 15:04:05 -0700"

// header is the export's prolog: Apple's DTD (abridged to the elements
// written here, with their attribute lists as the Health app declares
// them).
const header = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type                       CDATA #REQUIRED
  startDate                  CDATA #REQUIRED
  endDate                    CDATA #REQUIRED
  average                    CDATA #IMPLIED
  minimum                    CDATA #IMPLIED
  maximum                    CDATA #IMPLIED
  sum                        CDATA #IMPLIED
  unit                       CDATA #IMPLIED
>
]>
`

// Writer names the writing sources as the Health app describes them.
type Writer struct {
	// Zone is the zone an instant is written in: the wearer's, whose
	// offset changes when they travel or the clocks change (truth's
	// Person.Location).
	Zone func(time.Time) *time.Location
	// Owner is the first name in the devices' names ("Emma’s Apple Watch").
	Owner string
}

func (w Writer) watch() (name, device string) {
	return w.Owner + "’s Apple Watch",
		"&lt;&lt;HKDevice: 0x283c8a3f0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.3&gt;"
}

func (w Writer) phone() (name, device string) {
	return w.Owner + "’s iPhone",
		"&lt;&lt;HKDevice: 0x283c8a5a0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone15,2, software:17.3.1&gt;"
}

func (w Writer) at(t time.Time) string { return t.In(w.Zone(t)).Format(Layout) }

// Data is what an export or a payload holds: the person's truth in
// [From, To).
type Data struct {
	Person   *truth.Person
	From, To time.Time
	// HREvery is the heart-rate sampling step (the Watch samples every few
	// minutes at rest).
	HREvery time.Duration
}

// WriteExport writes an export.xml of d: heart rate from the Watch, steps
// per hour from both the iPhone and the Watch (each counting the same
// walking, as they do), sleep analysis as stage runs inside an in-bed
// record, workouts with their statistics.
func (w Writer) WriteExport(out io.Writer, d Data) error {
	b := bufio.NewWriterSize(out, 256<<10)
	b.WriteString(header)
	fmt.Fprintf(b, "<HealthData locale=\"en_US\">\n <ExportDate value=\"%s\"/>\n", w.at(d.To))
	b.WriteString(` <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-04-02" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet"/>` + "\n")
	wn, wd := w.watch()
	pn, pd := w.phone()
	for _, s := range d.Person.HeartRateEvery(d.From, d.To, d.HREvery) {
		at := w.at(s.Time)
		fmt.Fprintf(b, ` <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="%s" sourceVersion="10.3" device="%s" unit="count/min" creationDate="%s" startDate="%s" endDate="%s" value="%d">`+"\n"+
			`  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>`+"\n </Record>\n", wn, wd, at, at, at, s.BPM)
	}
	for _, h := range HourlySteps(d.Person, d.From, d.To) {
		start, end := w.at(h.Start), w.at(h.Start.Add(time.Hour))
		for _, src := range [][2]string{{pn, pd}, {wn, wd}} {
			fmt.Fprintf(b, ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="%s" sourceVersion="17.3.1" device="%s" unit="count" creationDate="%s" startDate="%s" endDate="%s" value="%d"/>`+"\n",
				src[0], src[1], end, start, end, h.Steps)
		}
	}
	for _, s := range d.Person.Sleeps(d.From, d.To) {
		w.sleep(b, s, wn)
	}
	for _, wo := range d.Person.Workouts(d.From, d.To) {
		w.workout(b, wo, wn, wd)
	}
	b.WriteString("</HealthData>\n")
	return b.Flush()
}

// sleep writes a night: one in-bed record over it, then a record per run
// of one stage (light is HealthKit's core sleep).
func (w Writer) sleep(b *bufio.Writer, s truth.Sleep, source string) {
	rec := func(value string, from, to time.Time) {
		fmt.Fprintf(b, ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="%s" sourceVersion="10.3" creationDate="%s" startDate="%s" endDate="%s" value="HKCategoryValueSleepAnalysis%s"/>`+"\n",
			source, w.at(s.End), w.at(from), w.at(to), value)
	}
	rec("InBed", s.Start, s.End)
	for _, r := range Runs(s) {
		rec(appleStage[r.Stage], r.Start, r.End)
	}
}

var appleStage = map[truth.Stage]string{truth.Awake: "Awake", truth.Light: "AsleepCore", truth.Deep: "AsleepDeep", truth.REM: "AsleepREM"}

// workout writes a workout with its energy, heart-rate and distance
// statistics (iOS 16 and later).
func (w Writer) workout(b *bufio.Writer, wo truth.Workout, source, device string) {
	start, end := w.at(wo.Start), w.at(wo.End)
	fmt.Fprintf(b, ` <Workout workoutActivityType="HKWorkoutActivityType%s" duration="%.4f" durationUnit="min" sourceName="%s" sourceVersion="10.3" device="%s" creationDate="%s" startDate="%s" endDate="%s">`+"\n",
		ActivityType(wo.Sport.Key), wo.End.Sub(wo.Start).Minutes(), source, device, end, start, end)
	fmt.Fprintf(b, `  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="%s" endDate="%s" sum="%s" unit="kJ"/>`+"\n", start, end, num(wo.EnergyKJ))
	fmt.Fprintf(b, `  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="%s" endDate="%s" average="%d" maximum="%d" unit="count/min"/>`+"\n", start, end, wo.AvgHR, wo.MaxHR)
	if wo.DistanceM > 0 {
		fmt.Fprintf(b, `  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="%s" endDate="%s" sum="%s" unit="km"/>`+"\n", start, end, num(wo.DistanceM/1000))
	}
	b.WriteString(" </Workout>\n")
}

// ActivityType is HealthKit's name of a truth sport key
// ("functional_fitness" → "FunctionalStrengthTraining").
func ActivityType(key string) string {
	switch key {
	case "weightlifting":
		return "TraditionalStrengthTraining"
	case "functional_fitness":
		return "FunctionalStrengthTraining"
	}
	var b strings.Builder
	for part := range strings.SplitSeq(key, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func num(v float64) string { return fmt.Sprintf("%.6f", v) }

// Run is a stretch of one sleep stage.
type Run struct {
	Stage      truth.Stage
	Start, End time.Time
}

// Runs turns a night's 30-second hypnogram into runs of one stage.
func Runs(s truth.Sleep) []Run {
	var out []Run
	for i, st := range s.Hypnogram {
		at := s.Start.Add(time.Duration(i) * truth.EpochLength)
		if len(out) > 0 && out[len(out)-1].Stage == st {
			out[len(out)-1].End = at.Add(truth.EpochLength)
			continue
		}
		out = append(out, Run{Stage: st, Start: at, End: at.Add(truth.EpochLength)})
	}
	return out
}

// Hour is an hour's steps.
type Hour struct {
	Start time.Time
	Steps int
}

// HourlySteps sums the truth's minutes into hours with steps.
func HourlySteps(p *truth.Person, from, to time.Time) []Hour {
	var out []Hour
	for _, m := range p.Activity(from, to) {
		h := m.Start.Truncate(time.Hour)
		if len(out) == 0 || !out[len(out)-1].Start.Equal(h) {
			out = append(out, Hour{Start: h})
		}
		out[len(out)-1].Steps += m.Steps
	}
	kept := out[:0]
	for _, h := range out {
		if h.Steps > 0 {
			kept = append(kept, h)
		}
	}
	return kept
}
