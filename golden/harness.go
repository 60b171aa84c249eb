package golden

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postercanvas/postercanvas/canvas"
)

// Case is one golden test: a scene (scene format or actions envelope), the
// PNG it must match, and how closely.
type Case struct {
	Scene     string  // path of the scene file
	Golden    string  // path of the expected PNG
	Scale     float64 // pixel ratio (default 1)
	Tolerance Tolerance
	Options   []canvas.Option
}

// Harness runs golden cases.
type Harness struct {
	// Update rewrites each golden instead of comparing. With OracleDir set
	// the golden is re-rendered by the oracle (Chromium); otherwise it is
	// our own render, for users whose goldens are accepted renders.
	Update bool
	// OracleDir is the oracle's directory (render.mjs); empty: no oracle.
	OracleDir string
	// ArtifactDir receives got/want/diff PNGs of failing cases; empty: a
	// new temporary directory.
	ArtifactDir string
}

// Render renders a scene file and returns the final canvas.
func Render(scene string, scale float64, opts ...canvas.Option) (*image.RGBA, error) {
	data, err := os.ReadFile(scene)
	if err != nil {
		return nil, err
	}
	res, err := canvas.Render(data, canvas.RenderOptions{Scale: scale, Options: opts})
	if err != nil {
		return nil, err
	}
	return res.Context.Image(), nil
}

// Run renders c and compares it with its golden, failing t with the
// measured numbers, the paths of got/want/diff images and a hint at the
// first command that breaks the match.
func (h *Harness) Run(t testing.TB, c Case) {
	t.Helper()
	got, err := Render(c.Scene, c.Scale, c.Options...)
	if err != nil {
		t.Fatalf("%s: %v", c.Scene, err)
	}
	if h.Update {
		if err := h.update(c, got); err != nil {
			t.Fatalf("%s: update: %v", c.Scene, err)
		}
		return
	}
	want, err := ReadPNG(c.Golden)
	if err != nil {
		t.Fatalf("%s: %v", c.Scene, err)
	}
	r, err := Compare(got, want)
	if err != nil {
		t.Fatalf("%s: %v", c.Scene, err)
	}
	if err := c.Tolerance.Check(r); err != nil {
		dir := h.artifacts(t, c, got, want)
		hint := h.bisect(c, want)
		t.Errorf("%s: %v\n\t%s\n\tgot/want/diff in %s%s", filepath.Base(c.Scene), err, r, dir, hint)
		return
	}
	t.Logf("%s: %s", filepath.Base(c.Scene), r)
}

func (h *Harness) update(c Case, got *image.RGBA) error {
	if h.OracleDir == "" {
		return WritePNG(c.Golden, got)
	}
	return OracleRender(h.OracleDir, c.Scene, c.Golden, c.Scale)
}

// artifacts writes got, want and the heat map of a failing case.
func (h *Harness) artifacts(t testing.TB, c Case, got *image.RGBA, want image.Image) string {
	dir := h.ArtifactDir
	if dir == "" {
		d, err := os.MkdirTemp("", "golden-")
		if err != nil {
			return "(no artifacts: " + err.Error() + ")"
		}
		h.ArtifactDir = d
		dir = d
	}
	base := strings.TrimSuffix(filepath.Base(c.Scene), filepath.Ext(c.Scene))
	_ = WritePNG(filepath.Join(dir, base+"-got.png"), got)
	_ = WritePNG(filepath.Join(dir, base+"-want.png"), want)
	if hm, err := Heatmap(got, want); err == nil {
		_ = WritePNG(filepath.Join(dir, base+"-diff.png"), hm)
	}
	return dir
}

// OracleRender renders a scene with the oracle (headless Chromium) into
// out, at the pixel ratio scale.
func OracleRender(oracleDir, scene, out string, scale float64) error {
	abs, err := filepath.Abs(scene)
	if err != nil {
		return err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	args := []string{"render.mjs", abs, absOut}
	if scale != 0 && scale != 1 {
		args = append(args, "--scale", fmt.Sprint(scale))
	}
	cmd := exec.Command("node", args...)
	cmd.Dir = oracleDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("oracle: %v: %s", err, stderr.String())
	}
	return nil
}

// OracleAvailable reports whether the oracle can render here: its
// directory with node_modules, node, and a Chromium.
func OracleAvailable(oracleDir string) bool {
	if oracleDir == "" {
		return false
	}
	if _, err := os.Stat(filepath.Join(oracleDir, "node_modules")); err != nil {
		return false
	}
	if _, err := exec.LookPath("node"); err != nil {
		return false
	}
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return true
	}
	_, err := os.Stat("/usr/bin/chromium")
	return err == nil
}

