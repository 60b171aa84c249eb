package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRenderOutDirAndFailures(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.json", `{"width":20,"height":10,"commands":[{"method":"setFillStyle","args":["red"]},{"method":"fillRect","args":[0,0,20,10]},{"method":"draw"}]}`)
	bad := writeFile(t, dir, "bad.json", `{"width":20,"height":10,"commands":[{"method":"fillRect","args":[0,0,"x",10]},{"method":"draw"}]}`)
	actions := writeFile(t, dir, "act.json", `{"width":20,"height":10,"draws":[{"reserve":false,"actions":[{"method":"setFillStyle","data":["normal",[0,0,255,255]]},{"method":"fillPath","data":[{"method":"rect","data":[0,0,10,10]}]}]}]}`)
	out := filepath.Join(dir, "out")
	var stdout, stderr bytes.Buffer
	code := run([]string{"render", "--scale", "2", "--out-dir", out, good, bad, actions}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1 (one scene failed)", code)
	}
	if !strings.Contains(stderr.String(), "bad.json: command #0 (fillRect): argument 3 (width)") {
		t.Errorf("stderr does not name the command and argument: %q", stderr.String())
	}
	for _, name := range []string{"good.png", "act.png"} {
		f, err := os.Open(filepath.Join(out, name))
		if err != nil {
			t.Fatalf("%s not written: %v", name, err)
		}
		m, err := png.Decode(f)
		f.Close()
		if err != nil || m.Bounds().Dx() != 40 || m.Bounds().Dy() != 20 {
			t.Errorf("%s: %v %v, want 40x20 at scale 2", name, err, m.Bounds())
		}
	}
}

func TestRenderEveryDraw(t *testing.T) {
	dir := t.TempDir()
	scene := writeFile(t, dir, "anim.json", `{"width":4,"height":4,"commands":[{"method":"fillRect","args":[0,0,2,2]},{"method":"draw"},{"method":"fillRect","args":[2,2,2,2]},{"method":"draw","args":[true]},{"method":"fillRect","args":[0,0,1,1]}]}`)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"render", "--every-draw", "-o", filepath.Join(dir, "anim.png"), scene}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, n := range []string{"anim-000.png", "anim-001.png"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("frame %s missing", n)
		}
	}
	if !strings.Contains(stderr.String(), "1 command(s) after the last draw() were not rendered") {
		t.Errorf("no warning about trailing commands: %q", stderr.String())
	}
}

func TestRenderJPEGAndUsage(t *testing.T) {
	dir := t.TempDir()
	scene := writeFile(t, dir, "s.json", `{"width":8,"height":8,"commands":[{"method":"draw"}]}`)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"render", "--format", "jpg", "--quality", "0.8", "-o", filepath.Join(dir, "s.jpg"), scene}, &stdout, &stderr); code != 0 {
		t.Fatalf("jpg: exit %d %s", code, stderr.String())
	}
	b, _ := os.ReadFile(filepath.Join(dir, "s.jpg"))
	if len(b) < 2 || b[0] != 0xff || b[1] != 0xd8 {
		t.Error("not a JPEG")
	}
	for _, args := range [][]string{
		{"render", scene}, // no output
		{"render", "--quality", "2", "-o", "x.png", scene},  // quality out of range
		{"render", "--format", "gif", "-o", "x.gif", scene}, // format
		{"frobnicate"},
	} {
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestBenchJSON(t *testing.T) {
	dir := t.TempDir()
	scene := writeFile(t, dir, "b.json", `{"width":50,"height":50,"commands":[{"method":"fillRect","args":[0,0,50,50]},{"method":"draw"}]}`)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "--frames", "5", "--json", scene}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var r map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("not one JSON object: %q", stdout.String())
	}
	for _, k := range []string{"scene", "render_ms", "encode_png_ms", "allocs_per_frame"} {
		if _, ok := r[k]; !ok {
			t.Errorf("missing %q in %v", k, r)
		}
	}
}

func TestRenderLimits(t *testing.T) {
	dir := t.TempDir()
	scene := writeFile(t, dir, "big.json", `{"width":5000,"height":5000,"commands":[{"method":"draw"}]}`)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"render", "-o", filepath.Join(dir, "big.png"), scene}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "area limit") {
		t.Errorf("default area limit: exit %d, %q", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"render", "--max-side", "100", "-o", filepath.Join(dir, "big.png"), writeFile(t, dir, "w.json", `{"width":200,"height":10,"commands":[]}`)}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "side") {
		t.Errorf("--max-side: exit %d, %q", code, stderr.String())
	}
}

