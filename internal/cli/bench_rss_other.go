//go:build !unix

package cli

import "time"

// peakRSS is unknown off Unix.
func peakRSS() int64 { return 0 }

// cpuTime is unknown off Unix.
func cpuTime() time.Duration { return 0 }
