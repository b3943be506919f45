//go:build !unix

package cli

// peakRSS is unknown off Unix.
func peakRSS() int64 { return 0 }
