package engine

import (
	"fmt"
	"strconv"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Column lists of the hand-built queries; each scan function next to its
// table's methods reads them in this order.
const (
	EventColumns = "e.id, e.user_id, e.data_source_id, e.category, e.type, e.provider_record_id, e.revision, " +
		"e.content_hash, e.deleted, e.start_time, e.end_time, e.zone_offset, e.details, e.created_at, e.updated_at"
	// EventDisplayColumns are EventQuery.DisplayOnly's columns.
	EventDisplayColumns = "e.id, e.data_source_id, e.category, e.type, e.start_time, e.end_time, e.zone_offset, e.details"
	UserColumns         = "u.id, u.email, u.first_name, u.last_name, u.external_user_id, u.created_at, u.updated_at"
	BlockColumns        = "b.data_source_id, b.type_id, b.day, b.user_id, b.count, b.first_ts, b.last_ts, b.min, b.max, " +
		"b.sum, b.payload, b.updated_at"
)

// EventsQuery builds ListEvents (count=false) or CountEvents (count=true).
// Events overlap [Start, End) when they start before End and end after
// Start; a zero bound is open.
func EventsQuery(d Dialect, q store.EventQuery, count bool) (sq *Query, reversed bool) {
	head := "SELECT " + EventColumns + " FROM events e"
	if q.DisplayOnly {
		head = "SELECT " + EventDisplayColumns + " FROM events e"
	}
	if count {
		head = "SELECT count(*) FROM events e"
	}
	sq = NewQuery(d, head)
	user := sq.IDArg(q.UserID)
	sq.Where("e.user_id = %s", user)
	var category string
	if q.Category != "" {
		category = sq.Arg(string(q.Category))
		sq.Where("e.category = %s", category)
	}
	if !q.WithDelete {
		sq.Where("NOT e.deleted")
	}
	if !q.End.IsZero() {
		sq.Where("e.start_time < %s", sq.Arg(ms(MS(q.End))))
	}
	if !q.Start.IsZero() {
		start := sq.Arg(ms(MS(q.Start)))
		sq.Where("e.end_time > %s", start)
		if category != "" {
			// An event ending after Start began less than the longest
			// event's length before it (events_user_span_idx answers
			// the max in one lookup). The bound lets the index scan on
			// (user_id, category, start_time) stop there instead of
			// walking back through the user's whole history.
			longest := fmt.Sprintf("(SELECT max(x.end_time - x.start_time) FROM events x WHERE x.user_id = %s AND x.category = %s)", user, category)
			sq.Where("e.start_time > %s", "("+start+" - "+longest+")")
		}
	}
	if q.Type != "" {
		sq.Where("%s", d.Contains("e.type", sq.Arg(q.Type)))
	}
	if q.ExactType != "" {
		sq.Where("e.type = %s", sq.Arg(q.ExactType))
	}
	sq.In("e.data_source_id", q.DataSourceIDs)
	if q.IsNap != nil {
		nap := d.JSONTrue("e.details", "sleep", "is_nap")
		if !*q.IsNap {
			nap = "NOT " + nap
		}
		sq.Where("%s", nap)
	}
	if len(q.Providers) > 0 {
		ps := make([]string, len(q.Providers))
		for i, p := range q.Providers {
			ps[i] = sq.Arg(string(p))
		}
		sq.Where("e.data_source_id IN (SELECT ds.id FROM data_sources ds WHERE ds.user_id = e.user_id AND ds.provider IN (%s))",
			joinComma(ps))
	}
	if count {
		return sq, false
	}
	return sq, sq.Keyset("e.start_time", "e.id", q.Page)
}

// lastSyncedExpr is a user's most recent sync over its connections.
const lastSyncedExpr = "(SELECT max(c.last_synced_at) FROM connections c WHERE c.user_id = u.id)"

// UsersQuery builds ListUsers (count=false) or its total (count=true) for
// a normalized query (see NormalizeUserQuery). Names and emails sort
// case-insensitively; NULLs come last in both directions on both engines;
// ties break by id.
func UsersQuery(d Dialect, q store.UserQuery, count bool) *Query {
	head := "SELECT " + UserColumns + " FROM users u"
	if count {
		head = "SELECT count(*) FROM users u"
	}
	sq := NewQuery(d, head)
	if q.Search != "" {
		m := sq.Arg(q.Search)
		sq.Where("(%s OR %s OR %s)", d.Contains("u.first_name", m), d.Contains("u.last_name", m), d.Contains("u.email", m))
	}
	if q.Email != "" {
		sq.Where("u.email = %s", sq.Arg(q.Email))
	}
	if q.External != "" {
		sq.Where("u.external_user_id = %s", sq.Arg(q.External))
	}
	if len(q.Providers) > 0 {
		ps := make([]string, len(q.Providers))
		for i, p := range q.Providers {
			ps[i] = sq.Arg(string(p))
		}
		sq.Where("EXISTS (SELECT 1 FROM connections c WHERE c.user_id = u.id AND c.provider IN (%s))", joinComma(ps))
	}
	if q.ConnectionStatus != "" {
		sq.Where("EXISTS (SELECT 1 FROM connections c WHERE c.user_id = u.id AND c.status = %s)", sq.Arg(string(q.ConnectionStatus)))
	}
	if q.HasActiveConnection != nil {
		active := "EXISTS (SELECT 1 FROM connections c WHERE c.user_id = u.id AND c.status = " + sq.Arg(string(domain.ConnectionActive)) + ")"
		if !*q.HasActiveConnection {
			active = "NOT " + active
		}
		sq.Where("%s", active)
	}
	if q.LastSyncedBefore != nil {
		sq.Where("%s < %s", lastSyncedExpr, sq.Arg(ms(MS(*q.LastSyncedBefore))))
	}
	if count {
		return sq
	}
	dir := "DESC"
	if q.SortOrder == "asc" {
		dir = "ASC"
	}
	col, keys := "u."+q.SortBy, []string{"u." + q.SortBy}
	switch q.SortBy {
	case "last_synced_at":
		col, keys = lastSyncedExpr, []string{lastSyncedExpr}
	case "name":
		// The full name, first name first; a user with neither comes last.
		col = "coalesce(u.first_name, u.last_name)"
		keys = []string{"lower(trim(coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, '')))" + d.BinaryCollation}
	case "email", "first_name", "last_name":
		// People expect "alice" before "Bob"; the binary collation then
		// makes the order the same on both engines whatever the
		// database's locale.
		keys = []string{"lower(" + col + ")" + d.BinaryCollation}
	}
	order := ""
	for _, k := range keys {
		order += k + " " + dir + ", "
	}
	sq.Tail(fmt.Sprintf(" ORDER BY (%s IS NULL), %su.id %s LIMIT %d OFFSET %d",
		col, order, dir, q.Limit, (q.Page-1)*q.Limit))
	return sq
}

// rawTimeExpr orders raw documents by the time they describe, falling
// back to when they were fetched.
const rawTimeExpr = "coalesce(r.start_time, r.fetched_at)"

// RawDocumentsQuery builds ListRawDocuments.
func RawDocumentsQuery(d Dialect, q store.RawQuery) (sq *Query, reversed bool) {
	sq = NewQuery(d, "SELECT "+rawCols+" FROM raw_documents r")
	sq.Where("r.user_id = %s", sq.IDArg(q.UserID))
	sq.Where("NOT r.deleted")
	if q.Provider != "" {
		sq.Where("r.provider = %s", sq.Arg(string(q.Provider)))
	}
	if q.DataType != "" {
		sq.Where("r.data_type = %s", sq.Arg(q.DataType))
	}
	if q.Start != nil {
		sq.Where("%s >= %s", rawTimeExpr, sq.Arg(ms(MS(*q.Start))))
	}
	if q.End != nil {
		sq.Where("%s < %s", rawTimeExpr, sq.Arg(ms(MS(*q.End))))
	}
	if q.UpdatedSince != nil {
		sq.Where("r.updated_at >= %s", sq.Arg(ms(MS(*q.UpdatedSince))))
	}
	return sq, sq.Keyset(rawTimeExpr, "r.id", q.Page)
}

// BlocksQuery builds BlocksInRange.
func BlocksQuery(d Dialect, q BlockQuery) *Query {
	sq := NewQuery(d, "SELECT "+BlockColumns+" FROM series_blocks b")
	sq.Where("b.user_id = %s", sq.IDArg(q.UserID))
	sq.Where("b.day >= %s", sq.Arg(q.FromDay))
	sq.Where("b.day <= %s", sq.Arg(q.ToDay))
	if len(q.TypeIDs) > 0 {
		ts := make([]string, len(q.TypeIDs))
		for i, t := range q.TypeIDs {
			ts[i] = strconv.Itoa(t) // integers: safe to inline
		}
		sq.Where("b.type_id IN (%s)", joinComma(ts))
	}
	sq.In("b.data_source_id", q.DataSourceIDs)
	sq.Tail(" ORDER BY b.data_source_id, b.type_id, b.day")
	return sq
}

// joinComma joins SQL fragments with ", ".
func joinComma(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += ", "
		}
		out += p
	}
	return out
}
