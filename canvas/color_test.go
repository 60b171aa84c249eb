package canvas

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// Expected values for parseCSSColor were read back from Chromium 156
// (headless, --disable-gpu): a 1x1 canvas, fillStyle set, fillRect with
// source-over, getImageData. For opaque colours the pixel is the RGBA
// returned. For translucent ones the alpha byte is exact and the channels
// are the unpremultiplied bytes this package hands to the rasterizer
// (getImageData only shows them after a premultiply round trip).
func TestParseCSSColor(t *testing.T) {
	tests := []struct {
		in   string
		want RGBA
		ok   bool
		note string
	}{
		// Named colours and keywords.
		{"red", RGBA{255, 0, 0, 255}, true, ""},
		{"Red", RGBA{255, 0, 0, 255}, true, ""},
		{"RED", RGBA{255, 0, 0, 255}, true, ""},
		{"rebeccapurple", RGBA{102, 51, 153, 255}, true, ""},
		{"ReBeCcApUrPlE", RGBA{102, 51, 153, 255}, true, ""},
		{"grey", RGBA{128, 128, 128, 255}, true, ""},
		{"darkslategrey", RGBA{47, 79, 79, 255}, true, ""},
		{"lightgoldenrodyellow", RGBA{250, 250, 210, 255}, true, ""},
		{"transparent", RGBA{0, 0, 0, 0}, true, ""},
		{"TRANSPARENT", RGBA{0, 0, 0, 0}, true, ""},
		{" red", RGBA{255, 0, 0, 255}, true, "HTML spaces are stripped"},
		{"\t\n\f\rred\r\n", RGBA{255, 0, 0, 255}, true, ""},
		{"red/**/", RGBA{}, false, "a name is only a colour on the exact-match path"},
		{"\u00a0red", RGBA{}, false, "NBSP is not an HTML space"},
		{"\vred", RGBA{}, false, "nor is VT"},
		{"blac\u212a", RGBA{}, false, "KELVIN SIGN: Blink folds ASCII case only"},
		{"reds", RGBA{}, false, ""},
		{"re d", RGBA{}, false, ""},
		{"currentcolor", RGBA{0, 0, 0, 255}, true, "canvas element colour: black here"},
		{"CurrentColor", RGBA{0, 0, 0, 255}, true, ""},
		{"currentcolor/**/", RGBA{}, false, "surprising but true in Chromium"},
		{"Canvas", RGBA{255, 255, 255, 255}, true, "system colour"},
		{"ButtonFace", RGBA{239, 239, 239, 255}, true, ""},
		{"LinkText", RGBA{0, 0, 238, 255}, true, ""},
		{"Highlight", RGBA{0, 65, 198, 204}, true, "translucent system colour"},
		{"AccentColor", RGBA{}, false, "not enabled in Chromium 156"},
		{"-webkit-link", RGBA{}, false, ""},

		// Hex.
		{"#f00", RGBA{255, 0, 0, 255}, true, ""},
		{"#F00", RGBA{255, 0, 0, 255}, true, ""},
		{"#fff", RGBA{255, 255, 255, 255}, true, ""},
		{"#ffff", RGBA{255, 255, 255, 255}, true, ""},
		{"#1234", RGBA{0x11, 0x22, 0x33, 0x44}, true, ""},
		{"#12345678", RGBA{0x12, 0x34, 0x56, 0x78}, true, ""},
		{"#abc", RGBA{0xaa, 0xbb, 0xcc, 0xff}, true, ""},
		{"#ABCDEF", RGBA{0xab, 0xcd, 0xef, 0xff}, true, ""},
		{"#ff000080", RGBA{255, 0, 0, 128}, true, ""},
		{"#FF000000", RGBA{255, 0, 0, 0}, true, ""},
		{"#12", RGBA{}, false, ""},
		{"#12345", RGBA{}, false, ""},
		{"#1234567", RGBA{}, false, ""},
		{"#ggg", RGBA{}, false, ""},
		{"#", RGBA{}, false, ""},
		{"# fff", RGBA{}, false, ""},
		{"#fffffff f", RGBA{}, false, ""},
		{`#ff\66`, RGBA{255, 255, 255, 255}, true, "CSS escape in the hash token (full parser)"},
		{`#\66\66\66`, RGBA{255, 255, 255, 255}, true, ""},
		{"#fff/**/", RGBA{255, 255, 255, 255}, true, "comments are fine for functions and hashes"},

		// rgb()/rgba() on Chromium's fast path (lower-case, no exponents).
		{"rgb(255,0,0)", RGBA{255, 0, 0, 255}, true, ""},
		{"rgb(0, 128, 255)", RGBA{0, 128, 255, 255}, true, ""},
		{"rgb( 1 , 2 , 3 )", RGBA{1, 2, 3, 255}, true, ""},
		{"rgb(10.5,0,0)", RGBA{11, 0, 0, 255}, true, "lround: half away from zero"},
		{"rgb(10.4999,0,0)", RGBA{10, 0, 0, 255}, true, ""},
		{"rgb(255.9,0,0)", RGBA{255, 0, 0, 255}, true, ""},
		{"rgb(300,-5,0)", RGBA{255, 0, 0, 255}, true, "clamped"},
		{"rgb(-0,0,0)", RGBA{0, 0, 0, 255}, true, ""},
		{"rgb(50%,0%,100%)", RGBA{128, 0, 255, 255}, true, "127.5 rounds up"},
		{"rgb(300%,0%,0%)", RGBA{255, 0, 0, 255}, true, ""},
		{"rgb(1%,2,3)", RGBA{}, false, "legacy syntax cannot mix % and numbers"},
		{"rgb(1 2 3)", RGBA{1, 2, 3, 255}, true, "modern syntax"},
		{"rgb(1 2 3 / 0.5)", RGBA{1, 2, 3, 128}, true, ""},
		{"rgba(1,2,3)", RGBA{1, 2, 3, 255}, true, "rgba() without alpha is fine in CSS"},
		{"rgb(1,2,3,0.5)", RGBA{1, 2, 3, 128}, true, "rgb() with alpha too"},
		{"rgba(0,0,0,0.5)", RGBA{0, 0, 0, 128}, true, "alpha 0.5 is 128, not 127"},
		{"rgba(0,0,0,.5)", RGBA{0, 0, 0, 128}, true, ""},
		{"rgba(0,0,0,0.3)", RGBA{0, 0, 0, 77}, true, "Chromium's 0.X table: 76.5 -> 77"},
		{"rgba(0,0,0,0.30)", RGBA{0, 0, 0, 77}, true, ""},
		{"rgba(0,0,0,0.00196079)", RGBA{0, 0, 0, 0}, true, "fast path keeps 7 decimals: 0.0019607*255 < 0.5"},
		{"rgba(0,0,0,0.0019608)", RGBA{0, 0, 0, 1}, true, ""},
		{"rgba(0,0,0,1)", RGBA{0, 0, 0, 255}, true, ""},
		{"rgba(0,0,0,1.0)", RGBA{0, 0, 0, 255}, true, ""},
		{"rgba(0,0,0,5)", RGBA{0, 0, 0, 255}, true, ""},
		{"rgba(0,0,0,-0.5)", RGBA{0, 0, 0, 0}, true, ""},
		{"rgba(0,0,0,50%)", RGBA{0, 0, 0, 128}, true, ""},
		{"rgba(1,2,3,0.5)9)", RGBA{1, 2, 3, 128}, true, "Chromium fast-path quirk: accepted"},
		{"rgb(1,2,3)x", RGBA{}, false, ""},
		{"rgb(1,2,3,0.5,1)", RGBA{}, false, ""},
		{"rgb(1,2)", RGBA{}, false, ""},
		{"rgb(1 2 3 / )", RGBA{}, false, ""},
		{"rgb(1,2,3,", RGBA{}, false, ""},
		{"rgb(1 2, 3)", RGBA{}, false, "mixed separators"},
		{"rgb(1, 2 3)", RGBA{}, false, ""},
		{"rgb()", RGBA{}, false, ""},
		{"rgb(,,)", RGBA{}, false, ""},

		// rgb() on the full parser.
		{"RGB(10.5 0 0)", RGBA{11, 0, 0, 255}, true, "float 10.5 -> Skia rounds half up"},
		{"RGB(12.5, 0, 0)", RGBA{13, 0, 0, 255}, true, "half up, not half even"},
		{"rgb(+1,2,3)", RGBA{1, 2, 3, 255}, true, ""},
		{"rgb(.5,2,3)", RGBA{1, 2, 3, 255}, true, ""},
		{"rgb(1e2,0,0)", RGBA{100, 0, 0, 255}, true, "exponent"},
		{"rgb(1E2 0 0)", RGBA{100, 0, 0, 255}, true, ""},
		{"rgb(1-2-3)", RGBA{1, 0, 0, 255}, true, "tokens 1, -2, -3 with no spaces"},
		{"rgb(1.5.5.5)", RGBA{2, 1, 1, 255}, true, "tokens 1.5, .5, .5"},
		{"rgb(1% 2 3)", RGBA{3, 2, 3, 255}, true, "modern syntax may mix; 2.55 -> 3"},
		{"rgb(none 0 0)", RGBA{0, 0, 0, 255}, true, ""},
		{"rgb(none, 0, 0)", RGBA{}, false, "none is not legacy syntax"},
		{"rgb(1 2 3 / none)", RGBA{1, 2, 3, 0}, true, "alpha none is 0"},
		{"rgb(1 2 3 / 50%)", RGBA{1, 2, 3, 128}, true, ""},
		{"rgb(1,2,3", RGBA{1, 2, 3, 255}, true, "EOF closes the function"},
		{"rgb(1e400 0 0)", RGBA{255, 0, 0, 255}, true, ""},
		{"rgb(-1e400 0 0)", RGBA{0, 0, 0, 255}, true, ""},
		{"RGBA(0,0,0,0.00196079)", RGBA{0, 0, 0, 1}, true, "full precision here, unlike lower case"},
		{"rgba(0,0,0,0.00196079 )", RGBA{0, 0, 0, 1}, true, "the trailing space sends it to the full parser"},
		{"rgb(/**/1,2,3)", RGBA{1, 2, 3, 255}, true, ""},
		{"rgb(1 /**/ 2 3)", RGBA{1, 2, 3, 255}, true, ""},
		{`r\67 b(1,2,3)`, RGBA{1, 2, 3, 255}, true, "escaped function name"},
		{"rgb(1px, 2, 3)", RGBA{}, false, ""},
		{"rgb(\uff11,\uff12,\uff13)", RGBA{}, false, "full-width digits"},
		{"rgb(\u00a01,2,3)", RGBA{}, false, ""},

		// hsl()/hsla().
		{"hsl(0,100%,50%)", RGBA{255, 0, 0, 255}, true, ""},
		{"hsl(120,100%,25%)", RGBA{0, 128, 0, 255}, true, "127.5 rounds up"},
		{"hsl(0 100% 25%)", RGBA{128, 0, 0, 255}, true, ""},
		{"hsl(0,0%,30%)", RGBA{77, 77, 77, 255}, true, "76.5 rounds up"},
		{"hsl(0 0% 70%)", RGBA{179, 179, 179, 255}, true, ""},
		{"hsl(120 50 50)", RGBA{64, 191, 64, 255}, true, "modern syntax takes numbers"},
		{"hsl(120, 50, 50)", RGBA{}, false, "legacy syntax needs percentages"},
		{"hsl(120deg 50% 50%)", RGBA{64, 191, 64, 255}, true, ""},
		{"hsl(0.5turn 50% 50%)", RGBA{64, 191, 191, 255}, true, ""},
		{"hsl(3.14159rad 50% 50%)", RGBA{64, 191, 191, 255}, true, ""},
		{"hsl(200grad 50% 50%)", RGBA{64, 191, 191, 255}, true, ""},
		{"hsl(120DEG,50%,50%)", RGBA{64, 191, 64, 255}, true, ""},
		{"hsl(-120,100%,50%)", RGBA{0, 0, 255, 255}, true, ""},
		{"hsl(480,100%,50%)", RGBA{0, 255, 0, 255}, true, ""},
		{"hsl(none 100% 50%)", RGBA{255, 0, 0, 255}, true, ""},
		{"hsl(1e38 100% 50%)", RGBA{204, 0, 255, 255}, true, "1e38 mod 360 = 288 in double"},
		{"hsl(1e39 100% 50%)", RGBA{255, 0, 0, 255}, true, "clamped to FLT_MAX, a multiple of 360"},
		{"hsl(-1e400rad 187% 20%)", RGBA{0, 146, 0, 255}, true, "-FLT_MAX rad is 120deg mod 360"},
		{"hsl(0 150% 50%)", RGBA{255, 0, 0, 255}, true, ""},
		{"hsl(0 100% 150%)", RGBA{255, 255, 255, 255}, true, ""},
		{"hsla(120,100%,50%,0.5)", RGBA{0, 255, 0, 128}, true, ""},
		{"hsl(0 0% 0% / 0.3)", RGBA{0, 0, 0, 77}, true, ""},
		{"hsl(-78 64% 128% / 0.3)", RGBA{255, 255, 255, 77}, true, "fast path: alpha is the integer 77"},
		{"hsl(-78 64% 128% / 0.3 )", RGBA{255, 255, 255, 76}, true, "full parser: Skia highp rounds 76.5 to even"},
		{"hsl(x,1%,1%)", RGBA{}, false, ""},
		{"hsl(0,100%,50)", RGBA{}, false, ""},
		{"hsl(0%,100%,50%)", RGBA{}, false, "a hue is not a percentage"},
		{"hsl(0,100%,50%,)", RGBA{}, false, ""},

		// hwb().
		{"hwb(120 20% 30%)", RGBA{51, 179, 51, 255}, true, ""},
		{"hwb(0 60% 60%)", RGBA{128, 128, 128, 255}, true, ""},
		{"hwb(0 20% 100%)", RGBA{42, 42, 42, 255}, true, "float32 0.2/1.2*255 = 42.4999962"},
		{"hwb(120, 20%, 30%)", RGBA{}, false, "no legacy syntax for hwb()"},

		// Accepted by Chromium but not supported here (documented).
		{"rgb(calc(255) 0 0)", RGBA{}, false, "unsupported: Chromium paints red"},
		{"rgb(from red r g b)", RGBA{}, false, "unsupported"},
		{"lab(50 40 30)", RGBA{}, false, "unsupported"},
		{"color(srgb 1 0 0)", RGBA{}, false, "unsupported"},
		{"color-mix(in srgb, red, blue)", RGBA{}, false, "unsupported"},

		// Junk.
		{"", RGBA{}, false, ""},
		{"   ", RGBA{}, false, ""},
		{"NaN", RGBA{}, false, ""},
		{"Infinity", RGBA{}, false, ""},
		{"rgb(NaN,0,0)", RGBA{}, false, ""},
		{"rgb(Infinity 0 0)", RGBA{}, false, ""},
		{"红色", RGBA{}, false, ""},
		{"rgb(红,0,0)", RGBA{}, false, ""},
		{"\x00", RGBA{}, false, ""},
		{"\xff\xfe", RGBA{}, false, "invalid UTF-8"},
		{"rgb(\xff,0,0)", RGBA{}, false, ""},
		{"rgb(1,2,3)\x00", RGBA{}, false, ""},
		{"#fff\x00", RGBA{}, false, ""},
	}
	for _, tt := range tests {
		got, ok := parseCSSColor(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseCSSColor(%q) = %v, %v; want %v, %v (%s)", tt.in, got, ok, tt.want, tt.ok, tt.note)
		}
	}
}

