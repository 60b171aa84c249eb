package imagesrc

import (
	"errors"
	"net/netip"
	"testing"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		addr  string
		class string
	}{
		// public
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"93.184.216.34", ""},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"172.15.255.255", ""},
		{"172.32.0.0", ""},
		{"2606:4700:4700::1111", ""},
		{"2a00:1450:4001:82a::200e", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""},          // NAT64 of 8.8.8.8
		{"2002:808:808::1", ""},           // 6to4 of 8.8.8.8
		{"2001:0:808:808::f7f7:f7f7", ""}, // Teredo, server 8.8.8.8, client ^f7f7f7f7 = 8.8.8.8

		// IPv4 special
		{"0.0.0.0", ClassUnspecified},
		{"0.1.2.3", ClassUnspecified},
		{"127.0.0.1", ClassLoopback},
		{"127.255.255.254", ClassLoopback},
		{"10.0.0.1", ClassPrivate},
		{"172.16.0.1", ClassPrivate},
		{"172.31.255.255", ClassPrivate},
		{"192.168.1.1", ClassPrivate},
		{"169.254.169.254", ClassLinkLocal},
		{"100.64.0.1", ClassCGNAT},
		{"100.127.255.255", ClassCGNAT},
		{"192.0.0.8", ClassReserved},
		{"192.0.2.1", ClassDocs},
		{"198.18.0.1", ClassReserved},
		{"198.51.100.7", ClassDocs},
		{"203.0.113.9", ClassDocs},
		{"224.0.0.251", ClassMulticast},
		{"239.255.255.250", ClassMulticast},
		{"240.0.0.1", ClassReserved},
		{"255.255.255.255", ClassBroadcast},

		// IPv6 special
		{"::", ClassUnspecified},
		{"::1", ClassLoopback},
		{"fe80::1", ClassLinkLocal},
		{"fe80::1%eth0", ClassLinkLocal},
		{"fc00::1", ClassPrivate},
		{"fd12:3456:789a::1", ClassPrivate},
		{"fec0::1", ClassPrivate},
		{"ff02::1", ClassMulticast},
		{"2001:db8::1", ClassDocs},
		{"3fff::1", ClassDocs},
		{"100::1", ClassReserved},     // discard-only
		{"4000::1", ClassReserved},    // outside 2000::/3
		{"2001:2::1", ClassReserved},  // benchmarking
		{"2001:10::1", ClassReserved}, // ORCHID

		// IPv4 embedded in IPv6
		{"::ffff:127.0.0.1", ClassLoopback},
		{"::ffff:7f00:1", ClassLoopback},
		{"::ffff:a9fe:a9fe", ClassLinkLocal}, // 169.254.169.254
		{"::ffff:10.1.2.3", ClassPrivate},
		{"::127.0.0.1", ClassLoopback}, // IPv4-compatible
		{"::10.0.0.1", ClassPrivate},
		{"64:ff9b::7f00:1", ClassLoopback},           // NAT64
		{"64:ff9b::a9fe:a9fe", ClassLinkLocal},       // NAT64
		{"64:ff9b::c0a8:101", ClassPrivate},          // NAT64 192.168.1.1
		{"64:ff9b:1::808:808", ClassReserved},        // local-use NAT64
		{"2002:7f00:1::", ClassLoopback},             // 6to4
		{"2002:a9fe:a9fe::1", ClassLinkLocal},        // 6to4
		{"2002:c0a8:101::1", ClassPrivate},           // 6to4
		{"2001:0:808:808::80ff:fffe", ClassLoopback}, // Teredo client ^80fffffe = 127.0.0.1
		{"2001:0:7f00:1::f7f7:f7f7", ClassLoopback},  // Teredo server 127.0.0.1
		{"2a00:1450::5efe:7f00:1", ClassLoopback},    // ISATAP
		{"2a00:1450::200:5efe:a00:1", ClassPrivate},  // ISATAP, u/l bit set
		{"::ffff:0:7f00:1", ClassReserved},           // SIIT IPv4-translated
	} {
		a, err := netip.ParseAddr(tc.addr)
		if err != nil {
			t.Fatalf("%s: %v", tc.addr, err)
		}
		if got := Classify(a); got != tc.class {
			t.Errorf("Classify(%s) = %q, want %q", tc.addr, got, tc.class)
		}
	}
	if got := Classify(netip.Addr{}); got != ClassReserved {
		t.Errorf("zero Addr: %q", got)
	}
}

func TestDefaultAddrCheck(t *testing.T) {
	def := DefaultAddrCheck(false, nil)
	ok := []string{"8.8.8.8:80", "8.8.8.8:443", "[2606:4700:4700::1111]:443"}
	bad := []string{"8.8.8.8:8080", "8.8.8.8:22", "127.0.0.1:80", "[::1]:443", "10.0.0.1:443", "[::ffff:169.254.169.254]:80"}
	for _, s := range ok {
		if err := def(netip.MustParseAddrPort(s)); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	for _, s := range bad {
		if err := def(netip.MustParseAddrPort(s)); err == nil {
			t.Errorf("%s allowed", s)
		}
	}
	priv := DefaultAddrCheck(true, []int{8080})
	if err := priv(netip.MustParseAddrPort("127.0.0.1:8080")); err != nil {
		t.Errorf("AllowPrivate: %v", err)
	}
	if err := priv(netip.MustParseAddrPort("127.0.0.1:80")); err == nil {
		t.Errorf("port 80 allowed with Ports [8080]")
	}
	// The dialer's Control wraps refusals as ErrBlockedAddress.
	ctl := dialControl(def)
	if err := ctl("tcp4", "127.0.0.1:80", nil); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("Control(127.0.0.1:80) = %v", err)
	}
	if err := ctl("tcp6", "[fe80::1%lo]:443", nil); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("Control(fe80::1%%lo) = %v", err)
	}
	if err := ctl("tcp4", "8.8.8.8:443", nil); err != nil {
		t.Errorf("Control(8.8.8.8:443) = %v", err)
	}
	if err := ctl("tcp", "garbage", nil); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("Control(garbage) = %v", err)
	}
}
