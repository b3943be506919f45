package withings

import (
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// deviceModel is one row of the spec's device model table: model_id, the
// model name and the device type getdevice reports for it.
type deviceModel struct {
	name, kind string
}

// deviceModels is the spec's model_id table (measuregrp_object,
// activity_object, intraday and sleep objects all share it).
var deviceModels = map[int]deviceModel{
	1: {"Withings WBS01", "Scale"}, 2: {"WS30", "Scale"}, 3: {"Kid Scale", "Scale"},
	4: {"Smart Body Analyzer", "Scale"}, 5: {"Body+", "Scale"}, 6: {"Body Cardio", "Scale"},
	7: {"Body", "Scale"}, 9: {"Body Pro", "Scale"}, 10: {"Body Scan", "Scale"},
	11: {"WBS10", "Scale"}, 12: {"WBS11", "Scale"}, 18: {"Body Comp", "Scale"},
	21: {"Smart Baby Monitor", "Babyphone"}, 22: {"Withings Home", "Babyphone"},
	41: {"Withings Blood Pressure Monitor V1", "Blood Pressure Monitor"},
	42: {"Withings Blood Pressure Monitor V2", "Blood Pressure Monitor"},
	43: {"Withings Blood Pressure Monitor V3", "Blood Pressure Monitor"},
	44: {"BPM Core", "Blood Pressure Monitor"}, 45: {"BPM Connect", "Blood Pressure Monitor"},
	46: {"BPM Connect Pro", "Blood Pressure Monitor"}, 47: {"BPM Pro 2", "Blood Pressure Monitor"},
	48: {"BPM Vision", "Blood Pressure Monitor"},
	51: {"Pulse", "Activity Tracker"}, 52: {"Activite", "Activity Tracker"},
	53: {"Activite (Pop, Steel)", "Activity Tracker"}, 54: {"Withings Go", "Activity Tracker"},
	55: {"Activite Steel HR", "Activity Tracker"}, 58: {"Pulse HR", "Activity Tracker"},
	59: {"Activite Steel HR Sport Edition", "Activity Tracker"},
	90: {"Move", "Activity Tracker"}, 91: {"Move ECG", "Activity Tracker"}, 92: {"Move ECG", "Activity Tracker"},
	93: {"ScanWatch", "Activity Tracker"}, 94: {"ScanWatch 2", "Activity Tracker"},
	95: {"ScanWatch Light", "Activity Tracker"},
	60: {"Aura Dock", "Sleep Monitor"}, 61: {"Aura Sensor", "Sleep Monitor"}, 63: {"Aura Sensor V2", "Sleep Monitor"},
	70: {"Thermo", "Smart Connected Thermometer"}, 71: {"BeamO", "Smart Connected Thermometer"},
	100: {"WUP01", "Gateway"}, 1061: {"Iglucose glucometer", "iGlucose"},
	1051: {"iOS step tracker", "HealthKit Apple"}, 1052: {"iOS step tracker", "HealthKit Apple"},
	1057: {"HealthKit step iPhone tracker", "HealthKit Apple"},
	1058: {"HealthKit step Apple Watch tracker", "HealthKit Apple"},
	1059: {"HealthKit other step tracker", "HealthKit Apple"},
	1053: {"Android step tracker", "HealthKit Google"}, 1054: {"Android step tracker", "HealthKit Google"},
	1055: {"GoogleFit tracker", "HealthKit Google"}, 1056: {"Samsung Health tracker", "HealthKit Google"},
	1060: {"Google Health Connect", "HealthKit Google"}, 1062: {"Huawei tracker", "HealthKit Huawei"},
	1063: {"Lingo Sensor", "Lingo"},
}

// deviceByID is the device a model_id names; nil when the id is absent
// (0) or not in the spec's table, so the records stay with the
// connection's own data source.
func deviceByID(id int) *provider.Device {
	m, ok := deviceModels[id]
	if !ok {
		return nil
	}
	return &provider.Device{Model: m.name, Type: DeviceTypeOf(m.kind)}
}

// deviceByName is the device a model name names (activity objects carry
// the name only); an unknown name is kept with type other.
func deviceByName(name string) *provider.Device {
	if name == "" {
		return nil
	}
	for _, m := range deviceModels {
		if m.name == name {
			return &provider.Device{Model: m.name, Type: DeviceTypeOf(m.kind)}
		}
	}
	return &provider.Device{Model: name, Type: domain.DeviceOther}
}

// device picks the model_id when present, else the name.
func deviceOf(id *int, name *string) *provider.Device {
	if id != nil {
		if d := deviceByID(*id); d != nil {
			return d
		}
	}
	if name != nil {
		return deviceByName(*name)
	}
	return nil
}

// sleepDevice is the device of a sleep summary: its model_id, else the
// class in "model" (16 a tracker, 32 a sleep monitor).
func sleepDevice(modelID, class int) *provider.Device {
	if d := deviceByID(modelID); d != nil {
		return d
	}
	switch class {
	case 16:
		return &provider.Device{Model: "Withings tracker", Type: domain.DeviceWatch}
	case 32:
		return &provider.Device{Model: "Withings sleep monitor", Type: DeviceTypeOf("Sleep Monitor")}
	}
	return nil
}

// intradayDevice is the device of a day of intraday points when they all
// name the same model_id (a tracker's day); mixed or unnamed points stay
// with the connection's data source.
func intradayDevice(b intradayBody) *provider.Device {
	id := 0
	for _, pt := range b.Series {
		if pt.ModelID == nil || (id != 0 && *pt.ModelID != id) {
			return nil
		}
		id = *pt.ModelID
	}
	return deviceByID(id)
}
