package server

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzRender: whatever the body and query, POST /render answers an image
// or a JSON error with a 4xx/503 status — never a panic (500) or a hang.
func FuzzRender(f *testing.F) {
	for _, seed := range []struct{ q, body string }{
		{"", `{"width":20,"height":10,"commands":[{"method":"fillRect","args":[0,0,5,5]},{"method":"draw","args":[]}]}`},
		{"scale=2&format=jpg", `{"width":20,"height":10,"draws":[{"reserve":false,"actions":[{"method":"fillPath","data":[{"method":"rect","data":[0,0,10,10]}]}]}]}`},
		{"", `{"input":{"width":5,"height":5,"commands":[]},"options":{"export":{"destWidth":3}}}`},
		{"kind=scene", `{"kind":"actions","input":"x"}`},
		{"", `{"width":1e308,"height":-1,"commands":[{"method":"arc","args":[1,1,1e9,0,7]}]}`},
		{"x=NaN", `{}`},
		{"kind=script&size=20x10", "const c = wx.createCanvasContext('a');\nc.fillRect(0, 0, data.w || 5, 5);\nc.draw();"},
		{"", `{"kind":"script","input":"canvas.getContext('2d').fillRect(0,0,5,5)","options":{"size":"20x10","data":{"w":3}}}`},
		{"", `{"kind":"template","input":{"width":20,"height":10,"elements":[{"type":"text","text":"{{a}}"}]},"data":{"a":1}}`},
		{"scale=2", `{"width":20,"height":"auto","elements":[{"type":"rect","width":"{{w}}","height":5,"background":"#f00"}]}`},
	} {
		f.Add(seed.q, seed.body)
	}
	cfg := testConfig()
	cfg.MaxArea, cfg.MaxSide, cfg.MaxCommands = 200_000, 1000, 2000
	cfg.RequestTimeout = 2 * time.Second
	s, err := New(cfg, sharedFonts, nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	f.Fuzz(func(t *testing.T, query, body string) {
		req := httptest.NewRequest("POST", "/render", strings.NewReader(body))
		req.URL.RawQuery = query
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		ct := rec.Header().Get("Content-Type")
		switch {
		case rec.Code == 200 && (ct == "image/png" || ct == "image/jpeg"):
		case rec.Code >= 400 && rec.Code < 500 || rec.Code == 503:
			if ct != "application/json" || !strings.Contains(rec.Body.String(), `"code"`) {
				t.Fatalf("%d with %q: %s", rec.Code, ct, rec.Body)
			}
		default:
			t.Fatalf("status %d (%s): %s", rec.Code, ct, rec.Body)
		}
	})
}
