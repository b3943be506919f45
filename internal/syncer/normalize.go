package syncer

import "github.com/wearhouse/wearhouse/internal/provider"

// normalize is the one way the sync engine turns a document into records:
// the connector's normalization, then the samples that are only a
// provider's marker for a missing reading are dropped, so no connector can
// store a sentinel (Withings' −1, a strap's 0 or 255 bpm) as a value.
func normalize(prov provider.Provider, doc provider.Document, related provider.Related) (provider.Records, error) {
	recs, err := prov.Normalize(doc, related)
	if err != nil {
		return recs, err
	}
	recs.DropMissingReadings()
	return recs, nil
}
