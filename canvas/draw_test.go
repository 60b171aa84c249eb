package canvas

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestNewRejectsBadSizes(t *testing.T) {
	for _, tc := range []struct {
		w, h float64
		opts []Option
	}{
		{0, 10, nil}, {-1, 10, nil}, {math.NaN(), 10, nil}, {math.Inf(1), 10, nil},
		{20000, 10, nil},  // side over 16384
		{5000, 5000, nil}, // area over 16,777,216
		{100, 100, []Option{PixelRatio(0)}},
		{100, 100, []Option{PixelRatio(math.NaN())}},
		{0.1, 0.1, nil}, // under one pixel
	} {
		if _, err := New(tc.w, tc.h, tc.opts...); err == nil {
			t.Errorf("New(%v, %v) accepted", tc.w, tc.h)
		}
	}
	c, err := New(300, 150, PixelRatio(2))
	if err != nil || c.Image().Rect.Dx() != 600 || c.Image().Rect.Dy() != 300 {
		t.Fatalf("New(300, 150, ratio 2): %v %v", err, c.Image().Rect)
	}
}

// Every batch starts from the default state; reserve keeps pixels.
func TestDrawBatches(t *testing.T) {
	c, _ := New(30, 10)
	c.SetFillStyle("#ff0000")
	c.Translate(10, 0)
	c.Save()
	c.FillRect(0, 0, 10, 10) // at x 10..20
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	c.FillRect(0, 0, 10, 10) // default state: black at x 0..10
	if err := c.Draw(true); err != nil {
		t.Fatal(err)
	}
	p := c.Pixmap().Pix
	if px := p[4*15 : 4*15+4]; px[0] != 255 || px[3] != 255 {
		t.Errorf("reserve=true lost the first batch: %v", px)
	}
	if px := p[4*5 : 4*5+4]; px[0] != 0 || px[3] != 255 {
		t.Errorf("second batch did not start from defaults (black, identity): %v", px)
	}
	c.FillRect(20, 0, 10, 10)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if p[4*15+3] != 0 || p[4*25+3] != 255 {
		t.Errorf("reserve=false did not clear")
	}
}

func TestSaveRestore(t *testing.T) {
	c, _ := New(40, 10)
	c.SetFillStyle("red")
	c.Save()
	c.SetFillStyle("blue")
	c.Translate(10, 0)
	c.Restore()
	c.Restore() // extra restore: ignored
	c.FillRect(0, 0, 10, 10)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if px := c.Pixmap().Pix[0:4]; px[0] != 255 || px[2] != 0 {
		t.Errorf("restore did not bring back red at the origin: %v", px)
	}
	d, _ := New(10, 10, WithLimits(Limits{MaxSide: 100, MaxArea: 10000, MaxCommands: 100, MaxSegments: 100, MaxSaveDepth: 3}))
	for i := 0; i < 5; i++ {
		d.Save()
	}
	err := d.Draw(false)
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Method != "save" || ce.Index != 3 || !strings.Contains(err.Error(), "depth") {
		t.Errorf("save depth: %v", err)
	}
}

func TestCommandLimit(t *testing.T) {
	c, _ := New(10, 10, WithLimits(Limits{MaxSide: 100, MaxArea: 10000, MaxCommands: 10, MaxSegments: 100, MaxSaveDepth: 8}))
	for i := 0; i < 20; i++ {
		c.FillRect(0, 0, 1, 1)
	}
	err := c.Draw(false)
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Index != 10 {
		t.Errorf("command limit: %v", err)
	}
	d, _ := New(10, 10, WithLimits(Limits{MaxSide: 100, MaxArea: 10000, MaxCommands: 1 << 20, MaxSegments: 1000, MaxSaveDepth: 8}))
	for i := 0; i < 2000; i++ {
		d.LineTo(float64(i%10), float64(i%7))
	}
	d.Fill()
	if err := d.Draw(false); err == nil || !strings.Contains(err.Error(), "segments") {
		t.Errorf("segment limit: %v", err)
	}
}

