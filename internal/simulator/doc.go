// Package simulator runs faithful fakes of the wearable providers' APIs
// over one deterministic synthetic ground truth (package truth). Each
// provider lives in its own package (whoop, oura, withings) and plugs into
// a Cluster through the Factory seam, so that `wearhouse simulate` and
// `wearhouse demo` can serve any selection of them on local ports.
package simulator
