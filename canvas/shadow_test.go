package canvas

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// A hard shadow lands at the offset in device pixels: × the pixel ratio,
// and not moved by the transform.
func TestShadowOffsetIsDevicePixels(t *testing.T) {
	for _, ratio := range []float64{1, 2} {
		c, _ := New(100, 60, PixelRatio(ratio))
		c.Scale(3, 3) // must not scale the offset
		c.SetShadow(20, 10, 0, "rgba(0,0,0,1)")
		c.FillRect(2, 2, 5, 5) // device (6..21)×ratio
		if err := c.Draw(false); err != nil {
			t.Fatal(err)
		}
		r := ratio
		// The shadow's corner is at (6+20, 6+10)·r; the shape ends at 21·r.
		in := func(x, y float64) uint8 { return alphaAt(c, int(x*r), int(y*r)) }
		if a := in(40, 30); a != 255 {
			t.Errorf("ratio %v: inside the shadow alpha %d, want 255", ratio, a)
		}
		if a := in(24, 14); a != 0 {
			t.Errorf("ratio %v: left of the shadow, above it, alpha %d, want 0", ratio, a)
		}
		if a := in(41.5, 35); a != 0 {
			t.Errorf("ratio %v: right of the shadow alpha %d, want 0", ratio, a)
		}
	}
}

// Bad shadow input: NaN or infinite values draw no shadow, a huge blur is
// clamped (bounded time), a huge offset moves the shadow off the canvas,
// and none of them fails the draw.
func TestShadowBadInput(t *testing.T) {
	for _, tc := range []struct {
		x, y, blur float64
	}{
		{math.NaN(), 0, 2}, {0, math.Inf(1), 2}, {3, 3, math.NaN()},
		{0, 0, 1e12}, {1e300, -1e300, 5}, {4, 4, -5},
	} {
		c, _ := New(200, 200)
		c.SetShadow(tc.x, tc.y, tc.blur, "black")
		c.FillRect(50, 50, 100, 100)
		t0 := time.Now()
		if err := c.Draw(false); err != nil {
			t.Errorf("%+v: %v", tc, err)
		}
		if d := time.Since(t0); d > 5*time.Second {
			t.Errorf("%+v: took %v", tc, d)
		}
		if a := alphaAt(c, 100, 100); a != 255 {
			t.Errorf("%+v: the shape is gone (alpha %d)", tc, a)
		}
	}
}

// The shadow's alpha follows the paint: globalAlpha and a translucent
// colour both thin it; a transparent paint casts none.
func TestShadowFollowsPaintAlpha(t *testing.T) {
	shadow := func(setup func(c *Context)) uint8 {
		c, _ := New(100, 100)
		c.SetShadow(40, 0, 0, "black")
		setup(c)
		c.FillRect(10, 10, 20, 20)
		if err := c.Draw(false); err != nil {
			t.Fatal(err)
		}
		return alphaAt(c, 60, 20)
	}
	if a := shadow(func(c *Context) {}); a != 255 {
		t.Errorf("opaque: %d", a)
	}
	if a := shadow(func(c *Context) { c.SetGlobalAlpha(0.5) }); a < 120 || a > 135 {
		t.Errorf("globalAlpha 0.5: %d", a)
	}
	if a := shadow(func(c *Context) { c.SetFillStyle("rgba(255,0,0,0.25)") }); a < 60 || a > 68 {
		t.Errorf("colour alpha 0.25: %d", a)
	}
	if a := shadow(func(c *Context) { c.SetFillStyle("rgba(255,0,0,0)") }); a != 0 {
		t.Errorf("transparent paint: %d", a)
	}
}

// Unknown operators are ignored with a warning; known ones take effect.
func TestCompositeOperatorSetter(t *testing.T) {
	c, _ := New(20, 20)
	c.SetFillStyle("red")
	c.FillRect(0, 0, 20, 20)
	c.SetGlobalCompositeOperation("plus-darker")
	c.SetFillStyle("rgba(0,0,255,0.5)")
	c.FillRect(0, 0, 10, 10)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if w := strings.Join(c.Warnings(), "\n"); !strings.Contains(w, "plus-darker") {
		t.Errorf("no warning for an unknown operator: %q", w)
	}
	c.SetFillStyle("red")
	c.FillRect(0, 0, 20, 20)
	c.SetGlobalCompositeOperation("copy")
	c.SetFillStyle("rgba(0,0,255,0.5)")
	c.FillRect(0, 0, 10, 10)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	p := c.Pixmap().Pix
	if got := p[4*(5*20+5):][:4]; got[0] != 0 || got[3] != 128 {
		t.Errorf("copy inside: %v, want the source alone", got)
	}
	if got := p[4*(15*20+15):][:4]; got[3] != 0 {
		t.Errorf("copy outside the shape: %v, want cleared", got)
	}
}

// Renders with shadows on many goroutines share nothing but the pooled
// blur buffers (go test -race).
func TestShadowConcurrent(t *testing.T) {
	done := make(chan error)
	for g := 0; g < 8; g++ {
		go func() {
			var err error
			for i := 0; i < 4 && err == nil; i++ {
				c, _ := New(300, 200)
				c.SetShadow(float64(g), 8, 24, "rgba(0,0,0,0.3)")
				c.SetFillStyle("#fff")
				c.FillRect(20, 20, 200, 120)
				err = c.Draw(false)
				if err == nil && alphaAt(c, 120, 80) != 255 {
					err = errShadowTest
				}
			}
			done <- err
		}()
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

var errShadowTest = errors.New("shape missing")

// Edge cases of unbounded operators, as the oracle (Chromium) renders
// them: an empty path draws nothing at all; a zero-width rect, a
// transparent colour, a degenerate gradient or a shape off the canvas
// still clears the canvas.
func TestUnboundedOperatorEdgeCases(t *testing.T) {
	for _, tc := range []struct {
		name    string
		draw    func(c *Context)
		cleared bool
	}{
		{"zero-width rect", func(c *Context) { c.FillRect(10, 10, 0, 50) }, true},
		{"empty path", func(c *Context) { c.BeginPath(); c.Fill() }, false},
		{"transparent colour", func(c *Context) { c.SetFillStyle("rgba(0,0,0,0)"); c.FillRect(10, 10, 20, 20) }, true},
		{"degenerate gradient", func(c *Context) {
			g := c.CreateLinearGradient(5, 5, 5, 5)
			g.AddColorStop(0, "red")
			c.SetFillStyle(g)
			c.FillRect(10, 10, 20, 20)
		}, true},
		{"off the canvas", func(c *Context) { c.FillRect(500, 500, 20, 20) }, true},
	} {
		c, _ := New(100, 100)
		c.SetFillStyle("#3498db")
		c.FillRect(0, 0, 100, 100)
		c.SetGlobalCompositeOperation("copy")
		tc.draw(c)
		if err := c.Draw(false); err != nil {
			t.Fatal(err)
		}
		if a := alphaAt(c, 50, 50); (a == 0) != tc.cleared {
			t.Errorf("%s: alpha %d, cleared = %v", tc.name, a, tc.cleared)
		}
	}
}