func TestParseCSSColorLongInputs(t *testing.T) {
	tests := []struct {
		in   string
		want RGBA
		ok   bool
	}{
		{strings.Repeat("a", 100000), RGBA{}, false},
		{"#" + strings.Repeat("f", 100000), RGBA{}, false},
		{"rgb(" + strings.Repeat("1,", 50000) + "1)", RGBA{}, false},
		{"rgb(" + strings.Repeat(" ", 100000) + "1 2 3)", RGBA{1, 2, 3, 255}, true},
		{"rgb(" + strings.Repeat("9", 100000) + ",0,0)", RGBA{255, 0, 0, 255}, true},
		{"rgb(1." + strings.Repeat("9", 100000) + ",0,0)", RGBA{2, 0, 0, 255}, true},
		{"RGB(1 2 3" + strings.Repeat("/**/", 25000) + ")", RGBA{1, 2, 3, 255}, true},
		{"rgb(1 2 3 /*" + strings.Repeat("x", 100000), RGBA{1, 2, 3, 255}, true},
		{strings.Repeat("(", 100000), RGBA{}, false},
		{strings.Repeat("rgb(", 10000), RGBA{}, false},
		{strings.Repeat("\\", 100001), RGBA{}, false},
		{strings.Repeat("红", 30000), RGBA{}, false},
	}
	for _, tt := range tests {
		got, ok := parseCSSColor(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseCSSColor(%.40q...) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		parseLegacyColor(tt.in) // must not panic either
	}
}

func TestNamedColors(t *testing.T) {
	if len(namedColors) != 149 {
		t.Fatalf("namedColors has %d entries, want 148 CSS names + transparent", len(namedColors))
	}
	for name, want := range namedColors {
		if name != strings.ToLower(name) {
			t.Errorf("key %q is not lower case", name)
		}
		if want.A != 255 && name != "transparent" {
			t.Errorf("%s is not opaque", name)
		}
		for _, variant := range []string{name, strings.ToUpper(name), strings.ToUpper(name[:1]) + name[1:]} {
			if got, ok := parseCSSColor(variant); !ok || got != want {
				t.Errorf("parseCSSColor(%q) = %v, %v; want %v", variant, got, ok, want)
			}
			lc, ok := parseLegacyColor(variant)
			wantLC := legacyColor{V: [4]int{int(want.R), int(want.G), int(want.B), int(want.A)}, N: 4}
			if !ok || lc != wantLC {
				t.Errorf("parseLegacyColor(%q) = %v, %v; want %v", variant, lc, ok, wantLC)
			}
		}
	}
	// A few values checked against the CSS specification.
	for name, want := range map[string]RGBA{
		"aliceblue": {0xf0, 0xf8, 0xff, 0xff}, "yellowgreen": {0x9a, 0xcd, 0x32, 0xff},
		"darkgrey": {0xa9, 0xa9, 0xa9, 0xff}, "lightslategrey": {0x77, 0x88, 0x99, 0xff},
		"rebeccapurple": {0x66, 0x33, 0x99, 0xff}, "transparent": {},
	} {
		if namedColors[name] != want {
			t.Errorf("namedColors[%q] = %v, want %v", name, namedColors[name], want)
		}
	}
}

func TestColorQuantization(t *testing.T) {
	// Integer channels survive Blink's /255 and Skia's byte conversion.
	for i := range 256 {
		c := colorFromRGBA8(i, 255-i, i/2, i).toRGBA()
		if c != (RGBA{uint8(i), uint8(255 - i), uint8(i / 2), uint8(i)}) {
			t.Fatalf("integer %d: got %v", i, c)
		}
	}
	// Round half up normally, half to even on Skia's highp path.
	if got := skiaLowp(0.3); got != 77 {
		t.Errorf("skiaLowp(0.3) = %d, want 77", got)
	}
	if got := skiaHighp(0.3); got != 76 {
		t.Errorf("skiaHighp(0.3) = %d, want 76", got)
	}
	for _, f := range []float32{float32(math.NaN()), -1, 0, 1, 2, float32(math.Inf(1))} {
		_ = skiaLowp(f)
		_ = skiaHighp(f)
	}
	// Chromium's table for "0.X" alphas agrees with lround(X*25.5).
	for d := range 10 {
		s := fmt.Sprintf("rgba(0,0,0,0.%d)", d)
		got, ok := parseCSSColor(s)
		if want := uint8(math.Round(float64(d) * 25.5)); !ok || got.A != want {
			t.Errorf("%s: alpha %d, want %d", s, got.A, want)
		}
	}
}

func TestParseLegacyColor(t *testing.T) {
	const nan, inf, ninf = legacyNaN, legacyPosInf, legacyNegInf
	black := legacyColor{V: [4]int{0, 0, 0, 255}, N: 4}
	lc := func(n int, v ...int) legacyColor {
		var c legacyColor
		copy(c.V[:], v)
		c.N = n
		return c
	}
	tests := []struct {
		in     string
		want   legacyColor
		ok     bool
		paint  RGBA // what RGBA() returns: unsupported input records, so paints, black
		paints bool
		note   string
	}{
		{"#fff", lc(4, 255, 255, 255, 255), true, RGBA{255, 255, 255, 255}, true, ""},
		{"#FFFFFF", lc(4, 255, 255, 255, 255), true, RGBA{255, 255, 255, 255}, true, ""},
		{"#12ab3C", lc(4, 0x12, 0xab, 0x3c, 255), true, RGBA{0x12, 0xab, 0x3c, 255}, true, ""},
		{"#ff|fff", lc(4, 255, nan, 255, 255), true, RGBA{}, false, "'|' is inside the regex class; parseInt('|f',16) is NaN"},
		{"#f|f", lc(4, 255, nan, 255, 255), true, RGBA{}, false, ""},
		{"#fg0", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"rgb(300, -5, 0)", lc(4, 255, -5, 0, 255), true, RGBA{255, 0, 0, 255}, true, "no lower clamp when recording"},
		{"rgb( 1 , 2 , 3 )", lc(4, 1, 2, 3, 255), true, RGBA{1, 2, 3, 255}, true, ""},
		{"rgb(50%, 10.9, 1e3)", lc(4, 50, 10, 1, 255), true, RGBA{50, 10, 1, 255}, true, "parseInt reads 50%, 10.9 and 1e3 as 50, 10, 1"},
		{"rgb(1,2)", lc(3, 1, 2, 255), true, RGBA{}, false, "3-element array"},
		{"rgb(1,2,3,4)", lc(5, 1, 2, 3, 4), true, RGBA{}, false, "5-element array"},
		{"rgb())", lc(2, nan, 255), true, RGBA{}, false, "(.+) matches ')'"},
		{"rgb(a,b,c)", lc(4, nan, nan, nan, 255), true, RGBA{}, false, ""},
		{"rgb()", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"RGB(1,2,3)", black, false, RGBA{0, 0, 0, 255}, true, "case-sensitive"},
		{"rgb (1,2,3)", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"rgb(1\n,2,3)", black, false, RGBA{0, 0, 0, 255}, true, "'.' does not match a line terminator"},
		{"rgb(1,2,3)\n", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"rgb(1\u2028,2,3)", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"rgb(\u00a01,2,3\u3000)", lc(4, 1, 2, 3, 255), true, RGBA{1, 2, 3, 255}, true, "JavaScript trim"},
		{"rgb(\u180e1,2,3)", lc(4, nan, 2, 3, 255), true, RGBA{}, false, "U+180E is no longer white space"},
		{"rgb(-99999999999999999999999,0,0)", lc(4, -legacyMaxAbs, 0, 0, 255), true, RGBA{0, 0, 0, 255}, true, "saturated"},
		{"rgb(" + strings.Repeat("9", 400) + ",0,0)", lc(4, 255, 0, 0, 255), true, RGBA{255, 0, 0, 255}, true, "Math.min(255, Infinity)"},
		{"rgb(-" + strings.Repeat("9", 400) + ",0,0)", lc(4, ninf, 0, 0, 255), true, RGBA{}, false, "-Infinity prints as an invalid CSS number"},
		{"rgba(0,0,0,.5)", lc(4, 0, 0, 0, 127), true, RGBA{0, 0, 0, 127}, true, "floor(127.5)"},
		{"rgba(0,0,0,0.2)", lc(4, 0, 0, 0, 51), true, RGBA{0, 0, 0, 51}, true, "floor(51.00000000000001)"},
		{"rgba(0,0,0,0.3)", lc(4, 0, 0, 0, 76), true, RGBA{0, 0, 0, 76}, true, "floor(76.5)"},
		{"rgba(0,0,0,1)", lc(4, 0, 0, 0, 255), true, RGBA{0, 0, 0, 255}, true, ""},
		{"rgba(0,0,0,2)", lc(4, 0, 0, 0, 510), true, RGBA{0, 0, 0, 255}, true, ""},
		{"rgba(0,0,0,-1)", lc(4, 0, 0, 0, -255), true, RGBA{0, 0, 0, 0}, true, ""},
		{"rgba(0,0,0,50%)", lc(4, 0, 0, 0, 12750), true, RGBA{0, 0, 0, 255}, true, "parseFloat('50%') is 50"},
		{"rgba(0,0,0,1e-3)", lc(4, 0, 0, 0, 0), true, RGBA{0, 0, 0, 0}, true, ""},
		{"rgba(0,0,0,5.)", lc(4, 0, 0, 0, 1275), true, RGBA{0, 0, 0, 255}, true, ""},
		{"rgba(0,0,0,Infinity)", lc(4, 0, 0, 0, inf), true, RGBA{}, false, ""},
		{"rgba(0,0,0,-Infinity)", lc(4, 0, 0, 0, ninf), true, RGBA{}, false, ""},
		{"rgba(0,0,0,1e400)", lc(4, 0, 0, 0, inf), true, RGBA{}, false, ""},
		{"rgba(0,0,0,abc)", lc(4, 0, 0, 0, nan), true, RGBA{}, false, ""},
		{"rgba(0,0,0,)", lc(4, 0, 0, 0, nan), true, RGBA{}, false, ""},
		{"rgba(+1,2,3,+.5)", lc(4, 1, 2, 3, 127), true, RGBA{1, 2, 3, 127}, true, ""},
		{"rgba(1,2,3)", lc(3, 1, 2, 3), true, RGBA{}, false, "no alpha: 3-element array, an invalid colour on replay"},
		{"rgba(1,2,3,0.5,9)", lc(5, 1, 2, 3, 127), true, RGBA{}, false, ""},
		{"Rgba(1,2,3,0.5)", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{" #fff", black, false, RGBA{0, 0, 0, 255}, true, "not trimmed"},
		{"#fff ", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"#ff000080", black, false, RGBA{0, 0, 0, 255}, true, "no #rrggbbaa"},
		{"#f008", black, false, RGBA{0, 0, 0, 255}, true, "no #rgba"},
		{"hsl(0,100%,50%)", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"currentColor", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"red", lc(4, 255, 0, 0, 255), true, RGBA{255, 0, 0, 255}, true, ""},
		{"RED", lc(4, 255, 0, 0, 255), true, RGBA{255, 0, 0, 255}, true, ""},
		{"ReBeCcApUrPlE", lc(4, 102, 51, 153, 255), true, RGBA{102, 51, 153, 255}, true, ""},
		{"grey", lc(4, 128, 128, 128, 255), true, RGBA{128, 128, 128, 255}, true, ""},
		{"transparent", lc(4, 0, 0, 0, 0), true, RGBA{0, 0, 0, 0}, true, ""},
		{"Transparent", lc(4, 0, 0, 0, 0), true, RGBA{0, 0, 0, 0}, true, ""},
		{"blac\u212a", lc(4, 0, 0, 0, 255), true, RGBA{0, 0, 0, 255}, true, "JS lower-cases KELVIN SIGN to k"},
		{"\u0130ndigo", black, false, RGBA{0, 0, 0, 255}, true, "U+0130 lower-cases to i + U+0307"},
		{"constructor", black, false, RGBA{0, 0, 0, 255}, true, "hasOwnProperty, not 'in'"},
		{"__proto__", black, false, RGBA{0, 0, 0, 255}, true, ""},
		{"", black, false, RGBA{0, 0, 0, 255}, true, ""},
	}
	for _, tt := range tests {
		got, ok := parseLegacyColor(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseLegacyColor(%q) = %v, %v; want %v, %v (%s)", tt.in, got, ok, tt.want, tt.ok, tt.note)
			continue
		}
		paint, paints := got.RGBA()
		if paints != tt.paints || (paints && paint != tt.paint) {
			t.Errorf("parseLegacyColor(%q).RGBA() = %v, %v; want %v, %v (%s)", tt.in, paint, paints, tt.paint, tt.paints, tt.note)
		}
	}
}

func TestLegacyColorRGBA(t *testing.T) {
	tests := []struct {
		in   legacyColor
		want RGBA
		ok   bool
	}{
		{legacyColor{V: [4]int{1, 2, 3, 4}, N: 4}, RGBA{1, 2, 3, 4}, true},
		{legacyColor{V: [4]int{-1, 300, 255, 1000}, N: 4}, RGBA{0, 255, 255, 255}, true},
		{legacyColor{V: [4]int{1, 2, 3}, N: 3}, RGBA{}, false},
		{legacyColor{V: [4]int{1, 2, 3, 4}, N: 5}, RGBA{}, false},
		{legacyColor{}, RGBA{}, false},
		{legacyColor{V: [4]int{legacyNaN, 0, 0, 255}, N: 4}, RGBA{}, false},
		{legacyColor{V: [4]int{0, 0, 0, legacyPosInf}, N: 4}, RGBA{}, false},
		{legacyColor{V: [4]int{0, legacyNegInf, 0, 255}, N: 4}, RGBA{}, false},
		{legacyColor{V: [4]int{-legacyMaxAbs, legacyMaxAbs, 0, 255}, N: 4}, RGBA{0, 255, 0, 255}, true},
	}
	for _, tt := range tests {
		if got, ok := tt.in.RGBA(); ok != tt.ok || got != tt.want {
			t.Errorf("%v.RGBA() = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzParseCSSColor checks that neither parser panics, that results are
// deterministic, and that surrounding HTML white space does not change
// what parseCSSColor returns.
func FuzzParseCSSColor(f *testing.F) {
	for _, s := range []string{
		"red", "#fff", "#12345678", "rgb(1,2,3)", "rgba(0,0,0,0.5)", "rgb(1 2 3 / 50%)",
		"RGB(1e2 none 3)", "hsl(120deg, 50%, 50%)", "hsla(0.5turn 150% 30% / .3)",
		"hwb(0 20% 100%)", "rgba(1,2,3,0.5)9)", `#ff\66`, "rgb(1,2,3", "currentcolor",
		"Highlight", "rgb(/**/1-2-3)", "rgb(1,2)", "#ff|fff", "blac\u212a", "", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c1, ok1 := parseCSSColor(s)
		c2, ok2 := parseCSSColor(s)
		if c1 != c2 || ok1 != ok2 {
			t.Fatalf("parseCSSColor(%q) not deterministic: %v %v / %v %v", s, c1, ok1, c2, ok2)
		}
		if !ok1 && c1 != (RGBA{}) {
			t.Fatalf("parseCSSColor(%q) = %v with ok=false", s, c1)
		}
		if c3, ok3 := parseCSSColor(" \t" + s + "\n\f"); c3 != c1 || ok3 != ok1 {
			t.Fatalf("parseCSSColor(%q) changed with HTML spaces around it: %v %v / %v %v", s, c1, ok1, c3, ok3)
		}
		l1, lok1 := parseLegacyColor(s)
		l2, lok2 := parseLegacyColor(s)
		if l1 != l2 || lok1 != lok2 {
			t.Fatalf("parseLegacyColor(%q) not deterministic", s)
		}
		if !lok1 && l1 != (legacyColor{V: [4]int{0, 0, 0, 255}, N: 4}) {
			t.Fatalf("parseLegacyColor(%q) = %v with ok=false, want black", s, l1)
		}
		if l1.N < 0 || (lok1 && l1.N == 0) {
			t.Fatalf("parseLegacyColor(%q): bad length %d", s, l1.N)
		}
		p1, pok1 := l1.RGBA()
		if p2, pok2 := l1.RGBA(); p1 != p2 || pok1 != pok2 {
			t.Fatalf("RGBA() of %v not deterministic", l1)
		}
	})
}
