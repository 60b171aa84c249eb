package imagesrc

import (
	"fmt"
	"net/netip"
	"slices"
	"syscall"
)

// Address classes returned by Classify. "" means a public unicast address.
const (
	ClassUnspecified = "unspecified"
	ClassLoopback    = "loopback"
	ClassPrivate     = "private"       // RFC 1918, IPv6 ULA fc00::/7
	ClassLinkLocal   = "link-local"    // 169.254/16 (cloud metadata), fe80::/10
	ClassCGNAT       = "shared"        // 100.64/10, RFC 6598
	ClassMulticast   = "multicast"     // 224/4, ff00::/8
	ClassBroadcast   = "broadcast"     // 255.255.255.255
	ClassReserved    = "reserved"      // special-purpose and unallocated ranges
	ClassDocs        = "documentation" // TEST-NETs, 2001:db8::/32, 3fff::/20
)

type prefixClass struct {
	p     netip.Prefix
	class string
}

// IANA IPv4 special-purpose registry (the parts that matter for fetching).
var v4Special = []prefixClass{
	{netip.MustParsePrefix("0.0.0.0/8"), ClassUnspecified},
	{netip.MustParsePrefix("10.0.0.0/8"), ClassPrivate},
	{netip.MustParsePrefix("100.64.0.0/10"), ClassCGNAT},
	{netip.MustParsePrefix("127.0.0.0/8"), ClassLoopback},
	{netip.MustParsePrefix("169.254.0.0/16"), ClassLinkLocal},
	{netip.MustParsePrefix("172.16.0.0/12"), ClassPrivate},
	{netip.MustParsePrefix("192.0.0.0/24"), ClassReserved},
	{netip.MustParsePrefix("192.0.2.0/24"), ClassDocs},
	{netip.MustParsePrefix("192.88.99.0/24"), ClassReserved}, // 6to4 relay anycast
	{netip.MustParsePrefix("192.168.0.0/16"), ClassPrivate},
	{netip.MustParsePrefix("198.18.0.0/15"), ClassReserved}, // benchmarking
	{netip.MustParsePrefix("198.51.100.0/24"), ClassDocs},
	{netip.MustParsePrefix("203.0.113.0/24"), ClassDocs},
	{netip.MustParsePrefix("224.0.0.0/4"), ClassMulticast},
	{netip.MustParsePrefix("255.255.255.255/32"), ClassBroadcast},
	{netip.MustParsePrefix("240.0.0.0/4"), ClassReserved},
}

// IPv6 ranges inside 2000::/3 (the only globally routed unicast block) that
// are still special. Everything outside 2000::/3 is classified before this
// table is consulted.
var v6Special = []prefixClass{
	{netip.MustParsePrefix("2001::/23"), ClassReserved}, // IETF protocol assignments (Teredo is unwrapped first)
	{netip.MustParsePrefix("2001:db8::/32"), ClassDocs},
	{netip.MustParsePrefix("3fff::/20"), ClassDocs},
	{netip.MustParsePrefix("5f00::/16"), ClassReserved}, // SRv6 SIDs
}

var (
	v6Global   = netip.MustParsePrefix("2000::/3")
	v6ULA      = netip.MustParsePrefix("fc00::/7")
	v6LinkLoc  = netip.MustParsePrefix("fe80::/10")
	v6SiteLoc  = netip.MustParsePrefix("fec0::/10")
	v6Multi    = netip.MustParsePrefix("ff00::/8")
	v6Compat   = netip.MustParsePrefix("::/96")          // IPv4-compatible (deprecated)
	v6NAT64    = netip.MustParsePrefix("64:ff9b::/96")   // RFC 6052 well-known prefix
	v6NAT64Loc = netip.MustParsePrefix("64:ff9b:1::/48") // RFC 8215 local-use
	v66to4     = netip.MustParsePrefix("2002::/16")
	v6Teredo   = netip.MustParsePrefix("2001::/32")
)

