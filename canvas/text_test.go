package canvas

import (
	"strings"
	"sync"
	"testing"

	"github.com/postercanvas/postercanvas/canvas/fonts"
)

var testRegistry = sync.OnceValue(fonts.New)

func textCanvas(t testing.TB) *Context {
	c, err := New(200, 60, Fonts(testRegistry()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func inked(c *Context) int {
	n := 0
	p := c.Pixmap().Pix
	for i := 3; i < len(p); i += 4 {
		if p[i] != 0 {
			n++
		}
	}
	return n
}

// Bad text input draws what it can and never panics.
func TestTextBadInput(t *testing.T) {
	long := strings.Repeat("字a", 15000) // 30,000 runes: cut at MaxTextRunes
	for _, tc := range []struct {
		font, text string
		ink        bool
	}{
		{"20px sans-serif", "", false},
		{"20px sans-serif", long, true},
		{"20px sans-serif", "bad \xff\xfe utf-8", true},
		{"20px sans-serif", "nul\x00here", true},
		{"0px sans-serif", "zero size", false},
		{"20px NoSuchFamily", "unknown family falls back", true},
		{"20px sans-serif", "👨‍👩‍👧 emoji without an emoji font", true},
		// A glyph 100,000 px tall: its stems start thousands of pixels to
		// the right of this canvas, so nothing shows; it must not hang.
		{"100000px sans-serif", "huge", false},
	} {
		c := textCanvas(t)
		c.SetFont(tc.font)
		c.FillText(tc.text, 10, 40)
		if err := c.Draw(false); err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if got := inked(c) > 0; got != tc.ink {
			t.Errorf("%s %.20q: ink %v, want %v", tc.font, tc.text, got, tc.ink)
		}
	}
	// Missing glyphs are counted and reported.
	c := textCanvas(t)
	c.SetFont("20px sans-serif")
	c.FillText("👨‍👩‍👧", 10, 40)
	_ = c.Draw(false)
	if c.MissingGlyphs() == 0 || len(c.Warnings()) == 0 {
		t.Errorf("emoji without a font: missing %d, warnings %v", c.MissingGlyphs(), c.Warnings())
	}
	// Negative and decimal legacy font sizes are rejected by the setter.
	d := textCanvas(t)
	d.SetFont("-5px sans-serif")
	d.SetFont("12.5px sans-serif")
	if d.Font() != defaultFont {
		t.Errorf("bad fonts were accepted: %q", d.Font())
	}
}

// textAlign and maxWidth: right-aligned text ends at x; a maxWidth
// squeezes the text to fit.
func TestTextAlignAndMaxWidth(t *testing.T) {
	extent := func(c *Context) (int, int) {
		x0, x1 := 1<<30, -1
		p := c.Pixmap()
		for y := 0; y < p.Height; y++ {
			for x := 0; x < p.Width; x++ {
				if p.Pix[y*p.Stride+4*x+3] > 128 {
					x0, x1 = min(x0, x), max(x1, x)
				}
			}
		}
		return x0, x1
	}
	c := textCanvas(t)
	c.SetFont("20px sans-serif")
	c.SetTextAlign("right")
	c.FillText("Right", 150, 40)
	_ = c.Draw(false)
	if _, x1 := extent(c); x1 < 145 || x1 > 150 {
		t.Errorf("right-aligned text ends at %d, want just left of 150", x1)
	}
	d := textCanvas(t)
	d.SetFont("20px sans-serif")
	d.FillText("A long line of text", 10, 40, 50)
	_ = d.Draw(false)
	if x0, x1 := extent(d); x0 < 9 || x1 > 61 {
		t.Errorf("maxWidth 50 text spans %d..%d", x0, x1)
	}
}

// Fonts are shared between 32 concurrent renders (run with -race).
func TestConcurrentText(t *testing.T) {
	reg := testRegistry()
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _ := New(120, 40, Fonts(reg))
			c.SetFont("bold 16px \"DejaVu Sans\", \"WenQuanYi Micro Hei\"")
			c.FillText("海报 Poster 123", 5, 30)
			c.StrokeText("描边", 80, 30)
			if err := c.Draw(false); err != nil {
				t.Error(err)
			}
			if _, err := c.MeasureText("测量 width"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}
