package apple

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// readAll reads every element of an export, stopping at the first error.
func readAll(r *Reader) ([]Element, error) {
	var out []Element
	for {
		el, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, el)
	}
}

func small(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/export_small.xml")
	require.NoError(t, err)
	return b
}

// TestReaderReadsEveryKindOfElement: the sample export's elements come out
// whole, in file order, with Apple's values, zones and children; the
// clinical record it does not model is skipped and counted.
func TestReaderReadsEveryKindOfElement(t *testing.T) {
	t.Parallel()
	r := NewReader(bytes.NewReader(small(t)))
	els, err := readAll(r)
	require.NoError(t, err)
	require.Len(t, els, 10)
	require.Equal(t, map[string]int{"ClinicalRecord": 1}, r.Skipped)

	require.Equal(t, time.Date(2024, 3, 11, 15, 0, 0, 0, time.UTC), els[0].(*ExportDate).Value.UTC())
	require.Equal(t, "HKBiologicalSexFemale", els[1].(*Me).BiologicalSex)

	hr := els[2].(*Record)
	require.Equal(t, "HKQuantityTypeIdentifierHeartRate", hr.Type)
	require.Equal(t, "Ana’s Apple Watch", hr.SourceName)
	require.Equal(t, "count/min", hr.Unit)
	v, err := hr.Number()
	require.NoError(t, err)
	require.Equal(t, 62.0, v)
	require.Equal(t, []MetadataEntry{{Key: "HKMetadataKeyHeartRateMotionContext", Value: "0"}}, hr.Metadata)
	// The night of the DST change: 01:59:59 PST, then 03:00:01 PDT, two
	// seconds apart, each with its own offset.
	next := els[3].(*Record)
	require.Equal(t, 2*time.Second, next.StartDate.Sub(hr.StartDate.Time))
	_, off := hr.StartDate.Zone()
	require.Equal(t, -8*3600, off)
	_, off = next.StartDate.Zone()
	require.Equal(t, -7*3600, off)
	d, ok := ParseDevice(hr.Device)
	require.True(t, ok)
	require.Equal(t, Device{Name: "Apple Watch", Manufacturer: "Apple Inc.", Model: "Watch", Hardware: "Watch6,2", Software: "10.3"}, d)

	hrv := els[4].(*Record)
	require.Equal(t, "HKQuantityTypeIdentifierHeartRateVariabilitySDNN", hrv.Type)
	require.Equal(t, []InstantaneousBPM{{BPM: "61", Time: "4:11:31.21 AM"}, {BPM: "63", Time: "4:11:32.17 AM"}}, hrv.Beats)

	sleep := els[6].(*Record)
	require.Equal(t, "HKCategoryValueSleepAnalysisAsleepCore", sleep.Value)
	require.Equal(t, 40*time.Minute, sleep.EndDate.Sub(sleep.StartDate.Time))

	bp := els[7].(*Correlation)
	require.Equal(t, "HKCorrelationTypeIdentifierBloodPressure", bp.Type)
	require.Len(t, bp.Records, 2)
	require.Equal(t, "118", bp.Records[0].Value)
	require.Equal(t, "HKQuantityTypeIdentifierBloodPressureDiastolic", bp.Records[1].Type)

	w := els[8].(*Workout)
	require.Equal(t, "HKWorkoutActivityTypeRunning", w.ActivityType)
	require.Equal(t, "31.25", w.Duration)
	require.Len(t, w.Statistics, 3)
	require.Equal(t, WorkoutStatistics{Type: "HKQuantityTypeIdentifierHeartRate", StartDate: w.StartDate, EndDate: w.EndDate,
		Average: "151.2", Minimum: "98", Maximum: "172", Unit: "count/min"}, w.Statistics[1])
	require.Equal(t, "/workout-routes/route_2024-03-10_8.40am.gpx", w.Routes[0].Files[0].Path)
	require.Len(t, w.Events, 1)

	a := els[9].(*ActivitySummary)
	require.Equal(t, "2024-03-10", a.Date)
	require.Equal(t, "452.31", a.ActiveEnergyBurned)
	require.Equal(t, "Cal", a.ActiveEnergyBurnedUnit)

	// Offsets point at each element's start tag.
	b := small(t)
	for _, el := range els[2:] {
		var at int64
		switch e := el.(type) {
		case *Record:
			at = e.Offset
		case *Correlation:
			at = e.Offset
		case *Workout:
			at = e.Offset
		case *ActivitySummary:
			at = e.Offset
		}
		require.Equal(t, byte('<'), b[at], "offset %d", at)
	}
}

// TestReaderNeverReturnsAPartialElement: an export cut at any byte gives
// the elements that ended before the cut, exactly as the whole file gives
// them, then a FormatError naming an offset inside the cut file — never a
// half-read element.
func TestReaderNeverReturnsAPartialElement(t *testing.T) {
	t.Parallel()
	b := small(t)
	whole, err := readAll(NewReader(bytes.NewReader(b)))
	require.NoError(t, err)
	end := bytes.LastIndex(b, []byte("</HealthData>"))
	for cut := 0; cut < end; cut++ {
		got, err := readAll(NewReader(bytes.NewReader(b[:cut])))
		var fe *FormatError
		require.ErrorAs(t, err, &fe, "cut at %d", cut)
		require.LessOrEqual(t, fe.Offset, int64(cut), "cut at %d", cut)
		for i, el := range got {
			require.Equal(t, whole[i], el, "cut at %d, element %d", cut, i)
		}
	}
}

