package whoop

import "time"

// TypeSleepStream is the raw document of one sleep's signal stream
// (getSleepStream, seed 000), keyed by the sleep id. It is fetched with
// its sleep, never on its own, and its samples are normalized with the
// sleep (see Expand).
const TypeSleepStream = "sleep_stream"

// streamTypes is every signal type the stream serves (seed 000's enum):
// all are asked for so the raw document keeps the board and battery
// temperatures and the charging status too.
const streamTypes = "hr,skin_temp,board_temp,battery_temp,sleep_classification,charging_status"

// sleepStream is GET /v2/activity/sleep/{sleepId}/stream.
type sleepStream struct {
	Stream           []streamSample `json:"stream"`
	AlgorithmVersion string         `json:"algorithm_version"`
}

// streamSample is one timestamp of the stream; a signal not measured (or
// not asked for) is absent.
type streamSample struct {
	Timestamp   time.Time `json:"timestamp"`
	HR          *float64  `json:"hr"`
	SkinTemp    *float64  `json:"skin_temp"`
	BoardTemp   *float64  `json:"board_temp"`
	BatteryTemp *float64  `json:"battery_temp"`
	IsSleeping  *bool     `json:"is_sleeping"`
	IsCharging  *bool     `json:"is_charging"`
}
