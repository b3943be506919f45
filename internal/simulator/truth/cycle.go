package truth

import "time"

// Cycle is a WHOOP physiological cycle: from falling asleep one night to
// falling asleep the next (see seed 001). The current cycle is open: it has
// no End and no score yet.
type Cycle struct {
	// ID is WHOOP's int64 cycle id.
	ID int64
	// Day is the index of the local day whose main sleep starts the cycle.
	Day int
	// SleepID is the main sleep that starts the cycle.
	SleepID string
	Start   time.Time
	// End is zero while the cycle is open (Open is true).
	End    time.Time
	Open   bool
	Offset string

	// Strain is WHOOP's 0–21 day strain; EnergyKJ the energy spent.
	Strain       float64
	EnergyKJ     float64
	AvgHR, MaxHR int

	Meta
	life   lifecycle
	closed time.Time // when the next main sleep appears and the cycle ends
	end    time.Time
}

// meta evaluates the cycle at now: open until the next sleep appears, then
// pending until its scoring delay has passed.
func (c *Cycle) meta(now time.Time) Meta {
	if c.closed.IsZero() || now.Before(c.closed) {
		return Meta{CreatedAt: c.life.created, UpdatedAt: c.life.created, State: PendingScore}
	}
	m := c.life.meta(now)
	if m.State == PendingScore {
		m.UpdatedAt = c.closed
	}
	return m
}

// at returns the copy of the cycle a provider shows at now.
func (c *Cycle) at(now time.Time) Cycle {
	out := *c
	out.Meta = c.meta(now)
	out.Open = c.closed.IsZero() || now.Before(c.closed)
	if !out.Open {
		out.End = c.end
	}
	return out
}

// Recovery is WHOOP's morning recovery, one per main sleep.
type Recovery struct {
	CycleID int64
	// SleepID is the main sleep the recovery was computed from; WHOOP v2
	// recovery webhooks carry it as the event id.
	SleepID string
	// SleepStart orders recoveries (WHOOP sorts them by their sleep).
	SleepStart time.Time
	// UserCalibrating is true during the first days of a person's data.
	UserCalibrating bool
	// Score is the 0–100 recovery score.
	Score     int
	RestingHR int
	// HRVRMSSD is the nightly RMSSD in milliseconds.
	HRVRMSSD  float64
	SpO2      float64
	SkinTempC float64

	Meta
	life lifecycle
}