// A path of a million segments renders (within the segment limit) and
// coordinates at ±1e9 neither hang nor panic.
func TestHugeInputs(t *testing.T) {
	big := DefaultLimits
	big.MaxCommands = 2_000_000
	c, _ := New(100, 100, WithLimits(big))
	c.BeginPath()
	for i := 0; i < 1_000_000; i++ {
		a := float64(i) * 0.001
		c.LineTo(50+40*math.Cos(a), 50+40*math.Sin(a))
	}
	c.Fill()
	c.BeginPath()
	c.MoveTo(-1e9, -1e9)
	c.LineTo(1e9, -1e9)
	c.LineTo(1e9, 1e9)
	c.Arc(0, 0, 1e9, 0, 7, false)
	c.SetFillStyle("rgba(0,0,255,0.5)")
	c.Fill()
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if c.Pixmap().Pix[4*(50*100+50)+3] == 0 {
		t.Error("huge path drew nothing")
	}
}

// Non-finite arguments make the call a no-op (HTML).
func TestNonFiniteIgnored(t *testing.T) {
	c, _ := New(10, 10)
	c.FillRect(math.NaN(), 0, 10, 10)
	c.FillRect(0, 0, math.Inf(1), 10)
	c.Translate(math.NaN(), 0)
	c.SetGlobalAlpha(math.NaN())
	c.FillRect(0, 0, 10, 10)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if px := c.Pixmap().Pix[0:4]; px[3] != 255 {
		t.Errorf("valid fill after ignored calls missing: %v", px)
	}
}

// A gradient handed to SetFillStyle is copied with the stops it has then.
func TestGradientSnapshot(t *testing.T) {
	c, _ := New(10, 10)
	g := c.CreateLinearGradient(0, 0, 10, 0)
	g.AddColorStop(0, "red")
	g.AddColorStop(1, "red")
	c.SetFillStyle(g)
	g.AddColorStop(0.5, "blue") // after: must not change the recorded style
	c.FillRect(0, 0, 10, 10)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if px := c.Pixmap().Pix[4*5 : 4*5+4]; px[0] != 255 || px[2] != 0 {
		t.Errorf("stop added after SetFillStyle changed the fill: %v", px)
	}
}

// The legacy colour mode paints unsupported strings black; the default
// mode ignores them (keeping the previous style), as HTML does.
func TestColourModes(t *testing.T) {
	for _, tc := range []struct {
		opts []Option
		want [3]uint8
	}{
		{nil, [3]uint8{0, 255, 0}},                    // hsl is valid CSS
		{[]Option{LegacyColors()}, [3]uint8{0, 0, 0}}, // checkColor: black
	} {
		c, _ := New(4, 4, tc.opts...)
		c.SetFillStyle("lime")
		c.SetFillStyle("hsl(120, 100%, 50%)")
		c.FillRect(0, 0, 4, 4)
		_ = c.Draw(false)
		px := c.Pixmap().Pix
		if px[0] != tc.want[0] || px[1] != tc.want[1] || px[2] != tc.want[2] {
			t.Errorf("opts %v: %v, want %v", tc.opts, px[:4], tc.want)
		}
		d, _ := New(4, 4, tc.opts...)
		d.SetFillStyle("lime")
		d.SetFillStyle("not a colour")
		d.FillRect(0, 0, 4, 4)
		_ = d.Draw(false)
		px = d.Pixmap().Pix
		wantBad := [3]uint8{0, 255, 0} // ignored: lime stays
		if tc.opts != nil {
			wantBad = [3]uint8{0, 0, 0}
		}
		if px[0] != wantBad[0] || px[1] != wantBad[1] || px[2] != wantBad[2] {
			t.Errorf("opts %v bad colour: %v, want %v", tc.opts, px[:4], wantBad)
		}
	}
}

