package apple

import (
	"bytes"
	"encoding/xml"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDecodeRecordMatchesUnmarshal: the reflection-free <Record> reader
// gives what encoding/xml's Unmarshal gives from Record's struct tags, on
// the sample export, the benchmark's records and hand-written edge cases
// (repeated and unknown attributes, unknown children, beats, text).
func TestDecodeRecordMatchesUnmarshal(t *testing.T) {
	t.Parallel()
	small, err := os.ReadFile("testdata/export_small.xml")
	require.NoError(t, err)
	edge := []byte(`<HealthData>
 <Record type="A" type="B" unit="count/min" value="61" extra="x" startDate="2024-03-10 01:59:59 -0800" endDate="2024-03-10 03:00:01 -0700"/>
 <Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" device="&lt;&lt;HKDevice&gt;&gt;" value="48.2">
  text <!-- a comment --> more
  <MetadataEntry key="k1" value="v1"><Nested/></MetadataEntry>
  <Unknown a="1"><MetadataEntry key="hidden" value="x"/></Unknown>
  <HeartRateVariabilityMetadataList>
   <InstantaneousBeatsPerMinute bpm="60" time="1:59:59.12 AM"/>
   <Other bpm="1"/>
   <InstantaneousBeatsPerMinute bpm="62" time="1:59:59.99 AM"><Deep/></InstantaneousBeatsPerMinute>
  </HeartRateVariabilityMetadataList>
  <HeartRateVariabilityMetadataList><InstantaneousBeatsPerMinute bpm="70"/></HeartRateVariabilityMetadataList>
  <MetadataEntry key="k2"/>
 </Record>
</HealthData>`)
	for name, doc := range map[string][]byte{"Sample": small, "Synthetic": syntheticExport(200), "Edge": edge} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want := unmarshalRecords(t, doc)
			require.NotEmpty(t, want)
			var got []Record
			r := NewReader(bytes.NewReader(doc))
			for {
				el, err := r.Next()
				if err != nil {
					break
				}
				if rec, ok := el.(*Record); ok {
					rec.Offset = 0
					got = append(got, *rec)
				}
			}
			require.Equal(t, want, got)
		})
	}
}

// TestDecodeRecordRefusesABadTime: a malformed date is an error naming it,
// as it was through Unmarshal.
func TestDecodeRecordRefusesABadTime(t *testing.T) {
	t.Parallel()
	r := NewReader(bytes.NewReader([]byte(`<HealthData><Record type="A" startDate="yesterday"/></HealthData>`)))
	_, err := r.Next()
	var fe *FormatError
	require.ErrorAs(t, err, &fe)
	require.Contains(t, fe.Error(), `startDate="yesterday"`)
}

// unmarshalRecords decodes every top-level <Record> with encoding/xml's
// reflective Unmarshal, the reference for decodeRecord.
func unmarshalRecords(t *testing.T, doc []byte) []Record {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	depth := 0
	var out []Record
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch s := tok.(type) {
		case xml.StartElement:
			if depth == 1 && s.Name.Local == "Record" {
				var rec Record
				require.NoError(t, d.DecodeElement(&rec, &s))
				out = append(out, rec)
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
}
