package imagesrc_test

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/canvas/imagesrc"
)

// server is an httptest server that counts requests and open connections.
type server struct {
	*httptest.Server
	requests atomic.Int64
	open     atomic.Int64
	port     int
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h(w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		switch st {
		case http.StateNew:
			s.open.Add(1)
		case http.StateClosed, http.StateHijacked:
			s.open.Add(-1)
		}
	}
	s.Start()
	s.port = s.Listener.Addr().(*net.TCPAddr).Port
	// Servers are made before the loaders that use them, so this cleanup
	// runs after every loader's Close: by then the loaders must have
	// closed every connection they opened.
	t.Cleanup(func() {
		deadline := time.Now().Add(2 * time.Second)
		for s.open.Load() > 0 {
			if time.Now().After(deadline) {
				t.Errorf("server %s: %d connections still open after the loaders closed", s.URL, s.open.Load())
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		s.Close()
	})
	return s
}

func (s *server) url(path string) string { return s.URL + path }

// loader makes a fetching Loader closed at cleanup.
func loader(t *testing.T, cfg imagesrc.Config, _ ...*server) *imagesrc.Loader {
	t.Helper()
	cfg.HTTP = true
	l := imagesrc.New(cfg)
	t.Cleanup(func() { l.Close() })
	return l
}

// allowLoopback permits loopback connections to the given servers' ports
// and applies the default policy to everything else.
func allowLoopback(servers ...*server) imagesrc.AddrCheck {
	def := imagesrc.DefaultAddrCheck(false, nil)
	return func(ap netip.AddrPort) error {
		for _, s := range servers {
			if ap.Addr().IsLoopback() && int(ap.Port()) == s.port {
				return nil
			}
		}
		return def(ap)
	}
}

func servePNG(t *testing.T) http.HandlerFunc {
	img := pngBytes(t, 4, 3, color.NRGBA{0, 255, 0, 255})
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(img)
	}
}

func TestFetchBlockedByDefault(t *testing.T) {
	checkLeaks(t)
	s := newServer(t, servePNG(t))
	port := strconv.Itoa(s.port)
	for _, cfg := range []imagesrc.Config{{}, {Ports: []int{s.port}}} {
		l := loader(t, cfg, s)
		for _, u := range []string{
			"http://127.0.0.1:" + port + "/a.png",
			"http://localhost:" + port + "/a.png", // a name: refused at connect time
			"http://[::1]:" + port + "/a.png",
			"http://[::ffff:127.0.0.1]:" + port + "/a.png",
			"http://[::ffff:7f00:1]:" + port + "/a.png",
			"http://0.0.0.0:" + port + "/a.png",
			"http://169.254.169.254/latest/meta-data/",
			"http://[fd00::1]/a.png",
			"http://10.0.0.1/a.png",
		} {
			_, err := l.LoadImage(context.Background(), u)
			mustKind(t, err, imagesrc.ErrBlockedAddress, u)
			if strings.Contains(err.Error(), "127.0.0.1:"+port) && !strings.Contains(u, "127.0.0.1") {
				t.Errorf("error reveals the resolved address: %v", err)
			}
		}
	}
	if n := s.requests.Load(); n != 0 {
		t.Fatalf("blocked server got %d requests", n)
	}
}

func TestFetchAllowedWhenConfigured(t *testing.T) {
	checkLeaks(t)
	s := newServer(t, servePNG(t))
	for _, cfg := range []imagesrc.Config{
		{AllowPrivate: true, Ports: []int{s.port}},
		{CheckAddr: allowLoopback(s)},
	} {
		l := loader(t, cfg, s)
		for range 3 {
			pm, err := l.LoadImage(context.Background(), s.url("/a.png"))
			if err != nil {
				t.Fatal(err)
			}
			if pm.Width != 4 || pm.Height != 3 || pm.Pix[1] != 255 {
				t.Fatalf("%dx%d %v", pm.Width, pm.Height, pm.Pix[:4])
			}
		}
		info, err := l.Info(context.Background(), s.url("/a.png"))
		if err != nil || info != (imagesrc.Info{Width: 4, Height: 3, Format: "png", Orientation: 1}) {
			t.Fatalf("Info: %+v %v", info, err)
		}
		// localhost resolves to loopback, which this policy allows.
		if _, err := l.LoadImage(context.Background(), "http://localhost:"+strconv.Itoa(s.port)+"/a.png"); err != nil {
			t.Fatalf("localhost: %v", err)
		}
	}
	if n := s.requests.Load(); n != 4 { // one per loader, plus localhost twice
		t.Fatalf("server got %d requests, want 4 (cache)", n)
	}
}

func TestRedirects(t *testing.T) {
	checkLeaks(t)
	target := newServer(t, servePNG(t)) // allowed only where a test says so
	var hops atomic.Int64
	origin := newServer(t, nil)
	origin.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin.requests.Add(1)
		switch {
		case r.URL.Path == "/to-target":
			http.Redirect(w, r, target.url("/a.png"), http.StatusFound)
		case r.URL.Path == "/to-metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
		case r.URL.Path == "/to-mapped":
			http.Redirect(w, r, "http://[::ffff:10.0.0.1]/x.png", http.StatusMovedPermanently)
		case r.URL.Path == "/to-file":
			http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
		case r.URL.Path == "/to-creds":
			http.Redirect(w, r, "http://user:pw@localhost:"+strconv.Itoa(target.port)+"/a.png", http.StatusFound)
		case r.URL.Path == "/loop":
			hops.Add(1)
			http.Redirect(w, r, "/loop", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/chain/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/chain/"))
			if n == 0 {
				servePNG(t)(w, r)
				return
			}
			http.Redirect(w, r, "/chain/"+strconv.Itoa(n-1), http.StatusFound)
		}
	})
	ctx := context.Background()
	l := loader(t, imagesrc.Config{CheckAddr: allowLoopback(origin), MaxRedirects: 3}, origin, target)
	for _, tc := range []struct {
		path    string
		kind    error
		mention string
	}{
		{"/to-target", imagesrc.ErrBlockedAddress, "port"},
		{"/to-metadata", imagesrc.ErrBlockedAddress, "link-local"},
		{"/to-mapped", imagesrc.ErrBlockedAddress, "private"},
		{"/to-file", imagesrc.ErrDisabledScheme, "file"},
		{"/to-creds", imagesrc.ErrBadSource, "credentials"},
		{"/loop", imagesrc.ErrTooManyRedirects, "more than 3"},
		{"/chain/4", imagesrc.ErrTooManyRedirects, "more than 3"},
	} {
		_, err := l.LoadImage(ctx, origin.url(tc.path))
		mustKind(t, err, tc.kind, tc.mention)
		if !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%s: error %q does not name the source", tc.path, err)
		}
	}
	if n := target.requests.Load(); n != 0 {
		t.Fatalf("blocked redirect target got %d requests", n)
	}
	if n := hops.Load(); n != 4 {
		t.Fatalf("redirect loop: %d requests, want 4 (the original and 3 redirects)", n)
	}
	if _, err := l.LoadImage(ctx, origin.url("/chain/3")); err != nil {
		t.Fatalf("3 redirects: %v", err)
	}

	// Redirects refused altogether.
	none := loader(t, imagesrc.Config{CheckAddr: allowLoopback(origin), MaxRedirects: -1}, origin)
	_, err := none.LoadImage(ctx, origin.url("/chain/1"))
	mustKind(t, err, imagesrc.ErrTooManyRedirects, "")

	// The host allow-list applies to every hop.
	al := loader(t, imagesrc.Config{CheckAddr: allowLoopback(origin, target), AllowHosts: []string{"127.0.0.1"}}, origin, target)
	if _, err := al.LoadImage(ctx, origin.url("/to-target")); err != nil {
		t.Fatalf("allowed redirect: %v", err)
	}
	_, err = al.LoadImage(ctx, origin.url("/to-creds"))
	mustKind(t, err, imagesrc.ErrBadSource, "credentials")
	_, err = al.LoadImage(ctx, "http://localhost:"+strconv.Itoa(origin.port)+"/chain/0")
	mustKind(t, err, imagesrc.ErrHostNotAllowed, "localhost")
	al2 := loader(t, imagesrc.Config{CheckAddr: allowLoopback(origin, target), AllowHosts: []string{"LOCALHOST."}}, origin, target)
	if _, err := al2.LoadImage(ctx, "http://localhost:"+strconv.Itoa(origin.port)+"/chain/0"); err != nil {
		t.Fatalf("allow-list case/dot: %v", err)
	}
	_, err = al2.LoadImage(ctx, "http://localhost:"+strconv.Itoa(origin.port)+"/to-target")
	mustKind(t, err, imagesrc.ErrHostNotAllowed, "127.0.0.1")
}

