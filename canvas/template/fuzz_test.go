package template

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLongTextIsLinear: the limit-sized paragraph (20,000 characters) at
// a huge width, as CJK and as one unbreakable Latin word, lays out in
// linear time (a quadratic fill would take minutes).
func TestLongTextIsLinear(t *testing.T) {
	for _, text := range []string{strings.Repeat("海报", MaxTextRunes/2), strings.Repeat("a", MaxTextRunes), strings.Repeat("word ", MaxTextRunes/5)} {
		start := time.Now()
		c, err := compileE(textTemplate(50000, text, `, "maxLines": 3`), "", Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("%.10s…: %v", text, d)
		}
		if len(texts(c)) == 0 {
			t.Error("nothing drawn")
		}
	}
	if _, err := compileE(textTemplate(100, strings.Repeat("a", MaxTextRunes+1), ""), "", Options{}); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("over-long text: %v", err)
	}
}

// FuzzCompile: any template and data either compile or fail with an
// error; the scene compiled always renders or fails with an error.
func FuzzCompile(f *testing.F) {
	for _, n := range []string{"coupon", "article"} {
		tmpl, err := os.ReadFile(filepath.Join("..", "..", "examples", "template", n+".json"))
		if err != nil {
			f.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join("..", "..", "examples", "template", n+".data.json"))
		f.Add(string(tmpl), string(data))
	}
	f.Add(`{"width": 10, "height": "auto", "elements": [{"type": "text", "text": "{{a}}\n\n", "maxLines": 1, "width": 0}]}`, `{"a": "，。"}`)
	f.Add(`{"width": 50, "height": 50, "elements": [{"type": "stack", "direction": "horizontal", "elements": [{"type": "qrcode", "content": "x", "size": 30, "rotate": 45}]}]}`, `{}`)
	f.Fuzz(func(t *testing.T, tmpl, data string) {
		tp, err := Parse([]byte(tmpl), []byte(data))
		if err != nil {
			return
		}
		c, err := Compile(tp, Options{Fonts: testFonts, Images: fakeImages{"a.png": {3, 2}}})
		if err != nil {
			return
		}
		if c.Width*c.Height*c.PixelRatio*c.PixelRatio > 1e6 {
			return // valid, but too big to render in a fuzz loop
		}
		_, _ = Render(c)
	})
}
