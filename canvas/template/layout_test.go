package template

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/fonts"
	"github.com/postercanvas/postercanvas/raster"
)

// testFonts: the embedded faces only, so results do not depend on the
// machine.
var testFonts = fonts.New()

// fakeImages knows image sizes by name.
type fakeImages map[string][2]int

func (f fakeImages) LoadImage(_ context.Context, src string) (*raster.Pixmap, error) {
	sz, ok := f[src]
	if !ok {
		return nil, fmt.Errorf("no such image %q", src)
	}
	return raster.NewPixmap(sz[0], sz[1])
}

func compileT(t *testing.T, tmpl, data string, o Options) *Compiled {
	t.Helper()
	c, err := compileE(tmpl, data, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func compileE(tmpl, data string, o Options) (*Compiled, error) {
	tp, err := Parse([]byte(tmpl), []byte(data))
	if err != nil {
		return nil, err
	}
	if o.Fonts == nil {
		o.Fonts = testFonts
	}
	return Compile(tp, o)
}

// calls returns the commands named method.
func calls(c *Compiled, method string) []canvas.SceneCommand {
	var out []canvas.SceneCommand
	for _, cmd := range c.Scene.Commands {
		if cmd.Method == method {
			out = append(out, cmd)
		}
	}
	return out
}

func texts(c *Compiled) []string {
	var out []string
	for _, cmd := range calls(c, "fillText") {
		out = append(out, cmd.Args[0].(string))
	}
	return out
}

// measureWith measures s in font with the test fonts.
func measureWith(t *testing.T, font, s string) float64 {
	t.Helper()
	ctx, err := canvas.New(1, 1, canvas.Fonts(testFonts))
	if err != nil {
		t.Fatal(err)
	}
	ctx.SetFont(font)
	m, _ := ctx.MeasureText(s)
	return m.Width
}

const cjkFont = `16px "DejaVu Sans", "WenQuanYi Micro Hei"`

func textTemplate(width float64, text string, extra string) string {
	return fmt.Sprintf(`{"width": 400, "height": 400, "elements": [
		{"type": "text", "left": 0, "top": 0, "width": %g, "text": %q, "fontSize": 16 %s}]}`, width, text, extra)
}

// lineTexts compiles text at a width and returns its lines (one
// fillText per line without letter spacing and spans).
func lineTexts(t *testing.T, width float64, text, extra string) []string {
	t.Helper()
	return texts(compileT(t, textTemplate(width, text, extra), "", Options{}))
}

func TestBreakChinese(t *testing.T) {
	text := "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少"
	w4 := measureWith(t, cjkFont, "春眠不觉")
	got := lineTexts(t, w4+0.5, text, "")
	want := []string{"春眠不觉", "晓处处闻", "啼鸟夜来", "风雨声花", "落知多少"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %q, want %q", got, want)
	}
	// One pixel less: three characters a line.
	got = lineTexts(t, w4-1, text, "")
	if len(got[0]) != len("春眠不") {
		t.Errorf("first line %q, want 3 characters", got[0])
	}
}

func TestBreakEnglishAtWords(t *testing.T) {
	text := "The quick brown fox jumps over the lazy dog"
	for _, width := range []float64{60, 90, 120, 200} {
		got := lineTexts(t, width, text, "")
		if strings.Join(got, " ") != text {
			t.Errorf("width %g: lines %q do not rejoin to the text (a word was split)", width, got)
		}
		for _, l := range got {
			if w := measureWith(t, cjkFont, l); w > width+1e-6 {
				t.Errorf("width %g: line %q is %.2f px wide", width, l, w)
			}
			if strings.HasPrefix(l, " ") || strings.HasSuffix(l, " ") {
				t.Errorf("line %q keeps a space at an edge", l)
			}
		}
	}
	// Greedy: at 120 px "The quick brown" fits (measured) on line 1.
	w := measureWith(t, cjkFont, "The quick brown")
	got := lineTexts(t, w+0.01, text, "")
	if got[0] != "The quick brown" {
		t.Errorf("first line %q, want \"The quick brown\"", got[0])
	}
	// A word wider than the line is broken between letters.
	got = lineTexts(t, 40, "Supercalifragilistic", "")
	if strings.Join(got, "") != "Supercalifragilistic" || len(got) < 3 {
		t.Errorf("long word lines %q", got)
	}
	for _, l := range got {
		if w := measureWith(t, cjkFont, l); w > 40 {
			t.Errorf("long word piece %q is %.2f px wide", l, w)
		}
	}
}

func TestBreakMixedAndClosingPunctuation(t *testing.T) {
	text := "Hello世界，this is 混合text。我们（测试）“引号”！好吗？结束、再见"
	closing := "，。！？、）”》"
	for width := 20.0; width <= 260; width += 3 {
		got := lineTexts(t, width, text, "")
		joined := strings.Join(got, "")
		if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(text, " ", "") {
			t.Fatalf("width %g: lines %q lose text", width, got)
		}
		for i, l := range got {
			if i > 0 && strings.ContainsRune(closing, []rune(l)[0]) {
				t.Errorf("width %g: line %d %q starts with closing punctuation", width, i, l)
			}
		}
		// Latin words stay whole.
		for _, word := range []string{"Hello", "this", "text"} {
			if !strings.Contains(joined, word) {
				t.Errorf("width %g: %q split in %q", width, word, got)
			}
		}
	}
}

func TestNewlines(t *testing.T) {
	got := lineTexts(t, 300, "第一行\n\nsecond line\nthird", "")
	want := []string{"第一行", "second line", "third"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("lines %q, want %q", got, want)
	}
	// The empty line takes its height: the third fillText is 3 lines down.
	c := compileT(t, textTemplate(300, "a\n\nb", `, "lineHeight": "20px"`), "", Options{})
	ft := calls(c, "fillText")
	if dy := ft[1].Args[2].(float64) - ft[0].Args[2].(float64); dy != 40 {
		t.Errorf("baseline step over an empty line %v, want 40", dy)
	}
}

func TestEllipsis(t *testing.T) {
	text := "这是一段很长的商品标题，需要在两行之内显示完毕，否则用省略号结尾 with English words"
	width := 150.0
	c := compileT(t, textTemplate(width, text, `, "maxLines": 2`), "", Options{})
	got := texts(c)
	if len(got) != 3 || got[2] != "…" {
		t.Fatalf("fillTexts %q: want two lines and an ellipsis", got)
	}
	full := lineTexts(t, width, text, "")
	if got[0] != full[0] {
		t.Errorf("first line %q, want %q", got[0], full[0])
	}
	if !strings.HasPrefix(full[1], got[1]) || got[1] == full[1] {
		t.Errorf("second line %q is not a cut of %q", got[1], full[1])
	}
	// The ellipsis ends within the width and right after the text.
	ft := calls(c, "fillText")
	ex := ft[2].Args[1].(float64)
	lw := measureWith(t, cjkFont, got[1])
	if math.Abs(ex-lw) > 0.01 {
		t.Errorf("ellipsis at x=%v, want %v (after the cut line)", ex, lw)
	}
	if end := ex + measureWith(t, cjkFont, "…"); end > width+1e-6 {
		t.Errorf("ellipsis ends at %v > width %v", end, width)
	}
	// One more character would not have fitted.
	next := []rune(full[1])[len([]rune(got[1]))]
	if lw+measureWith(t, cjkFont, string(next)+"…")-0 <= width-0.5 && next != ' ' {
		t.Errorf("cut too early: %q + %q + … fits in %v", got[1], string(next), width)
	}
	// Text that fits gets no ellipsis; a custom ellipsis is used.
	if got := lineTexts(t, 300, "短标题", `, "maxLines": 1`); len(got) != 1 || got[0] != "短标题" {
		t.Errorf("short text %q", got)
	}
	c = compileT(t, textTemplate(60, "one two three four", `, "maxLines": 1, "ellipsis": "..."`), "", Options{})
	if got := texts(c); got[len(got)-1] != "..." {
		t.Errorf("custom ellipsis: %q", got)
	}
	// The last kept line is empty: the ellipsis stands alone.
	if got := lineTexts(t, 300, "a\n\nb\nc", `, "maxLines": 2`); strings.Join(got, "|") != "a|…" {
		t.Errorf("ellipsis on an empty line: %q", got)
	}
	// maxLines after a "\n": the dropped lines still give an ellipsis.
	if got := lineTexts(t, 300, "line one\nline two", `, "maxLines": 1`); len(got) != 2 || got[1] != "…" {
		t.Errorf("ellipsis after a newline cut: %q", got)
	}
}

func TestLetterSpacing(t *testing.T) {
	c := compileT(t, textTemplate(300, "AB中", `, "letterSpacing": 5`), "", Options{})
	ft := calls(c, "fillText")
	if len(ft) != 3 {
		t.Fatalf("%d fillTexts, want one per character", len(ft))
	}
	wantX := []float64{0, measureWith(t, cjkFont, "A") + 5, measureWith(t, cjkFont, "AB") + 10}
	for i, cmd := range ft {
		if x := cmd.Args[1].(float64); math.Abs(x-wantX[i]) > 1e-3 {
			t.Errorf("char %d at x=%v, want %v", i, x, wantX[i])
		}
	}
	// Wrapping counts the spacing: "AB中" plus 10 px does not fit in
	// its unspaced width.
	w := measureWith(t, cjkFont, "AB中")
	c = compileT(t, textTemplate(w+5, "AB中", `, "letterSpacing": 5`), "", Options{})
	ys := map[float64]bool{}
	for _, cmd := range calls(c, "fillText") {
		ys[cmd.Args[2].(float64)] = true
	}
	if len(ys) != 2 {
		t.Errorf("letter-spaced text over %d lines, want 2", len(ys))
	}
	// Centred text is centred with its spacing.
	c = compileT(t, textTemplate(200, "AB", `, "letterSpacing": 10, "align": "center"`), "", Options{})
	ft = calls(c, "fillText")
	total := measureWith(t, cjkFont, "AB") + 10
	if x := ft[0].Args[1].(float64); math.Abs(x-(200-total)/2) > 1e-3 {
		t.Errorf("centred spaced text starts at %v, want %v", x, (200-total)/2)
	}
}

func TestAlignAndSpans(t *testing.T) {
	tmpl := `{"width": 300, "height": 100, "elements": [{"type": "text", "left": 0, "top": 0, "width": 300, "align": "right",
		"spans": [{"text": "¥", "fontSize": 12}, {"text": "39.90", "fontSize": 30, "fontWeight": "bold"}, {"text": "59.90", "fontSize": 12, "decoration": "line-through"}]}]}`
	c := compileT(t, tmpl, "", Options{})
	ft := calls(c, "fillText")
	if len(ft) != 3 {
		t.Fatalf("%d fillTexts", len(ft))
	}
	// One baseline for the spans.
	if ft[0].Args[2] != ft[1].Args[2] || ft[1].Args[2] != ft[2].Args[2] {
		t.Errorf("span baselines differ: %v %v %v", ft[0].Args[2], ft[1].Args[2], ft[2].Args[2])
	}
	end := ft[2].Args[1].(float64) + measureWith(t, `12px "DejaVu Sans", "WenQuanYi Micro Hei"`, "59.90")
	if math.Abs(end-300) > 1e-3 {
		t.Errorf("right-aligned line ends at %v", end)
	}
	// The struck-through span has its bar.
	if len(calls(c, "fillRect")) != 1 {
		t.Errorf("want one decoration bar")
	}
}

func TestAutoHeight(t *testing.T) {
	tmpl := `{"width": 300, "height": "auto", "elements": [
		{"type": "rect", "left": 0, "top": 0, "width": 300, "height": 50, "background": "red"},
		{"type": "text", "left": 10, "top": 60, "width": 100, "text": "one two three four five six seven eight nine ten", "fontSize": 10, "lineHeight": "20px", "bottom": 30},
		{"type": "rect", "left": 0, "bottom": 0, "width": 300, "height": 10, "background": "blue"}]}`
	c := compileT(t, tmpl, "", Options{})
	lines := len(calls(c, "fillText"))
	want := 60 + 20*float64(lines) + 30
	if c.Height != want {
		t.Errorf("auto height %v, want %v (%d lines)", c.Height, want, lines)
	}
	// The bottom-anchored rect sits at the bottom.
	fr := calls(c, "fillRect")
	if y := fr[len(fr)-1].Args[1].(float64); y != want-10 {
		t.Errorf("bottom rect at y=%v, want %v", y, want-10)
	}
	// rpx units: 750 rpx is 375 px by default; a stack grows with content.
	tmpl = `{"width": 750, "height": "auto", "unit": "rpx", "elements": [
		{"type": "stack", "top": 20, "left": 20, "gap": 10, "padding": 10, "elements": [
			{"type": "rect", "width": 100, "height": 40},
			{"type": "rect", "width": 200, "height": 60}]}]}`
	c = compileT(t, tmpl, "", Options{})
	if c.Width != 375 || c.Height != (20+10+40+10+60+10)/2.0 {
		t.Errorf("rpx poster %v×%v", c.Width, c.Height)
	}
	fr = calls(c, "fillRect")
	if fr[1].Args[1].(float64) != (20+10+40+10)/2.0 {
		t.Errorf("second stacked rect at y=%v", fr[1].Args[1])
	}
}

func TestImageFits(t *testing.T) {
	imgs := fakeImages{"wide.png": {200, 100}}
	run := func(fit, pos string) []any {
		t.Helper()
		tmpl := fmt.Sprintf(`{"width": 300, "height": 300, "elements": [{"type": "image", "src": "wide.png", "left": 10, "top": 20, "width": 100, "height": 100, "fit": %q, "position": %q}]}`, fit, pos)
		c := compileT(t, tmpl, "", Options{Images: imgs})
		di := calls(c, "drawImage")
		if len(di) != 1 {
			t.Fatalf("%s: %d drawImage", fit, len(di))
		}
		if di[0].Args[0] != (canvas.Image{Src: "wide.png"}) {
			t.Errorf("image argument %v", di[0].Args[0])
		}
		return di[0].Args[1:]
	}
	cases := []struct {
		fit, pos string
		want     []float64
	}{
		{"cover", "", []float64{50, 0, 100, 100, 10, 20, 100, 100}},
		{"cover", "left top", []float64{0, 0, 100, 100, 10, 20, 100, 100}},
		{"cover", "right", []float64{100, 0, 100, 100, 10, 20, 100, 100}},
		{"contain", "", []float64{10, 45, 100, 50}},
		{"contain", "center top", []float64{10, 20, 100, 50}},
		{"fill", "", []float64{10, 20, 100, 100}},
		{"none", "", []float64{50, 0, 100, 100, 10, 20, 100, 100}},
		{"none", "25% 0%", []float64{25, 0, 100, 100, 10, 20, 100, 100}},
	}
	for _, cs := range cases {
		got := run(cs.fit, cs.pos)
		if fmt.Sprint(got) != fmt.Sprint(toAny(cs.want)) {
			t.Errorf("fit %s %q: drawImage %v, want %v", cs.fit, cs.pos, got, cs.want)
		}
	}
	// An image smaller than its box with fit none is centred, uncropped.
	c := compileT(t, `{"width": 300, "height": 300, "elements": [{"type": "image", "src": "wide.png", "left": 0, "top": 0, "width": 300, "height": 300, "fit": "none"}]}`, "", Options{Images: imgs})
	if got := calls(c, "drawImage")[0].Args[1:]; fmt.Sprint(got) != fmt.Sprint(toAny([]float64{50, 100, 200, 100})) {
		t.Errorf("small image, fit none: %v", got)
	}
	// Auto height from the aspect ratio.
	c = compileT(t, `{"width": 300, "height": "auto", "elements": [{"type": "image", "src": "wide.png", "width": 300}]}`, "", Options{Images: imgs})
	if c.Height != 150 {
		t.Errorf("auto image height gives a %v px poster, want 150", c.Height)
	}
	// Errors name the element and the image.
	_, err := compileE(`{"width": 300, "height": 300, "elements": [{"type": "image", "id": "avatar", "src": "missing.png", "width": 10, "height": 10}]}`, "", Options{Images: imgs})
	if err == nil || !strings.Contains(err.Error(), `"avatar"`) || !strings.Contains(err.Error(), "missing.png") {
		t.Errorf("missing image error: %v", err)
	}
	_, err = compileE(`{"width": 300, "height": 300, "elements": [{"type": "image", "src": "wide.png", "width": 10, "height": 10, "fit": "stretch"}]}`, "", Options{Images: imgs})
	if err == nil || !strings.Contains(err.Error(), "stretch") {
		t.Errorf("bad fit error: %v", err)
	}
}

func toAny(v []float64) []any {
	out := make([]any, len(v))
	for i, f := range v {
		out[i] = f
	}
	return out
}

func TestCornerRadii(t *testing.T) {
	c := compileT(t, `{"width": 300, "height": 300, "elements": [{"type": "rect", "left": 10, "top": 10, "width": 100, "height": 50, "radius": [10, 0, 20, 5], "background": "red"}]}`, "", Options{})
	arcs := calls(c, "arc")
	if len(arcs) != 3 {
		t.Fatalf("%d arcs, want 3 (the 0 corner is square)", len(arcs))
	}
	// Order TR (none), BR, BL, TL: centres and radii.
	want := [][3]float64{{90, 40, 20}, {15, 55, 5}, {20, 20, 10}}
	for i, a := range arcs {
		if a.Args[0] != want[i][0] || a.Args[1] != want[i][1] || a.Args[2] != want[i][2] {
			t.Errorf("arc %d: %v, want centre/radius %v", i, a.Args[:3], want[i])
		}
	}
	// Over-large radii scale down as CSS does: 80+80 > 50 → 25 each.
	c = compileT(t, `{"width": 300, "height": 300, "elements": [{"type": "rect", "left": 0, "top": 0, "width": 100, "height": 50, "radius": 80}]}`, "", Options{})
	for _, a := range calls(c, "arc") {
		if a.Args[2] != 25.0 {
			t.Errorf("clamped radius %v, want 25", a.Args[2])
		}
	}
	// String form and percent.
	c = compileT(t, `{"width": 300, "height": 300, "elements": [{"type": "rect", "left": 0, "top": 0, "width": 80, "height": 80, "radius": "50%"}]}`, "", Options{})
	if a := calls(c, "arc"); len(a) != 4 || a[0].Args[2] != 40.0 {
		t.Errorf("50%% radius: %v", a)
	}
	// An image clipped to per-corner radii.
	c = compileT(t, `{"width": 300, "height": 300, "elements": [{"type": "image", "src": "a.png", "left": 0, "top": 0, "width": 80, "height": 80, "radius": "8 16", "fit": "fill"}]}`, "", Options{})
	if len(calls(c, "clip")) != 1 || len(calls(c, "arc")) != 4 {
		t.Errorf("rounded image: want one clip with four arcs")
	}
}

func TestBinding(t *testing.T) {
	tmpl := `{"width": "{{w}}", "height": 100, "elements": [
		{"type": "text", "text": "Hi {{user.name}}, {{user.tags[1]}} {{n}} {{missing|无}}"},
		{"type": "text", "text": "{{price}}", "top": 30}]}`
	c := compileT(t, tmpl, `{"w": 200, "user": {"name": "小明", "tags": ["a", "vip"]}, "n": 3, "price": 39.9}`, Options{})
	got := texts(c)
	if got[0] != "Hi 小明, vip 3 无" || got[1] != "39.9" {
		t.Errorf("bound texts %q", got)
	}
	if c.Width != 200 {
		t.Errorf("typed placeholder width %v", c.Width)
	}
	for _, cs := range []struct{ data, want string }{
		{`{"w": 200, "user": {"tags": []}, "n": 1, "price": 1}`, `{{user.name}} at elements[0].text: no value "name" in user`},
		{`{"w": 200, "user": {"name": "x", "tags": ["a"]}, "n": 1, "price": 1}`, `{{user.tags[1]}} at elements[0].text: index "1" out of range of user.tags (length 1)`},
		{`{"w": 200, "user": {"name": "x", "tags": ["a", "b"]}, "n": {"a": 1}, "price": 1}`, `{{n}} at elements[0].text: a object cannot be written inside text`},
		{`{"user": {"name": "x", "tags": ["a", "b"]}, "n": 1, "price": 1}`, `{{w}} at width: no value "w" in the data`},
		{`{"w": 200, "user": {"name": null, "tags": ["a", "b"]}, "n": 1, "price": 1}`, `{{user.name}} at elements[0].text: the value is null`},
	} {
		_, err := compileE(tmpl, cs.data, Options{})
		var be *BindError
		if !errors.As(err, &be) || !strings.Contains(err.Error(), cs.want) {
			t.Errorf("data %s: error %v, want %q", cs.data, err, cs.want)
		}
	}
	if _, err := compileE(`{"width": 10, "height": 10, "elements": [{"type": "text", "text": "{{a"}]}`, `{}`, Options{}); err == nil || !strings.Contains(err.Error(), "closing") {
		t.Errorf("unclosed placeholder: %v", err)
	}
}

func TestTemplateErrors(t *testing.T) {
	for _, cs := range []struct{ tmpl, want string }{
		{`{"width": 10, "height": 10, "elements": [{"type": "text", "text": "a", "colour": "red"}]}`, `elements[0]: unknown field "colour"`},
		{`{"width": 10, "height": 10, "elements": [{"type": "circle"}]}`, `unknown type "circle"`},
		{`{"width": 10, "height": 10, "elements": [{"type": "rect", "id": "r", "width": 5, "height": 5, "background": "rred"}]}`, `elements[0] ("r"): background: "rred" is not a CSS colour`},
		{`{"width": 10, "height": 10, "elements": [{"type": "rect", "width": 5}]}`, `needs a width and a height`},
		{`{"width": 10, "height": 10, "elements": [{"type": "text", "text": "a", "fontSize": "big"}]}`, `bad length "big"`},
		{`{"width": 10, "height": 10, "background": "linear-gradient(90deg, red)", "elements": []}`, `at least two colour stops`},
		{`{"width": 10, "height": "auto", "elements": [{"type": "rect", "width": 5, "height": "50%"}]}`, `fixed parent height`},
		{`{"width": 10, "height": 10}`, `no "elements"`},
		{`{"width": 100, "height": 100, "elements": [{"type": "qrcode", "content": "hello", "size": 10}]}`, `needs at least`},
		{`{"width": 100, "height": 100, "elements": [{"type": "qrcode", "content": "hello", "size": 50, "level": "X"}]}`, `level "X"`},
		{`{"width": 100, "height": 100, "elements": [{"type": "stack", "elements": [{"type": "rect", "top": 5, "width": 1, "height": 1}]}]}`, `use margin`},
		{`{"width": 100, "height": 100, "elements": [{"type": "text", "text": "a", "opacity": 2}]}`, `opacity 2`},
		{`{"width": 100, "height": 100, "elements": [{"type": "rect", "width": 1, "height": 1, "maxLines": 2}]}`, `field "maxLines" does not apply to a rect`},
		{`{"width": 100, "height": 100, "elements": [{"type": "text", "text": "a", "background": "red"}]}`, `field "background" does not apply to a text`},
	} {
		_, err := compileE(cs.tmpl, "", Options{})
		if err == nil || !strings.Contains(err.Error(), cs.want) {
			t.Errorf("%s\n\terror %v, want %q", cs.tmpl, err, cs.want)
		}
	}
}

func TestGradientsAndShadows(t *testing.T) {
	c := compileT(t, `{"width": 200, "height": 100, "background": "linear-gradient(90deg, red, rgba(0, 0, 255, 0.5) 30%, #0f0)", "elements": [
		{"type": "rect", "left": 0, "top": 0, "width": 100, "height": 100, "background": "radial-gradient(circle, #fff, #000)", "shadow": "0 4px 12px rgba(0,0,0,.3)"}]}`, "", Options{})
	lg := calls(c, "createLinearGradient")
	if len(lg) != 1 || fmt.Sprint(lg[0].Args) != "[0 50 200 50]" {
		t.Errorf("90deg gradient line %v", lg)
	}
	stops := calls(c, "addColorStop")
	if fmt.Sprint(stops[1].Args) != "[0.3 rgba(0, 0, 255, 0.5)]" || fmt.Sprint(stops[2].Args) != "[1 #0f0]" {
		t.Errorf("stops %v", stops)
	}
	rg := calls(c, "createCircularGradient")
	if len(rg) != 1 || rg[0].Args[2].(float64) != r4(math.Hypot(50, 50)) {
		t.Errorf("radial gradient %v", rg)
	}
	sh := calls(c, "setShadow")
	if len(sh) != 2 || fmt.Sprint(sh[0].Args) != "[0 4 12 rgba(0,0,0,.3)]" {
		t.Errorf("shadow %v", sh)
	}
	// Corner direction: "to bottom right" on a 200×100 box points
	// perpendicular to the other diagonal.
	c = compileT(t, `{"width": 200, "height": 100, "background": "linear-gradient(to bottom right, red, blue)", "elements": []}`, "", Options{})
	a := calls(c, "createLinearGradient")[0].Args
	dx, dy := a[2].(float64)-a[0].(float64), a[3].(float64)-a[1].(float64)
	if math.Abs(dx*(-200)+dy*100) > 0.01 { // dot with the diagonal (−200, 100)
		t.Errorf("to bottom right: line (%v, %v) not perpendicular to the other diagonal", dx, dy)
	}
}

func TestFixStops(t *testing.T) {
	n := math.NaN()
	p := []float64{n, 0.2, n, n, 0.8, n}
	fixStops(p)
	want := []float64{0, 0.2, 0.4, 0.6, 0.8, 1}
	for i := range p {
		if math.Abs(p[i]-want[i]) > 1e-9 {
			t.Fatalf("fixStops %v, want %v", p, want)
		}
	}
	p = []float64{0.5, 0.2, n}
	fixStops(p)
	if p[1] != 0.5 || p[2] != 1 {
		t.Errorf("decreasing stops %v", p)
	}
}

func TestOrderTransformAndTextEffects(t *testing.T) {
	c := compileT(t, `{"width": 200, "height": 200, "elements": [
		{"type": "rect", "id": "top", "z": 2, "left": 0, "top": 0, "width": 10, "height": 10, "background": "#00f"},
		{"type": "rect", "left": 0, "top": 0, "width": 10, "height": 10, "background": "#f00", "rotate": 90, "opacity": 0.5},
		{"type": "text", "left": 0, "top": 100, "width": 200, "height": 60, "verticalAlign": "bottom", "lineHeight": "20px",
		 "text": "Hi", "stroke": {"width": 2, "color": "#fff"}, "shadow": "1px 2px 3px #000"}]}`, "", Options{})
	var seq []string
	for _, cmd := range c.Scene.Commands {
		if cmd.Method == "setFillStyle" || cmd.Method == "rotate" || cmd.Method == "setGlobalAlpha" || cmd.Method == "strokeText" || cmd.Method == "setShadow" {
			seq = append(seq, fmt.Sprint(cmd.Method, cmd.Args))
		}
	}
	want := []string{"setGlobalAlpha[0.5]", fmt.Sprint("rotate", []any{math.Pi / 2}), "setFillStyle[#f00]",
		"setFillStyle[#000]", "setShadow[1 2 3 #000]", "strokeText[Hi 0 155.5]", "setShadow[0 0 0 rgba(0,0,0,0)]", "setFillStyle[#00f]"}
	if strings.Join(seq, " ") != strings.Join(want, " ") {
		t.Errorf("commands\n\t%v\nwant\n\t%v", seq, want)
	}
	// The rotation is about the element's centre.
	tr := calls(c, "translate")
	if fmt.Sprint(tr[0].Args, tr[1].Args) != "[5 5] [-5 -5]" {
		t.Errorf("rotation centre %v %v", tr[0].Args, tr[1].Args)
	}
	// verticalAlign bottom: the 20 px line sits at the bottom of 60 px
	// (baseline 140 + (20 − (15 + 4)) / 2 + 15 = 155.5 above).
	if ft := calls(c, "fillText"); ft[0].Args[2].(float64) < 140 {
		t.Errorf("bottom-aligned baseline %v", ft[0].Args[2])
	}
}

func TestBackgroundImageAndLines(t *testing.T) {
	c := compileT(t, `{"width": 100, "height": 300, "background": "url('bg.png')", "elements": [
		{"type": "line", "x1": 10, "y1": 20, "x2": 90, "y2": 20, "lineWidth": 2, "color": "red", "dash": [4, 2], "cap": "round"},
		{"type": "stack", "top": 100, "left": 10, "width": 80, "elements": [{"type": "line", "lineWidth": 3}]}]}`, "", Options{Images: fakeImages{"bg.png": {200, 200}}})
	// The background covers the poster: a 200×200 image on 100×300 is
	// scaled to 300 and its middle 100 px column (in source px: 66.67)
	// drawn.
	di := calls(c, "drawImage")
	if len(di) != 1 || fmt.Sprint(di[0].Args[1:]) != fmt.Sprint(toAny([]float64{66.6667, 0, 66.6667, 200, 0, 0, 100, 300})) {
		t.Errorf("background drawImage %v", di)
	}
	mt, lt := calls(c, "moveTo"), calls(c, "lineTo")
	if fmt.Sprint(mt[0].Args, lt[0].Args) != "[10 20] [90 20]" {
		t.Errorf("absolute line %v %v", mt[0].Args, lt[0].Args)
	}
	// The rule in the stack spans its width at the middle of its 3 px.
	if fmt.Sprint(mt[1].Args, lt[1].Args) != "[10 101.5] [90 101.5]" {
		t.Errorf("stacked rule %v %v", mt[1].Args, lt[1].Args)
	}
	if d := calls(c, "setLineDash"); len(d) != 1 || fmt.Sprint(d[0].Args) != "[[4 2] 0]" {
		t.Errorf("dash %v", d)
	}
}
