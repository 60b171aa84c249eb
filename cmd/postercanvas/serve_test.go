package main

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/cmd/postercanvas/internal/server"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// Flags fall back to POSTERCANVAS_*; a flag on the command line wins.
func TestServeFlagsAndEnv(t *testing.T) {
	dir := t.TempDir()
	var stderr bytes.Buffer
	cfg, reg, _, log, err := serveSetup([]string{"--listen", "127.0.0.1:7000", "--allow-host", "a.example.com", "--allow-host", "*.b.example.com,c.example.com"},
		env(map[string]string{
			"POSTERCANVAS_LISTEN":          "127.0.0.1:6000",
			"POSTERCANVAS_ADMIN_LISTEN":    "",
			"POSTERCANVAS_WORKERS":         "3",
			"POSTERCANVAS_REQUEST_TIMEOUT": "4s",
			"POSTERCANVAS_ASSETS":          dir,
			"POSTERCANVAS_FORMAT":          "jpg",
		}), &stderr)
	if err != nil {
		t.Fatalf("serveSetup: %v (%s)", err, stderr.String())
	}
	if cfg.Listen != "127.0.0.1:7000" || cfg.AdminListen != "" || cfg.Workers != 3 || cfg.RequestTimeout != 4*time.Second ||
		cfg.Images.Assets != dir || cfg.Format != "jpg" || strings.Join(cfg.Images.AllowHosts, " ") != "a.example.com *.b.example.com c.example.com" {
		t.Errorf("config %+v", cfg)
	}
	if reg == nil || log == nil {
		t.Error("no fonts or logger")
	}
	def := server.Defaults()
	if cfg.MaxBodyBytes != def.MaxBodyBytes || cfg.Queue != def.Queue {
		t.Errorf("defaults not kept: %+v", cfg)
	}
}

// Bad configuration is refused at start-up with every problem named.
func TestServeRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  map[string]string
		want []string
	}{
		{[]string{"--workers", "0", "--quality", "3"}, nil, []string{"workers 0", "quality 3"}},
		{nil, map[string]string{"POSTERCANVAS_WORKERS": "many"}, []string{"POSTERCANVAS_WORKERS"}},
		{nil, map[string]string{"POSTERCANVAS_REQUEST_TIMEOUT": "10"}, []string{"POSTERCANVAS_REQUEST_TIMEOUT"}},
		{[]string{"--assets", "/nonexistent-dir-for-test"}, nil, []string{"assets"}},
		{[]string{"--font-dir", "/nonexistent-dir-for-test"}, nil, []string{"font-dir"}},
		{[]string{"--log-format", "xml"}, nil, []string{"log-format"}},
		{[]string{"--allow-host", "http://x.com/"}, nil, []string{"allow-host"}},
		{[]string{"extra"}, nil, []string{"unexpected"}},
	} {
		var stderr bytes.Buffer
		_, _, _, _, err := serveSetup(tc.args, env(tc.env), &stderr)
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%v %v: error %v, want it to name %q", tc.args, tc.env, err, w)
			}
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"serve", "--workers", "0"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "workers") {
		t.Errorf("run serve --workers 0: exit %d, %q", code, stderr.String())
	}
}

// The served binary's path end to end: set up from flags, serve, render,
// shut down.
func TestServeEndToEnd(t *testing.T) {
	var stderr bytes.Buffer
	cfg, reg, images, log, err := serveSetup([]string{"--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:1"}, env(nil), &stderr)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg, reg, images, log)
	if err != nil {
		t.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln, nil) }()
	res, err := http.Post("http://"+ln.Addr().String()+"/render?scale=2", "application/json",
		strings.NewReader(`{"width":20,"height":10,"commands":[{"method":"setFillStyle","args":["red"]},{"method":"fillRect","args":[0,0,20,10]},{"method":"draw"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m, err := png.Decode(bytes.NewReader(b))
	if res.StatusCode != 200 || err != nil || m.Bounds().Dx() != 40 {
		t.Fatalf("%d %v %q", res.StatusCode, err, b)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), `"msg":"render"`) {
		t.Errorf("no JSON render log line: %q", stderr.String())
	}
}
