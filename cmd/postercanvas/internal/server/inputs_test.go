package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/canvas/imagesrc"
	"github.com/postercanvas/postercanvas/golden"
)

// The posters' scripts, and their scenes and images (the golden corpus).
const (
	posterDir = "../../../../canvas/script/testdata/posters/"
	corpusDir = "../../../../golden/testdata/"
)

// startPosters starts a server whose assets are the golden corpus.
func startPosters(t *testing.T) (*Server, *httptest.Server, *logBuf) {
	t.Helper()
	cfg := testConfig()
	cfg.Images.Assets = corpusDir
	return startImages(t, cfg, imagesrc.New(imagesrc.Config{Root: corpusDir}))
}

func decodePNG(t *testing.T, a answer) image.Image {
	t.Helper()
	if a.status != 200 || a.header.Get("Content-Type") != "image/png" {
		t.Fatalf("status %d, Content-Type %q: %.300s", a.status, a.header.Get("Content-Type"), a.body)
	}
	m, err := png.Decode(bytes.NewReader(a.body))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func toNRGBA(m image.Image) *image.NRGBA {
	b := m.Bounds()
	n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			n.Set(x, y, m.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return n
}

func rgbaAt(m image.Image, x, y int) [4]uint8 {
	r, g, b, a := m.At(x, y).RGBA()
	return [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func envelopeJSON(t *testing.T, v map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A legacy poster script posted as JavaScript renders the very pixels of
// its scene form (the recorded calls are the same).
func TestScriptLegacyMatchesScene(t *testing.T) {
	_, ts, _ := startPosters(t)
	js, err := os.ReadFile(posterDir + "953-poster-coupon.js")
	if err != nil {
		t.Fatal(err)
	}
	scene, err := os.ReadFile(corpusDir + "953-poster-coupon.json")
	if err != nil {
		t.Fatal(err)
	}
	want := decodePNG(t, post(t, context.Background(), ts.URL+"/render?scale=0.5", scene))
	got := decodePNG(t, post(t, context.Background(), ts.URL+"/render?scale=0.5&size=750x1334", js, "Content-Type", "application/javascript; charset=utf-8"))
	if got.Bounds() != want.Bounds() || got.Bounds().Dx() != 375 {
		t.Fatalf("script %v, scene %v", got.Bounds(), want.Bounds())
	}
	if !bytes.Equal(toNRGBA(got).Pix, toNRGBA(want).Pix) {
		t.Fatal("the legacy script and its scene differ")
	}
}

// The <canvas type="2d"> form of the same poster, in the envelope with
// width/height options, matches the scene within the poster tolerance of
// canvas/script; a small 2D script reads the request's data.
func TestScript2D(t *testing.T) {
	_, ts, _ := startPosters(t)
	js, err := os.ReadFile(posterDir + "953-poster-coupon-2d.js")
	if err != nil {
		t.Fatal(err)
	}
	scene, err := os.ReadFile(corpusDir + "953-poster-coupon.json")
	if err != nil {
		t.Fatal(err)
	}
	want := decodePNG(t, post(t, context.Background(), ts.URL+"/render?scale=0.5", scene))
	body := envelopeJSON(t, map[string]any{"kind": "script", "input": string(js), "options": map[string]any{"width": 750, "height": 1334, "scale": 0.5}})
	got := decodePNG(t, post(t, context.Background(), ts.URL+"/render", body, "Content-Type", "application/json"))
	if got.Bounds() != want.Bounds() {
		t.Fatalf("script %v, scene %v", got.Bounds(), want.Bounds())
	}
	r, err := golden.Compare(got, want)
	if err != nil {
		t.Fatal(err)
	}
	if err := (golden.Tolerance{MinPSNR: 28, MaxPct16: 3}).Check(r); err != nil {
		t.Fatalf("2D script vs scene: %v", err)
	}
	t.Logf("2D script vs scene: %+v", r)

	src := "const c = canvas.getContext('2d');\nc.fillStyle = data.color;\nc.fillRect(0, 0, 10, 10);\n"
	body = envelopeJSON(t, map[string]any{"kind": "script", "input": src, "options": map[string]any{"size": "20x10"}, "data": map[string]any{"color": "#00ff00"}})
	a := post(t, context.Background(), ts.URL+"/render", body, "Accept", "application/json")
	var res struct {
		Width, Height int
		Image         []byte
		Warnings      []string
		Timings       map[string]float64
	}
	if err := json.Unmarshal(a.body, &res); err != nil || a.status != 200 {
		t.Fatalf("%d %s: %v", a.status, a.body, err)
	}
	m, err := png.Decode(bytes.NewReader(res.Image))
	if err != nil || res.Width != 20 || res.Height != 10 {
		t.Fatalf("%v: %d×%d", err, res.Width, res.Height)
	}
	if p, q := rgbaAt(m, 5, 5), rgbaAt(m, 15, 5); p != [4]uint8{0, 255, 0, 255} || q[3] != 0 {
		t.Errorf("pixels %v %v, want green then transparent", p, q)
	}
	if _, ok := res.Timings["script_ms"]; !ok {
		t.Errorf("timings %v lack script_ms", res.Timings)
	}
}

var (
	lineCol  = regexp.MustCompile(`script\.js:2:\d+`)
	anyPlace = regexp.MustCompile(`script\.js:\d+:\d+`)
)

func TestScriptErrors(t *testing.T) {
	cfg := testConfig()
	cfg.MaxCommands, cfg.MaxArea = 50, 100_000
	_, ts, _ := start(t, cfg)
	legacy := func(body string) string {
		return "const ctx = wx.createCanvasContext('c');\n" + body + "\nctx.draw();\n"
	}
	for _, tc := range []struct {
		name, query, src, code string
		status                 int
		msg                    *regexp.Regexp
	}{
		{"syntax error", "", legacy("ctx.fillRect(0, 0, 10 10);"), "script_error", 422, lineCol},
		{"exception", "", legacy("ctx.nope();"), "script_error", 422, lineCol},
		{"bad argument", "", legacy("ctx.setFillStyle(42);"), "script_error", 422, lineCol},
		{"commands over the server limit", "", legacy("for (let i = 0; i < 100; i++) ctx.fillRect(0, 0, 1, 1);"), "limit_exceeded", 422, regexp.MustCompile("50")},
		{"page canvas over the area limit", "?size=1000x1000", legacy(""), "limit_exceeded", 422, regexp.MustCompile("area")},
		// The 2D canvas's limit reaches the script as an exception it could catch.
		{"2D canvas over the area limit", "", "canvas.width = 1000;\ncanvas.height = 1000;\ncanvas.getContext('2d').fillRect(0, 0, 1, 1);\n", "script_error", 422, regexp.MustCompile("area")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, context.Background(), ts.URL+"/render"+tc.query, []byte(tc.src), "Content-Type", "text/javascript")
			e := decodeErr(t, a)
			if a.status != tc.status || e.Error.Code != tc.code || !tc.msg.MatchString(e.Error.Message) {
				t.Fatalf("%d %s, want %d %s matching %v", a.status, a.body, tc.status, tc.code, tc.msg)
			}
		})
	}
}

// A script that never ends is stopped at the request deadline: 503, and
// the worker is free for the next request.
func TestScriptInfiniteLoop503(t *testing.T) {
	cfg := testConfig()
	cfg.Workers, cfg.Queue = 1, 0
	cfg.RequestTimeout = time.Second
	s, ts, _ := start(t, cfg)
	t0 := time.Now()
	a := post(t, context.Background(), ts.URL+"/render", []byte("const ctx = wx.createCanvasContext('c');\nwhile (true) {}\n"), "Content-Type", "application/javascript")
	el := time.Since(t0)
	e := decodeErr(t, a)
	if a.status != 503 || e.Error.Code != "timeout" || !anyPlace.MatchString(e.Error.Message) {
		t.Fatalf("%d %s", a.status, a.body)
	}
	if el > 3*time.Second {
		t.Errorf("answered after %v with a 1 s timeout", el)
	}
	waitFor(t, "the worker to be free", 2*time.Second, func() bool { return s.pool.admitted.Load() == 0 && len(s.pool.workers) == 0 })
	if a := post(t, context.Background(), ts.URL+"/render", poster(t)); a.status != 200 {
		t.Fatalf("next request: %d %s", a.status, a.body)
	}

	// One draw() of a minute of fills (see slowScene) stops at the
	// deadline too, between commands.
	slow := "const ctx = wx.createCanvasContext('c');\nctx.setGlobalAlpha(0.5);\n" +
		"for (let i = 0; i < 1000; i++) { ctx.setFillStyle(i % 2 ? '#ff0000' : '#0000ff'); ctx.fillRect(0, 0, 4096, 4096); }\nctx.draw();\n"
	t0 = time.Now()
	a = post(t, context.Background(), ts.URL+"/render?size=4096x4096", []byte(slow), "Content-Type", "application/javascript")
	el = time.Since(t0)
	if e := decodeErr(t, a); a.status != 503 || e.Error.Code != "timeout" {
		t.Fatalf("slow draw: %d %s", a.status, a.body)
	}
	if el > 5*time.Second {
		t.Errorf("slow draw answered after %v with a 1 s timeout", el)
	}
	waitFor(t, "the worker to be free", 2*time.Second, func() bool { return s.pool.admitted.Load() == 0 && len(s.pool.workers) == 0 })
}

// A client that leaves stops its script.
func TestScriptClientDisconnect(t *testing.T) {
	cfg := testConfig()
	cfg.Workers, cfg.Queue = 1, 0
	cfg.RequestTimeout, cfg.WriteTimeout = time.Minute, 2*time.Minute
	s, ts, _ := start(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan answer, 1)
	go func() {
		done <- post(t, ctx, ts.URL+"/render", []byte("while (true) {}"), "Content-Type", "text/javascript")
	}()
	waitFor(t, "the script to hold the worker", 5*time.Second, func() bool { return len(s.pool.workers) == 1 })
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-done
	waitFor(t, "the cancelled script to free its worker", 3*time.Second, func() bool {
		return s.pool.admitted.Load() == 0 && len(s.pool.workers) == 0
	})
}

const testTemplate = `{"width": 100, "height": 60, "pixelRatio": 1, "background": "#ff0000",
 "elements": [{"type": "text", "top": 10, "left": 10, "text": "{{user.name}}", "fontSize": 12, "color": "#ffffff"}]}`

func TestTemplate(t *testing.T) {
	cfg := testConfig()
	cfg.MaxArea = 1_000_000
	_, ts, _ := start(t, cfg)
	check := func(t *testing.T, a answer, w, h int) {
		t.Helper()
		m := decodePNG(t, a)
		if m.Bounds().Dx() != w || m.Bounds().Dy() != h {
			t.Fatalf("size %v, want %d×%d", m.Bounds(), w, h)
		}
		if p := rgbaAt(m, w-2, h-2); p != [4]uint8{255, 0, 0, 255} {
			t.Errorf("background %v, want red", p)
		}
		white := false
		for y := 0; y < h/2 && !white; y++ {
			for x := 0; x < w/2; x++ {
				if p := rgbaAt(m, x, y); p[1] > 200 && p[2] > 200 {
					white = true
					break
				}
			}
		}
		if !white {
			t.Error("the bound text was not drawn")
		}
	}
	t.Run("envelope with data", func(t *testing.T) {
		body := fmt.Sprintf(`{"kind":"template","input":%s,"data":{"user":{"name":"Ann"}}}`, testTemplate)
		check(t, post(t, context.Background(), ts.URL+"/render", []byte(body)), 100, 60)
	})
	t.Run("detected, data in options, scale", func(t *testing.T) {
		body := fmt.Sprintf(`{"input":%s,"options":{"scale":2,"data":{"user":{"name":"Ann"}}}}`, testTemplate)
		check(t, post(t, context.Background(), ts.URL+"/render", []byte(body), "Content-Type", "application/json"), 200, 120)
	})
	t.Run("bare template with its default", func(t *testing.T) {
		tmpl := strings.Replace(testTemplate, "{{user.name}}", "{{user.name|Guest}}", 1)
		check(t, post(t, context.Background(), ts.URL+"/render", []byte(tmpl)), 100, 60)
	})
	t.Run("missing binding", func(t *testing.T) {
		body := fmt.Sprintf(`{"kind":"template","input":%s,"data":{"user":{}}}`, testTemplate)
		a := post(t, context.Background(), ts.URL+"/render", []byte(body))
		e := decodeErr(t, a)
		if a.status != 422 || e.Error.Code != "template_error" || !strings.Contains(e.Error.Message, "{{user.name}}") || !strings.Contains(e.Error.Message, "elements[0]") {
			t.Fatalf("%d %s", a.status, a.body)
		}
	})
	t.Run("over the area limit", func(t *testing.T) {
		body := fmt.Sprintf(`{"input":%s,"options":{"scale":16},"data":{"user":{"name":"Ann"}}}`, testTemplate)
		a := post(t, context.Background(), ts.URL+"/render", []byte(body))
		if e := decodeErr(t, a); a.status != 422 || e.Error.Code != "limit_exceeded" {
			t.Fatalf("%d %s", a.status, a.body)
		}
	})
}

// How a request selects its kind, and options that do not apply to it.
func TestKindSelection(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	src := "const ctx = wx.createCanvasContext('c');\nctx.setFillStyle('#0000ff');\nctx.fillRect(0, 0, 4, 4);\nctx.draw();\n"
	for _, tc := range []struct {
		name, path, body string
		hdr              []string
	}{
		{"application/javascript", "/render?size=8x8", src, []string{"Content-Type", "application/javascript"}},
		{"text/javascript", "/render?size=8x8", src, []string{"Content-Type", "text/javascript;charset=utf-8"}},
		{"kind=script, curl's default Content-Type", "/render?kind=script&size=8x8", src, []string{"Content-Type", "application/x-www-form-urlencoded"}},
		{"envelope kind", "/render", string(envelopeJSON(t, map[string]any{"kind": "script", "input": src, "options": map[string]any{"size": "8x8"}})), nil},
		{"kind=script query, envelope", "/render?kind=script", string(envelopeJSON(t, map[string]any{"input": src, "options": map[string]any{"width": 8, "height": 8}})), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := decodePNG(t, post(t, context.Background(), ts.URL+tc.path, []byte(tc.body), tc.hdr...))
			if m.Bounds().Dx() != 8 || rgbaAt(m, 1, 1) != [4]uint8{0, 0, 255, 255} || rgbaAt(m, 6, 6)[3] != 0 {
				t.Fatalf("size %v, pixels %v %v", m.Bounds(), rgbaAt(m, 1, 1), rgbaAt(m, 6, 6))
			}
		})
	}
	scene := `{"width":4,"height":4,"commands":[{"method":"draw","args":[]}]}`
	for _, tc := range []struct {
		name, path, body string
		hdr              []string
		code             string
	}{
		{"data on a scene", "/render", `{"input":` + scene + `,"data":{"a":1}}`, nil, "bad_option"},
		{"size on a scene", "/render?size=8x8", scene, nil, "bad_option"},
		{"size on a template", "/render", `{"input":` + testTemplate + `,"options":{"size":"8x8"}}`, nil, "bad_option"},
		{"data twice", "/render", `{"kind":"template","input":` + testTemplate + `,"data":{},"options":{"data":{}}}`, nil, "bad_option"},
		{"data not an object", "/render", `{"kind":"template","input":` + testTemplate + `,"data":[1]}`, nil, "bad_option"},
		{"bad size", "/render?size=8by8", src, []string{"Content-Type", "text/javascript"}, "bad_option"},
		{"size and width", "/render", string(envelopeJSON(t, map[string]any{"kind": "script", "input": src, "options": map[string]any{"size": "8x8", "width": 8}})), nil, "bad_option"},
		{"export rectangle on a script's export", "/render?width=2", "const ctx = wx.createCanvasContext('c');\nctx.draw(false, () => wx.canvasToTempFilePath({canvasId: 'c'}));\n", []string{"Content-Type", "text/javascript"}, "bad_option"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := post(t, context.Background(), ts.URL+tc.path, []byte(tc.body), tc.hdr...)
			if e := decodeErr(t, a); a.status != 400 || e.Error.Code != tc.code {
				t.Fatalf("%d %s, want 400 %s", a.status, a.body, tc.code)
			}
		})
	}
}

// A script's canvasToTempFilePath is the answer, in the fileType it asked
// for unless the request names a format.
func TestScriptExport(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	src := "const ctx = wx.createCanvasContext('c');\nctx.setFillStyle('#00ff00');\nctx.fillRect(0, 0, 20, 20);\n" +
		"ctx.draw(false, () => wx.canvasToTempFilePath({canvasId: 'c', x: 0, y: 0, width: 10, height: 10, destWidth: 5, destHeight: 5, fileType: 'jpg'}));\n"
	a := post(t, context.Background(), ts.URL+"/render?size=20x20", []byte(src), "Content-Type", "text/javascript")
	if a.status != 200 || a.header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("%d %q %.200s", a.status, a.header.Get("Content-Type"), a.body)
	}
	m := decodePNG(t, post(t, context.Background(), ts.URL+"/render?size=20x20&format=png", []byte(src), "Content-Type", "text/javascript"))
	if m.Bounds().Dx() != 5 || m.Bounds().Dy() != 5 {
		t.Fatalf("export size %v, want 5×5", m.Bounds())
	}
}
