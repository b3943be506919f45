package delivery

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
)

// ErrForbiddenAddress is a delivery refused because the endpoint's host
// resolved to an address wearhouse never calls (private, loopback,
// link-local, …), so a registered URL cannot reach the internal network.
var ErrForbiddenAddress = errors.New("delivery: forbidden address")

// ErrURL is an endpoint URL that cannot be registered.
var ErrURL = errors.New("delivery: invalid endpoint url")

// Guard decides which addresses deliveries may connect to.
type Guard struct {
	// AllowLoopback lets deliveries reach loopback addresses (and
	// registrations use plain http to them): local receivers, tests, the
	// demo. Never in production.
	AllowLoopback bool
}

// check refuses the address a connection is about to be made to.
func (g Guard) check(ip netip.Addr) error {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		if g.AllowLoopback {
			return nil
		}
	case ip.IsPrivate(), ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast(),
		ip.IsMulticast(), ip.IsUnspecified(), !ip.IsGlobalUnicast(), sharedSpace.Contains(ip):
	default:
		return nil
	}
	return fmt.Errorf("%w: %s", ErrForbiddenAddress, ip)
}

// sharedSpace is carrier-grade NAT space (RFC 6598), not routable on the
// internet and often internal.
var sharedSpace = netip.MustParsePrefix("100.64.0.0/10")

// Control is a net.Dialer Control: it runs after the name is resolved,
// on the very address about to be connected, so a DNS answer that changes
// between a check and the connection (rebinding) cannot slip through.
func (g Guard) Control(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	return g.check(ip)
}

// ValidateURL checks an endpoint URL at registration: absolute https,
// or http to a loopback host when AllowLoopback is set; no credentials.
// Addresses are checked again at every connection.
func (g Guard) ValidateURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Hostname() == "" {
		return fmt.Errorf("%w: want an absolute https URL", ErrURL)
	}
	if u.User != nil {
		return fmt.Errorf("%w: credentials in the URL are not allowed", ErrURL)
	}
	if u.Fragment != "" {
		return fmt.Errorf("%w: a fragment is not allowed", ErrURL)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !g.AllowLoopback || !loopbackHost(u.Hostname()) {
			return fmt.Errorf("%w: http is allowed only to a loopback host with loopback delivery enabled; use https", ErrURL)
		}
	default:
		return fmt.Errorf("%w: scheme %q, want https", ErrURL, u.Scheme)
	}
	if ip, err := netip.ParseAddr(u.Hostname()); err == nil {
		if err := g.check(ip); err != nil {
			return fmt.Errorf("%w: %w", ErrURL, err)
		}
	}
	return nil
}

// loopbackHost reports whether a URL host names the loopback interface.
func loopbackHost(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	return err == nil && ip.Unmap().IsLoopback()
}
