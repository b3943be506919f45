package config

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the settings table as Markdown. docs/configuration.md
// is generated from it (a test keeps the file in step).
func WriteMarkdown(w io.Writer) {
	fmt.Fprint(w, bt(`# Configuration

Every setting is a command-line flag of §wearhouse serve§ (and the other commands) and an
environment variable. Flags win over the environment, the environment wins over defaults.
§wearhouse serve --print-config§ prints the effective values with secrets redacted. Invalid values
stop the process at start with every problem listed at once.

This file is generated from §internal/config/settings.go§: run
§go test ./internal/config -run TestConfigurationDoc -update§ after changing a setting.

| variable | flag | default | secret | meaning |
|---|---|---|---|---|
`))
	for _, s := range Settings() {
		def := s.Default
		if def == "" {
			def = "—"
		} else {
			def = "`" + def + "`"
		}
		secret := ""
		if s.Secret {
			secret = "yes"
		}
		fmt.Fprintf(w, "| `%s` | `--%s` | %s | %s | %s |\n", s.Env, s.Flag, def, secret, strings.ReplaceAll(s.Help, "|", `\|`))
	}
	fmt.Fprint(w, bt(`
## Notes

- **Storage.** Without §WEARHOUSE_DATABASE_URL§ wearhouse uses the SQLite file §./data/wearhouse.db§
  (WAL mode, one process per file). A §postgres://§ URL selects PostgreSQL; several §wearhouse serve§
  replicas can share one database (migrations run under a lock). Running it for real: [deployment.md](deployment.md).
- **Secret key.** Provider OAuth tokens are encrypted with AES-256-GCM under §WEARHOUSE_SECRET_KEY§
  (32 random bytes, base64: §openssl rand -base64 32§). On SQLite without a key, one is generated
  into §secret.key§ beside the database (mode 0600) with a warning. Losing the key makes stored
  tokens unreadable: users would have to reconnect. PostgreSQL deployments must set it. Back it up
  with the database (§wearhouse backup§ copies both on SQLite).
- **Providers.** A provider without §CLIENT_ID§ and §CLIENT_SECRET§ is listed as not configured.
  The URL settings default to the real providers; tests and the demo point them at the built-in
  simulators.
- **WHOOP lab partner.** §WEARHOUSE_WHOOP_PARTNER_CLIENT_ID§ and §_CLIENT_SECRET§ are the credentials
  of a WHOOP Advanced Labs partner, a WHOOP application separate from the OAuth app; set both (or
  neither) to serve the §/api/v1/labs/whoop/…§ routes, which answer 503 without them. See
  [providers/whoop.md](providers/whoop.md#lab-partner-api-wearhouse-extension).
`))
}

// bt turns § into backticks, which raw string literals cannot hold.
func bt(s string) string { return strings.ReplaceAll(s, "§", "`") }
