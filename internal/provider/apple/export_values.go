package apple

import (
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// timeLayout is how exports write instants: local wall time and offset.
const timeLayout = "2006-01-02 15:04:05 -0700"

// UnmarshalXMLAttr implements xml.UnmarshalerAttr. An absent attribute
// leaves the zero Time; a present one must parse.
func (t *Time) UnmarshalXMLAttr(a xml.Attr) error {
	if a.Value == "" {
		return nil
	}
	v, err := time.Parse(timeLayout, a.Value)
	if err != nil {
		return fmt.Errorf("%s=%q is not a time like 2024-03-10 01:59:59 -0800", a.Name.Local, a.Value)
	}
	t.Time = v
	return nil
}

// Device is HealthKit's description of a device, parsed from a record's
// device attribute.
type Device struct {
	Name         string // "Apple Watch", "iPhone", a third-party device's name
	Manufacturer string // "Apple Inc."
	Model        string // "Watch", "iPhone"
	Hardware     string // "Watch6,2", "iPhone15,2"
	Software     string // "10.3"
}

// ParseDevice reads a device attribute ("<<HKDevice: 0x283c8a3f0>,
// name:Apple Watch, manufacturer:Apple Inc., model:Watch,
// hardware:Watch6,2, software:10.3>"). Fields are separated by ", " —
// hardware identifiers hold a bare comma — and unknown keys are ignored;
// ok is false when s is not such a description.
func ParseDevice(s string) (d Device, ok bool) {
	rest, found := strings.CutPrefix(s, "<<HKDevice:")
	if !found {
		return Device{}, false
	}
	_, rest, found = strings.Cut(rest, ">")
	if !found {
		return Device{}, false
	}
	rest = strings.TrimSuffix(rest, ">")
	for _, field := range strings.Split(rest, ", ") {
		k, v, found := strings.Cut(strings.TrimSpace(field), ":")
		if !found {
			continue
		}
		switch k {
		case "name":
			d.Name = v
		case "manufacturer":
			d.Manufacturer = v
		case "model":
			d.Model = v
		case "hardware":
			d.Hardware = v
		case "software":
			d.Software = v
		}
	}
	return d, true
}
