package canvas

import (
	"bytes"
	"image"
	"strings"
	"testing"
)

func TestImageDataErrors(t *testing.T) {
	c, _ := New(10, 10)
	for _, tc := range []struct {
		x, y, w, h float64
		want       string
	}{
		{0, 0, 0, 5, "the source width is 0"},
		{0, 0, 5, 0, "the source height is 0"},
		{0, 0, 0.5, 5, "the source width is 0"},
		{0, 0, -3, 5, "positive"},
		{0, 0, 5e6, 5e6, "limits"},
		{nan(), 0, 5, 5, "finite"},
	} {
		if _, err := c.GetImageData(tc.x, tc.y, tc.w, tc.h); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "canvasGetImageData") {
			t.Errorf("GetImageData(%v, %v, %v, %v): %v, want %q", tc.x, tc.y, tc.w, tc.h, err, tc.want)
		}
	}
	if err := c.PutImageData(make([]byte, 12), 0, 0, 2, 2); err == nil || !strings.Contains(err.Error(), "invalid data format") {
		t.Errorf("short data: %v", err)
	}
	if err := c.PutImageData(make([]byte, 16), 0, 0, 0, 2); err == nil || !strings.Contains(err.Error(), "the source width is 0") {
		t.Errorf("width 0: %v", err)
	}
	if err := c.PutImageData(make([]byte, 15), 0, 0, 2, 0); err == nil || !strings.Contains(err.Error(), "invalid data format") {
		t.Errorf("15 bytes with width 2: %v", err)
	}
}

func nan() float64 { var z float64; return z / z }

func TestImageDataRoundTrip(t *testing.T) {
	c, _ := New(10, 10)
	data := []byte{
		255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255,
		10, 20, 30, 0, 200, 100, 50, 128, 255, 255, 255, 255,
	}
	// height defaults to len/width/4
	if err := c.PutImageData(data, 8, 8, 3, 0); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetImageData(8, 8, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	// Off the canvas: the third column (x = 10) was dropped, reads back
	// transparent; a transparent pixel reads back as 0,0,0,0; 50 % alpha
	// goes through premultiplication as HTML's does (±1).
	want := []byte{
		255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 0, 0,
		0, 0, 0, 0, 200, 100, 50, 128, 0, 0, 0, 0,
	}
	if got.Width != 3 || got.Height != 2 || !bytes.Equal(got.Data[:16], want[:16]) || !bytes.Equal(got.Data[20:], want[20:]) {
		t.Errorf("round trip: %v", got.Data)
	}
	for i := 16; i < 20; i++ {
		if d := int(got.Data[i]) - int(want[i]); d < -1 || d > 1 {
			t.Errorf("translucent pixel: %v, want %v", got.Data[16:20], want[16:20])
		}
	}
	// Whole rectangle outside: transparent, no error.
	out, err := c.GetImageData(-50, -50, 2, 2)
	if err != nil || !bytes.Equal(out.Data, make([]byte, 16)) {
		t.Errorf("outside: %v %v", out, err)
	}
}

func TestImageDataPixelRatio(t *testing.T) {
	c, _ := New(4, 4, PixelRatio(2))
	// One logical pixel covers 2×2 device pixels.
	if err := c.PutImageData([]byte{0, 0, 255, 255}, 1, 1, 1, 1); err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]int{{2, 2}, {3, 3}} {
		if got := pixel(c, p[0], p[1]); got != ([4]byte{0, 0, 255, 255}) {
			t.Errorf("device (%d, %d) = %v", p[0], p[1], got)
		}
	}
	if got := pixel(c, 4, 4); got != ([4]byte{}) {
		t.Errorf("device (4, 4) = %v", got)
	}
	// Reading back at logical resolution averages the device pixels.
	c.pix.Pix[4*(2*8+2)] = 255 // device (2, 2) becomes magenta
	d, err := c.GetImageData(1, 1, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.Width != 1 || d.Data[0] != 64 || d.Data[2] != 255 || d.Data[3] != 255 {
		t.Errorf("averaged: %v", d.Data)
	}
}

// The method table's putImageData takes HTML's dirty rectangle: only the
// pixels inside it (normalized, clipped to the image) are written, at
// their own offset from (dx, dy); getImageData returns the pixels as
// *image.NRGBA.
func TestPutImageDataDirtyRect(t *testing.T) {
	c, _ := New(4, 2)
	m := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	for i := range m.Pix {
		m.Pix[i] = 255
	}
	m.Pix[4*1+0] = 10 // (1, 0) tinted, to see which pixels land
	if _, err := c.Call(0, Call{Method: "putImageData", Args: []any{m, 1.0, 0.0, 2.0, 0.0, -1.0, 5.0}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.Call(1, Call{Method: "getImageData", Args: []any{0.0, 0.0, 4.0, 2.0}})
	if err != nil {
		t.Fatal(err)
	}
	g := got.(*image.NRGBA)
	// Dirty x from 2-1 = 1 to 2, y 0 to 5 clipped to 2: column 1 of the
	// image, written at x = 1 + 1 = 2.
	for y := 0; y < 2; y++ {
		for x := 0; x < 4; x++ {
			a := g.NRGBAAt(x, y).A
			if want := uint8(0); x == 2 {
				want = 255
				if a != want {
					t.Errorf("pixel (%d,%d) alpha %d, want %d", x, y, a, want)
				}
			} else if a != 0 {
				t.Errorf("pixel (%d,%d) alpha %d, want 0 (outside the dirty rectangle)", x, y, a)
			}
		}
	}
	if r := g.NRGBAAt(2, 0).R; r != 10 {
		t.Errorf("pixel (2,0) red %d, want the image's (1,0) = 10", r)
	}
	if _, err := c.Call(2, Call{Method: "putImageData", Args: []any{"x", 0.0, 0.0}}); err == nil {
		t.Error("putImageData accepted a string as image data")
	}
}
