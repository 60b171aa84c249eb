package codec

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/raster"
)

// loadPremul decodes a PNG file into a premultiplied pixmap.
func loadPremul(t testing.TB, path string) *raster.Pixmap {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(m.Bounds())
	draw.Draw(rgba, rgba.Rect, m, m.Bounds().Min, draw.Src)
	return raster.FromImage(rgba)
}

func medianTime(n int, f func()) time.Duration {
	var ts []time.Duration
	for i := 0; i < n; i++ {
		t := time.Now()
		f()
		ts = append(ts, time.Since(t))
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	return ts[len(ts)/2]
}

// TestMeasurePNGStrategies prints time and size of every filter strategy
// and deflate level on the PNG files of $PC_ENCODE_IMAGES (a directory,
// e.g. the bench peers' reference renders), one worker. It is how the
// level table was chosen; run it by hand:
//
//	PC_ENCODE_IMAGES=DIR go test -run MeasurePNGStrategies -v ./canvas/codec
func TestMeasurePNGStrategies(t *testing.T) {
	dir := os.Getenv("PC_ENCODE_IMAGES")
	if dir == "" {
		t.Skip("set PC_ENCODE_IMAGES to a directory of PNG files")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.png"))
	if f := os.Getenv("PC_ENCODE_FILTER"); f != "" {
		var keep []string
		for _, x := range files {
			if strings.Contains(x, f) {
				keep = append(keep, x)
			}
		}
		files = keep
	}
	names := []string{"none", "sub", "up", "avg", "paeth", "adaptive", "adapt-su", "adapt-sup", "sampled"}
	for _, file := range files {
		p := loadPremul(t, file)
		base := filepath.Base(file)
		for _, lvl := range measureLevels() {
			for f := ftNone; f <= ftSampled; f++ {
				if os.Getenv("PC_ENCODE_QUICK") != "" && f != ftUp && f != ftAdaptiveSUP && f != ftAdaptive && f != ftSub && f != ftAdaptiveSU && f != ftSampled {
					continue
				}
				var n int
				d := medianTime(measureRuns(), func() {
					var b bytes.Buffer
					if err := encodePNG(&b, p, PNGOptions{Workers: 1, Palette: PaletteNever}, levelParams{filter: f, flate: lvl}); err != nil {
						t.Fatal(err)
					}
					n = b.Len()
				})
				fmt.Printf("%-24s flate %d %-9s %8.1f ms %9d B\n", base, lvl, names[f], d.Seconds()*1000, n)
			}
		}
		for _, l := range []png.CompressionLevel{png.BestSpeed, png.DefaultCompression} {
			var n int
			d := medianTime(3, func() {
				cw := &countW{}
				png.Encode(cw, p.Image())
				enc := png.Encoder{CompressionLevel: l}
				cw.n = 0
				enc.Encode(cw, p.Image())
				n = cw.n
			})
			fmt.Printf("%-24s image/png level %d %8.1f ms %9d B\n", base, l, d.Seconds()*1000/2, n)
		}
	}
}

var _ io.Writer = (*countW)(nil)

func measureRuns() int {
	if os.Getenv("PC_ENCODE_QUICK") != "" {
		return 1
	}
	return 3
}

func measureLevels() []int {
	if os.Getenv("PC_ENCODE_QUICK") != "" {
		return []int{ownLazy, 1, 2, 6}
	}
	return []int{ownLazy, 1, 2, 3, 4, 5, 6, 7, 9}
}
