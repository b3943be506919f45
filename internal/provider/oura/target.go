package oura

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// FetchTarget fetches what one webhook event names:
// GET /v2/usercollection/{data_type}/{object_id}. A delete event needs no
// request, except for documents stored under their day (see deletion). A
// document that is gone (404) yields an empty page, because Oura sends a
// delete event for it as well; a sleep that comes back with type
// "deleted" yields its deletion.
func (p *Provider) FetchTarget(ctx context.Context, accessToken string, t provider.Target) (provider.Page, error) {
	if t.Deleted {
		return p.deletion(ctx, accessToken, t)
	}
	switch {
	case t.DataType == TypePersonalInfo:
		return p.personalInfo(ctx, accessToken)
	case t.DataType == TypeHeartRate || !slices.Contains(WebhookTypes(), t.DataType):
		return provider.Page{}, fmt.Errorf("oura: webhook data type %q: %w", t.DataType, provider.ErrRejected)
	}
	raw, err := p.o.Client.GetJSON(ctx, p.o.APIURL+collectionPrefix+path(t.DataType)+"/"+url.PathEscape(t.ID), accessToken, nil)
	if err != nil {
		if errors.Is(err, provider.ErrNotFound) {
			return provider.Page{}, nil
		}
		return provider.Page{}, fmt.Errorf("oura: fetch %s %s: %w", t.DataType, t.ID, err)
	}
	d, err := p.document(t.DataType, raw)
	if err != nil {
		return provider.Page{}, fmt.Errorf("oura: fetch %s %s: %w", t.DataType, t.ID, err)
	}
	var pg provider.Page
	addDocument(&pg, d)
	return pg, nil
}
