package script

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/imagesrc"
	"github.com/postercanvas/postercanvas/golden"
)

// posterImages loads the posters' images as the product does.
var posterImages = imagesrc.New(imagesrc.Config{Root: corpusDir})

var posters = []string{"950-poster-product", "951-poster-profile-card", "952-poster-event-ticket", "953-poster-coupon", "954-poster-article"}

// posterDir holds the posters' scripts; their scenes, Chromium
// references and images are the golden corpus's.
const (
	posterDir = "testdata/posters"
	corpusDir = "../../golden/testdata"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// runPoster runs a poster script and returns its result, the legacy
// context it drew on (also when the run failed) and the error.
func runPoster(t testing.TB, name string) (*Result, *canvas.Context, error) {
	var ctx *canvas.Context
	res, err := Run(string(readFile(t, filepath.Join(posterDir, name))), name, Options{
		Width: 750, Height: 1334,
		Images:   posterImages,
		Limits:   Limits{Timeout: time.Minute}, // a loaded test machine, -race
		OnCanvas: func(_ string, c *canvas.Context) { ctx = c },
	})
	return res, ctx, err
}

// Each poster written against the legacy API records exactly the calls of
// its scene file, and so renders identically.
func TestPostersLegacyScriptMatchesScene(t *testing.T) {
	for _, name := range posters {
		t.Run(name, func(t *testing.T) {
			scene, err := canvas.Render(readFile(t, filepath.Join(corpusDir, name+".json")), canvas.RenderOptions{
				Options: []canvas.Option{canvas.Images(posterImages)},
			})
			if scene == nil || scene.Context == nil {
				t.Fatalf("scene: %v", err)
			}
			res, ctx, jsErr := runPoster(t, name+".js")
			if ctx == nil {
				t.Fatalf("script made no canvas: %v", jsErr)
			}
			// The recorded actions are identical whatever the renderer
			// supports.
			want, err1 := scene.Context.Recording()
			got, err2 := ctx.Recording()
			if err1 != nil || err2 != nil {
				t.Fatalf("recording: %v %v", err1, err2)
			}
			wj, _ := json.Marshal(want)
			gj, _ := json.Marshal(got)
			if !bytes.Equal(wj, gj) {
				t.Fatalf("the script recorded other actions than the scene:\nscene  %.400s\nscript %.400s", wj, gj)
			}
			if err != nil {
				t.Fatalf("scene render: %v", err)
			}
			if jsErr != nil {
				t.Fatalf("script: %v", jsErr)
			}
			if !bytes.Equal(res.Image.Pix, scene.Context.Image().Pix) {
				r, _ := golden.Compare(res.Image, scene.Context.Image())
				t.Errorf("script and scene renders differ: %v", r)
			}
		})
	}
}

// The same posters against the 2D API, compared with the oracle's
// Chromium render, within the poster bounds.
func TestPosters2DScriptMatchesOracle(t *testing.T) {
	tol := golden.Tolerance{MinPSNR: 28, MaxPct16: 3}
	for _, name := range posters {
		t.Run(name, func(t *testing.T) {
			res, _, err := runPoster(t, name+"-2d.js")
			if err != nil {
				t.Fatal(err)
			}
			want, err := golden.ReadPNG(filepath.Join(corpusDir, name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			r, err := golden.Compare(res.Image, want)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %v", name, r)
			if err := tol.Check(r); err != nil {
				t.Error(err)
			}
		})
	}
}
