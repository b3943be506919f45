package demo

import (
	"fmt"
	"io"
	"net/url"
	"time"
)

// curls are three copy-paste commands: a user's sleep sessions, their
// activity summaries, and a day of heart rate. Simulated time runs ahead of
// the wall clock (an hour every ten seconds), so the sleep and activity
// windows end a month past the printed day: nights that arrive while the
// demo runs stay inside them. Sleep asks for priority filtering, so a
// night recorded by WHOOP, Oura and Withings is listed once.
func curls(base, key, userID string, now time.Time) []string {
	today := now.UTC().Truncate(24 * time.Hour)
	day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
	h := "-H 'X-Open-Wearables-API-Key: " + key + "'"
	u := base + "/api/v1/users/" + userID
	q := func(v url.Values) string { return v.Encode() }
	return []string{
		fmt.Sprintf("curl -s %s '%s/events/sleep?%s'", h, u, q(url.Values{"start_date": {day(-7)}, "end_date": {day(aheadDays)}, "limit": {"7"}, "filter_by_priority": {"true"}})),
		fmt.Sprintf("curl -s %s '%s/summaries/activity?%s'", h, u, q(url.Values{"start_date": {day(-30)}, "end_date": {day(aheadDays)}})),
		fmt.Sprintf("curl -s %s '%s/timeseries?%s'", h, u, q(url.Values{"types": {"heart_rate"}, "start_time": {day(-1)}, "end_time": {day(0)}, "resolution": {"5min"}, "limit": {"500"}})),
	}
}

// aheadDays is how far past the printed day the open-ended commands reach:
// a month of simulated time is about two hours of a running demo.
const aheadDays = 30

func printInfo(w io.Writer, info Info) {
	fmt.Fprintf(w, `
wearhouse is running at %s with %d demo users connected to WHOOP, Oura and Withings (simulated).

  API key:  %s
  API docs: %s
  Console:  %s
            sign in as %s, password %s

Try:

  # the first user's sleep sessions
  %s

  # their activity summaries
  %s

  # a day of their heart rate, in 5-minute buckets
  %s

Simulated time keeps passing: new nights arrive through the providers' webhooks. Ctrl-C stops.
`, info.BaseURL, len(info.UserIDs), info.APIKey, info.DocsURL, info.ConsoleURL, info.AdminUsername, info.AdminPassword, info.Curls[0], info.Curls[1], info.Curls[2])
	if info.LabRequisition != "" {
		fmt.Fprintf(w, `
WHOOP lab partner (simulated; docs/api.md, "WHOOP lab partner"): the first user's lab order is
requisition %s with service request %s.
`, info.LabRequisition, info.LabServiceRequest)
	}
}
