package canvas

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/postercanvas/postercanvas/canvas/codec"
)

func exportCanvas(t *testing.T) *Context {
	t.Helper()
	c, _ := New(40, 20, PixelRatio(2))
	c.SetFillStyle("rgba(255,0,0,0.5)")
	c.FillRect(0, 0, 20, 20)
	c.SetFillStyle("#0000ff")
	c.FillRect(20, 0, 20, 20)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	return c
}

// canvasToTempFilePath semantics: defaults, clamping, destination size.
func TestExportImageOptions(t *testing.T) {
	c := exportCanvas(t)
	for _, tc := range []struct {
		name string
		o    ExportOptions
		w, h int
	}{
		{"defaults: size × pixel ratio", ExportOptions{}, 80, 40},
		{"source rect", ExportOptions{X: 20, Y: 0, Width: 10, Height: 5}, 20, 10},
		{"width clamped to canvas - x", ExportOptions{X: 30, Width: 100}, 20, 40},
		{"x out of range resets to 0", ExportOptions{X: 100, Width: 10, Height: 10}, 20, 20},
		{"dest size", ExportOptions{DestWidth: 30, DestHeight: 10}, 30, 10},
	} {
		m, err := c.ExportImage(tc.o)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if m.Rect.Dx() != tc.w || m.Rect.Dy() != tc.h {
			t.Errorf("%s: %v, want %dx%d", tc.name, m.Rect, tc.w, tc.h)
		}
	}
	m, _ := c.ExportImage(ExportOptions{X: 20, Width: 20})
	if px := m.Pix[0:4]; px[2] != 255 || px[3] != 255 {
		t.Errorf("source rect x=20 should start in the blue half: %v", px)
	}
	if _, err := c.ExportImage(ExportOptions{DestWidth: 1e6, DestHeight: 1e6}); err == nil {
		t.Error("oversized destination accepted")
	}
}

func TestExportPNGAndJPEG(t *testing.T) {
	c := exportCanvas(t)
	var buf bytes.Buffer
	if err := c.Export(&buf, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	if b := buf.Bytes(); b[25] != 3 { // few colours: indexed
		t.Errorf("two-colour canvas PNG colour type %d, want 3 (indexed)", b[25])
	}
	if m, err := png.Decode(&buf); err != nil {
		t.Fatal(err)
	} else if r, g, b, a := m.At(0, 0).RGBA(); r>>8 != 128 || g != 0 || b != 0 || a>>8 != 128 {
		t.Errorf("indexed red at alpha 0.5 decodes premultiplied as %d %d %d %d, want 128 0 0 128", r>>8, g>>8, b>>8, a>>8)
	}
	buf.Reset()
	if err := EncodePNGWith(&buf, c.Image(), &codec.PNGOptions{Palette: codec.PaletteNever}); err != nil {
		t.Fatal(err)
	}
	m, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Translucent canvas: written as non-premultiplied RGBA.
	if n, ok := m.(*image.NRGBA); !ok {
		t.Errorf("translucent canvas decoded as %T, want *image.NRGBA", m)
	} else if px := n.Pix[0:4]; px[0] != 255 || px[3] < 127 || px[3] > 128 {
		t.Errorf("red at alpha 0.5 should be stored un-premultiplied as (255,0,0,~128): %v", px)
	}
	// Opaque canvas: written as RGB.
	o, _ := New(4, 4)
	o.FillRect(0, 0, 4, 4)
	_ = o.Draw(false)
	buf.Reset()
	if err := EncodePNGWith(&buf, o.Image(), &codec.PNGOptions{Palette: codec.PaletteNever}); err != nil {
		t.Fatal(err)
	}
	if b := buf.Bytes(); b[25] != 2 { // IHDR colour type: 2 = truecolour RGB
		t.Errorf("opaque canvas PNG colour type %d, want 2 (RGB)", b[25])
	}
	// JPEG on a white matte: the half-transparent red becomes pink.
	buf.Reset()
	if err := c.Export(&buf, ExportOptions{FileType: "jpg", Quality: 0.95}); err != nil {
		t.Fatal(err)
	}
	j, err := jpeg.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	r, g, b, _ := j.At(5, 5).RGBA()
	if r>>8 < 240 || g>>8 < 110 || g>>8 > 145 || b>>8 < 110 || b>>8 > 145 {
		t.Errorf("red 0.5 over white: got %d %d %d, want about 255 128 128", r>>8, g>>8, b>>8)
	}
}
