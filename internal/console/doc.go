// Package console is wearhouse's web interface, served by the same
// binary: the operator console under /console/ (sign-in, overview, users,
// a user's data with charts, sync runs, API keys, priorities, provider
// settings) and the hosted connect page end users open from a connect
// link (/connect/{token}).
//
// Pages are server-rendered html/template files embedded with embed.FS;
// the only JavaScript is a small script of our own and the vendored uPlot
// chart library (assets/uplot.*, version in assets/VERSIONS), so nothing
// is built at run time and no Node.js is needed to run wearhouse. Charts
// and every change a page makes go through the public /api/v1 routes: the
// API accepts the console's session cookie (plus the session's CSRF token
// in X-CSRF-Token on unsafe methods, and refuses those for the read-only
// role), so there is one query path and one set of rules.
package console