func TestRenderScript(t *testing.T) {
	dir := t.TempDir()
	poster := writeFile(t, dir, "poster.js", `
const ctx = wx.createCanvasContext('poster');
ctx.setFillStyle(data.color);
ctx.fillRect(0, 0, 10, 10);
ctx.draw();
`)
	data := writeFile(t, dir, "data.json", `{"color": "#00ff00"}`)
	out := filepath.Join(dir, "poster.png")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"render", "--size", "20x10", "--scale", "2", "--data", data, poster, "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(f)
	f.Close()
	if err != nil || m.Bounds().Dx() != 40 || m.Bounds().Dy() != 20 {
		t.Fatalf("%v %v, want 40x20", err, m.Bounds())
	}
	if r, g, _, a := m.At(5, 5).RGBA(); r != 0 || g != 0xffff || a != 0xffff {
		t.Errorf("pixel %v, want the data's green", m.At(5, 5))
	}

	// --out-dir with several scripts: a syntax error names file:line:column,
	// a script without draw() warns, the default size is 300x150.
	bad := writeFile(t, dir, "bad.js", "const ctx = wx.createCanvasContext('c');\nctx.fillRect(0, 0,, 1);\n")
	nodraw := writeFile(t, dir, "nodraw.js", "const ctx = wx.createCanvasContext('c'); ctx.fillRect(0, 0, 1, 1);")
	exported := writeFile(t, dir, "exported.js", "const ctx = wx.createCanvasContext('c'); ctx.draw(false, () => wx.canvasToTempFilePath({canvasId: 'c', destWidth: 30, destHeight: 15, fileType: 'jpg'}));")
	outDir := filepath.Join(dir, "out")
	stderr.Reset()
	code := run([]string{"render", "--out-dir", outDir, bad, nodraw, exported}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "bad.js: bad.js:2:19: SyntaxError") {
		t.Errorf("stderr lacks the syntax error position: %q", stderr.String())
	}
	if !strings.Contains(stderr.String(), "nodraw.js: warning: canvas \"c\": ctx.draw() was never called") {
		t.Errorf("stderr lacks the no-draw warning: %q", stderr.String())
	}
	if !strings.Contains(stderr.String(), "written as jpg") {
		t.Errorf("stderr lacks the file type warning: %q", stderr.String())
	}
	f, err = os.Open(filepath.Join(outDir, "nodraw.png"))
	if err != nil {
		t.Fatal(err)
	}
	m, err = png.Decode(f)
	f.Close()
	if err != nil || m.Bounds().Dx() != 300 || m.Bounds().Dy() != 150 {
		t.Errorf("nodraw.png: %v %v, want the blank 300x150 default", err, m.Bounds())
	}
	if b, err := os.ReadFile(filepath.Join(outDir, "exported.png")); err != nil || len(b) < 3 || b[0] != 0xff || b[1] != 0xd8 {
		t.Errorf("exported.png should hold the JPEG canvasToTempFilePath asked for: %v", err)
	}
	stderr.Reset()
	if code := run([]string{"render", "--size", "0x10", "-o", out, poster}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "--size") {
		t.Errorf("bad --size: exit %d %q", code, stderr.String())
	}
}

func TestEncoderFlags(t *testing.T) {
	dir := t.TempDir()
	scene := writeFile(t, dir, "g.json", `{"width":64,"height":64,"commands":[{"method":"createLinearGradient","id":"g","args":[0,0,64,64]},{"method":"addColorStop","target":"g","args":[0,"red"]},{"method":"addColorStop","target":"g","args":[1,"blue"]},{"method":"setFillStyle","args":[{"ref":"g"}]},{"method":"fillRect","args":[0,0,64,64]},{"method":"draw"}]}`)
	var stdout, stderr bytes.Buffer
	for _, args := range [][]string{
		{"render", "--png-level", "fast", "--encode-workers", "2", "-o", filepath.Join(dir, "f.png"), scene},
		{"render", "--png-level", "best", "-o", filepath.Join(dir, "b.png"), scene},
		{"render", "--chroma", "444", "--quality", "0.9", "-o", filepath.Join(dir, "c.jpg"), scene},
	} {
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
	}
	if f, err := os.Open(filepath.Join(dir, "b.png")); err != nil {
		t.Fatal(err)
	} else if _, err := png.Decode(f); err != nil {
		t.Fatalf("best-level PNG: %v", err)
	}
	for _, args := range [][]string{
		{"render", "--png-level", "turbo", "-o", filepath.Join(dir, "x.png"), scene},
		{"render", "--chroma", "422", "-o", filepath.Join(dir, "x.jpg"), scene},
		{"render", "--encode-workers", "-1", "-o", filepath.Join(dir, "x.png"), scene},
		{"bench", "--png-level", "turbo", scene},
	} {
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, code, stderr.String())
		}
	}
	// bench on a PNG file times only the encoders and reports every field.
	stdout.Reset()
	if code := run([]string{"bench", "--json", "--stdlib", "--encodes", "1", filepath.Join(dir, "b.png")}, &stdout, &stderr); code != 0 {
		t.Fatalf("bench png: exit %d: %s", code, stderr.String())
	}
	var r map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"encode_png_ms", "png_bytes", "encode_jpg_ms", "jpg_bytes", "std_png_bytes", "std_jpg_bytes"} {
		if v, ok := r[k].(float64); !ok || v <= 0 {
			t.Errorf("bench --json: %s = %v", k, r[k])
		}
	}
}
