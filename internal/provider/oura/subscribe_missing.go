package oura

// The settings subscriptions need, as Missing names them.
const (
	settingClientID          = "client_id"
	settingClientSecret      = "client_secret"
	settingVerificationToken = "verification_token"
	settingCallbackURL       = "callback_url"
)

// Missing names the settings the manager lacks to manage subscriptions
// (empty when Configured), so an operator sees what to set rather than
// only that something is off.
func (s *Subscriptions) Missing() []string {
	out := []string{}
	for _, m := range []struct {
		name string
		set  bool
	}{
		{settingClientID, s.o.ClientID != ""},
		{settingClientSecret, s.o.ClientSecret != ""},
		{settingVerificationToken, s.o.VerificationToken != ""},
		{settingCallbackURL, s.o.CallbackURL != ""},
	} {
		if !m.set {
			out = append(out, m.name)
		}
	}
	return out
}
