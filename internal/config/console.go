package config

// consoleSettings are the settings of the operator console and the
// hosted connect page.
func consoleSettings() []Setting {
	return []Setting{
		str("app-name", "WEARHOUSE_APP_NAME", "wearhouse", false,
			"your app's name, shown to end users on the hosted connect page (/connect/{token})",
			func(c *Config) *string { return &c.AppName }),
	}
}