// bisect looks for the first command of a failing scene-format case that
// breaks the match. With the oracle it renders prefixes with both
// renderers (binary search on "prefix matches"); without it, it reports
// the first command whose drawing reaches the mismatching pixels.
func (h *Harness) bisect(c Case, want image.Image) string {
	data, err := os.ReadFile(c.Scene)
	if err != nil {
		return ""
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(data, &raw) != nil || raw["commands"] == nil {
		return ""
	}
	var cmds []json.RawMessage
	if json.Unmarshal(raw["commands"], &cmds) != nil || len(cmds) == 0 {
		return ""
	}
	prefix := func(n int) ([]byte, error) {
		p := append(append([]json.RawMessage(nil), cmds[:n]...), json.RawMessage(`{"method":"draw","args":[true]}`))
		raw2 := map[string]json.RawMessage{}
		for k, v := range raw {
			raw2[k] = v
		}
		b, _ := json.Marshal(p)
		raw2["commands"] = b
		return json.Marshal(raw2)
	}
	ours := func(n int) (*image.RGBA, error) {
		b, err := prefix(n)
		if err != nil {
			return nil, err
		}
		res, err := canvas.Render(b, canvas.RenderOptions{Scale: c.Scale, Options: c.Options})
		if err != nil && res == nil {
			return nil, err
		}
		return res.Context.Image(), nil
	}
	if OracleAvailable(h.OracleDir) {
		tmp, err := os.MkdirTemp("", "bisect-")
		if err != nil {
			return ""
		}
		defer os.RemoveAll(tmp)
		matches := func(n int) (bool, error) {
			b, err := prefix(n)
			if err != nil {
				return false, err
			}
			sp := filepath.Join(tmp, "p.json")
			if err := os.WriteFile(sp, b, 0o644); err != nil {
				return false, err
			}
			op := filepath.Join(tmp, "p.png")
			if err := OracleRender(h.OracleDir, sp, op, c.Scale); err != nil {
				return false, err
			}
			ref, err := ReadPNG(op)
			if err != nil {
				return false, err
			}
			got, err := ours(n)
			if err != nil {
				return false, err
			}
			r, err := Compare(got, ref)
			if err != nil {
				return false, err
			}
			return c.Tolerance.Check(r) == nil, nil
		}
		lo, hi := 0, len(cmds) // prefix lo matches, prefix hi does not
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			ok, err := matches(mid)
			if err != nil {
				return "\n\tbisect: " + err.Error()
			}
			if ok {
				lo = mid
			} else {
				hi = mid
			}
		}
		return fmt.Sprintf("\n\tfirst command that breaks the match (oracle bisect): #%d %s", hi-1, cmds[hi-1])
	}
	// Without the oracle: the first command that draws into a pixel where
	// the final render is off by more than 16/255.
	final, err := ours(len(cmds))
	if err != nil {
		return ""
	}
	bad := badPixels(final, want)
	if len(bad) == 0 {
		return ""
	}
	prev, err := ours(0)
	if err != nil {
		return ""
	}
	prevPix := append([]byte(nil), prev.Pix...)
	for n := 1; n <= len(cmds); n++ {
		cur, err := ours(n)
		if err != nil {
			continue
		}
		for _, off := range bad {
			if !bytes.Equal(cur.Pix[off:off+4], prevPix[off:off+4]) {
				return fmt.Sprintf("\n\tfirst command drawing into mismatching pixels: #%d %s", n-1, cmds[n-1])
			}
		}
		prevPix = append(prevPix[:0], cur.Pix...)
	}
	return ""
}

// badPixels lists the byte offsets of pixels off by more than 16/255.
func badPixels(got *image.RGBA, want image.Image) []int {
	var out []int
	b := got.Bounds()
	for y := b.Min.Y; y < b.Max.Y && len(out) < 4096; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r1, g1, b1, a1 := got.At(x, y).RGBA()
			r2, g2, b2, a2 := want.At(x+want.Bounds().Min.X-b.Min.X, y+want.Bounds().Min.Y-b.Min.Y).RGBA()
			d := max(absDiff32(r1, r2), absDiff32(g1, g2), absDiff32(b1, b2), absDiff32(a1, a2)) >> 8
			if d > 16 {
				out = append(out, got.PixOffset(x, y))
			}
		}
	}
	return out
}

func absDiff32(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// ErrNoOracle is returned when an update needs the oracle and it is not
// installed.
var ErrNoOracle = errors.New("golden: the oracle (node, Chromium, ../shared/oracle/node_modules) is not available")
