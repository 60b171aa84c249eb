package gradient

import (
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

// The oracle's reference renders (headless Chromium, Skia's raster
// pipeline) of the two gradient scenes, redrawn here with the shaders:
// the rectangles are pixel-aligned, so a fill is a loop over spans
// composited source-over. The references are the golden corpus's copies
// (byte-identical to the oracle's).
const oracleDir = "../golden/testdata/"

func loadReference(t *testing.T, name string) *image.NRGBA {
	t.Helper()
	f, err := os.Open(oracleDir + name)
	if err != nil {
		t.Fatalf("oracle reference: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	n, ok := img.(*image.NRGBA)
	if !ok {
		t.Fatalf("%s: %T, want *image.NRGBA", name, img)
	}
	return n
}

// fillRect composites s source-over onto the pixels [x0, x1) × [y0, y1).
func fillRect(p *raster.Pixmap, s raster.Shader, x0, y0, x1, y1 int) {
	span := make([]byte, 4*(x1-x0))
	for y := y0; y < y1; y++ {
		s.ShadeSpan(x0, y, span)
		row := p.Pix[y*p.Stride+4*x0 : y*p.Stride+4*x1]
		for i := 0; i < len(span); i += 4 {
			ia := 255 - uint32(span[i+3])
			for k := range 4 {
				row[i+k] = span[i+k] + uint8((uint32(row[i+k])*ia+127)/255)
			}
		}
	}
}

type rect struct{ x0, y0, x1, y1 int }

// compareReference reports the largest channel difference and the share
// of channels that differ inside each rectangle.
func compareReference(t *testing.T, p *raster.Pixmap, ref *image.NRGBA, rects []rect) (worst int, off float64) {
	t.Helper()
	got := p.ToNRGBA()
	n, diff := 0, 0
	for _, r := range rects {
		for y := r.y0; y < r.y1; y++ {
			for x := r.x0; x < r.x1; x++ {
				a, b := got.NRGBAAt(x, y), ref.NRGBAAt(x, y)
				for _, d := range [4]int{int(a.R) - int(b.R), int(a.G) - int(b.G), int(a.B) - int(b.B), int(a.A) - int(b.A)} {
					if d < 0 {
						d = -d
					}
					worst = max(worst, d)
					if d != 0 {
						diff++
					}
					n++
				}
			}
		}
	}
	return worst, float64(diff) / float64(n)
}

// TestOracleLinear redraws 310-gradient-linear.
func TestOracleLinear(t *testing.T) {
	ref := loadReference(t, "310-gradient-linear.png")
	p, _ := raster.NewPixmap(300, 200)
	g1, _ := NewLinear(0, 0, 300, 0, []Stop{
		{0, nrgba(255, 0, 0, 255)}, {0.5, nrgba(255, 255, 0, 255)}, {1, nrgba(0, 0, 255, 255)},
	}, raster.Identity)
	fillRect(p, g1, 10, 10, 290, 90)
	g2, _ := NewLinear(40, 110, 140, 190, []Stop{
		{0, nrgba(0x2e, 0xcc, 0x71, 255)}, {1, nrgba(0x2c, 0x3e, 0x50, 255)},
	}, raster.Identity)
	fillRect(p, g2, 10, 100, 290, 190)
	worst, off := compareReference(t, p, ref, []rect{{10, 10, 290, 90}, {10, 100, 290, 190}})
	t.Logf("max difference %d/255, %.3f%% of channels differ", worst, 100*off)
	if worst > 1 {
		t.Errorf("max difference %d/255, want ≤ 1", worst)
	}
}

// TestOracleCircular redraws 300-gradient-circular (createCircularGradient
// is createRadialGradient(x, y, 0, x, y, r)), including a translucent
// gradient over the first.
func TestOracleCircular(t *testing.T) {
	ref := loadReference(t, "300-gradient-circular.png")
	p, _ := raster.NewPixmap(300, 200)
	g1, _ := NewRadial(150, 100, 0, 150, 100, 90, []Stop{
		{0, nrgba(255, 255, 255, 255)}, {0.5, nrgba(0xf3, 0x9c, 0x12, 255)}, {1, nrgba(0xc0, 0x39, 0x2b, 255)},
	}, raster.Identity)
	fillRect(p, g1, 0, 0, 300, 200)
	g2, _ := NewRadial(60, 60, 0, 60, 60, 40, []Stop{
		{0, nrgba(0, 0, 255, 255)}, {1, nrgba(0, 0, 255, 0)},
	}, raster.Identity)
	fillRect(p, g2, 10, 10, 110, 110)
	worst, off := compareReference(t, p, ref, []rect{{0, 0, 300, 200}})
	t.Logf("max difference %d/255, %.3f%% of channels differ", worst, 100*off)
	if worst > 1 {
		t.Errorf("max difference %d/255, want ≤ 1", worst)
	}
}
