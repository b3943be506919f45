package syncer

import (
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// measureGroup is a Withings getmeas measure group as Fetch stores it.
func measureGroup(grpid int64, at time.Time, grams int64) provider.Document {
	body := fmt.Sprintf(`{"grpid":%d,"attrib":0,"date":%d,"created":%d,"modified":%d,"category":1,"deviceid":null,`+
		`"measures":[{"value":%d,"type":1,"unit":-3}],"model":null,"model_id":null,"timezone":"UTC"}`,
		grpid, at.Unix(), at.Unix(), at.Unix(), grams)
	return provider.Document{DataType: withings.TypeMeasure, ID: fmt.Sprint(grpid), Start: at, Body: []byte(body)}
}

// TestChangedDocumentReplacesItsEarlierVersion: a Withings measure group
// re-sent under the same grpid with another value and date replaces the
// earlier version — only the new sample is served — while another group
// and an unchanged re-send keep theirs.
func TestChangedDocumentReplacesItsEarlierVersion(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		ctx := t.Context()
		day := time.Date(2026, 10, 14, 0, 0, 0, 0, time.UTC)
		s := &Syncer{o: Options{Store: st, Now: func() time.Time { return day.Add(48 * time.Hour) }, Logger: slog.New(slog.DiscardHandler)}}
		u, err := st.CreateUser(ctx, domain.User{})
		require.NoError(t, err)
		c, err := st.UpsertConnection(ctx, domain.Connection{UserID: u.ID, Provider: domain.ProviderWithings, ProviderUserID: "1",
			AccessToken: "a", RefreshToken: "r", TokenExpiresAt: day})
		require.NoError(t, err)
		prov := withings.New(withings.Options{})
		ds, err := s.dataSource(ctx, c, prov)
		require.NoError(t, err)

		other := measureGroup(2, day.Add(8*time.Hour), 69500)
		pages := []provider.Page{
			{Docs: []provider.Document{measureGroup(1, day.Add(12*time.Hour), 70000), other}},
			{Docs: []provider.Document{measureGroup(1, day.Add(11*time.Hour), 71000), other}},
			{Docs: []provider.Document{measureGroup(1, day.Add(11*time.Hour), 71000)}},
		}
		for _, pg := range pages {
			_, err := s.storePage(ctx, c, ds, prov, pg, nil)
			require.NoError(t, err)
		}

		weight, ok := domain.SeriesTypeByCode("weight")
		require.True(t, ok)
		got, err := st.ReadSamples(ctx, store.SampleQuery{UserID: u.ID, TypeIDs: []int{weight.ID}, Start: day, End: day.Add(24 * time.Hour)})
		require.NoError(t, err)
		served := map[time.Time]float64{}
		for _, g := range got {
			for _, smp := range g.Samples {
				served[time.UnixMilli(smp.T).UTC()] = smp.V
			}
		}
		require.Equal(t, map[time.Time]float64{day.Add(8 * time.Hour): 69.5, day.Add(11 * time.Hour): 71}, served,
			"the 12:00 sample of the group's earlier version is gone")
	})
}
