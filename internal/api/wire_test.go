package api

// wireSample is a timeseries sample as clients read it.
type wireSample struct {
	Timestamp    string      `json:"timestamp"`
	ZoneOffset   *string     `json:"zone_offset"`
	Type         string      `json:"type"`
	Value        float64     `json:"value"`
	Unit         string      `json:"unit"`
	Source       *wireSource `json:"source"`
	IsDailyTotal *bool       `json:"is_daily_total"`
	Min          *float64    `json:"min,omitempty"`
	Max          *float64    `json:"max,omitempty"`
	Count        *int        `json:"count,omitempty"`
}