// TestReaderNamesWhatIsWrong: malformed exports get an error saying what
// and where.
func TestReaderNamesWhatIsWrong(t *testing.T) {
	t.Parallel()
	const head = `<?xml version="1.0" encoding="UTF-8"?>` + "\n<HealthData locale=\"en_US\">\n"
	good := ` <Record type="HKQuantityTypeIdentifierStepCount" unit="count" startDate="2024-03-10 09:05:40 -0700" endDate="2024-03-10 09:15:12 -0700" value="10"/>` + "\n"
	cases := []struct {
		name, xml, msg string
		offset         int
		read           int
		notExport      bool
	}{
		{name: "bad date", xml: head + good + ` <Record type="x" startDate="2024-03-10T09:05:40Z" value="1"/>` + "\n</HealthData>",
			msg: `startDate="2024-03-10T09:05:40Z" is not a time`, offset: len(head+good) + 1, read: 1},
		{name: "unclosed", xml: head + good + ` <Record type="x" value="1">` + "\n</HealthData>", msg: "line 5: element <Record> closed by </HealthData>", read: 1},
		{name: "truncated", xml: head + good, msg: "truncated", read: 1},
		{name: "another root", xml: `<?xml version="1.0"?><feed></feed>`, msg: "root element <feed>", notExport: true},
		{name: "empty", xml: ``, msg: "ends before <HealthData>", notExport: true},
		{name: "not xml", xml: "PK\x03\x04garbage", msg: "byte", notExport: false},
		{name: "after the root", xml: head + good + "</HealthData>\n<HealthData/>", msg: "data after </HealthData>", read: 1},
		{name: "unknown entity", xml: head + ` <Record type="&bogus;"/>` + "\n</HealthData>", msg: "entity"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := readAll(NewReader(bytes.NewReader([]byte(tc.xml))))
			var fe *FormatError
			require.ErrorAs(t, err, &fe)
			require.Contains(t, fe.Error(), tc.msg)
			require.Len(t, got, tc.read)
			if tc.offset > 0 {
				require.Equal(t, int64(tc.offset), fe.Offset)
			}
			require.Equal(t, tc.notExport, errors.Is(err, ErrNotExport))
		})
	}
}

// TestOpenReadsTheArchiveOrTheXML: the Health app's export.zip is read
// from its apple_health_export/export.xml entry (not export_cda.xml),
// and a bare export.xml is read as is; both give the same elements.
func TestOpenReadsTheArchiveOrTheXML(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	b := small(t)
	xmlPath := filepath.Join(dir, "export.xml")
	require.NoError(t, os.WriteFile(xmlPath, b, 0o600))
	zipPath := filepath.Join(dir, "export.zip")
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, body := range map[string][]byte{"apple_health_export/export_cda.xml": []byte("<ClinicalDocument/>"),
		"apple_health_export/export.xml": b, "apple_health_export/workout-routes/route.gpx": []byte("<gpx/>")} {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = w.Write(body)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(zipPath, zb.Bytes(), 0o600))

	want, err := readAll(NewReader(bytes.NewReader(b)))
	require.NoError(t, err)
	for _, p := range []string{xmlPath, zipPath} {
		e, err := Open(p)
		require.NoError(t, err, p)
		require.Equal(t, int64(len(b)), e.Size)
		got, err := readAll(e.Reader)
		require.NoError(t, err, p)
		require.Equal(t, want, got, p)
		require.Equal(t, e.Size, e.Offset(), "the whole XML was read")
		require.NoError(t, e.Close())
	}

	noXML := filepath.Join(dir, "other.zip")
	zb.Reset()
	zw = zip.NewWriter(&zb)
	_, err = zw.Create("notes.txt")
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(noXML, zb.Bytes(), 0o600))
	_, err = Open(noXML)
	require.ErrorIs(t, err, ErrNoExportXML)
	_, err = Open(filepath.Join(dir, "missing.zip"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestParseDevice(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		in   string
		want Device
		ok   bool
	}{
		"watch": {in: "<<HKDevice: 0x283c8a3f0>, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, software:10.3>",
			want: Device{Name: "Apple Watch", Manufacturer: "Apple Inc.", Model: "Watch", Hardware: "Watch6,2", Software: "10.3"}, ok: true},
		"third party": {in: "<<HKDevice: 0x2>, name:Withings Body+, manufacturer:Withings, model:WBS05, localIdentifier:00:24:e4>",
			want: Device{Name: "Withings Body+", Manufacturer: "Withings", Model: "WBS05"}, ok: true},
		"empty":  {in: ""},
		"prose":  {in: "Apple Watch"},
		"broken": {in: "<<HKDevice: 0x2"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseDevice(tc.in)
			require.Equal(t, tc.ok, ok)
			require.Equal(t, tc.want, got)
		})
	}
}