func TestFetchTimeouts(t *testing.T) {
	checkLeaks(t)
	png := pngBytes(t, 4, 3, color.NRGBA{0, 255, 0, 255})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow-headers":
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		case "/trickle":
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("Content-Length", strconv.Itoa(len(png)))
			for _, b := range png {
				if _, err := w.Write([]byte{b}); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}
	})
	l := loader(t, imagesrc.Config{CheckAddr: allowLoopback(s), Timeout: 300 * time.Millisecond}, s)
	for _, p := range []string{"/slow-headers", "/trickle"} {
		start := time.Now()
		_, err := l.LoadImage(context.Background(), s.url(p))
		mustKind(t, err, imagesrc.ErrTimeout, p)
		if !errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "300ms") {
			t.Errorf("%s: %v", p, err)
		}
		if d := time.Since(start); d < 250*time.Millisecond || d > 2*time.Second {
			t.Errorf("%s: gave up after %v, want about 300ms", p, d)
		}
	}
	// The caller's own deadline ends its wait, and is not cached.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := l.LoadImage(ctx, s.url("/slow-headers?caller"))
	mustKind(t, err, imagesrc.ErrTimeout, "caller")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("caller deadline: %v", err)
	}
}

func TestFetchOversize(t *testing.T) {
	checkLeaks(t)
	var sent atomic.Int64
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		if r.URL.Path == "/declared" {
			w.Header().Set("Content-Length", strconv.Itoa(64<<20))
		}
		w.Write(pngBytes(t, 2, 2, color.NRGBA{A: 255})[:16])
		w.(http.Flusher).Flush()
		chunk := make([]byte, 32<<10)
		for range 2048 { // 64 MiB unless the client hangs up
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	l := loader(t, imagesrc.Config{CheckAddr: allowLoopback(s), MaxBytes: 100 << 10, Timeout: 5 * time.Second}, s)
	_, err := l.LoadImage(context.Background(), s.url("/declared"))
	mustKind(t, err, imagesrc.ErrTooLarge, "Content-Length 67108864")
	_, err = l.LoadImage(context.Background(), s.url("/chunked"))
	mustKind(t, err, imagesrc.ErrTooLarge, "exceeds 102400 bytes")
	s.CloseClientConnections()
	if n := sent.Load(); n > 16<<20 {
		t.Errorf("server wrote %d bytes: the client kept reading past the limit", n)
	}
}

func TestFetchContent(t *testing.T) {
	checkLeaks(t)
	img := pngBytes(t, 2, 2, color.NRGBA{255, 0, 0, 255})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<!doctype html><title>login</title>")
		case "/png-as-text":
			w.Header().Set("Content-Type", "text/plain")
			w.Write(img)
		case "/png-as-jpeg":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write(img)
		case "/untyped":
			w.Header()["Content-Type"] = nil
			w.Write(img)
		case "/gzip":
			w.Header().Set("Content-Type", "image/png")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0})
		case "/html-as-png":
			w.Header().Set("Content-Type", "image/png")
			fmt.Fprint(w, "<html>nope</html>")
		case "/bomb.gif":
			w.Header().Set("Content-Type", "image/gif")
			w.Write(imagesrc.GIFBomb())
		case "/truncated.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(img[:len(img)-20])
		case "/empty":
			w.Header().Set("Content-Type", "image/png")
		case "/missing":
			http.NotFound(w, r)
		case "/error":
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	})
	ctx := context.Background()
	l := loader(t, imagesrc.Config{CheckAddr: allowLoopback(s)}, s)
	for _, p := range []string{"/png-as-text", "/png-as-jpeg", "/untyped"} {
		info, err := l.Info(ctx, s.url(p))
		if err != nil || info.Format != "png" {
			t.Fatalf("%s: %+v %v", p, info, err)
		}
	}
	for _, tc := range []struct {
		path    string
		kind    error
		mention string
	}{
		{"/html", imagesrc.ErrContentType, "text/html"},
		{"/gzip", imagesrc.ErrContentType, "gzip"},
		{"/html-as-png", imagesrc.ErrUnsupportedFormat, "html"},
		{"/bomb.gif", imagesrc.ErrTooManyPixels, "65535×65535"},
		{"/truncated.png", imagesrc.ErrCorrupt, "png"},
		{"/empty", imagesrc.ErrCorrupt, "empty"},
		{"/missing", imagesrc.ErrNotFound, "404"},
		{"/error", imagesrc.ErrHTTPStatus, "500"},
	} {
		_, err := l.LoadImage(ctx, s.url(tc.path))
		mustKind(t, err, tc.kind, tc.mention)
		if !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%s: error %q does not name the source", tc.path, err)
		}
	}
	strict := loader(t, imagesrc.Config{CheckAddr: allowLoopback(s), StrictContentType: true}, s)
	_, err := strict.LoadImage(ctx, s.url("/png-as-text"))
	mustKind(t, err, imagesrc.ErrContentType, "text/plain")
	_, err = strict.LoadImage(ctx, "http://user:pw@127.0.0.1:"+strconv.Itoa(s.port)+"/png-as-jpeg")
	mustKind(t, err, imagesrc.ErrBadSource, "credentials")
	if strings.Contains(err.Error(), "pw@") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestSingleflight(t *testing.T) {
	checkLeaks(t)
	release := make(chan struct{})
	img := pngBytes(t, 8, 8, color.NRGBA{1, 2, 3, 255})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(img)
	})
	l := loader(t, imagesrc.Config{CheckAddr: allowLoopback(s)}, s)
	u := s.url("/shared.png")
	const n = 32
	results := make(chan error, n+1)
	var mu sync.Mutex
	var first any
	same := true
	for range n {
		go func() {
			pm, err := l.LoadImage(context.Background(), u)
			mu.Lock()
			if first == nil {
				first = pm
			} else if any(pm) != first {
				same = false
			}
			mu.Unlock()
			results <- err
		}()
	}
	// One impatient caller leaves early; that must not cancel the fetch.
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := l.LoadImage(ctx, u)
		if !errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("impatient caller: %v", err)
		} else {
			err = nil
		}
		results <- err
	}()
	for s.requests.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	for range n + 1 {
		if err := <-results; err != nil {
			t.Error(err)
		}
	}
	if got := s.requests.Load(); got != 1 {
		t.Fatalf("%d concurrent loads made %d requests, want 1", n, got)
	}
	if !same {
		t.Fatal("callers got different pixmaps")
	}
	if st := l.Stats(); st.Loads != 1 {
		t.Fatalf("stats %+v", st)
	}
	// Later calls are cache hits.
	l.LoadImage(context.Background(), u)
	if got := s.requests.Load(); got != 1 {
		t.Fatalf("cache miss after load: %d requests", got)
	}

	// When every caller gives up, the fetch is cancelled and nothing is
	// cached: the next caller fetches again.
	s2 := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	l2 := loader(t, imagesrc.Config{CheckAddr: allowLoopback(s2)}, s2)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	_, err := l2.LoadImage(ctx, s2.url("/hang"))
	cancel()
	mustKind(t, err, imagesrc.ErrTimeout, "/hang")
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Millisecond)
	l2.LoadImage(ctx, s2.url("/hang"))
	cancel()
	deadline := time.Now().Add(2 * time.Second)
	for s2.requests.Load() != 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := s2.requests.Load(); got != 2 {
		t.Fatalf("abandoned fetch: %d requests, want 2", got)
	}
}

