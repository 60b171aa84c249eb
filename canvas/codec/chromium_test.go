package codec

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestUnpremulMatchesChromium compares our unpremultiply with Chromium's
// PNG encoder on testdata/chromium-unpremul.png (written by the oracle's
// Chromium, see testdata/chromium-check.mjs): pixel (u, a) was put as
// straight (u, 255-u, u, a), stored premultiplied as round(c·a/255), and
// unpremultiplied again by toDataURL. Every one of the 65,536 pixels must
// come out as our table says; the integer formula (c·255 + a/2)/a, which
// image/png users write, is counted for the record.
func TestUnpremulMatchesChromium(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "chromium-unpremul.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	n, ok := m.(*image.NRGBA)
	if !ok {
		t.Fatalf("decoded as %T", m)
	}
	intDiff := 0
	for a := 0; a < 256; a++ {
		for u := 0; u < 256; u++ {
			got := n.Pix[n.PixOffset(u, a):]
			for k, s := range []int{u, 255 - u, u} {
				c := (s*a + 127) / 255 // Chromium's premultiplied value
				want := Unpremultiply(uint8(c), uint8(a))
				if got[k] != want {
					t.Fatalf("(u=%d, a=%d) channel %d: Chromium wrote %d, our table %d (premultiplied %d)", u, a, k, got[k], want, c)
				}
				if a > 0 && int(got[k]) != (c*255+a/2)/a {
					intDiff++
				}
			}
			if int(got[3]) != a {
				t.Fatalf("(u=%d, a=%d): alpha %d", u, a, got[3])
			}
		}
	}
	t.Logf("the integer formula differs from Chromium in %d of %d channel values", intDiff, 3*65536)
}

// TestWriteChromiumSamples writes PNG and JPEG files of every colour
// situation, level, palette mode and worker count, with the straight RGBA
// each must decode to, into $PC_CHROMIUM_DIR for
// testdata/chromium-check.mjs to decode in Chromium:
//
//	PC_CHROMIUM_DIR=DIR go test -run WriteChromiumSamples ./canvas/codec
//	node canvas/codec/testdata/chromium-check.mjs decode DIR
func TestWriteChromiumSamples(t *testing.T) {
	dir := os.Getenv("PC_CHROMIUM_DIR")
	if dir == "" {
		t.Skip("set PC_CHROMIUM_DIR")
	}
	defer func(v int64, w int) { minBandBytes, minJPEGParallelPixels = v, w }(minBandBytes, minJPEGParallelPixels)
	minBandBytes, minJPEGParallelPixels = 1024, 1
	rng := rand.New(rand.NewPCG(11, 12))
	for _, sz := range [][2]int{{1, 1}, {257, 3}, {4097, 3}, {99, 131}} {
		for kind := 0; kind < numKinds; kind++ {
			p := randomPixmap(rng, sz[0], sz[1], kind)
			straightRGBA := make([]byte, 0, 4*p.Width*p.Height)
			matte := make([]byte, 0, 4*p.Width*p.Height)
			for y := 0; y < p.Height; y++ {
				for x := 0; x < p.Width; x++ {
					c := straight(p, x, y)
					straightRGBA = append(straightRGBA, c.R, c.G, c.B, c.A)
					s := p.Pix[y*p.Stride+4*x:]
					k := 255 - s[3]
					matte = append(matte, s[0]+k, s[1]+k, s[2]+k, 255)
				}
			}
			for _, lvl := range []PNGLevel{PNGFast, PNGDefault, PNGBest} {
				for _, workers := range []int{1, 3} {
					for _, pm := range []PaletteMode{PaletteAuto, PaletteNever} {
						name := fmt.Sprintf("%dx%d-%s-%s-w%d-p%d", sz[0], sz[1], kindNames[kind], lvl, workers, pm)
						var buf bytes.Buffer
						if err := EncodePNG(&buf, p, &PNGOptions{Level: lvl, Workers: workers, Palette: pm}); err != nil {
							t.Fatal(err)
						}
						write(t, filepath.Join(dir, name+".png"), buf.Bytes())
						write(t, filepath.Join(dir, name+".rgba"), straightRGBA)
					}
				}
			}
			if kind != kindGradient && kind != kindTransparent {
				continue // PSNR is meaningful for smooth images only
			}
			for _, ch := range []Chroma{Chroma420, Chroma444} {
				for _, workers := range []int{1, 3} {
					name := fmt.Sprintf("%dx%d-%s-c%d-w%d", sz[0], sz[1], kindNames[kind], ch, workers)
					var buf bytes.Buffer
					if err := EncodeJPEG(&buf, p, &JPEGOptions{Quality: 0.9, Chroma: ch, Workers: workers}); err != nil {
						t.Fatal(err)
					}
					write(t, filepath.Join(dir, name+".jpg"), buf.Bytes())
					write(t, filepath.Join(dir, name+".rgba"), matte)
				}
			}
		}
	}
}

func write(t *testing.T, path string, b []byte) {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
