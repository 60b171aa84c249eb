package gradient

import (
	"image/color"
	"math"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

// This file holds an independent, straightforward float64 model of the
// paint the shaders must produce, used as the exact reference.

// refStop is a stop of the reference model.
type refStop struct {
	off float64
	c   [4]float64 // non-premultiplied levels
}

// refRamp sorts and clamps stops the way HTML describes, with no shared
// code with the package.
func refRamp(stops []Stop) []refStop {
	out := make([]refStop, 0, len(stops))
	for _, s := range stops {
		off := math.Min(math.Max(s.Offset, 0), 1)
		rs := refStop{off, [4]float64{float64(s.Color.R), float64(s.Color.G), float64(s.Color.B), float64(s.Color.A)}}
		// Insertion sort: insert after every stop with offset ≤ off, which
		// keeps equal offsets in insertion order.
		i := len(out)
		for i > 0 && out[i-1].off > off {
			i--
		}
		out = append(out, refStop{})
		copy(out[i+1:], out[i:])
		out[i] = rs
	}
	return out
}

// refColor returns the premultiplied colour in levels at t: the colour
// after the point at stops, the end colours outside.
func refColor(st []refStop, t float64) [4]float64 {
	var c [4]float64
	switch {
	case t < st[0].off:
		c = st[0].c
	case t >= st[len(st)-1].off:
		c = st[len(st)-1].c
	default:
		for i := len(st) - 2; i >= 0; i-- {
			if st[i].off <= t {
				a, b := st[i], st[i+1]
				u := (t - a.off) / (b.off - a.off)
				for k := range c {
					c[k] = a.c[k] + u*(b.c[k]-a.c[k])
				}
				break
			}
		}
	}
	for k := range 3 {
		c[k] = c[k] * c[3] / 255
	}
	return c
}

// refDither is Skia's 8×8 ordered dither offset of pixel (x, y), in levels.
func refDither(x, y int) float64 {
	X := uint32(x)
	Y := uint32(y) ^ X
	m := (Y&1)<<5 | (X&1)<<4 | (Y&2)<<2 | (X&2)<<1 | (Y&4)>>1 | (X&4)>>2
	return (float64(m)*2 - 63) / 128
}

// refPixel returns the bytes of a premultiplied colour c (levels) at pixel
// (x, y) after Chromium's dither, clamp to [0, a] and rounding.
func refPixel(c [4]float64, x, y int) [4]int {
	d := refDither(x, y)
	var p [4]int
	for k := range 3 {
		v := math.Max(0, math.Min(c[k]+d, c[3]))
		p[k] = int(math.Floor(v + 0.5))
	}
	p[3] = int(math.Floor(c[3] + 0.5))
	return p
}

// refLinearT returns t at the centre of device pixel (x, y).
func refLinearT(x0, y0, x1, y1 float64, m raster.Matrix, x, y int) float64 {
	inv, _ := m.Invert()
	px, py := inv.Apply(float64(x)+0.5, float64(y)+0.5)
	dx, dy := x1-x0, y1-y0
	return ((px-x0)*dx + (py-y0)*dy) / (dx*dx + dy*dy)
}

// shadeRect shades the rectangle [x0, x1) × [y0, y1) one span per row.
func shadeRect(s raster.Shader, x0, y0, x1, y1 int) [][]byte {
	rows := make([][]byte, y1-y0)
	for y := y0; y < y1; y++ {
		row := make([]byte, 4*(x1-x0))
		s.ShadeSpan(x0, y, row)
		rows[y-y0] = row
	}
	return rows
}

// pixelAt returns pixel i of a shaded row.
func pixelAt(row []byte, i int) [4]int {
	return [4]int{int(row[4*i]), int(row[4*i+1]), int(row[4*i+2]), int(row[4*i+3])}
}

// maxDiff returns the largest channel difference of two pixels.
func maxDiff(a, b [4]int) int {
	m := 0
	for k := range a {
		d := a[k] - b[k]
		if d < 0 {
			d = -d
		}
		m = max(m, d)
	}
	return m
}

// compareExact checks that every pixel of the rectangle matches the exact
// model (colour at refT, dithered) within one level, and returns the
// share of channels that match exactly.
func compareExact(t *testing.T, name string, s raster.Shader, st []refStop, x0, y0, x1, y1 int, refT func(x, y int) (float64, bool)) float64 {
	t.Helper()
	rows := shadeRect(s, x0, y0, x1, y1)
	worst, same, total := 0, 0, 0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			got := pixelAt(rows[y-y0], x-x0)
			var want [4]int
			if tv, ok := refT(x, y); ok {
				want = refPixel(refColor(st, tv), x, y)
			}
			d := maxDiff(got, want)
			if d > worst {
				worst = d
				if d > 1 {
					tv, ok := refT(x, y)
					t.Errorf("%s: pixel (%d, %d) t=%v ok=%v: got %v, want %v", name, x, y, tv, ok, got, want)
				}
			}
			for k := range got {
				if got[k] == want[k] {
					same++
				}
				total++
			}
		}
	}
	return float64(same) / float64(total)
}

func nrgba(r, g, b, a uint8) color.NRGBA { return color.NRGBA{r, g, b, a} }
