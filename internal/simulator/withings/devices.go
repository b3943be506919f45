package withings

import (
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// device is one Withings device a simulated person owns.
type device struct {
	Type    string
	Model   string
	ModelID int
	ID      string
}

// kit is the set of devices of one person. Which models a person has is
// derived from the seed: it decides which measure types their scale
// reports, whether their blood-pressure monitor records ECGs, and whether
// their nights come from the watch or a sleep monitor under the mattress.
type kit struct {
	tracker device
	scale   device
	bpm     device
	thermo  device
	// sleep is the device tracking nights: the tracker or a sleep monitor.
	sleep device
	// sleepMonitor is true when sleep is an under-mattress sensor (model 32
	// in sleep answers), which also measures snoring.
	sleepMonitor bool
	// fullScale is true for a Body Scan, which adds water compartments,
	// visceral fat and basal metabolic rate to the Body Cardio set.
	fullScale bool
	// bpmCore is true for a BPM Core, which records an ECG with every
	// blood-pressure reading.
	bpmCore bool
}

// Model ids from the seed's model tables.
const (
	modelBodyCardio   = 6
	modelBodyScan     = 10
	modelBPMCore      = 44
	modelBPMConnect   = 45
	modelAuraSensorV2 = 63
	modelThermo       = 70
	modelScanWatch    = 93
)

// Sleep "model" values of sleep answers: the device class.
const (
	sleepModelTracker = 16
	sleepModelMonitor = 32
)

// kitOf derives the devices of a person.
func kitOf(seed int64, p *truth.Person) kit {
	h := personHash(seed, p, keyDevice)
	id := func(model int) string { return deviceID(seed, p.WithingsUserID, model) }
	k := kit{
		tracker: device{Type: "Activity Tracker", Model: "ScanWatch", ModelID: modelScanWatch, ID: id(modelScanWatch)},
		scale:   device{Type: "Scale", Model: "Body Cardio", ModelID: modelBodyCardio, ID: id(modelBodyCardio)},
		bpm:     device{Type: "Blood Pressure Monitor", Model: "BPM Connect", ModelID: modelBPMConnect, ID: id(modelBPMConnect)},
		thermo:  device{Type: "Smart Connected Thermometer", Model: "Thermo", ModelID: modelThermo, ID: id(modelThermo)},
	}
	if h%2 == 0 {
		k.fullScale = true
		k.scale = device{Type: "Scale", Model: "Body Scan", ModelID: modelBodyScan, ID: id(modelBodyScan)}
	}
	if (h>>8)%3 == 0 {
		k.bpmCore = true
		k.bpm = device{Type: "Blood Pressure Monitor", Model: "BPM Core", ModelID: modelBPMCore, ID: id(modelBPMCore)}
	}
	k.sleep = k.tracker
	if (h>>16)%3 == 1 {
		k.sleepMonitor = true
		k.sleep = device{Type: "Sleep Monitor", Model: "Aura Sensor V2", ModelID: modelAuraSensorV2, ID: id(modelAuraSensorV2)}
	}
	return k
}

// sleepModel is the class of the night-tracking device.
func (k kit) sleepModel() int {
	if k.sleepMonitor {
		return sleepModelMonitor
	}
	return sleepModelTracker
}

// devices renders the getdevice list. Session dates are derived from the
// data: the first session a month before the data starts, the last one the
// latest record each device produced that is visible now.
func (s *Server) devices(p *truth.Person, now time.Time) []Device {
	k := kitOf(s.seed, p)
	first := p.DataStart().AddDate(0, 0, -30).Unix()
	last := map[string]int64{}
	seen := func(d device, t time.Time) {
		if t.Unix() > last[d.ID] {
			last[d.ID] = t.Unix()
		}
	}
	for _, m := range p.Measurements(time.Time{}, time.Time{}) {
		switch m.Kind {
		case truth.MeasureWeight:
			seen(k.scale, m.CreatedAt)
		case truth.MeasureBloodPressure:
			seen(k.bpm, m.CreatedAt)
		case truth.MeasureTemperature:
			seen(k.thermo, m.CreatedAt)
		}
	}
	for _, sl := range p.Sleeps(time.Time{}, time.Time{}) {
		seen(k.sleep, sl.CreatedAt)
	}
	// The watch syncs all day long.
	seen(k.tracker, now.Add(-time.Duration(personHash(s.seed, p, keyDevice, 1)%900)*time.Second))
	list := []device{k.tracker, k.scale, k.bpm, k.thermo}
	if k.sleepMonitor {
		list = append(list, k.sleep)
	}
	out := make([]Device, 0, len(list))
	for _, d := range list {
		ls := last[d.ID]
		if ls == 0 {
			ls = first
		}
		out = append(out, Device{
			Type: d.Type, Model: d.Model, ModelID: d.ModelID,
			Battery:  battery(personHash(s.seed, p, keyBattery, uint64(d.ModelID), uint64(now.Unix()/86400))),
			DeviceID: d.ID, HashDeviceID: d.ID,
			Timezone:         zoneName(p.OffsetAt(now)),
			FirstSessionDate: first,
			LastSessionDate:  ls,
		})
	}
	return out
}

// battery draws a battery level, mostly high.
func battery(h uint64) string {
	switch u := unitOf(h); {
	case u < 0.6:
		return "high"
	case u < 0.9:
		return "medium"
	default:
		return "low"
	}
}
