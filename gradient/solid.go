package gradient

import (
	"image/color"

	"github.com/postercanvas/postercanvas/raster"
)

// solid is a shader of one colour, not dithered.
type solid struct {
	px     [4]byte
	opaque bool
}

// NewSolid returns a shader of one colour (used e.g. for a one-stop
// gradient). It is not dithered: each premultiplied channel is rounded to
// nearest, as Skia does for a constant colour.
func NewSolid(c color.NRGBA) raster.Shader {
	return &solid{px: premul8(c), opaque: c.A == 255}
}

// ShadeSpan writes the colour to every pixel of dst.
func (s *solid) ShadeSpan(_, _ int, dst []byte) {
	n := len(dst) / 4
	if n == 0 {
		return
	}
	dst = dst[:4*n]
	copy(dst[:4], s.px[:])
	// Double the filled prefix until the span is full.
	for f := 4; f < len(dst); f *= 2 {
		copy(dst[f:], dst[:f])
	}
}

// Opaque reports whether the colour is opaque.
func (s *solid) Opaque() bool { return s.opaque }

// flat is a dithered shader of one colour: a gradient whose stops are all
// one colour (a single stop), which Chromium still draws through its
// gradient pipeline, so with the gradient dither. For an opaque colour the
// dither changes nothing (its offsets are under half a level); for a
// translucent one the premultiplied channels alternate between the two
// nearest levels in the dither pattern.
type flat struct {
	c      uint64
	opaque bool
}

func newFlat(c color.NRGBA) *flat {
	k := float64(float64(c.A) * (1.0 / 255))
	return &flat{
		c:      pack(float64(float64(c.R)*k), float64(float64(c.G)*k), float64(float64(c.B)*k), float64(c.A)),
		opaque: c.A == 255,
	}
}

// ShadeSpan writes the dithered colour to the pixels of dst.
func (s *flat) ShadeSpan(x, y int, dst []byte) {
	fillPacked(dst, x, s.c, &ditherTab[y&7])
}

// Opaque reports whether the colour is opaque.
func (s *flat) Opaque() bool { return s.opaque }
