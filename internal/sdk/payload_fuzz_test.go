package sdk

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// FuzzDecodeSyncRequest: whatever the bytes, decoding ends with a
// request or a *PayloadError — never a panic or another error — and a
// PayloadError's offset stays inside the input.
func FuzzDecodeSyncRequest(f *testing.F) {
	for _, name := range []string{"testdata/apple_batch.json", "testdata/samsung_batch.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte(`{"provider":"apple","sdkVersion":"1","syncTimestamp":"2024-03-10T00:00:00Z","data":{"records":[{"value":"1e999"}]}}`))
	f.Add([]byte(`{"provider":"apple","provider":"google"}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		req, err := DecodeSyncRequest(bytes.NewReader(in))
		if err == nil {
			if req == nil {
				t.Fatal("nil request without an error")
			}
			return
		}
		var pe *PayloadError
		if !errors.As(err, &pe) {
			t.Fatalf("error %T: %v", err, err)
		}
		if pe.Offset > int64(len(in)) {
			t.Fatalf("offset %d outside %d bytes", pe.Offset, len(in))
		}
	})
}