// Classify names the special-purpose range address a belongs to, or
// returns "" when a is a public unicast address that may be fetched from.
//
// IPv4 addresses embedded in IPv6 are unwrapped and classified as IPv4:
// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64
// (64:ff9b::/96), 6to4 (2002::/16), Teredo (2001::/32, the client address)
// and ISATAP interface identifiers (…:0:5efe:a.b.c.d, …:200:5efe:a.b.c.d).
// An embedding of a non-public IPv4 address takes that address's class; the
// NAT64 local-use prefix 64:ff9b:1::/48 is always reserved. Every other IPv6
// address outside 2000::/3 is non-public (ULA and link-local get their own
// class names).
func Classify(a netip.Addr) string {
	a = a.WithZone("")
	if !a.IsValid() {
		return ClassReserved
	}
	if a.Is4In6() {
		return classify4(a.Unmap())
	}
	if a.Is4() {
		return classify4(a)
	}
	b := a.As16()
	switch {
	case a.IsUnspecified():
		return ClassUnspecified
	case a.IsLoopback():
		return ClassLoopback
	case v6Compat.Contains(a):
		return classify4(netip.AddrFrom4([4]byte(b[12:16])))
	case v6NAT64.Contains(a):
		return classify4(netip.AddrFrom4([4]byte(b[12:16])))
	case v6NAT64Loc.Contains(a):
		return ClassReserved
	case v66to4.Contains(a):
		return classify4(netip.AddrFrom4([4]byte(b[2:6])))
	case v6Teredo.Contains(a):
		// The client's IPv4 address is stored inverted in the last 32 bits;
		// the Teredo server's in bits 32–63. Both must be public.
		client := netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]})
		if c := classify4(client); c != "" {
			return c
		}
		return classify4(netip.AddrFrom4([4]byte(b[4:8])))
	case v6ULA.Contains(a):
		return ClassPrivate
	case v6LinkLoc.Contains(a):
		return ClassLinkLocal
	case v6SiteLoc.Contains(a):
		return ClassPrivate
	case v6Multi.Contains(a):
		return ClassMulticast
	case !v6Global.Contains(a):
		return ClassReserved
	}
	for _, s := range v6Special {
		if s.p.Contains(a) {
			return s.class
		}
	}
	// ISATAP: the interface identifier carries an IPv4 address.
	if (b[8]|0x02) == 0x02 && b[9] == 0 && b[10] == 0x5e && b[11] == 0xfe {
		return classify4(netip.AddrFrom4([4]byte(b[12:16])))
	}
	return ""
}

func classify4(a netip.Addr) string {
	for _, s := range v4Special {
		if s.p.Contains(a) {
			return s.class
		}
	}
	return ""
}

// AddrCheck decides whether the fetcher may connect to a resolved address.
// It returns nil to allow the connection, or an error (wrapped as
// ErrBlockedAddress) to refuse it.
type AddrCheck func(netip.AddrPort) error

// DefaultAddrCheck returns the check the fetcher uses unless Config.CheckAddr
// replaces it: the port must be one of ports (nil means 80 and 443), and the
// address must be public (Classify returns "") unless allowPrivate is set.
func DefaultAddrCheck(allowPrivate bool, ports []int) AddrCheck {
	if ports == nil {
		ports = []int{80, 443}
	}
	ports = slices.Clone(ports)
	return func(ap netip.AddrPort) error {
		if !slices.Contains(ports, int(ap.Port())) {
			return fmt.Errorf("port %d not allowed", ap.Port())
		}
		if allowPrivate {
			return nil
		}
		if c := Classify(ap.Addr()); c != "" {
			return fmt.Errorf("%s address", c)
		}
		return nil
	}
}

// blockedError is what the dialer's Control returns. Its message names the
// class of the address but not the address, so that errors shown to users
// do not map internal networks; Addr is there for server-side logs.
type blockedError struct {
	Addr   netip.AddrPort
	reason error
}

func (e *blockedError) Error() string { return "destination not allowed: " + e.reason.Error() }
func (e *blockedError) Unwrap() error { return ErrBlockedAddress }

// dialControl runs after the socket is created and before it connects, for
// every address the dialer tries (each A/AAAA record, each redirect hop), so
// a name that resolves to a public address at check time and a private one
// at connect time (DNS rebinding) is still refused.
func dialControl(check AddrCheck) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return &blockedError{reason: fmt.Errorf("unparsable address")}
		}
		ap = netip.AddrPortFrom(ap.Addr().WithZone(""), ap.Port())
		if err := check(ap); err != nil {
			return &blockedError{Addr: ap, reason: err}
		}
		return nil
	}
}
