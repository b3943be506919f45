package withings

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// TokenHeader carries the callback URL's token to VerifyWebhook. The
// provider contract verifies headers and body; Withings authenticates by
// the URL, so whatever receives the POST copies ?token= into this header
// (WebhookHandler does).
const TokenHeader = "X-Wearhouse-Webhook-Token"

// maxNotification bounds a notification body: four short form fields.
const maxNotification = 64 << 10

// VerifyWebhook checks a notification's callback token against the one
// derived for the userid it names, in constant time. Withings signs
// nothing; the token proves the sender knows our URL, and what it
// announces is only a hint: the data is re-fetched with the user's token.
func (p *Provider) VerifyWebhook(h http.Header, body []byte, _ time.Time) error {
	if p.o.ClientSecret == "" {
		return fmt.Errorf("withings: no client secret to derive callback tokens: %w", provider.ErrBadSignature)
	}
	got := strings.TrimSpace(h.Get(TokenHeader))
	if got == "" {
		return fmt.Errorf("withings: notification without token: %w", provider.ErrBadSignature)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("userid") == "" {
		return fmt.Errorf("withings: notification without userid: %w", provider.ErrBadSignature)
	}
	if !hmac.Equal([]byte(got), []byte(p.webhookToken(form.Get("userid")))) {
		return fmt.Errorf("withings: notification token mismatch: %w", provider.ErrBadSignature)
	}
	return nil
}

// ParseWebhook reads the form-encoded notification (userid, appli,
// startdate, enddate; event categories send date instead) into the data
// types to fetch over that window. Categories wearhouse does not fetch
// are accepted and ignored, so Withings never retries them.
func (p *Provider) ParseWebhook(body []byte) ([]provider.Target, error) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, fmt.Errorf("withings: notification body: %w", provider.Malformed("notification", err))
	}
	user := form.Get("userid")
	if _, err := strconv.ParseInt(user, 10, 64); err != nil {
		return nil, fmt.Errorf("withings: notification userid %q: %w", user, provider.ErrRejected)
	}
	appli, err := strconv.Atoi(form.Get("appli"))
	if err != nil {
		return nil, fmt.Errorf("withings: notification appli %q: %w", form.Get("appli"), provider.ErrRejected)
	}
	start, end := form.Get("startdate"), form.Get("enddate")
	if start == "" {
		start = form.Get("date")
	}
	if end == "" {
		end = start
	}
	for _, v := range []string{start, end} {
		if _, err := strconv.ParseInt(v, 10, 64); v != "" && err != nil {
			return nil, fmt.Errorf("withings: notification dates %q-%q: %w", start, end, provider.ErrRejected)
		}
	}
	id := ""
	if start != "" {
		id = start + "-" + end
	}
	var out []provider.Target
	for _, dt := range appliTypes(appli) {
		out = append(out, provider.Target{ProviderUserID: user, DataType: dt, ID: id, EventType: "appli." + strconv.Itoa(appli)})
	}
	return out, nil
}

// appliTypes maps a notification category to the data types it announces.
// Bed in/out (50/51) re-read the night, whose summary follows them.
func appliTypes(appli int) []string {
	switch appli {
	case AppliWeight, AppliTemperature, AppliPressure, AppliGlucose:
		return []string{TypeMeasure}
	case AppliActivity:
		return []string{TypeActivity, TypeWorkout, TypeIntraday}
	case AppliSleep, AppliBedIn, AppliBedOut:
		return []string{TypeSleep}
	case AppliUser:
		return []string{TypeDevice}
	case AppliECG:
		return []string{TypeECG}
	}
	return nil
}

// WebhookHandler serves WebhookPath for a server that has no generic
// receiver wired for Withings: HEAD (Withings' probe before it accepts a
// subscription) and GET answer 200; POST copies ?token= into TokenHeader
// and hands headers and body to receive — the sync engine's receiver,
// which verifies, parses and enqueues — then answers 200, 401 for a bad
// token, 400 for a body that cannot be read, and 500 otherwise so that
// Withings retries.
func WebhookHandler(receive func(ctx context.Context, h http.Header, body []byte) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodHead, http.MethodGet:
			w.WriteHeader(http.StatusOK)
			return
		case http.MethodPost:
		default:
			w.Header().Set("Allow", "HEAD, GET, POST")
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxNotification+1))
		if err != nil || len(body) > maxNotification {
			http.Error(w, "unreadable notification", http.StatusBadRequest)
			return
		}
		h := r.Header.Clone()
		h.Set(TokenHeader, r.URL.Query().Get("token"))
		switch err := receive(r.Context(), h, body); {
		case err == nil:
			w.WriteHeader(http.StatusOK)
		case errors.Is(err, provider.ErrBadSignature):
			http.Error(w, "unknown callback token", http.StatusUnauthorized)
		case errors.Is(err, provider.ErrMalformed), errors.Is(err, provider.ErrRejected):
			http.Error(w, "unreadable notification", http.StatusBadRequest)
		default:
			http.Error(w, "try again", http.StatusInternalServerError)
		}
	})
}
