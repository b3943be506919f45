package healthkit

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// WriteSynthetic writes an export.xml of about size bytes shaped like a
// heavy user's years of Apple Watch data, records grouped by type as the
// Health app writes them: heart rate every 2 minutes and active energy
// every minute from the Watch, steps every 10 minutes from the iPhone
// and the Watch, distance every 10 minutes, a night of sleep stages and
// a workout a day. It returns the bytes written and the number of
// records. The data is regular, not physiological: it is for measuring
// the import, not for checking values (Data is).
func WriteSynthetic(out io.Writer, size int64, zone *time.Location) (int64, int64, error) {
	cw := &countingWriter{w: out}
	b := bufio.NewWriterSize(cw, 1<<20)
	w := Writer{Zone: func(time.Time) *time.Location { return zone }, Owner: "Ana"}
	const perDay = 1060 << 10 // bytes a day of the records below takes, near enough
	days := max(1, int(size/perDay))
	start := time.Date(2018, 1, 1, 0, 0, 0, 0, zone)
	b.WriteString(header)
	fmt.Fprintf(b, "<HealthData locale=\"en_US\">\n <ExportDate value=\"%s\"/>\n", w.at(start.AddDate(0, 0, days)))
	wn, wd := w.watch()
	pn, pd := w.phone()
	var records int64
	each := func(step time.Duration, fn func(i int, t time.Time)) {
		for day := range days {
			d0 := start.AddDate(0, 0, day)
			for i, t := 0, d0; t.Before(d0.AddDate(0, 0, 1)); i, t = i+1, t.Add(step) {
				fn(i, t)
				records++
			}
		}
	}
	each(2*time.Minute, func(i int, t time.Time) {
		at := w.at(t)
		fmt.Fprintf(b, ` <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="%s" sourceVersion="10.3" device="%s" unit="count/min" creationDate="%s" startDate="%s" endDate="%s" value="%d">`+"\n"+
			`  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>`+"\n </Record>\n", wn, wd, at, at, at, 55+i%70)
	})
	each(time.Minute, func(i int, t time.Time) {
		fmt.Fprintf(b, ` <Record type="HKQuantityTypeIdentifierActiveEnergyBurned" sourceName="%s" sourceVersion="10.3" device="%s" unit="Cal" creationDate="%s" startDate="%s" endDate="%s" value="%d.%03d"/>`+"\n",
			wn, wd, w.at(t.Add(time.Minute)), w.at(t), w.at(t.Add(time.Minute)), i%9, i%1000)
	})
	each(10*time.Minute, func(i int, t time.Time) {
		for _, src := range [][2]string{{pn, pd}, {wn, wd}} {
			fmt.Fprintf(b, ` <Record type="HKQuantityTypeIdentifierStepCount" sourceName="%s" sourceVersion="17.3.1" device="%s" unit="count" creationDate="%s" startDate="%s" endDate="%s" value="%d"/>`+"\n",
				src[0], src[1], w.at(t.Add(10*time.Minute)), w.at(t), w.at(t.Add(10*time.Minute)), i*37%900)
		}
		records++
	})
	each(10*time.Minute, func(i int, t time.Time) {
		fmt.Fprintf(b, ` <Record type="HKQuantityTypeIdentifierDistanceWalkingRunning" sourceName="%s" sourceVersion="17.3.1" device="%s" unit="km" creationDate="%s" startDate="%s" endDate="%s" value="0.%04d"/>`+"\n",
			pn, pd, w.at(t.Add(10*time.Minute)), w.at(t), w.at(t.Add(10*time.Minute)), i*53%9000)
	})
	stages := []string{"AsleepCore", "AsleepDeep", "AsleepCore", "AsleepREM", "Awake"}
	each(24*time.Hour, func(_ int, t time.Time) {
		bed := t.Add(-90 * time.Minute) // 22:30 the evening before
		fmt.Fprintf(b, ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="%s" sourceVersion="10.3" creationDate="%s" startDate="%s" endDate="%s" value="HKCategoryValueSleepAnalysisInBed"/>`+"\n",
			wn, w.at(bed.Add(8*time.Hour)), w.at(bed), w.at(bed.Add(8*time.Hour)))
		for k := range 40 {
			from := bed.Add(time.Duration(k) * 12 * time.Minute)
			fmt.Fprintf(b, ` <Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="%s" sourceVersion="10.3" creationDate="%s" startDate="%s" endDate="%s" value="HKCategoryValueSleepAnalysis%s"/>`+"\n",
				wn, w.at(bed.Add(8*time.Hour)), w.at(from), w.at(from.Add(12*time.Minute)), stages[k%len(stages)])
		}
		records += 40
	})
	each(24*time.Hour, func(i int, t time.Time) {
		s, e := w.at(t.Add(18*time.Hour)), w.at(t.Add(18*time.Hour+45*time.Minute))
		fmt.Fprintf(b, ` <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="45" durationUnit="min" sourceName="%s" sourceVersion="10.3" device="%s" creationDate="%s" startDate="%s" endDate="%s">`+"\n"+
			`  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="%s" endDate="%s" sum="%d.5" unit="Cal"/>`+"\n"+
			`  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="%s" endDate="%s" average="151" minimum="98" maximum="172" unit="count/min"/>`+"\n"+
			`  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" startDate="%s" endDate="%s" sum="7.%03d" unit="km"/>`+"\n </Workout>\n",
			wn, wd, e, s, e, s, e, 300+i%200, s, e, s, e, i%1000)
	})
	b.WriteString("</HealthData>\n")
	err := b.Flush()
	return cw.n, records, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
