package apple

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// syntheticExport is an export shaped like a real one: mostly heart-rate
// and step records from a watch and a phone, some with metadata, and a
// workout and activity summary a day.
func syntheticExport(records int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<HealthData locale=\"en_US\">\n")
	b.WriteString(` <ExportDate value="2024-03-11 08:00:00 -0700"/>` + "\n")
	const watch = `sourceName="Ana’s Apple Watch" sourceVersion="10.3" device="&lt;&lt;HKDevice: 0x283c8a3f0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.3&gt;"`
	const phone = `sourceName="Ana’s iPhone" sourceVersion="17.3.1" device="&lt;&lt;HKDevice: 0x283c8a5a0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone15,2, software:17.3.1&gt;"`
	t := time.Date(2023, 1, 1, 0, 0, 0, 0, time.FixedZone("", -8*3600))
	for i := range records {
		t = t.Add(5 * time.Minute)
		at := t.Format(timeLayout)
		switch {
		case i%1000 == 999:
			fmt.Fprintf(&b, ` <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" durationUnit="min" %s creationDate="%s" startDate="%s" endDate="%s">`+"\n"+
				`  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="%s" endDate="%s" sum="312.4" unit="Cal"/>`+"\n </Workout>\n", watch, at, at, at, at, at)
		case i%3 == 0:
			fmt.Fprintf(&b, ` <Record type="HKQuantityTypeIdentifierStepCount" %s unit="count" creationDate="%s" startDate="%s" endDate="%s" value="%d"/>`+"\n", phone, at, at, at, i%900)
		case i%7 == 0:
			fmt.Fprintf(&b, ` <Record type="HKQuantityTypeIdentifierHeartRate" %s unit="count/min" creationDate="%s" startDate="%s" endDate="%s" value="%d">`+"\n"+
				`  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>`+"\n </Record>\n", watch, at, at, at, 55+i%60)
		default:
			fmt.Fprintf(&b, ` <Record type="HKQuantityTypeIdentifierHeartRate" %s unit="count/min" creationDate="%s" startDate="%s" endDate="%s" value="%d"/>`+"\n", watch, at, at, at, 55+i%60)
		}
	}
	b.WriteString("</HealthData>\n")
	return b.Bytes()
}

// BenchmarkReader is the reader alone (no mapping, no store) over an
// in-memory export: MB/s of XML and allocations per element.
func BenchmarkReader(b *testing.B) {
	data := syntheticExport(50_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(data))
		n, err := readAll(r)
		if err != nil || len(n) != 50_001 {
			b.Fatal(len(n), err)
		}
	}
}
