package providertest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// Expander is the optional side of a provider whose documents need one
// follow-up request each (WHOOP's sleep stream); the sync engine calls it
// for new or changed documents only.
type Expander interface {
	Expand(ctx context.Context, accessToken string, doc provider.Document) ([]provider.Document, error)
}

// maxExpanded bounds how many documents the contract expands: each is a
// request, and a night's stream is megabytes.
const maxExpanded = 3

// testExpand checks an Expander: some fetched documents expand, each
// expansion is a valid keyed document that normalizes on its own, the
// document normalized with its expansions still yields well-formed
// records and more of them, and a bad token is typed.
func testExpand(t *testing.T, h Harness) {
	x, ok := h.Provider.(Expander)
	if !ok {
		t.Skip("the provider has no follow-up documents")
	}
	tok := h.Connect(t)
	expanded := 0
	for _, dt := range h.Provider.DataTypes() {
		var docs []provider.Document
		require.NoError(t, h.Provider.Fetch(t.Context(), tok.AccessToken, dt.Name, h.Window, "", func(pg provider.Page) error {
			docs = append(docs, pg.Docs...)
			return nil
		}))
		for _, d := range docs {
			if expanded == maxExpanded {
				break
			}
			more, err := x.Expand(t.Context(), tok.AccessToken, d)
			require.NoError(t, err, "%s %s", d.DataType, d.ID)
			if len(more) == 0 {
				continue
			}
			expanded++
			byKey := map[string]provider.Document{}
			for _, m := range more {
				require.NotEmpty(t, m.DataType)
				if h.RawDataTypes != nil {
					require.Contains(t, h.RawDataTypes, m.DataType, "the descriptor's ExpandedTypes name every expanded document type")
				}
				require.NotEmpty(t, m.ID)
				require.True(t, json.Valid(m.Body), "%s %s body", m.DataType, m.ID)
				_, err := h.Provider.Normalize(m, nil)
				require.NoError(t, err, "%s %s", m.DataType, m.ID)
				byKey[m.DataType+"\x00"+m.ID] = m
			}
			related := func(dataType, id string) (provider.Document, bool) {
				m, ok := byKey[dataType+"\x00"+id]
				return m, ok
			}
			alone, err := h.Provider.Normalize(d, nil)
			require.NoError(t, err)
			with, err := h.Provider.Normalize(d, related)
			require.NoError(t, err)
			requireWellFormed(t, with)
			require.Greater(t, with.Len(), alone.Len(), "%s %s: the expansion adds records", d.DataType, d.ID)
			_, err = x.Expand(t.Context(), "not-a-token", d)
			require.ErrorIs(t, err, provider.ErrUnauthorized)
		}
	}
	require.Positive(t, expanded, "some fetched document expands")
}
