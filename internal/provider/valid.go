package provider

import "github.com/wearhouse/wearhouse/internal/domain"

// DropMissingReadings removes the samples that are a provider's marker for
// a missing reading rather than a reading (domain.SeriesType.Valid: −1
// for an index Withings could not compute, 0 or 255 heart rate from a
// strap that lost contact), and the series left empty. Series of unknown
// types are kept for the sync engine to reject. It returns how many
// samples it dropped. The sync engine applies it to every normalized
// document, so no connector can let a sentinel become a value.
func (r *Records) DropMissingReadings() int {
	dropped := 0
	kept := r.Series[:0]
	for _, s := range r.Series {
		st, ok := domain.SeriesTypeByCode(s.TypeCode)
		if !ok {
			kept = append(kept, s)
			continue
		}
		samples := s.Samples[:0:0]
		for _, smp := range s.Samples {
			if st.Valid(smp.V) {
				samples = append(samples, smp)
			}
		}
		if dropped += len(s.Samples) - len(samples); len(samples) == 0 {
			continue
		}
		s.Samples = samples
		kept = append(kept, s)
	}
	clear(r.Series[len(kept):])
	r.Series = kept
	return dropped
}
