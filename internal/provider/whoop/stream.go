package whoop

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// Expand fetches the signal stream of a scored sleep: one request per
// sleep. The sync engine calls it only for a sleep whose raw document is
// new or changed and stores the stream with the sleep in the same page,
// so an unchanged sleep never costs a stream request. Other documents,
// unscored sleeps and sleeps WHOOP has no stream for (404) expand to
// nothing.
func (p *Provider) Expand(ctx context.Context, accessToken string, doc provider.Document) ([]provider.Document, error) {
	if doc.DataType != TypeSleep || p.o.NoSleepStream {
		return nil, nil
	}
	var s sleep
	if err := json.Unmarshal(doc.Body, &s); err != nil || s.ScoreState != stateScored || s.ID == "" {
		return nil, nil // a malformed sleep fails normalization instead
	}
	u := p.o.APIURL + "/v2/activity/sleep/" + url.PathEscape(s.ID) + "/stream?" + url.Values{"types": {streamTypes}}.Encode()
	raw, err := p.o.Client.GetJSON(ctx, u, accessToken, nil)
	if errors.Is(err, provider.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("whoop: fetch sleep stream %s: %w", s.ID, err)
	}
	if !json.Valid(raw) {
		return nil, fmt.Errorf("whoop: fetch sleep stream %s: %w", s.ID, provider.Malformed("sleep stream", errors.New("invalid JSON")))
	}
	return []provider.Document{{DataType: TypeSleepStream, ID: s.ID, Start: doc.Start, Revision: doc.Revision, Body: raw}}, nil
}
