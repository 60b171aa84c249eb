package canvas

import (
	"math"
	"testing"
)

func alphaAt(c *Context, x, y int) uint8 {
	p := c.Pixmap()
	return p.Pix[y*p.Stride+4*x+3]
}

// A path built under a transform that changes before fill: the legacy
// CanvasContext replays the whole path under the transform in force at
// fill() (WeChat records the path and replays it then), the 2D dialect
// transforms each point when it is added (HTML).
func TestDialectsTransformPathPoints(t *testing.T) {
	build := func(c *Context) {
		c.BeginPath()
		c.Save()
		c.Translate(50, 0)
		c.Rect(0, 0, 10, 10) // HTML: at x 50..60
		c.Restore()
		c.Rect(0, 20, 10, 10) // untransformed in both
		c.Fill()
		if err := c.Draw(false); err != nil {
			t.Fatal(err)
		}
	}
	legacy, _ := New(100, 40)
	build(legacy)
	if alphaAt(legacy, 5, 5) != 255 || alphaAt(legacy, 55, 5) != 0 {
		t.Errorf("legacy: rect drawn under translate should land at the fill-time transform (x 0..10): a(5,5)=%d a(55,5)=%d", alphaAt(legacy, 5, 5), alphaAt(legacy, 55, 5))
	}
	html, _ := New(100, 40, Canvas2D())
	build(html)
	if alphaAt(html, 55, 5) != 255 || alphaAt(html, 5, 5) != 0 {
		t.Errorf("2D dialect: rect should keep the transform it was added under (x 50..60): a(5,5)=%d a(55,5)=%d", alphaAt(html, 5, 5), alphaAt(html, 55, 5))
	}
	for _, c := range []*Context{legacy, html} {
		if alphaAt(c, 5, 25) != 255 {
			t.Errorf("second rect missing")
		}
	}
}

// A transform set after the path and before fill applies to the whole
// legacy path, and to none of the 2D path.
func TestDialectsTransformAfterPath(t *testing.T) {
	for _, tc := range []struct {
		opts []Option
		want [2]int // x where the rect lands
	}{
		{nil, [2]int{30, 5}},
		{[]Option{Canvas2D()}, [2]int{5, 30}},
	} {
		c, _ := New(60, 20, tc.opts...)
		c.BeginPath()
		c.Rect(0, 0, 10, 10)
		c.Translate(25, 0)
		c.Fill()
		_ = c.Draw(false)
		if alphaAt(c, tc.want[0], 5) != 255 || alphaAt(c, tc.want[1], 5) != 0 {
			t.Errorf("opts %v: a(%d)=%d a(%d)=%d", tc.opts, tc.want[0], alphaAt(c, tc.want[0], 5), tc.want[1], alphaAt(c, tc.want[1], 5))
		}
	}
}

// Only the 2D dialect has fill rules; even-odd leaves the overlap empty.
func TestEvenOdd(t *testing.T) {
	c, _ := New(40, 20, Canvas2D())
	c.BeginPath()
	c.Rect(0, 0, 30, 20)
	c.Rect(10, 0, 30, 20)
	c.Fill("evenodd")
	_ = c.Draw(false)
	if alphaAt(c, 5, 5) != 255 || alphaAt(c, 20, 5) != 0 || alphaAt(c, 35, 5) != 255 {
		t.Errorf("evenodd: %d %d %d", alphaAt(c, 5, 5), alphaAt(c, 20, 5), alphaAt(c, 35, 5))
	}
}

func TestArcAngles(t *testing.T) {
	const tp = 2 * math.Pi
	for _, tc := range []struct {
		s, e  float64
		ccw   bool
		sweep float64
	}{
		{0, tp, false, tp},
		{0, 7, false, tp},     // beyond 2π clockwise: full circle
		{0, -7, true, -tp},    // beyond 2π anticlockwise
		{0, tp, true, -tp},    // ccw from 0 to 2π: Chromium draws a full circle
		{1, 0, false, tp - 1}, // start > end clockwise: the long way
		{0, 1, true, 1 - tp},  // start < end anticlockwise: the long way
		{tp, 0, false, tp},    // start exceeds end by a whole turn: full circle
		{0.5, 0.5, false, 0},  // empty sweep
	} {
		s, e := arcAngles(tc.s, tc.e, tc.ccw)
		if math.Abs((e-s)-tc.sweep) > 1e-5 {
			t.Errorf("arc(%v, %v, ccw=%v): sweep %v, want %v", tc.s, tc.e, tc.ccw, e-s, tc.sweep)
		}
	}
}
