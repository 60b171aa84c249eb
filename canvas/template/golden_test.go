package template

import (
	"bytes"
	"flag"
	_ "image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/fonts"
	"github.com/postercanvas/postercanvas/canvas/imagesrc"
	"github.com/postercanvas/postercanvas/golden"
)

var update = flag.Bool("update", false, "recompile the example templates' scenes and re-render their goldens with the oracle")

// exampleTolerance is the bound for a template's render against
// the oracle's render of its compiled scene (text-heavy, like the
// corpus's text scenes).
var exampleTolerance = golden.Tolerance{MinPSNR: 28, MaxPct16: 3}

// goldenFonts are the oracle's fonts: the embedded faces plus the
// subsets in golden/testdata/fonts (bold, italic, serif, mono).
func goldenFonts(t testing.TB) *fonts.Registry {
	r := fonts.New()
	if err := r.AddDir(filepath.Join("..", "..", "golden", "testdata", "fonts")); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestExampleGoldens compiles each example template with its data and
// checks (1) the scene is the one the goldens were rendered from, and
// (2) our render of it matches the oracle's at scale 1 and 2.
func TestExampleGoldens(t *testing.T) {
	examples := filepath.Join("..", "..", "examples", "template")
	dir := filepath.Join("..", "..", "golden", "testdata", "template")
	reg := goldenFonts(t)
	// The oracle sits next to the repository (../shared/oracle), or one
	// level further up from a worktree; ORACLE_DIR overrides.
	oracle := os.Getenv("ORACLE_DIR")
	for _, p := range []string{filepath.Join("..", "..", "..", "shared", "oracle"), filepath.Join("..", "..", "..", "..", "shared", "oracle")} {
		if oracle == "" && golden.OracleAvailable(p) {
			oracle = p
		}
	}
	if abs, err := filepath.Abs(oracle); err == nil && oracle != "" {
		oracle = abs
	}
	h := &golden.Harness{}
	if *update {
		if !golden.OracleAvailable(oracle) {
			t.Fatal(golden.ErrNoOracle)
		}
		h.OracleDir = oracle
	}
	for _, cs := range []struct {
		name, data string
	}{
		{"coupon", "coupon.data.json"},
		{"article", "article.data.json"},
		{"poster", "data.json"},
	} {
		t.Run(cs.name, func(t *testing.T) {
			tmpl, err := os.ReadFile(filepath.Join(examples, cs.name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(examples, cs.data))
			if err != nil {
				t.Fatal(err)
			}
			images := imagesrc.New(imagesrc.Config{Root: examples})
			o := Options{Fonts: reg, Images: images}
			opts := []canvas.Option{canvas.Fonts(reg), canvas.Images(images)}
			tp, err := Parse(tmpl, data)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Compile(tp, o)
			if err != nil {
				t.Fatal(err)
			}
			scene := filepath.Join(dir, cs.name+".json")
			if *update {
				if err := os.WriteFile(scene, c.JSON(), 0o644); err != nil {
					t.Fatal(err)
				}
				for _, s := range []float64{1, 2} {
					out := filepath.Join(dir, cs.name+".png")
					if s == 2 {
						out = filepath.Join(dir, cs.name+"@2x.png")
					}
					if err := golden.OracleRender(oracle, scene, out, s); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want, err := os.ReadFile(scene)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want, c.JSON()) {
				t.Fatalf("%s compiles to a scene other than %s: the goldens are stale (go test -run TestExampleGoldens -update)", cs.name, scene)
			}
			for _, s := range []float64{1, 2} {
				g := filepath.Join(dir, cs.name+".png")
				if s == 2 {
					g = filepath.Join(dir, cs.name+"@2x.png")
				}
				h.Run(t, golden.Case{Scene: scene, Golden: g, Scale: s, Tolerance: exampleTolerance, Options: opts})
			}
		})
	}
}
