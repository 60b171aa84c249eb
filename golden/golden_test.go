package golden

import (
	"flag"
	"fmt"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/fonts"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the goldens: re-render them with the oracle (Chromium) when it is installed")

// corpusTolerance is the bound every corpus scene must meet against
// Chromium's reference. Independent correct anti-aliasing rasterizers score
// 42–49 dB and 0.1–0.8 % against Skia on edge-dense scenes; a half-pixel
// geometry error falls below 30 dB.
var corpusTolerance = Tolerance{MinPSNR: 35, MaxPct16: 1.5}

// textTolerance is the bound of text scenes: glyph rasterization differs
// a little between engines (hinting off on both sides, but Skia's glyph
// masks are cached at quarter-pixel offsets), while a one-pixel baseline
// or advance error fails it.
var textTolerance = Tolerance{MinPSNR: 28, MaxPct16: 3}

// shadowTolerance is the bound of shadow and compositing scenes (issue 6):
// blurs are an 8-bit approximation on both sides, so their soft edges may
// differ by a level or two over wide areas.
var shadowTolerance = Tolerance{MinPSNR: 32, MaxPct16: 2}

// caseTolerance overrides the bound for scenes of later features (text,
// shadows) that their issues set; none of the fill scenes needs one.
var caseTolerance = map[string]Tolerance{
	"320-gradient-stroke-and-text": textTolerance,
	"500-text-align":               textTolerance,
	"505-text-baseline":            textTolerance,
	"510-text-cjk":                 textTolerance,
	"520-text-setfontsize":         textTolerance,
	"530-font-property":            textTolerance,
	"540-stroketext":               textTolerance,
	"550-text-maxwidth":            textTolerance,
	"560-measuretext":              textTolerance,
	"x520-text-bidi":               textTolerance,

	// Image scenes where our sampling is Skia's exactly (integer
	// translation, 4-bit bilinear ramp, mipmap level choice, half-pixel
	// destination edges, source rectangles crossing the image): they must
	// stay pixel-identical. (810, the JPEG scene, meets the corpus bound
	// easily: imagesrc decodes as libjpeg-turbo, 64.3 dB.)
	"340-pattern-repeat":                         {MaxDiff: 2}, // identical at 1×; Skia's repeat fractions at 2×
	"800-drawimage-9arg":                         {},
	"x233-drawimage-upscale32x-ramp":             {},
	"x234-drawimage-downscale-mip-levels":        {},
	"x235-drawimage-downscale-mip-threshold":     {},
	"x236-drawimage-half-pixel-and-source-edges": {},
	"600-shadow-blur":                            shadowTolerance,
	"610-shadow-offset-noblur":                   shadowTolerance,
	"620-shadow-text":                            textTolerance,
	"640-shadow-property-api":                    shadowTolerance,
	"700-composite-destination-out":              shadowTolerance,
	"710-composite-porter-duff":                  shadowTolerance,
	"720-composite-blend-modes":                  shadowTolerance,
	// The posters mix text, images, shadows and gradients: the text bound
	// (issue 6), at scale 1 and 2.
	"950-poster-product":      textTolerance,
	"951-poster-profile-card": textTolerance,
	"952-poster-event-ticket": textTolerance,
	"953-poster-coupon":       textTolerance,
	"954-poster-article":      textTolerance,
}

// moduleRoot walks up from the working directory to go.mod.
func moduleRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// testFonts is the registry of the golden tests: the embedded faces and
// the subsets of the oracle's fonts in testdata/fonts, never the
// machine's fonts, so results do not depend on what is installed.
func testFonts(t testing.TB) *fonts.Registry {
	r := fonts.New()
	if err := r.AddDir(filepath.Join("testdata", "fonts")); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestCorpus(t *testing.T) {
	scenes, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(scenes) == 0 {
		t.Fatalf("no scenes in testdata: %v", err)
	}
	h := &Harness{Update: *update}
	oracle := filepath.Join(moduleRoot(t), "..", "shared", "oracle")
	if OracleAvailable(oracle) {
		h.OracleDir = oracle
	} else if *update {
		t.Fatal(ErrNoOracle)
	}
	opts := []canvas.Option{canvas.Fonts(testFonts(t)), canvas.Images(corpusImages)}
	for _, scene := range scenes {
		name := strings.TrimSuffix(filepath.Base(scene), ".json")
		tol, ok := caseTolerance[name]
		if !ok {
			tol = corpusTolerance
		}
		t.Run(name, func(t *testing.T) {
			h.Run(t, Case{Scene: scene, Golden: strings.TrimSuffix(scene, ".json") + ".png", Scale: 1, Tolerance: tol, Options: opts})
		})
		// NAME@Nx.png: the same scene rendered by the oracle at scale N.
		scaled, _ := filepath.Glob(strings.TrimSuffix(scene, ".json") + "@*x.png")
		for _, g := range scaled {
			var n float64
			if _, err := fmt.Sscanf(strings.TrimPrefix(filepath.Base(g), name+"@"), "%gx.png", &n); err != nil || n <= 0 {
				t.Errorf("%s: cannot read the scale from the name", g)
				continue
			}
			t.Run(fmt.Sprintf("%s@%gx", name, n), func(t *testing.T) {
				h.Run(t, Case{Scene: scene, Golden: g, Scale: n, Tolerance: tol, Options: opts})
			})
		}
	}
}
