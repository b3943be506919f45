package oura

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRemoveDocument deletes documents the truth never deletes (a daily
// document, whose list items carry no id) and the two ways a sleep goes:
// the routes stop showing it (or show it as type "deleted") and the
// connected person's subscriptions get a signed event naming it.
func TestRemoveDocument(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		dataType  string
		how       Removal
		wantOp    string
		connected bool
	}{
		{"CardiovascularAge", DataDailyCardiovascularAge, Vanish, OpDelete, true},
		{"DailySleep", DataDailySleep, Vanish, OpDelete, true},
		{"Sleep", DataSleep, Vanish, OpDelete, true},
		{"SleepMarkedDeleted", DataSleep, MarkDeleted, OpUpdate, true},
		{"NotConnected", DataDailySleep, Vanish, OpDelete, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, Config{})
			rc := newReceiver(t, "tok")
			if c.connected {
				_, err := b.srv.IssueToken(0)
				require.NoError(t, err)
			}
			b.subscribe(t, rc, c.wantOp, c.dataType)
			p := b.world.Person(0)
			key := b.world.Person(0).Days()[3].Date
			if c.dataType == DataSleep {
				key = p.Sleeps(time.Time{}, time.Time{})[2].ID
			}
			id := DocumentID(b.world.Seed(), p.OuraUserID, c.dataType, key)
			before, _ := b.allPages(t, b.pat(0), CollectionPrefix+c.dataType, everything(b.world))

			ev, err := b.srv.RemoveDocument(t.Context(), p, c.dataType, id, c.how)
			require.NoError(t, err)
			require.Equal(t, Event{EventType: c.wantOp, DataType: c.dataType, ObjectID: id, EventTime: utc(b.clock.Now()),
				UserID: p.OuraUserID}, ev)

			after, _ := b.allPages(t, b.pat(0), CollectionPrefix+c.dataType, everything(b.world))
			resp, body := b.get(t, b.pat(0), CollectionPrefix+c.dataType+"/"+id, nil, nil)
			if c.how == Vanish {
				require.Len(t, after, len(before)-1, "the document left the list")
				require.Equal(t, http.StatusNotFound, resp.StatusCode, "%s", body)
				for _, raw := range after {
					var head struct{ ID, Day string }
					require.NoError(t, json.Unmarshal(raw, &head))
					require.NotEqual(t, id, head.ID)
					if c.dataType == DataDailyCardiovascularAge {
						require.Empty(t, head.ID, "cardiovascular age documents carry no id")
						require.NotEqual(t, key, head.Day)
					}
				}
			} else {
				require.Len(t, after, len(before), "a sleep marked deleted stays listed")
				require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
				var doc Sleep
				require.NoError(t, json.Unmarshal(body, &doc))
				require.Equal(t, "deleted", doc.Type)
				require.Equal(t, id, doc.ID)
			}

			posts := rc.received()
			if !c.connected {
				require.Empty(t, posts, "no events for people who did not authorize the app")
				return
			}
			require.Len(t, posts, 1)
			require.True(t, verifyOura(b.srv.ClientSecret(), posts[0].header, posts[0].body))
			var got Event
			require.NoError(t, json.Unmarshal(posts[0].body, &got))
			require.Equal(t, ev, got)
		})
	}
}

// TestRemoveDocumentRefusals checks the arguments RemoveDocument refuses
// and that a reset brings removed documents back.
func TestRemoveDocumentRefusals(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{})
	p := b.world.Person(0)
	id := DocumentID(b.world.Seed(), p.OuraUserID, DataDailySleep, p.Days()[1].Date)
	_, err := b.srv.RemoveDocument(t.Context(), p, "daily_cycle_phases", id, Vanish)
	require.Error(t, err, "unknown data type")
	_, err = b.srv.RemoveDocument(t.Context(), p, DataDailySleep, "no-such-id", Vanish)
	require.Error(t, err, "unknown document")
	_, err = b.srv.RemoveDocument(t.Context(), b.world.Person(1), DataDailySleep, id, Vanish)
	require.Error(t, err, "another person's document")
	_, err = b.srv.RemoveDocument(t.Context(), p, DataDailySleep, id, MarkDeleted)
	require.Error(t, err, "only sleeps have a deleted type")
	ev, err := b.srv.RemoveDocument(t.Context(), p, DataDailySleep, id, Vanish)
	require.NoError(t, err)
	resp, _ := b.get(t, b.pat(0), CollectionPrefix+DataDailySleep+"/"+ev.ObjectID, nil, nil)
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
	b.srv.reset()
	b.mustGet(t, b.pat(0), CollectionPrefix+DataDailySleep+"/"+ev.ObjectID, nil, nil)
}
