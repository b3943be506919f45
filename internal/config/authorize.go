package config

import "strconv"

// publicAuthorizeSetting is WEARHOUSE_PUBLIC_AUTHORIZE: Open Wearables'
// open GET /oauth/{provider}/authorize, off by default.
func publicAuthorizeSetting() Setting {
	return Setting{
		Flag: "public-authorize", Env: "WEARHOUSE_PUBLIC_AUTHORIZE", Default: "false",
		Help: "true: GET /api/v1/oauth/{provider}/authorize needs no API key or connect_token, as in Open Wearables " +
			"(anyone who knows a user id can then bind their provider account to that user); false: one of the two is required",
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			c.PublicAuthorize = b
			return err
		},
		get: func(c Config) string { return strconv.FormatBool(c.PublicAuthorize) },
	}
}
