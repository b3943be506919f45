package apple

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// FuzzReader: whatever the bytes, the reader ends with io.EOF or a
// *FormatError — never a panic or another error — and its offsets stay
// inside the input.
func FuzzReader(f *testing.F) {
	b, err := os.ReadFile("testdata/export_small.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte(`<HealthData><Record startDate="x"/></HealthData>`))
	f.Add([]byte(`<HealthData><Workout><WorkoutStatistics sum="1"/></Workout>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewReader(bytes.NewReader(in))
		for range 10000 {
			_, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				var fe *FormatError
				if !errors.As(err, &fe) {
					t.Fatalf("error %T: %v", err, err)
				}
				if fe.Offset < 0 || fe.Offset > int64(len(in)) {
					t.Fatalf("offset %d outside %d bytes", fe.Offset, len(in))
				}
				return
			}
		}
	})
}
