package imagesrc_test

import (
	"context"
	"encoding/binary"
	"net"
	"net/netip"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/postercanvas/postercanvas/canvas/imagesrc"
)

// fakeDNS is a resolver that answers every A query with the next address
// of answers (the last one repeats) and every other query with no records.
// It speaks DNS over a stream (two-byte length prefix) through net.Pipe.
type fakeDNS struct {
	answers []netip.Addr
	n       atomic.Int64
}

func (f *fakeDNS) resolver() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		c, s := net.Pipe()
		go f.serve(s)
		return c, nil
	}}
}

func (f *fakeDNS) serve(c net.Conn) {
	defer c.Close()
	for {
		var l [2]byte
		if _, err := c.Read(l[:]); err != nil {
			return
		}
		q := make([]byte, binary.BigEndian.Uint16(l[:]))
		for got := 0; got < len(q); {
			n, err := c.Read(q[got:])
			if err != nil {
				return
			}
			got += n
		}
		if len(q) < 12 {
			return
		}
		// The question ends after the name's zero label and type, class.
		i := 12
		for i < len(q) && q[i] != 0 {
			i += int(q[i]) + 1
		}
		if i+5 > len(q) {
			return
		}
		qtype := binary.BigEndian.Uint16(q[i+1:])
		resp := append([]byte{}, q[:i+5]...)
		resp[2], resp[3] = 0x81, 0x80 // response, recursion available, no error
		binary.BigEndian.PutUint16(resp[6:], 0)
		binary.BigEndian.PutUint16(resp[8:], 0)
		binary.BigEndian.PutUint16(resp[10:], 0)
		if qtype == 1 { // A
			k := int(f.n.Add(1)) - 1
			a := f.answers[min(k, len(f.answers)-1)].As4()
			binary.BigEndian.PutUint16(resp[6:], 1)
			resp = append(resp, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4)
			resp = append(resp, a[:]...)
		}
		out := binary.BigEndian.AppendUint16(nil, uint16(len(resp)))
		if _, err := c.Write(append(out, resp...)); err != nil {
			return
		}
	}
}

// DNS rebinding: a name whose answer turns into loopback is refused at
// connect time, because the check runs on the address actually dialed (no
// earlier lookup is trusted). The fake resolver's first answer is public;
// the test starts at its second so that nothing outside the machine is
// dialed.
func TestDNSRebindingRefusedAtConnect(t *testing.T) {
	checkLeaks(t)
	s := newServer(t, servePNG(t))
	dns := &fakeDNS{answers: []netip.Addr{netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("127.0.0.1")}}
	u := "http://images.example.test:" + strconv.Itoa(s.port) + "/a.png"

	// Allowing the test port, but not loopback: the second answer is
	// refused.
	ports := []int{s.port}
	l := loader(t, imagesrc.Config{Resolver: dns.resolver(), Ports: ports}, s)
	dns.n.Store(1) // the rebinding answer
	_, err := l.LoadImage(context.Background(), u)
	mustKind(t, err, imagesrc.ErrBlockedAddress, "loopback")
	if s.requests.Load() != 0 {
		t.Fatal("rebinding reached the server")
	}

	// The same resolver with loopback allowed reaches the test server,
	// which shows the fetcher dials what this resolver answers.
	dns.n.Store(1)
	ok := loader(t, imagesrc.Config{Resolver: dns.resolver(), AllowPrivate: true, Ports: ports}, s)
	if _, err := ok.LoadImage(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	if s.requests.Load() != 1 {
		t.Fatalf("%d requests", s.requests.Load())
	}

}