func TestLoadAllParallel(t *testing.T) {
	checkLeaks(t)
	var cur, peak atomic.Int64
	img := pngBytes(t, 8, 8, color.NRGBA{1, 2, 3, 255})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		c := cur.Add(1)
		defer cur.Add(-1)
		for {
			p := peak.Load()
			if c <= p || peak.CompareAndSwap(p, c) {
				break
			}
		}
		time.Sleep(60 * time.Millisecond)
		if strings.HasSuffix(r.URL.Path, "bad") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(img)
	})
	l := loader(t, imagesrc.Config{CheckAddr: allowLoopback(s), Parallel: 3}, s)
	var srcs []string
	for i := range 9 {
		srcs = append(srcs, s.url(fmt.Sprintf("/%d.png", i)))
	}
	srcs = append(srcs, srcs[0], srcs[1], s.url("/x.bad")) // duplicates are loaded once
	start := time.Now()
	err := l.LoadAll(context.Background(), srcs)
	elapsed := time.Since(start)
	mustKind(t, err, imagesrc.ErrNotFound, "/x.bad")
	if strings.Contains(err.Error(), "/3.png") {
		t.Errorf("LoadAll error names a good source: %v", err)
	}
	if p := peak.Load(); p != 3 {
		t.Errorf("peak concurrency %d, want 3", p)
	}
	if elapsed > 9*60*time.Millisecond {
		t.Errorf("LoadAll took %v: not parallel", elapsed)
	}
	if n := s.requests.Load(); n != 10 {
		t.Fatalf("%d requests, want 10", n)
	}
	for _, u := range srcs[:9] {
		if _, err := l.LoadImage(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	_, err = l.LoadImage(context.Background(), s.url("/x.bad"))
	mustKind(t, err, imagesrc.ErrNotFound, "")
	if n := s.requests.Load(); n != 10 {
		t.Fatalf("after LoadAll, LoadImage fetched again: %d requests", n)
	}
	// A cancelled LoadAll returns promptly with errors naming the sources.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = l.LoadAll(ctx, []string{s.url("/new1.png"), s.url("/new2.png")})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "/new2.png") {
		t.Fatalf("cancelled LoadAll: %v", err)
	}
}
