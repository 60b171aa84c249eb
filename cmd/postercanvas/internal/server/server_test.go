package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/fonts"
	"github.com/postercanvas/postercanvas/raster"
)

// Test-only input kinds, selected by Content-Type: one sleeps (honouring
// cancellation) before drawing a 10×10 canvas, one panics.
func TestMain(m *testing.M) {
	inputKinds = append(inputKinds,
		inputKind{name: "test-sleep", mediaTypes: []string{"application/x-test-sleep"},
			render: func(ctx context.Context, j *job, t *Timings) (*output, error) {
				d, err := time.ParseDuration(string(j.src))
				if err != nil {
					return nil, badInput("%v", err)
				}
				select {
				case <-time.After(d):
				case <-ctx.Done():
					return nil, ctx.Err()
				}
				c, err := canvas.New(10, 10, j.copts...)
				if err != nil {
					return nil, err
				}
				return &output{Result: canvas.Result{Context: c, Draws: 1}}, c.Draw(false)
			}},
		inputKind{name: "test-block", mediaTypes: []string{"application/x-test-block"},
			render: func(ctx context.Context, j *job, t *Timings) (*output, error) {
				d, _ := time.ParseDuration(string(j.src))
				time.Sleep(d) // a phase that cannot be cancelled
				return nil, ctx.Err()
			}},
		inputKind{name: "test-panic", mediaTypes: []string{"application/x-test-panic"},
			render: func(context.Context, *job, *Timings) (*output, error) {
				panic("boom")
			}},
	)
	os.Exit(m.Run())
}

var sharedFonts = fonts.New()

func testConfig() Config {
	c := Defaults()
	c.Workers, c.Queue = 2, 4
	c.ReadHeaderTimeout, c.ReadTimeout = 2*time.Second, 5*time.Second
	return c
}

// logBuf is a concurrency-safe log sink.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs a Server behind a real listener with its own http.Server
// settings (timeouts, header limit).
func start(t *testing.T, cfg Config) (*Server, *httptest.Server, *logBuf) {
	t.Helper()
	return startImages(t, cfg, nil)
}

