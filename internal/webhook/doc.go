// Package webhook is the home of outgoing webhooks: what wearhouse sends
// to the apps built on it when their users' data changes. Its
// subpackages are the parts that stand alone (signing); the delivery
// engine, driven from the store's changes outbox, builds on them.
package webhook