func TestGetAndClearActions(t *testing.T) {
	c, _ := New(10, 10)
	c.FillRect(0, 0, 5, 5)
	a, err := c.GetActions()
	if err != nil || len(a) != 1 || a[0].Method != "fillPath" {
		t.Fatalf("GetActions: %v %v", a, err)
	}
	if rest, _ := c.Actions(); len(rest) != 0 {
		t.Errorf("GetActions did not clear the batch: %v", rest)
	}
	c.FillRect(0, 0, 5, 5)
	c.ClearActions()
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if c.Pixmap().Pix[3] != 0 {
		t.Error("cleared actions were drawn")
	}
}

// Huge dash arrays and tiny dash lengths finish quickly: past
// raster.MaxDashes dashes the stroke is drawn solid.
func TestDashBadInput(t *testing.T) {
	start := time.Now()
	c, _ := New(200, 200)
	big := make([]float64, 1_000_000)
	for i := range big {
		big[i] = 1 + float64(i%3)
	}
	c.SetLineDash(big, 0)
	c.BeginPath()
	c.MoveTo(0, 10)
	c.LineTo(200, 190)
	c.Stroke()
	c.SetLineDash([]float64{1e-6, 1e-6}, 0)
	c.BeginPath()
	c.Arc(100, 100, 80, 0, 2*math.Pi, false)
	c.Stroke()
	c.SetLineDash([]float64{5, -1}, 0) // negative entry: ignored
	c.SetLineWidth(0)                  // ignored
	c.SetLineWidth(math.NaN())         // ignored
	c.SetLineWidth(-3)                 // ignored
	c.BeginPath()
	c.MoveTo(0, 100)
	c.LineTo(200, 100)
	c.Stroke()
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	// The tiny-dash circle is drawn solid: its top edge (y = 20, half in
	// each of rows 19 and 20) is covered.
	if a := int(alphaAt(c, 100, 19)) + int(alphaAt(c, 100, 20)); a < 240 {
		t.Errorf("tiny dashes: circle pixel alpha %d, want solid", a)
	}
	// The last line keeps the earlier pen (width 1, the tiny dashes
	// solid) since the bad setters were ignored.
	if a := alphaAt(c, 50, 100); a == 0 {
		t.Error("line after ignored setters missing")
	}
}

// TestReset checks that a reset Context renders exactly what a new one
// does, and forgets its commands, counters and warnings.
func TestReset(t *testing.T) {
	draw := func(c *Context) {
		c.SetFillStyle("not a colour") // a warning
		c.SetFillStyle("#3366cc")
		c.Arc(40, 30, 20, 0, 6, false)
		c.Fill()
		c.SetFont("20px sans-serif")
		c.FillText("Reset 重置", 5, 70)
		if err := c.Draw(false); err != nil {
			t.Fatal(err)
		}
	}
	fresh, _ := New(100, 80)
	draw(fresh)
	reused, _ := New(100, 80)
	reused.SetFillStyle("red")
	reused.FillRect(0, 0, 100, 80)
	reused.Save()
	reused.Translate(10, 10)
	if err := reused.Draw(true); err != nil {
		t.Fatal(err)
	}
	reused.Rect(0, 0, 5, 5) // pending, never drawn
	reused.Reset()
	if a, err := reused.Actions(); err != nil || len(a) != 0 {
		t.Fatalf("after Reset: Actions = %v, %v; want none", a, err)
	}
	for i, p := range reused.Pixmap().Pix {
		if p != 0 {
			t.Fatalf("after Reset: byte %d = %d, want transparent", i, p)
		}
	}
	draw(reused)
	if !bytes.Equal(fresh.Pixmap().Pix, reused.Pixmap().Pix) {
		t.Error("a reset Context renders differently from a new one")
	}
	if len(reused.Warnings()) != len(fresh.Warnings()) {
		t.Errorf("warnings after Reset = %q, want %q", reused.Warnings(), fresh.Warnings())
	}
}