// startImages is start with an image loader.
func startImages(t *testing.T, cfg Config, images canvas.ImageSource) (*Server, *httptest.Server, *logBuf) {
	t.Helper()
	logs := &logBuf{}
	s, err := New(cfg, sharedFonts, images, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = s.httpServer(s.Handler())
	ts.Start()
	t.Cleanup(ts.Close)
	return s, ts, logs
}

func poster(t testing.TB) []byte {
	b, err := os.ReadFile("../../../../examples/poster.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// slowScene is n half-transparent 4096×4096 fills (the area limit):
// about 40 ms each on the development machine, so n = 1000 is most of a
// minute of work, while parsing it stays quick.
func slowScene(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"width":4096,"height":4096,"commands":[{"method":"setGlobalAlpha","args":[0.5]}`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `,{"method":"setFillStyle","args":["#%02x0000"]},{"method":"fillRect","args":[0,0,4096,4096]}`, i%256)
	}
	b.WriteString(`,{"method":"draw","args":[]}]}`)
	return []byte(b.String())
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// post sends a request; a transport error (the client cancelled, the
// server cut the connection) is status -1. It never calls t.Fatal, so
// goroutines may use it.
func post(_ testing.TB, ctx context.Context, url string, body []byte, hdr ...string) answer {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return answer{status: -1, body: []byte(err.Error())}
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return answer{status: -1, body: []byte(err.Error())}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return answer{res.StatusCode, res.Header, b}
}

type errBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Command *int   `json:"command"`
		Method  string `json:"method"`
	} `json:"error"`
}

func decodeErr(t testing.TB, a answer) errBody {
	t.Helper()
	var e errBody
	if ct := a.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("status %d: Content-Type %q, want application/json (body %q)", a.status, ct, a.body)
	}
	if err := json.Unmarshal(a.body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("status %d: error body %q: %v", a.status, a.body, err)
	}
	return e
}

func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestRenderPNG(t *testing.T) {
	_, ts, logs := start(t, testConfig())
	for _, tc := range []struct {
		query string
		w, h  int
	}{{"", 375, 600}, {"?scale=2", 750, 1200}, {"?width=100&height=50&destWidth=40&destHeight=20", 40, 20}} {
		a := post(t, context.Background(), ts.URL+"/render"+tc.query, poster(t), "X-Request-Id", "abc-123")
		if a.status != 200 || a.header.Get("Content-Type") != "image/png" {
			t.Fatalf("%q: %d %s %q", tc.query, a.status, a.header.Get("Content-Type"), a.body)
		}
		m, err := png.Decode(bytes.NewReader(a.body))
		if err != nil || m.Bounds().Dx() != tc.w || m.Bounds().Dy() != tc.h {
			t.Fatalf("%q: decoded %v %v, want %d×%d", tc.query, err, m.Bounds(), tc.w, tc.h)
		}
		if a.header.Get("X-Request-Id") != "abc-123" || !strings.Contains(a.header.Get("Server-Timing"), "raster;dur=") {
			t.Errorf("headers %v", a.header)
		}
	}
	// A structured log line per request: id, status, every phase.
	line := ""
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, `"msg":"render"`) {
			line = l
			break
		}
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatalf("log line %q: %v", line, err)
	}
	for _, k := range []string{"request_id", "status", "queue_ms", "fetch_ms", "decode_ms", "script_ms", "raster_ms", "encode_ms", "total_ms"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("log line lacks %s: %s", k, line)
		}
	}
	if rec["request_id"] != "abc-123" || rec["status"] != float64(200) {
		t.Errorf("log line %s", line)
	}
}

func TestRenderJSONAnswer(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	a := post(t, context.Background(), ts.URL+"/render?format=jpg&quality=0.5", poster(t), "Accept", "application/json")
	if a.status != 200 || a.header.Get("Content-Type") != "application/json" {
		t.Fatalf("%d %q", a.status, a.body)
	}
	var r struct {
		Width, Height, Bytes int
		Format               string
		Warnings             []string
		Timings              map[string]float64
		Image                string
	}
	if err := json.Unmarshal(a.body, &r); err != nil {
		t.Fatal(err)
	}
	img, err := base64.StdEncoding.DecodeString(r.Image)
	if err != nil || len(img) != r.Bytes {
		t.Fatalf("image: %v, %d bytes, field says %d", err, len(img), r.Bytes)
	}
	m, err := jpeg.Decode(bytes.NewReader(img))
	if err != nil || m.Bounds().Dx() != r.Width || r.Width != 375 || r.Height != 600 || r.Format != "jpg" {
		t.Fatalf("jpeg %v %v; answer %d×%d %s", err, m.Bounds(), r.Width, r.Height, r.Format)
	}
	if r.Warnings == nil {
		t.Error("warnings should be [] not null")
	}
	for _, k := range []string{"queue_ms", "fetch_ms", "decode_ms", "script_ms", "raster_ms", "encode_ms", "total_ms"} {
		if _, ok := r.Timings[k]; !ok {
			t.Errorf("timings lack %s", k)
		}
	}
	if r.Timings["raster_ms"] <= 0 || r.Timings["total_ms"] < r.Timings["raster_ms"] {
		t.Errorf("timings %v", r.Timings)
	}
}

// Options in a JSON envelope, overridden by the query; an actions
// envelope; a scene with warnings.
func TestRenderEnvelopeAndActions(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	env := fmt.Sprintf(`{"input":%s,"options":{"scale":2,"format":"jpg","quality":0.8,"export":{"x":0,"y":0,"width":100,"height":50}}}`, poster(t))
	for _, tc := range []struct {
		query string
		w, h  int
	}{{"", 200, 100}, {"?scale=1", 100, 50}} {
		a := post(t, context.Background(), ts.URL+"/render"+tc.query, []byte(env), "Content-Type", "application/json")
		if a.status != 200 || a.header.Get("Content-Type") != "image/jpeg" {
			t.Fatalf("%q: %d %q", tc.query, a.status, a.body)
		}
		m, err := jpeg.Decode(bytes.NewReader(a.body))
		if err != nil || m.Bounds().Dx() != tc.w || m.Bounds().Dy() != tc.h {
			t.Fatalf("%q: %v %v, want %d×%d", tc.query, err, m.Bounds(), tc.w, tc.h)
		}
	}

	c, _ := canvas.New(20, 10)
	c.SetFillStyle("#ff0000")
	c.FillRect(0, 0, 10, 10)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	rec, err := c.Recording()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(rec)
	a := post(t, context.Background(), ts.URL+"/render", body)
	if a.status != 200 {
		t.Fatalf("actions: %d %q", a.status, a.body)
	}
	m, _ := png.Decode(bytes.NewReader(a.body))
	if r, _, _, al := m.At(5, 5).RGBA(); r>>8 != 255 || al>>8 != 255 || m.Bounds().Dx() != 20 {
		t.Errorf("actions: pixel %v, size %v", m.At(5, 5), m.Bounds())
	}

	// Commands after the last draw are reported, not silently dropped.
	a = post(t, context.Background(), ts.URL+"/render", []byte(`{"width":10,"height":10,"commands":[{"method":"fillRect","args":[0,0,5,5]}]}`), "Accept", "application/json")
	var r struct{ Warnings []string }
	json.Unmarshal(a.body, &r)
	if a.status != 200 || len(r.Warnings) != 2 || a.header.Get("X-Postercanvas-Warnings") != "2" {
		t.Errorf("no draw: %d %v", a.status, r.Warnings)
	}
}

func TestRenderErrors(t *testing.T) {
	cfg := testConfig()
	cfg.MaxCommands = 50
	_, ts, _ := start(t, cfg)
	many := `{"width":10,"height":10,"commands":[` + strings.Repeat(`{"method":"fillRect","args":[0,0,1,1]},`, 60) + `{"method":"draw","args":[]}]}`
	idx := func(i int) *int { return &i }
	for _, tc := range []struct {
		name, method, path, body string
		hdr                      []string
		status                   int
		code                     string
		command                  *int
	}{
		{"GET", "GET", "/render", "", nil, 405, "method_not_allowed", nil},
		{"not JSON", "POST", "/render", "{not json", nil, 400, "malformed_json", nil},
		{"JSON array", "POST", "/render", "[]", nil, 400, "malformed_json", nil},
		{"JSON null", "POST", "/render", "null", nil, 400, "malformed_json", nil},
		{"trailing garbage", "POST", "/render", `{"width":1,"height":1,"commands":[]} x`, nil, 400, "malformed_json", nil},
		{"empty body", "POST", "/render", "", nil, 400, "malformed_json", nil},
		{"unknown object", "POST", "/render", "{}", nil, 400, "unknown_input", nil},
		{"string input without kind", "POST", "/render", `{"input":"ctx.fillRect()"}`, nil, 400, "unknown_kind", nil},
		{"unknown kind", "POST", "/render?kind=nope", `{}`, nil, 400, "unknown_kind", nil},
		{"script kind, JSON object not an envelope", "POST", "/render?kind=script", `{}`, nil, 400, "bad_input", nil},
		{"unsupported media type", "POST", "/render", `<svg/>`, []string{"Content-Type", "image/svg+xml"}, 415, "unsupported_media_type", nil},
		{"gzip body", "POST", "/render", `x`, []string{"Content-Encoding", "gzip"}, 415, "unsupported_encoding", nil},
		{"unknown method", "POST", "/render", `{"width":10,"height":10,"commands":[{"method":"fillRect","args":[0,0,1,1]},{"method":"nosuch","args":[]}]}`, nil, 422, "bad_command", idx(1)},
		{"bad argument", "POST", "/render", `{"width":10,"height":10,"commands":[{"method":"fillRect","args":[0,0,1,1]},{"method":"fillRect","args":[0,0,1]}]}`, nil, 422, "bad_command", idx(1)},
		{"not a command", "POST", "/render", `{"width":10,"height":10,"commands":[{"method":"draw","args":[]},7]}`, nil, 422, "bad_command", idx(1)},
		{"canvas area", "POST", "/render", `{"width":5000,"height":5000,"commands":[]}`, nil, 422, "limit_exceeded", nil},
		{"canvas side", "POST", "/render", `{"width":20000,"height":10,"commands":[]}`, nil, 422, "limit_exceeded", nil},
		{"area through scale", "POST", "/render?scale=20", `{"width":300,"height":300,"commands":[]}`, nil, 422, "limit_exceeded", nil},
		{"commands", "POST", "/render", many, nil, 422, "limit_exceeded", idx(50)},
		{"export size", "POST", "/render?destWidth=20000", `{"width":10,"height":10,"commands":[{"method":"draw","args":[]}]}`, nil, 422, "limit_exceeded", nil},
		{"image path outside the assets", "POST", "/render", `{"width":10,"height":10,"commands":[{"method":"drawImage","args":["/etc/passwd",0,0]},{"method":"draw","args":[]}]}`, nil, 422, "", idx(0)},
		{"scale not a number", "POST", "/render?scale=abc", `{"width":1,"height":1,"commands":[]}`, nil, 400, "bad_option", nil},
		{"scale zero", "POST", "/render?scale=0", `{"width":1,"height":1,"commands":[]}`, nil, 400, "bad_option", nil},
		{"scale huge", "POST", "/render?scale=100", `{"width":1,"height":1,"commands":[]}`, nil, 400, "bad_option", nil},
		{"format gif", "POST", "/render?format=gif", `{"width":1,"height":1,"commands":[]}`, nil, 400, "bad_option", nil},
		{"quality 2", "POST", "/render?quality=2", `{"width":1,"height":1,"commands":[]}`, nil, 400, "bad_option", nil},
		{"negative export", "POST", "/render?x=-1", `{"width":1,"height":1,"commands":[]}`, nil, 400, "bad_option", nil},
		{"envelope option", "POST", "/render", `{"input":{"width":1,"height":1,"commands":[]},"options":{"scale":"x"}}`, nil, 400, "malformed_json", nil},
		{"unknown query", "POST", "/render?sacle=2", `{"width":1,"height":1,"commands":[]}`, nil, 400, "bad_option", nil},
		{"unknown path", "GET", "/nope", "", nil, 404, "not_found", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, ts.URL+tc.path, strings.NewReader(tc.body))
			for i := 0; i+1 < len(tc.hdr); i += 2 {
				req.Header.Set(tc.hdr[i], tc.hdr[i+1])
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			a := answer{res.StatusCode, res.Header, b}
			if a.status != tc.status {
				t.Fatalf("status %d, want %d: %s", a.status, tc.status, b)
			}
			e := decodeErr(t, a)
			if tc.code != "" && e.Error.Code != tc.code {
				t.Errorf("code %q, want %q: %s", e.Error.Code, tc.code, b)
			}
			if (tc.command == nil) != (e.Error.Command == nil) || tc.command != nil && *tc.command != *e.Error.Command {
				t.Errorf("command %v, want %v: %s", e.Error.Command, tc.command, b)
			}
			if tc.status == 405 && res.Header.Get("Allow") != "POST" {
				t.Errorf("405 without Allow: POST")
			}
		})
	}
}

// chunked hides a reader's length so the request goes out chunked.
type chunked struct{ io.Reader }

func TestBodyTooLarge(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	big := bytes.Repeat([]byte(" "), 1<<20+1)
	copy(big, `{"width":1,"height":1,"commands":[]}`)
	for name, body := range map[string]io.Reader{"Content-Length": bytes.NewReader(big), "chunked": chunked{bytes.NewReader(big)}} {
		req, _ := http.NewRequest("POST", ts.URL+"/render", body)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if e := decodeErr(t, answer{res.StatusCode, res.Header, b}); res.StatusCode != 413 || e.Error.Code != "body_too_large" {
			t.Errorf("%s: %d %s", name, res.StatusCode, b)
		}
	}
	// Exactly at the limit is accepted.
	a := post(t, context.Background(), ts.URL+"/render", big[:1<<20])
	if a.status != 200 {
		t.Errorf("1 MiB body: %d %s", a.status, a.body)
	}
	if s.pool.admitted.Load() != 0 {
		t.Error("pool not empty")
	}
	// Headers past MaxHeaderBytes are refused by net/http.
	req, _ := http.NewRequest("POST", ts.URL+"/render", strings.NewReader("{}"))
	req.Header.Set("X-Big", strings.Repeat("a", 128<<10))
	res, err := http.DefaultClient.Do(req)
	if err == nil {
		res.Body.Close()
		if res.StatusCode != 431 {
			t.Errorf("huge header: %d, want 431", res.StatusCode)
		}
	}
}

func TestRequestTimeout503(t *testing.T) {
	cfg := testConfig()
	cfg.RequestTimeout = time.Second
	s, ts, _ := start(t, cfg)
	t0 := time.Now()
	a := post(t, context.Background(), ts.URL+"/render", slowScene(1000))
	el := time.Since(t0)
	e := decodeErr(t, a)
	if a.status != 503 || e.Error.Code != "timeout" || e.Error.Command == nil {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if el > 5*time.Second {
		t.Errorf("answered after %v with a 1 s timeout", el)
	}
	waitFor(t, "the worker to be free", 2*time.Second, func() bool { return s.pool.admitted.Load() == 0 && len(s.pool.workers) == 0 })
}

// busy starts a slow render in the background and waits until it holds a
// worker; cancel stops it.
func busy(t *testing.T, s *Server, url string) (cancel func(), done <-chan answer) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := make(chan answer, 1)
	before := len(s.pool.workers)
	go func() { ch <- post(t, ctx, url+"/render", slowScene(1000)) }()
	waitFor(t, "the slow render to hold a worker", 10*time.Second, func() bool { return len(s.pool.workers) > before })
	return cancel, ch
}

func TestQueueFull429(t *testing.T) {
	cfg := testConfig()
	cfg.Workers, cfg.Queue = 1, 0
	s, ts, _ := start(t, cfg)
	cancel, done := busy(t, s, ts.URL)
	defer func() { cancel(); <-done }()
	a := post(t, context.Background(), ts.URL+"/render", poster(t))
	e := decodeErr(t, a)
	if a.status != 429 || e.Error.Code != "queue_full" || a.header.Get("Retry-After") != "1" {
		t.Fatalf("%d Retry-After %q: %s", a.status, a.header.Get("Retry-After"), a.body)
	}
}

// A request waiting in the queue is answered 503 when its deadline
// passes before a worker frees up.
func TestQueueWaitTimeout503(t *testing.T) {
	cfg := testConfig()
	cfg.Workers, cfg.Queue = 1, 1
	cfg.RequestTimeout = time.Second
	s, ts, _ := start(t, cfg)
	done := make(chan answer, 1)
	go func() {
		done <- post(t, context.Background(), ts.URL+"/render", []byte("3s"), "Content-Type", "application/x-test-block")
	}()
	defer func() { <-done }()
	waitFor(t, "the blocker to hold the worker", 5*time.Second, func() bool { return len(s.pool.workers) == 1 })
	a := post(t, context.Background(), ts.URL+"/render", poster(t))
	e := decodeErr(t, a)
	if a.status != 503 || e.Error.Code != "timeout" || !strings.Contains(e.Error.Message, "no worker") {
		t.Fatalf("%d %s", a.status, a.body)
	}
}

// A client that leaves cancels its render: the worker is free long
// before the render could have finished, and the next request is served.
func TestClientDisconnectFreesWorker(t *testing.T) {
	cfg := testConfig()
	cfg.Workers, cfg.Queue = 1, 0
	cfg.RequestTimeout, cfg.WriteTimeout = time.Minute, 2*time.Minute
	s, ts, logs := start(t, cfg)
	cancel, done := busy(t, s, ts.URL)
	time.Sleep(100 * time.Millisecond)
	t0 := time.Now()
	cancel()
	if a := <-done; a.status != -1 {
		t.Fatalf("client got %d after cancelling", a.status)
	}
	waitFor(t, "the cancelled render to free its worker", 3*time.Second, func() bool {
		return s.pool.admitted.Load() == 0 && len(s.pool.workers) == 0
	})
	t.Logf("worker freed %v after the client left", time.Since(t0))
	if a := post(t, context.Background(), ts.URL+"/render", poster(t)); a.status != 200 {
		t.Fatalf("next request: %d %s", a.status, a.body)
	}
	waitFor(t, "the client_closed log line", time.Second, func() bool { return strings.Contains(logs.String(), `"error_code":"client_closed"`) })
}

// Slow clients cannot hold the server: a request whose headers never end
// is cut after ReadHeaderTimeout, one whose body trickles after
// ReadTimeout, and neither takes a worker.
func TestSlowClients(t *testing.T) {
	cfg := testConfig()
	cfg.ReadHeaderTimeout, cfg.ReadTimeout = 200*time.Millisecond, 400*time.Millisecond
	s, ts, _ := start(t, cfg)
	addr := strings.TrimPrefix(ts.URL, "http://")

	t.Run("headers", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /render HTTP/1.1\r\nHost: x\r\n")
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		t0 := time.Now()
		b, err := io.ReadAll(conn) // the server closes the connection
		if err != nil {
			t.Fatalf("connection not closed by the server: %v (read %q)", err, b)
		}
		if el := time.Since(t0); el > 2*time.Second {
			t.Errorf("closed after %v", el)
		}
	})
	t.Run("body", func(t *testing.T) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /render HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"width\":")
		conn.SetReadDeadline(time.Now().Add(3 * time.Second))
		t0 := time.Now()
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("no answer: %v", err)
		}
		b, _ := io.ReadAll(res.Body)
		if e := decodeErr(t, answer{res.StatusCode, res.Header, b}); res.StatusCode != 408 || e.Error.Code != "body_read" {
			t.Errorf("%d %s", res.StatusCode, b)
		}
		if el := time.Since(t0); el > 2*time.Second {
			t.Errorf("answered after %v", el)
		}
	})
	if s.pool.admitted.Load() != 0 {
		t.Error("a slow client took a queue slot")
	}
}

// concurrentScene touches what renders share — the font registry and
// glyph caches, gradients, paths, strokes — on a canvas small enough for
// 64 renders under -race on a shared 2-core machine.
const concurrentScene = `{"width":200,"height":120,"commands":[
{"method":"createLinearGradient","args":[0,0,200,120],"id":"g"},
{"method":"addColorStop","args":[0,"#ff7e5f"],"target":"g"},{"method":"addColorStop","args":[1,"#6a82fb"],"target":"g"},
{"method":"setFillStyle","args":[{"ref":"g"}]},{"method":"fillRect","args":[0,0,200,120]},
{"method":"beginPath","args":[]},{"method":"arc","args":[150,40,25,0,6.283185307179586]},
{"method":"setFillStyle","args":["rgba(255,255,255,0.6)"]},{"method":"fill","args":[]},
{"method":"setStrokeStyle","args":["#333"]},{"method":"setLineWidth","args":[3]},{"method":"stroke","args":[]},
{"method":"setFontSize","args":[18]},{"method":"setFillStyle","args":["#000"]},
{"method":"fillText","args":["海报 Poster 2026",10,90]},
{"method":"draw","args":[]}]}`

// 64 renders at once through 2 workers and a 64-deep queue: all succeed
// with the same image as a serial render (run under -race).
func Test64ConcurrentRenders(t *testing.T) {
	cfg := testConfig()
	cfg.Queue = 64
	cfg.RequestTimeout = 2 * time.Minute
	cfg.WriteTimeout = 3 * time.Minute
	s, ts, _ := start(t, cfg)
	body := []byte(concurrentScene)
	want := post(t, context.Background(), ts.URL+"/render", body)
	if want.status != 200 {
		t.Fatalf("%d %s", want.status, want.body)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := post(t, context.Background(), ts.URL+"/render", body)
			if a.status != 200 {
				errs <- fmt.Sprintf("%d %s", a.status, a.body)
			} else if !bytes.Equal(a.body, want.body) {
				errs <- "a concurrent render differs from the serial one"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	// A handler releases its worker after its response is written, so the
	// client may read the last body a moment before the pool empties.
	deadline := time.Now().Add(5 * time.Second)
	for (s.pool.admitted.Load() != 0 || len(s.pool.workers) != 0) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if s.pool.admitted.Load() != 0 || len(s.pool.workers) != 0 {
		t.Error("pool not empty after the renders")
	}
}

func TestPanicIs500AndFreesWorker(t *testing.T) {
	s, ts, logs := start(t, testConfig())
	a := post(t, context.Background(), ts.URL+"/render", nil, "Content-Type", "application/x-test-panic")
	if e := decodeErr(t, a); a.status != 500 || e.Error.Code != "internal" {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if s.pool.admitted.Load() != 0 || len(s.pool.workers) != 0 || !strings.Contains(logs.String(), "render panicked") {
		t.Error("worker not freed or panic not logged")
	}
}

func TestProbesMetricsPprof(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	get := func(h http.Handler, path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	api, admin := s.Handler(), s.AdminHandler()
	for _, h := range []http.Handler{api, admin} {
		if c, _ := get(h, "/healthz"); c != 200 {
			t.Errorf("healthz %d", c)
		}
		if c, _ := get(h, "/readyz"); c != 200 {
			t.Errorf("readyz %d", c)
		}
	}
	post(t, context.Background(), ts.URL+"/render", poster(t))
	// The request is counted just after its answer is written.
	waitFor(t, "the render to be counted", 2*time.Second, func() bool {
		_, body := get(admin, "/metrics")
		return strings.Contains(body, `postercanvas_http_requests_total{code="200",handler="render"} 1`)
	})
	c, body := get(admin, "/metrics")
	for _, name := range []string{`postercanvas_render_phase_seconds_bucket{phase="raster"`, `postercanvas_render_duration_seconds_count{status="2xx"} 1`,
		"postercanvas_renders_in_flight 0", "postercanvas_ready 1", "postercanvas_workers 2", "go_goroutines", "process_resident_memory_bytes"} {
		if c != 200 || !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	if c, _ := get(admin, "/debug/pprof/"); c != 200 {
		t.Errorf("admin pprof %d", c)
	}
	if c, _ := get(api, "/debug/pprof/"); c != 404 {
		t.Errorf("pprof reachable on the API: %d", c)
	}
	if c, _ := get(api, "/metrics"); c != 404 {
		t.Errorf("metrics on the API: %d", c)
	}
	cfg := testConfig()
	cfg.Pprof = false
	s2, _ := New(cfg, sharedFonts, nil, nil)
	if c, _ := get(s2.AdminHandler(), "/debug/pprof/"); c != 404 {
		t.Errorf("pprof with Pprof=false: %d", c)
	}
	// No fonts for Chinese: not ready.
	s3, _ := New(testConfig(), &fonts.Registry{}, nil, nil)
	if c, _ := get(s3.Handler(), "/readyz"); c != 503 {
		t.Errorf("readyz without fonts: %d", c)
	}
	s.Drain()
	if c, body := get(api, "/readyz"); c != 503 || !strings.Contains(body, "draining") {
		t.Errorf("readyz while draining: %d %s", c, body)
	}
	if c, _ := get(api, "/healthz"); c != 200 {
		t.Errorf("healthz while draining: %d", c)
	}
}

// SIGTERM's path: readiness goes 503 at once, the in-flight render
// finishes, then Serve returns.
func TestGracefulShutdown(t *testing.T) {
	cfg := testConfig()
	cfg.DrainDelay = 300 * time.Millisecond
	s, err := New(cfg, sharedFonts, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	adm, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, adm) }()
	url := "http://" + ln.Addr().String()
	inflight := make(chan answer, 1)
	go func() {
		inflight <- post(t, context.Background(), url+"/render", []byte("800ms"), "Content-Type", "application/x-test-sleep")
	}()
	waitFor(t, "the render to start", 5*time.Second, func() bool { return len(s.pool.workers) == 1 })
	stop()
	waitFor(t, "draining", time.Second, func() bool { return !s.Ready() })
	res, err := http.Get(url + "/readyz")
	if err != nil || res.StatusCode != 503 {
		t.Fatalf("readyz during the drain delay: %v %v", err, res)
	}
	res.Body.Close()
	if a := <-inflight; a.status != 200 {
		t.Fatalf("in-flight render: %d %s", a.status, a.body)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("still listening after shutdown")
	}
}

// A render outliving the grace period is cut (its context cancelled)
// and Serve says so.
func TestShutdownGraceExpires(t *testing.T) {
	cfg := testConfig()
	cfg.ShutdownGrace = 200 * time.Millisecond
	s, _ := New(cfg, sharedFonts, nil, nil)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, nil) }()
	go post(t, context.Background(), "http://"+ln.Addr().String()+"/render", []byte("1m"), "Content-Type", "application/x-test-sleep")
	waitFor(t, "the render to start", 5*time.Second, func() bool { return len(s.pool.workers) == 1 })
	stop()
	select {
	case err := <-served:
		if !errors.Is(err, ErrGraceExpired) {
			t.Fatalf("Serve = %v, want ErrGraceExpired", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	waitFor(t, "the cut render to free its worker", 2*time.Second, func() bool { return len(s.pool.workers) == 0 })
}

// fakeSource records what reaches the shared loader.
type fakeSource struct {
	mu   sync.Mutex
	seen []string
}

func (f *fakeSource) LoadImage(ctx context.Context, src string) (*raster.Pixmap, error) {
	f.mu.Lock()
	f.seen = append(f.seen, src)
	f.mu.Unlock()
	time.Sleep(2 * time.Millisecond)
	return raster.NewPixmap(1, 1)
}

func TestImagePolicy(t *testing.T) {
	inner := &fakeSource{}
	p := &imagePolicy{inner: inner, assets: true}
	ok := []string{"https://cdn.example.com/a.png", "HTTPS://cdn.example.com/a.png?x=1", "data:image/png;base64,AAAA",
		"avatar.png", "./avatar.png", "posters/bg.jpg", "dir/a:b.png"}
	bad := []string{"/etc/passwd", "../secret.png", "a/../../b.png", "posters//bg.jpg", "file:///etc/passwd", "ftp://x/a.png",
		"gopher://x", "http://cdn.example.com/a.png", "https://user:pw@cdn.example.com/a.png", "https:///a.png",
		"//cdn.example.com/a.png", `C:\x.png`, "c:x.png", "a\x00.png", "", ".", "javascript:alert(1)"}
	ctx := context.WithValue(context.Background(), timingsKey{}, &Timings{})
	for _, src := range ok {
		if _, err := p.LoadImage(ctx, src); err != nil {
			t.Errorf("%q refused: %v", src, err)
		}
	}
	for _, src := range bad {
		if _, err := p.LoadImage(ctx, src); err == nil {
			t.Errorf("%q allowed", src)
		}
	}
	if len(inner.seen) != len(ok) {
		t.Errorf("loader saw %q", inner.seen)
	}
	if tm := ctx.Value(timingsKey{}).(*Timings); tm.Fetch() < time.Duration(len(ok))*2*time.Millisecond {
		t.Errorf("fetch time %v not accounted", tm.Fetch())
	}
	p = &imagePolicy{inner: inner, allowHTTP: true}
	if _, err := p.LoadImage(ctx, "http://cdn.example.com/a.png"); err != nil {
		t.Errorf("http with allowHTTP: %v", err)
	}
	if _, err := p.LoadImage(ctx, "avatar.png"); err == nil {
		t.Error("a name was allowed without an asset directory")
	}
	p = &imagePolicy{}
	if _, err := p.LoadImage(ctx, "https://cdn.example.com/a.png"); !errors.Is(err, errNoImageSource) {
		t.Errorf("no loader: %v", err)
	}
}

func TestConfigValidate(t *testing.T) {
	if err := Defaults().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	for _, tc := range []struct {
		name string
		mod  func(*Config)
		want string
	}{
		{"listen", func(c *Config) { c.Listen = "nope" }, "listen"},
		{"same admin", func(c *Config) { c.AdminListen = c.Listen }, "admin-listen"},
		{"body", func(c *Config) { c.MaxBodyBytes = 0 }, "max-body-bytes"},
		{"area", func(c *Config) { c.MaxArea = -1 }, "max-area"},
		{"commands", func(c *Config) { c.MaxCommands = 0 }, "max-commands"},
		{"timeout", func(c *Config) { c.RequestTimeout = 0 }, "request-timeout"},
		{"write < request", func(c *Config) { c.WriteTimeout = time.Second }, "write-timeout"},
		{"workers", func(c *Config) { c.Workers = 0 }, "workers"},
		{"queue", func(c *Config) { c.Queue = -1 }, "queue"},
		{"format", func(c *Config) { c.Format = "gif" }, "format"},
		{"quality", func(c *Config) { c.Quality = 1.5 }, "quality"},
		{"header bytes", func(c *Config) { c.MaxHeaderBytes = 10 }, "max-header-bytes"},
		{"allow-host with scheme", func(c *Config) { c.Images.AllowHosts = []string{"https://example.com"} }, "allow-host"},
		{"allow-host with userinfo", func(c *Config) { c.Images.AllowHosts = []string{"example.com@evil.com"} }, "allow-host"},
		{"image timeout", func(c *Config) { c.Images.Timeout = 0 }, "image-timeout"},
	} {
		c := Defaults()
		tc.mod(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	c := Defaults()
	c.Images.AllowHosts = []string{"example.com", "*.cdn.example.com"}
	c.AdminListen = ""
	if err := c.Validate(); err != nil {
		t.Errorf("valid hosts: %v", err)
	}
}

func TestAcceptsJSON(t *testing.T) {
	for accept, want := range map[string]bool{
		"": false, "image/png": false, "application/json": true, "image/png, application/json;q=0.5": true,
		"application/json;q=0": false, "*/*": false, "APPLICATION/JSON": true,
	} {
		if acceptsJSON(accept) != want {
			t.Errorf("%q: %v", accept, !want)
		}
	}
}
