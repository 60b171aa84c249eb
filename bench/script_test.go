package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/imagesrc"
	"github.com/postercanvas/postercanvas/canvas/script"
)

// The oracle posters as scene files and as legacy and 2D scripts, from
// canvas/script's test data; their images load once through one cached
// imagesrc loader, so decoding is outside the comparison.
var scriptPosters = []string{"950-poster-product", "951-poster-profile-card", "952-poster-event-ticket", "953-poster-coupon", "954-poster-article"}

var (
	posterDir = filepath.Join("..", "canvas", "script", "testdata", "posters") // the scripts
	corpusDir = filepath.Join("..", "golden", "testdata")                      // scenes and images
)

var posterImages = imagesrc.New(imagesrc.Config{Root: corpusDir})

func posterFile(tb testing.TB, name string) []byte {
	tb.Helper()
	dir := posterDir
	if strings.HasSuffix(name, ".json") {
		dir = corpusDir
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// renderSceneFile is the JSON form's whole path: parse, record, render.
func renderSceneFile(data []byte) ([]byte, error) {
	res, err := canvas.Render(data, canvas.RenderOptions{Options: []canvas.Option{canvas.Images(posterImages)}})
	if err != nil {
		return nil, err
	}
	return res.Context.Image().Pix, nil
}

// renderScriptFile is the JS form's whole path: parse, run, record,
// render.
func renderScriptFile(src []byte, name string) ([]byte, error) {
	res, err := runScriptFile(src, name)
	if err != nil {
		return nil, err
	}
	return res.Image.Pix, nil
}

func runScriptFile(src []byte, name string) (*script.Result, error) {
	return script.Run(string(src), name, script.Options{Width: 750, Height: 1334, Images: posterImages})
}

// renderScenePhases renders a scene file as canvas.Render does (parse,
// record, draw) and returns the total and the time inside draw.
func renderScenePhases(tb testing.TB, data []byte) (total, render time.Duration) {
	t0 := time.Now()
	s, err := canvas.ParseScene(data)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, err := canvas.New(s.Width, s.Height, canvas.Images(posterImages))
	if err != nil {
		tb.Fatal(err)
	}
	run := canvas.NewSceneRun(ctx)
	for i := range s.Commands {
		t := time.Now()
		if err := run.Command(i, &s.Commands[i]); err != nil {
			tb.Fatal(err)
		}
		if s.Commands[i].Method == "draw" {
			render += time.Since(t)
		}
	}
	return time.Since(t0), render
}

// BenchmarkScriptOverhead renders each poster from its scene file and
// from its script, alternately in every iteration (so both see the same
// machine load, and neither always pays for the other's garbage), and
// reports medians:
//
//   - json-ms, js-ms: the whole path of each form (parse, record, render);
//   - js/json: the script's time over the scene's, pair by pair;
//   - overhead: the JavaScript layer's extra cost, (script − its render) −
//     (scene − its render), over the scene's whole time: the renders are
//     the same work, so this is the noise-free part of js/json − 1.
func BenchmarkScriptOverhead(b *testing.B) {
	for _, name := range scriptPosters {
		scene := posterFile(b, name+".json")
		for _, form := range []string{".js", "-2d.js"} {
			src := posterFile(b, name+form)
			b.Run(name+form, func(b *testing.B) {
				want, err := renderSceneFile(scene)
				if err != nil {
					b.Fatal(err)
				}
				got, err := renderScriptFile(src, name+form)
				if err != nil {
					b.Fatal(err)
				}
				if form == ".js" && !bytes.Equal(got, want) {
					b.Fatal("the script renders another picture than the scene")
				}
				var tJSON, tJS, ratio, extra []float64
				ms := func(d time.Duration) float64 { return d.Seconds() * 1000 }
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					var jsonTotal, jsonRender, jsTotal time.Duration
					var res *script.Result
					runJS := func() {
						t0 := time.Now()
						var err error
						if res, err = runScriptFile(src, name); err != nil {
							b.Fatal(err)
						}
						jsTotal = time.Since(t0)
					}
					if i%2 == 0 {
						jsonTotal, jsonRender = renderScenePhases(b, scene)
						runJS()
					} else {
						runJS()
						jsonTotal, jsonRender = renderScenePhases(b, scene)
					}
					tJSON = append(tJSON, ms(jsonTotal))
					tJS = append(tJS, ms(jsTotal))
					ratio = append(ratio, float64(jsTotal)/float64(jsonTotal))
					extra = append(extra, ms((jsTotal-res.RenderTime)-(jsonTotal-jsonRender)))
				}
				b.ReportMetric(median(tJSON), "json-ms")
				b.ReportMetric(median(tJS), "js-ms")
				b.ReportMetric(median(ratio), "js/json")
				b.ReportMetric(median(extra)/median(tJSON), "overhead")
			})
		}
	}
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}
