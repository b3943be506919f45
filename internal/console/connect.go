package console

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// ResultPath is the hosted connect result page. Connect flows started
// from the connect page without a redirect_uri of their own end here, and
// so do the demo's; the server adds it to the redirect allow-list.
const ResultPath = "/connect/done"

type connectData struct {
	AppName   string
	Token     string
	Redirect  string
	Providers []connectButton
	Error     string
}

type connectButton struct {
	Name    domain.Provider
	Display string
	URL     string
}

// connectPage shows one button per configured provider the link allows.
// A link minted with a redirect_uri is opened with that same redirect_uri
// (the link binds it), as its authorize URL is.
func (c *Console) connectPage(w http.ResponseWriter, r *http.Request) {
	if c.o.Connect == nil {
		c.notFound(w, r)
		return
	}
	token, redirect := r.PathValue("token"), r.URL.Query().Get("redirect_uri")
	d := connectData{AppName: c.o.AppName, Token: token, Redirect: redirect}
	claims, err := c.o.Connect.InspectConnectLink(token)
	if err != nil {
		d.Error = "This connect link is not valid or has expired. Ask the app for a new one."
		c.render(w, r, http.StatusNotFound, "connect", view{Title: "Connect", Data: d})
		return
	}
	for _, p := range c.o.Registry.Names() {
		prov, err := c.o.Registry.Get(p)
		if err != nil || !prov.Configured() {
			continue
		}
		scope := oauthflow.LinkScope{UserID: claims.UserID, Provider: p, RedirectURI: redirect}
		if c.o.Connect.VerifyConnectLink(token, scope) != nil {
			continue
		}
		q := url.Values{}
		if redirect != "" {
			q.Set("redirect_uri", redirect)
		}
		u := "/connect/" + url.PathEscape(token) + "/" + string(p)
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		d.Providers = append(d.Providers, connectButton{Name: p, Display: c.display(p), URL: u})
	}
	if len(d.Providers) == 0 {
		d.Error = "This connect link cannot be used here: open it exactly as the app gave it to you."
		c.render(w, r, http.StatusBadRequest, "connect", view{Title: "Connect", Data: d})
		return
	}
	c.render(w, r, http.StatusOK, "connect", view{Title: "Connect", Data: d})
}

// connectStart checks the link for this provider and sends the browser
// to the provider's consent page. Without a redirect_uri of the link's
// own the flow comes back to the hosted result page.
func (c *Console) connectStart(w http.ResponseWriter, r *http.Request) {
	if c.o.Connect == nil {
		c.notFound(w, r)
		return
	}
	token, p, redirect := r.PathValue("token"), domain.Provider(r.PathValue("provider")), r.URL.Query().Get("redirect_uri")
	claims, err := c.o.Connect.InspectConnectLink(token)
	if err == nil {
		err = c.o.Connect.VerifyConnectLink(token, oauthflow.LinkScope{UserID: claims.UserID, Provider: p, RedirectURI: redirect})
	}
	if err != nil {
		c.connectFailed(w, r, http.StatusForbidden, p, "This connect link does not allow connecting "+c.display(p)+". Ask the app for a new one.")
		return
	}
	back := redirect
	if back == "" {
		back = c.o.BaseURL + ResultPath
	}
	res, err := c.o.Connect.Authorize(r.Context(), p, claims.UserID, back)
	switch {
	case errors.Is(err, provider.ErrNotConfigured), errors.Is(err, provider.ErrUnknownProvider):
		c.connectFailed(w, r, http.StatusNotFound, p, c.display(p)+" is not available on this server.")
		return
	case errors.Is(err, store.ErrNotFound):
		c.connectFailed(w, r, http.StatusNotFound, p, "The account this link was made for no longer exists.")
		return
	case err != nil:
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, res.AuthorizationURL, http.StatusSeeOther)
}

type resultData struct {
	AppName string
	OK      bool
	Display string
	Message string
}

func (c *Console) connectFailed(w http.ResponseWriter, r *http.Request, status int, p domain.Provider, msg string) {
	c.render(w, r, status, "connect_result", view{Title: "Not connected", Data: resultData{AppName: c.o.AppName, Display: c.display(p), Message: msg}})
}

// connectResult is where a connect flow lands: the callback's status,
// confirmed against the store, so a hand-made URL cannot show a success
// that did not happen.
func (c *Console) connectResult(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := domain.Provider(q.Get("provider"))
	d := resultData{AppName: c.o.AppName, Display: c.display(p)}
	if _, known := c.o.Catalog.Get(p); !known {
		d.Display = "your device"
	}
	if q.Get("status") == "success" {
		cn, err := c.o.Store.Connection(r.Context(), q.Get("user_id"), p)
		if err == nil && cn.Status == domain.ConnectionActive {
			d.OK = true
			d.Message = d.Display + " is connected. Your data will appear in " + c.o.AppName + " in a few minutes; you can close this page."
			c.render(w, r, http.StatusOK, "connect_result", view{Title: "Connected", Data: d})
			return
		}
	}
	d.Message = failureMessage(q.Get("error"), d.Display)
	c.render(w, r, http.StatusOK, "connect_result", view{Title: "Not connected", Data: d})
}

// failureMessage explains the callback's error code to a person.
func failureMessage(code, display string) string {
	switch code {
	case "access_denied":
		return "You did not allow access to " + display + ". Nothing was connected; you can try again from the app."
	case oauthflow.ErrorAccountLinked:
		return "This " + display + " account is already connected to another user."
	case "":
		return "The connection to " + display + " could not be confirmed. Try again from the app."
	}
	return "Connecting " + display + " failed (" + code + "). Try again from the app."
}
