package canvas

// Colour parsing.
//
// Two parsers live here:
//
//   - parseCSSColor does what Chromium's CanvasRenderingContext2D fillStyle
//     setter does with a string, down to the 8-bit value that ends up in the
//     pixel. It is used for the Canvas 2D API and for Skia/XWeb clients that
//     pass raw CSS strings.
//   - parseLegacyColor emulates checkColor, the JavaScript function in the
//     WeChat base library that turns a colour string into the [r,g,b,a] array
//     the legacy CanvasContext records (design/canvascontext-api.md §5).
//
// # How Chromium gets from a string to a pixel (what parseCSSColor follows)
//
// Sources are Chromium's Blink and Skia, read at a 2025 revision, and
// Chromium 156 itself (headless, --disable-gpu, x86-64): a 1x1 canvas is
// cleared, filled with fillRect (source-over) and read with getImageData.
// About 170,000 generated strings (every syntax below, mutations, fuzzer
// finds) gave the same ok and the same bytes as this file: all four for
// opaque results, alpha for translucent ones.
//
//  1. canvas_style.cc ParseCanvasColorString strips HTML whitespace
//     (space, \t, \n, \f, \r) from both ends; "currentcolor" (ASCII
//     case-insensitive) is the canvas element's colour, which this engine
//     treats as opaque black.
//  2. CSSParser::ParseColor tries, in order: the named-colour table (ASCII
//     case-insensitive, includes "transparent"); CSSParserFastPaths (only
//     lower-case "rgb(", "rgba(", "hsl(", "hsla(" and "#hex"); and the full
//     CSS parser (tokenizer, comments, escapes, exponents, any case, "none").
//     System colours (Canvas, ButtonFace, ...) come last.
//  3. The fast path rounds rgb() channels to integers itself:
//     lround(value) for numbers and lround(p/100*255) for percentages, so
//     rgb(10.5,0,0) has red 11 (round half away from zero). Alpha is
//     lround(min(a,1)*255), so rgba(0,0,0,0.5) has alpha 128, not 127
//     (css_parser_fast_paths.cc ParseAlphaValue; its table for "0.X" alphas
//     says the same: 0.1->26, 0.5->128). The fast path reads at most 7
//     decimals: rgba(0,0,0,0.00196079) gets alpha 0 while the same colour in
//     upper case (full parser) gets 1. Both verified in Chromium 156. (The
//     digits are summed as int*kDiv1e7 on x86-64 and arm64 builds; that
//     is what is reproduced.)
//  4. The full parser keeps channels and alpha as floats (numbers clamped
//     to the float range by the tokenizer, channels to 0..255);
//     hsl()/hwb() are converted to sRGB in float32 by gfx::HSLToSRGB /
//     HWBToSRGB (ui/gfx/color_conversions.cc, the CSS Color 4 algorithm).
//  5. Blink hands Skia an SkColor4f (Color::toSkColor4f: legacy rgb is
//     param/255.0). Skia turns it into bytes as (uint8)(f*255 + 0.5f) in
//     float32, i.e. round half up (SkRasterPipeline uniform_color and
//     SkColor4f::toSkColor), except for a translucent colour with a
//     component above 1, which goes through highp and rounds half to even;
//     see blinkColor.toRGBA.
//
// The RGBA returned is that byte value for each channel and alpha,
// non-premultiplied. For opaque colours it is exactly the pixel Chromium
// stores; for translucent colours the rasterizer premultiplies it.
//
// Not supported (ok=false, although Chromium accepts them): calc() and other
// math functions, relative colours ("rgb(from ...)"), color-mix(), lab(),
// lch(), oklab(), oklch() and color(). AccentColor is not a colour in
// Chromium 156 either.

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// RGBA is a non-premultiplied colour: 8-bit R, G, B and an 8-bit alpha.
type RGBA struct{ R, G, B, A uint8 }

// parseCSSColor parses a CSS Color 4 colour string as a browser's canvas
// fillStyle setter does. ok is false for anything the browser would ignore
// (the caller then keeps the previous style, as HTML does).
func parseCSSColor(s string) (c RGBA, ok bool) {
	s = trimHTMLSpace(s)
	if s == "" {
		return RGBA{}, false
	}
	if asciiEqualFold(s, "currentcolor") {
		return RGBA{A: 255}, true
	}
	if c, ok := lookupASCIIKeyword(s, namedColors); ok {
		return c, true
	}
	if isASCII(s) {
		if bc, ok := fastParseColor(s); ok {
			return bc.toRGBA(), true
		}
	}
	if bc, ok := slowParseColor(s); ok {
		return bc.toRGBA(), true
	}
	if c, ok := lookupASCIIKeyword(s, systemColors); ok {
		return c, true
	}
	return RGBA{}, false
}

// namedColors maps the lower-case CSS colour keywords to their values.
// It holds the 148 CSS Color 4 named colours and "transparent".
var namedColors = map[string]RGBA{
	"aliceblue":            {0xf0, 0xf8, 0xff, 0xff},
	"antiquewhite":         {0xfa, 0xeb, 0xd7, 0xff},
	"aqua":                 {0x00, 0xff, 0xff, 0xff},
	"aquamarine":           {0x7f, 0xff, 0xd4, 0xff},
	"azure":                {0xf0, 0xff, 0xff, 0xff},
	"beige":                {0xf5, 0xf5, 0xdc, 0xff},
	"bisque":               {0xff, 0xe4, 0xc4, 0xff},
	"black":                {0x00, 0x00, 0x00, 0xff},
	"blanchedalmond":       {0xff, 0xeb, 0xcd, 0xff},
	"blue":                 {0x00, 0x00, 0xff, 0xff},
	"blueviolet":           {0x8a, 0x2b, 0xe2, 0xff},
	"brown":                {0xa5, 0x2a, 0x2a, 0xff},
	"burlywood":            {0xde, 0xb8, 0x87, 0xff},
	"cadetblue":            {0x5f, 0x9e, 0xa0, 0xff},
	"chartreuse":           {0x7f, 0xff, 0x00, 0xff},
	"chocolate":            {0xd2, 0x69, 0x1e, 0xff},
	"coral":                {0xff, 0x7f, 0x50, 0xff},
	"cornflowerblue":       {0x64, 0x95, 0xed, 0xff},
	"cornsilk":             {0xff, 0xf8, 0xdc, 0xff},
	"crimson":              {0xdc, 0x14, 0x3c, 0xff},
	"cyan":                 {0x00, 0xff, 0xff, 0xff},
	"darkblue":             {0x00, 0x00, 0x8b, 0xff},
	"darkcyan":             {0x00, 0x8b, 0x8b, 0xff},
	"darkgoldenrod":        {0xb8, 0x86, 0x0b, 0xff},
	"darkgray":             {0xa9, 0xa9, 0xa9, 0xff},
	"darkgreen":            {0x00, 0x64, 0x00, 0xff},
	"darkgrey":             {0xa9, 0xa9, 0xa9, 0xff},
	"darkkhaki":            {0xbd, 0xb7, 0x6b, 0xff},
	"darkmagenta":          {0x8b, 0x00, 0x8b, 0xff},
	"darkolivegreen":       {0x55, 0x6b, 0x2f, 0xff},
	"darkorange":           {0xff, 0x8c, 0x00, 0xff},
	"darkorchid":           {0x99, 0x32, 0xcc, 0xff},
	"darkred":              {0x8b, 0x00, 0x00, 0xff},
	"darksalmon":           {0xe9, 0x96, 0x7a, 0xff},
	"darkseagreen":         {0x8f, 0xbc, 0x8f, 0xff},
	"darkslateblue":        {0x48, 0x3d, 0x8b, 0xff},
	"darkslategray":        {0x2f, 0x4f, 0x4f, 0xff},
	"darkslategrey":        {0x2f, 0x4f, 0x4f, 0xff},
	"darkturquoise":        {0x00, 0xce, 0xd1, 0xff},
	"darkviolet":           {0x94, 0x00, 0xd3, 0xff},
	"deeppink":             {0xff, 0x14, 0x93, 0xff},
	"deepskyblue":          {0x00, 0xbf, 0xff, 0xff},
	"dimgray":              {0x69, 0x69, 0x69, 0xff},
	"dimgrey":              {0x69, 0x69, 0x69, 0xff},
	"dodgerblue":           {0x1e, 0x90, 0xff, 0xff},
	"firebrick":            {0xb2, 0x22, 0x22, 0xff},
	"floralwhite":          {0xff, 0xfa, 0xf0, 0xff},
	"forestgreen":          {0x22, 0x8b, 0x22, 0xff},
	"fuchsia":              {0xff, 0x00, 0xff, 0xff},
	"gainsboro":            {0xdc, 0xdc, 0xdc, 0xff},
	"ghostwhite":           {0xf8, 0xf8, 0xff, 0xff},
	"gold":                 {0xff, 0xd7, 0x00, 0xff},
	"goldenrod":            {0xda, 0xa5, 0x20, 0xff},
	"gray":                 {0x80, 0x80, 0x80, 0xff},
	"green":                {0x00, 0x80, 0x00, 0xff},
	"greenyellow":          {0xad, 0xff, 0x2f, 0xff},
	"grey":                 {0x80, 0x80, 0x80, 0xff},
	"honeydew":             {0xf0, 0xff, 0xf0, 0xff},
	"hotpink":              {0xff, 0x69, 0xb4, 0xff},
	"indianred":            {0xcd, 0x5c, 0x5c, 0xff},
	"indigo":               {0x4b, 0x00, 0x82, 0xff},
	"ivory":                {0xff, 0xff, 0xf0, 0xff},
	"khaki":                {0xf0, 0xe6, 0x8c, 0xff},
	"lavender":             {0xe6, 0xe6, 0xfa, 0xff},
	"lavenderblush":        {0xff, 0xf0, 0xf5, 0xff},
	"lawngreen":            {0x7c, 0xfc, 0x00, 0xff},
	"lemonchiffon":         {0xff, 0xfa, 0xcd, 0xff},
	"lightblue":            {0xad, 0xd8, 0xe6, 0xff},
	"lightcoral":           {0xf0, 0x80, 0x80, 0xff},
	"lightcyan":            {0xe0, 0xff, 0xff, 0xff},
	"lightgoldenrodyellow": {0xfa, 0xfa, 0xd2, 0xff},
	"lightgray":            {0xd3, 0xd3, 0xd3, 0xff},
	"lightgreen":           {0x90, 0xee, 0x90, 0xff},
	"lightgrey":            {0xd3, 0xd3, 0xd3, 0xff},
	"lightpink":            {0xff, 0xb6, 0xc1, 0xff},
	"lightsalmon":          {0xff, 0xa0, 0x7a, 0xff},
	"lightseagreen":        {0x20, 0xb2, 0xaa, 0xff},
	"lightskyblue":         {0x87, 0xce, 0xfa, 0xff},
	"lightslategray":       {0x77, 0x88, 0x99, 0xff},
	"lightslategrey":       {0x77, 0x88, 0x99, 0xff},
	"lightsteelblue":       {0xb0, 0xc4, 0xde, 0xff},
	"lightyellow":          {0xff, 0xff, 0xe0, 0xff},
	"lime":                 {0x00, 0xff, 0x00, 0xff},
	"limegreen":            {0x32, 0xcd, 0x32, 0xff},
	"linen":                {0xfa, 0xf0, 0xe6, 0xff},
	"magenta":              {0xff, 0x00, 0xff, 0xff},
	"maroon":               {0x80, 0x00, 0x00, 0xff},
	"mediumaquamarine":     {0x66, 0xcd, 0xaa, 0xff},
	"mediumblue":           {0x00, 0x00, 0xcd, 0xff},
	"mediumorchid":         {0xba, 0x55, 0xd3, 0xff},
	"mediumpurple":         {0x93, 0x70, 0xdb, 0xff},
	"mediumseagreen":       {0x3c, 0xb3, 0x71, 0xff},
	"mediumslateblue":      {0x7b, 0x68, 0xee, 0xff},
	"mediumspringgreen":    {0x00, 0xfa, 0x9a, 0xff},
	"mediumturquoise":      {0x48, 0xd1, 0xcc, 0xff},
	"mediumvioletred":      {0xc7, 0x15, 0x85, 0xff},
	"midnightblue":         {0x19, 0x19, 0x70, 0xff},
	"mintcream":            {0xf5, 0xff, 0xfa, 0xff},
	"mistyrose":            {0xff, 0xe4, 0xe1, 0xff},
	"moccasin":             {0xff, 0xe4, 0xb5, 0xff},
	"navajowhite":          {0xff, 0xde, 0xad, 0xff},
	"navy":                 {0x00, 0x00, 0x80, 0xff},
	"oldlace":              {0xfd, 0xf5, 0xe6, 0xff},
	"olive":                {0x80, 0x80, 0x00, 0xff},
	"olivedrab":            {0x6b, 0x8e, 0x23, 0xff},
	"orange":               {0xff, 0xa5, 0x00, 0xff},
	"orangered":            {0xff, 0x45, 0x00, 0xff},
	"orchid":               {0xda, 0x70, 0xd6, 0xff},
	"palegoldenrod":        {0xee, 0xe8, 0xaa, 0xff},
	"palegreen":            {0x98, 0xfb, 0x98, 0xff},
	"paleturquoise":        {0xaf, 0xee, 0xee, 0xff},
	"palevioletred":        {0xdb, 0x70, 0x93, 0xff},
	"papayawhip":           {0xff, 0xef, 0xd5, 0xff},
	"peachpuff":            {0xff, 0xda, 0xb9, 0xff},
	"peru":                 {0xcd, 0x85, 0x3f, 0xff},
	"pink":                 {0xff, 0xc0, 0xcb, 0xff},
	"plum":                 {0xdd, 0xa0, 0xdd, 0xff},
	"powderblue":           {0xb0, 0xe0, 0xe6, 0xff},
	"purple":               {0x80, 0x00, 0x80, 0xff},
	"rebeccapurple":        {0x66, 0x33, 0x99, 0xff},
	"red":                  {0xff, 0x00, 0x00, 0xff},
	"rosybrown":            {0xbc, 0x8f, 0x8f, 0xff},
	"royalblue":            {0x41, 0x69, 0xe1, 0xff},
	"saddlebrown":          {0x8b, 0x45, 0x13, 0xff},
	"salmon":               {0xfa, 0x80, 0x72, 0xff},
	"sandybrown":           {0xf4, 0xa4, 0x60, 0xff},
	"seagreen":             {0x2e, 0x8b, 0x57, 0xff},
	"seashell":             {0xff, 0xf5, 0xee, 0xff},
	"sienna":               {0xa0, 0x52, 0x2d, 0xff},
	"silver":               {0xc0, 0xc0, 0xc0, 0xff},
	"skyblue":              {0x87, 0xce, 0xeb, 0xff},
	"slateblue":            {0x6a, 0x5a, 0xcd, 0xff},
	"slategray":            {0x70, 0x80, 0x90, 0xff},
	"slategrey":            {0x70, 0x80, 0x90, 0xff},
	"snow":                 {0xff, 0xfa, 0xfa, 0xff},
	"springgreen":          {0x00, 0xff, 0x7f, 0xff},
	"steelblue":            {0x46, 0x82, 0xb4, 0xff},
	"tan":                  {0xd2, 0xb4, 0x8c, 0xff},
	"teal":                 {0x00, 0x80, 0x80, 0xff},
	"thistle":              {0xd8, 0xbf, 0xd8, 0xff},
	"tomato":               {0xff, 0x63, 0x47, 0xff},
	"turquoise":            {0x40, 0xe0, 0xd0, 0xff},
	"violet":               {0xee, 0x82, 0xee, 0xff},
	"wheat":                {0xf5, 0xde, 0xb3, 0xff},
	"white":                {0xff, 0xff, 0xff, 0xff},
	"whitesmoke":           {0xf5, 0xf5, 0xf5, 0xff},
	"yellow":               {0xff, 0xff, 0x00, 0xff},
	"yellowgreen":          {0x9a, 0xcd, 0x32, 0xff},
	"transparent":          {0x00, 0x00, 0x00, 0x00},
}

// systemColors are the CSS system colour keywords with the values Chromium
// 156 gives a canvas on Linux in the light colour scheme (measured with
// getImageData). Chromium takes them only when nothing else matched.
var systemColors = map[string]RGBA{
	"activeborder":        {0x00, 0x00, 0x00, 0xff},
	"activecaption":       {0xff, 0xff, 0xff, 0xff},
	"activetext":          {0xff, 0x00, 0x00, 0xff},
	"appworkspace":        {0xff, 0xff, 0xff, 0xff},
	"background":          {0xff, 0xff, 0xff, 0xff},
	"buttonborder":        {0x00, 0x00, 0x00, 0xff},
	"buttonface":          {0xef, 0xef, 0xef, 0xff},
	"buttonhighlight":     {0xef, 0xef, 0xef, 0xff},
	"buttonshadow":        {0xef, 0xef, 0xef, 0xff},
	"buttontext":          {0x00, 0x00, 0x00, 0xff},
	"canvas":              {0xff, 0xff, 0xff, 0xff},
	"canvastext":          {0x00, 0x00, 0x00, 0xff},
	"captiontext":         {0x00, 0x00, 0x00, 0xff},
	"field":               {0xff, 0xff, 0xff, 0xff},
	"fieldtext":           {0x00, 0x00, 0x00, 0xff},
	"graytext":            {0x80, 0x80, 0x80, 0xff},
	"highlight":           {0x00, 0x41, 0xc6, 0xcc},
	"highlighttext":       {0xff, 0xff, 0xff, 0xff},
	"inactiveborder":      {0x00, 0x00, 0x00, 0xff},
	"inactivecaption":     {0xff, 0xff, 0xff, 0xff},
	"inactivecaptiontext": {0x80, 0x80, 0x80, 0xff},
	"infobackground":      {0xff, 0xff, 0xff, 0xff},
	"infotext":            {0x00, 0x00, 0x00, 0xff},
	"linktext":            {0x00, 0x00, 0xee, 0xff},
	"mark":                {0xff, 0xff, 0x00, 0xff},
	"marktext":            {0x00, 0x00, 0x00, 0xff},
	"menu":                {0xff, 0xff, 0xff, 0xff},
	"menutext":            {0x00, 0x00, 0x00, 0xff},
	"scrollbar":           {0xff, 0xff, 0xff, 0xff},
	"selecteditem":        {0x19, 0x67, 0xd2, 0xff},
	"selecteditemtext":    {0xff, 0xff, 0xff, 0xff},
	"threeddarkshadow":    {0x00, 0x00, 0x00, 0xff},
	"threedface":          {0xef, 0xef, 0xef, 0xff},
	"threedhighlight":     {0x00, 0x00, 0x00, 0xff},
	"threedlightshadow":   {0x00, 0x00, 0x00, 0xff},
	"threedshadow":        {0x00, 0x00, 0x00, 0xff},
	"visitedtext":         {0x55, 0x1a, 0x8b, 0xff},
	"window":              {0xff, 0xff, 0xff, 0xff},
	"windowframe":         {0x00, 0x00, 0x00, 0xff},
	"windowtext":          {0x00, 0x00, 0x00, 0xff},
}

// ---------------------------------------------------------------------------
// Blink's intermediate colour and Skia's quantization.

type colorSpace uint8

const (
	spaceLegacyRGB colorSpace = iota // rgb(): params are 0..255
	spaceHSL                         // params are hue in degrees, s, l in 0..1
	spaceHWB                         // params are hue in degrees, w, b in 0..1
)

// blinkColor mirrors blink::Color: a colour space, three float32 params and
// a float32 alpha in 0..1.
type blinkColor struct {
	space      colorSpace
	p0, p1, p2 float32
	alpha      float32
}

// colorFromRGBA8 is Color::FromRGBA with integer channels (fast path and
// hex colours): channels are clamped to 0..255 and alpha becomes a/255.0f.
func colorFromRGBA8(r, g, b, a int) blinkColor {
	return blinkColor{
		space: spaceLegacyRGB,
		p0:    float32(clampInt(r, 0, 255)),
		p1:    float32(clampInt(g, 0, 255)),
		p2:    float32(clampInt(b, 0, 255)),
		alpha: float32(clampInt(a, 0, 255)) / 255,
	}
}

// colorFromSpace is Color::FromColorSpace: params narrowed to float32 and
// alpha clamped to [0,1].
func colorFromSpace(space colorSpace, p0, p1, p2, alpha float64) blinkColor {
	a := float32(alpha)
	if !(a > 0) { // also NaN
		a = 0
	} else if a > 1 {
		a = 1
	}
	return blinkColor{space: space, p0: float32(p0), p1: float32(p1), p2: float32(p2), alpha: a}
}

// toRGBA converts to sRGB floats as Color::toSkColor4f does, then to bytes
// as Skia does when it paints the colour.
func (c blinkColor) toRGBA() RGBA {
	var r, g, b float32
	switch c.space {
	case spaceLegacyRGB:
		// gfx::SRGBLegacyToSRGB divides in double, then narrows.
		r = float32(float64(c.p0) / 255)
		g = float32(float64(c.p1) / 255)
		b = float32(float64(c.p2) / 255)
	case spaceHSL:
		r, g, b = hslToSRGB(c.p0, c.p1, c.p2)
	case spaceHWB:
		r, g, b = hwbToSRGB(c.p0, c.p1, c.p2)
	}
	a := c.alpha
	// Skia (SkRasterPipelineBlitter::Create) premultiplies a constant paint
	// colour, clamps it to [0,1] for an 8-bit target and hands it to
	// SkRasterPipeline::appendConstantColor. If 0 <= r,g,b <= a the lowp
	// uniform_color stage takes bytes (uint16)(v*255 + 0.5f): round half
	// up. Otherwise (only a translucent colour with a component above 1,
	// e.g. hsl(0 150% 50% / 0.3)) unbounded_uniform_color runs in highp and
	// the store rounds half to even (cvtps). Chromium 156: hsl(0 0% 30%)
	// is 77 (76.5 up) and hsl(0 0% 0% / 0.3) has alpha 77, but
	// hsl(-78 64% 128% / 0.3) has alpha 76. The legacy blitter Chromium
	// uses for in-range source-over colours (SkColor4f::toSkColor) also
	// rounds half up. Opaque colours are always in range after clamping.
	q := skiaLowp
	above := func(v float32) bool { return clampUnit(float32(v*a)) > a }
	if above(r) || above(g) || above(b) {
		q = skiaHighp
	}
	return RGBA{q(clampUnit(r)), q(clampUnit(g)), q(clampUnit(b)), q(a)}
}

// clampUnit clamps to [0,1]; NaN becomes 0.
func clampUnit(f float32) float32 {
	if !(f > 0) {
		return 0
	}
	return min(f, 1)
}

// skiaLowp is (uint8)(f*255 + 0.5f) in float32, f in [0,1].
func skiaLowp(f float32) uint8 {
	if !(f > 0) { // also NaN
		return 0
	}
	if f >= 1 {
		return 255
	}
	// The explicit float32 conversion forbids fusing into an FMA, which
	// Skia's code does not do either.
	return uint8(float32(f*255) + 0.5)
}

// skiaHighp is Skia's to_unorm: pin to [0,1], multiply by 255 in float32
// and convert rounding half to even.
func skiaHighp(f float32) uint8 {
	if !(f > 0) {
		return 0
	}
	if f >= 1 {
		return 255
	}
	return uint8(math.RoundToEven(float64(float32(f * 255))))
}

// hslToSRGB is the CSS Color 4 hsl-to-rgb algorithm computed exactly as
// gfx::HSLToSRGB does: float32 arithmetic, with the fmod done in double.
// h is in degrees; s and l are fractions (not clamped for modern syntax).
func hslToSRGB(h, s, l float32) (r, g, b float32) {
	if s == 0 {
		return l, l, l
	}
	f := func(n float32) float32 {
		k := float32(math.Mod(float64(n+h/30), 12))
		a := float32(s * min(l, 1-l))
		t := max(-1, min(k-3, 9-k, 1))
		return l - float32(a*t)
	}
	return f(0), f(8), f(4)
}

// hwbToSRGB is gfx::HWBToSRGB (CSS Color 4 hwb-to-rgb) in float32.
func hwbToSRGB(h, w, bl float32) (r, g, b float32) {
	if w+bl >= 1 {
		gray := w / (w + bl)
		return gray, gray, gray
	}
	r, g, b = hslToSRGB(h, 1, 0.5)
	wb := w + bl
	r += w - float32(wb*r)
	g += w - float32(wb*g)
	b += w - float32(wb*b)
	return r, g, b
}

// ---------------------------------------------------------------------------
// Chromium's fast path (css_parser_fast_paths.cc), reproduced behaviour for
// behaviour because it rounds differently from the full parser.

// kDiv1e7 is the double just above 1e-7 that Chromium's SIMD decimal parser
// multiplies the fraction digits by (x86-64 SSE2 and arm64 NEON builds).
const kDiv1e7 = 0.000000100000000000000009

func fastParseColor(s string) (blinkColor, bool) {
	if len(s) >= 4 && s[0] == '#' {
		return parseHexDigits(s[1:])
	}
	if len(s) >= 5 && s[:3] == "rgb" && (s[3] == '(' || (s[3] == 'a' && s[4] == '(')) {
		return fastRGB(s)
	}
	if len(s) >= 5 && s[:3] == "hsl" && (s[3] == '(' || (s[3] == 'a' && s[4] == '(')) {
		return fastHSL(s)
	}
	return blinkColor{}, false
}

// fastValidDoubleLen is the length of the run of digits with at most one
// '.' starting at s[i]; 0 if that run ends in '.'.
func fastValidDoubleLen(s string, i int) int {
	n, dot := 0, false
	for j := i; j < len(s); j++ {
		c := s[j]
		if isDigit(c) || (c == '.' && !dot) {
			dot = dot || c == '.'
			n++
			continue
		}
		break
	}
	if n > 0 && s[i+n-1] == '.' {
		return 0
	}
	return n
}

// fastPositiveDouble parses an unsigned decimal number at s[i]; it returns
// the value and its length (0 if there is none). Only the first 7 decimals
// count. When at least 7 bytes of the whole string follow the decimal
// point Chromium's SIMD code computes int + digits*kDiv1e7, otherwise the
// scalar int + digits/10^n; both are reproduced.
func fastPositiveDouble(s string, i int) (float64, int) {
	n := fastValidDoubleLen(s, i)
	if n == 0 {
		return 0, 0
	}
	pos := 0
	v := 0.0
	for ; pos < n && s[i+pos] != '.'; pos++ {
		v = float64(v*10) + float64(s[i+pos]-'0')
	}
	pos++ // past the '.'
	if pos >= n {
		return v, n
	}
	decimals := min(n-pos, 7)
	if len(s)-(i+pos) >= 7 {
		var frac uint32
		for k := range 7 {
			frac *= 10
			if k < decimals {
				frac += uint32(s[i+pos+k] - '0')
			}
		}
		return v + float64(float64(frac)*kDiv1e7), n
	}
	frac, scale := 0.0, 1.0
	for k := range decimals {
		frac = float64(frac*10) + float64(s[i+pos+k]-'0')
		scale *= 10
	}
	return v + frac/scale, n
}

// fastFloatWithMax parses [spaces] [-] digits [.digits] at s[i]; the
// integer part saturates at maxValue but the fraction is still added.
func fastFloatWithMax(s string, i int, maxValue float64) (v float64, neg bool, j int, ok bool) {
	j = i
	for j < len(s) && isHTMLSpace(s[j]) {
		j++
	}
	if j < len(s) && s[j] == '-' {
		neg = true
		j++
	}
	if j >= len(s) || !isDigit(s[j]) {
		return 0, false, i, false
	}
	for j < len(s) && isDigit(s[j]) {
		nv := float64(v*10) + float64(s[j]-'0')
		j++
		if nv >= maxValue {
			v = maxValue
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			break
		}
		v = nv
	}
	if j < len(s) && s[j] == '.' {
		f, n := fastPositiveDouble(s, j)
		if n == 0 {
			return 0, false, i, false
		}
		j += n
		v += f
	}
	return v, neg, j, true
}

type termStatus uint8

const (
	termMustWhitespace  termStatus = iota // rgb(1 2 3)
	termMustChar                          // rgb(1, 2, 3)
	termCouldWhitespace                   // first item: either
)

// fastSkipToTerminator skips HTML spaces after an item and then the
// separator, updating the separator style on the first item.
func fastSkipToTerminator(s string, i int, term byte, st *termStatus) (int, bool) {
	j := i
	for j < len(s) && isHTMLSpace(s[j]) {
		j++
	}
	switch *st {
	case termCouldWhitespace:
		if j < len(s) && s[j] == term {
			*st = termMustChar
			return j + 1, true
		}
		*st = termMustWhitespace
		return j, j != i
	case termMustWhitespace:
		return j, j != i
	default:
		if j >= len(s) || s[j] != term {
			return i, false
		}
		return j + 1, true
	}
}

type unitExpect uint8

const (
	expectUnknown unitExpect = iota
	expectNumber
	expectPercent
)

// fastChannel parses one rgb() channel and its separator.
func fastChannel(s string, i int, term byte, st *termStatus, expect *unitExpect) (int, int, bool) {
	v, neg, j, ok := fastFloatWithMax(s, i, 255)
	if !ok || j >= len(s) {
		return 0, i, false
	}
	if (*expect == expectPercent && s[j] != '%') || (*expect == expectNumber && s[j] == '%') {
		return 0, i, false
	}
	if s[j] == '%' {
		*expect = expectPercent
		v = v / 100 * 255
		if v > 255 {
			v = 255
		}
		j++
	} else {
		*expect = expectNumber
	}
	j, ok = fastSkipToTerminator(s, j, term, st)
	if !ok {
		return 0, i, false
	}
	if neg {
		return 0, j, true
	}
	return int(math.Round(v)), j, true // lround: half away from zero
}

// fastPercent parses an hsl() saturation or lightness, which must be a
// percentage, as a fraction in [0,1].
func fastPercent(s string, i int, term byte, st *termStatus) (float64, int, bool) {
	v, neg, j, ok := fastFloatWithMax(s, i, 100)
	if !ok || j >= len(s) || s[j] != '%' {
		return 0, i, false
	}
	j++
	if neg {
		v = 0
	} else {
		v = min(v*0.01, 1)
	}
	j, ok = fastSkipToTerminator(s, j, term, st)
	if !ok {
		return 0, i, false
	}
	return v, j, true
}

// fastTenthAlpha is Chromium's table for alphas written "0.X" or ".X".
var fastTenthAlpha = [10]int{0, 26, 51, 77, 102, 128, 153, 179, 204, 230}

// fastAlpha parses the alpha that ends the string (it must end in ')').
// Chromium checks the character after the number and the last character,
// not that they are the same, so "rgba(1,2,3,0.5)9)" is accepted.
func fastAlpha(s string, i int) (int, bool) {
	for i < len(s) && isHTMLSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	n := len(s) - i
	if n < 2 || s[len(s)-1] != ')' || !isDigit(s[len(s)-2]) {
		return 0, false
	}
	closeAt := func(k int) bool { return i+k < len(s) && s[i+k] == ')' }
	switch c := s[i]; {
	case c != '0' && c != '1' && c != '.':
		if k := fastValidDoubleLen(s, i); k > 0 && closeAt(k) {
			if neg {
				return 0, true
			}
			return 255, true // 2 and up clamp to 1
		}
		return 0, false
	case n == 2 && c != '.':
		if !neg && c == '1' {
			return 255, true
		}
		return 0, true
	case (n == 4 && c == '0' && s[i+1] == '.' && isDigit(s[i+2])) || (n == 3 && c == '.' && isDigit(s[i+1])):
		if neg {
			return 0, true
		}
		return fastTenthAlpha[s[len(s)-2]-'0'], true
	}
	v, k := fastPositiveDouble(s, i)
	if k == 0 || !closeAt(k) {
		return 0, false
	}
	if neg {
		return 0, true
	}
	return int(math.Round(min(v, 1) * 255)), true
}

func fastRGB(s string) (blinkColor, bool) {
	i := 4
	if s[3] == 'a' {
		i = 5
	}
	st, expect := termCouldWhitespace, expectUnknown
	r, i, ok := fastChannel(s, i, ',', &st, &expect)
	if !ok {
		return blinkColor{}, false
	}
	g, i, ok := fastChannel(s, i, ',', &st, &expect)
	if !ok {
		return blinkColor{}, false
	}
	b, hasAlpha := 0, false
	mustChar := termMustChar
	if v, j, ok := fastChannel(s, i, ',', &mustChar, &expect); ok {
		if st != termMustChar {
			return blinkColor{}, false
		}
		b, i, hasAlpha = v, j, true
	} else if v, j, ok := fastChannel(s, i, '/', &mustChar, &expect); ok {
		if st != termMustWhitespace {
			return blinkColor{}, false
		}
		b, i, hasAlpha = v, j, true
	} else if v, j, ok := fastChannel(s, i, ')', &mustChar, &expect); ok {
		b, i = v, j
	} else {
		return blinkColor{}, false
	}
	if !hasAlpha {
		if i != len(s) {
			return blinkColor{}, false
		}
		return colorFromRGBA8(r, g, b, 255), true
	}
	a, ok := fastAlpha(s, i)
	if !ok {
		return blinkColor{}, false
	}
	return colorFromRGBA8(r, g, b, a), true
}

// fastAngle parses an hsl() hue: [-]number with an optional deg, grad,
// rad or turn unit; it returns degrees and the length used.
func fastAngle(s string, i int) (float64, int) {
	j := i
	neg := j < len(s) && s[j] == '-'
	if neg {
		j++
	}
	v, n := fastPositiveDouble(s, j)
	if n == 0 {
		return 0, 0
	}
	j += n
	v = min(v, math.MaxFloat32)
	if neg {
		v = -v
	}
	rest := s[j:]
	switch {
	case hasASCIIPrefixFold(rest, "deg"):
		j += 3
	case hasASCIIPrefixFold(rest, "grad"):
		v = grad2deg(v)
		j += 4
	case hasASCIIPrefixFold(rest, "rad"):
		v = rad2deg(v)
		j += 3
	case hasASCIIPrefixFold(rest, "turn"):
		v = turn2deg(v)
		j += 4
	}
	if v < 0 {
		v = math.Mod(v, 360) + 360
	} else if v > 360 {
		v = math.Mod(v, 360)
	}
	return v, j - i
}

func fastHSL(s string) (blinkColor, bool) {
	i := 4
	if s[3] == 'a' {
		i = 5
	}
	for i < len(s) && isHTMLSpace(s[i]) {
		i++
	}
	hue, n := fastAngle(s, i)
	if n == 0 {
		return blinkColor{}, false
	}
	st := termCouldWhitespace
	i, ok := fastSkipToTerminator(s, i+n, ',', &st)
	if !ok {
		return blinkColor{}, false
	}
	sat, i, ok := fastPercent(s, i, ',', &st)
	if !ok {
		return blinkColor{}, false
	}
	var light float64
	hasAlpha := false
	mustChar := termMustChar
	if v, j, ok := fastPercent(s, i, ',', &mustChar); ok {
		if st != termMustChar {
			return blinkColor{}, false
		}
		light, i, hasAlpha = v, j, true
	} else if v, j, ok := fastPercent(s, i, '/', &mustChar); ok {
		if st != termMustWhitespace {
			return blinkColor{}, false
		}
		light, i, hasAlpha = v, j, true
	} else if v, j, ok := fastPercent(s, i, ')', &mustChar); ok {
		light, i = v, j
	} else {
		return blinkColor{}, false
	}
	alpha := float32(1)
	if hasAlpha {
		a, ok := fastAlpha(s, i)
		if !ok {
			return blinkColor{}, false
		}
		alpha = float32(a) * (1.0 / 255.0) // float32 math, as in Blink
	} else if i != len(s) {
		return blinkColor{}, false
	}
	return blinkColor{space: spaceHSL, p0: float32(hue), p1: float32(sat), p2: float32(light), alpha: alpha}, true
}

// Angle conversions as in WTF math_extras.h.
func rad2deg(r float64) float64  { return r * (180.0 / math.Pi) }
func grad2deg(g float64) float64 { return g * (360.0 / 400.0) }
func turn2deg(t float64) float64 { return t * 360.0 }

// parseHexDigits parses the digits of #rgb, #rgba, #rrggbb or #rrggbbaa.
func parseHexDigits(h string) (blinkColor, bool) {
	if n := len(h); n != 3 && n != 4 && n != 6 && n != 8 {
		return blinkColor{}, false
	}
	var d [8]int
	for i := 0; i < len(h); i++ {
		v := hexVal(h[i])
		if v < 0 {
			return blinkColor{}, false
		}
		d[i] = v
	}
	switch len(h) {
	case 3:
		return colorFromRGBA8(d[0]*17, d[1]*17, d[2]*17, 255), true
	case 4:
		return colorFromRGBA8(d[0]*17, d[1]*17, d[2]*17, d[3]*17), true
	case 6:
		return colorFromRGBA8(d[0]<<4|d[1], d[2]<<4|d[3], d[4]<<4|d[5], 255), true
	default:
		return colorFromRGBA8(d[0]<<4|d[1], d[2]<<4|d[3], d[4]<<4|d[5], d[6]<<4|d[7]), true
	}
}

// ---------------------------------------------------------------------------
// The full CSS parser: a CSS Syntax 3 tokenizer (enough of it to recognise
// every token a colour can contain) and Blink's ColorFunctionParser rules.

type tokKind uint8

const (
	tkEOF tokKind = iota
	tkWS
	tkIdent
	tkFunction
	tkNumber
	tkPercent
	tkDimension
	tkHash
	tkComma
	tkDelim
	tkRParen
	tkOther // anything no colour can contain
)

type cssToken struct {
	kind  tokKind
	num   float64 // number, percentage, dimension
	text  string  // ident, function name, unit, hash value
	delim rune
}

type cssTokenizer struct {
	in  []rune
	pos int
}

func (t *cssTokenizer) at(k int) rune {
	if t.pos+k < len(t.in) {
		return t.in[t.pos+k]
	}
	return -1
}

func isNameStart(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' || r >= 0x80
}

func isNameChar(r rune) bool {
	return isNameStart(r) || r >= '0' && r <= '9' || r == '-'
}

func (t *cssTokenizer) startsIdent(k int) bool {
	a, b, c := t.at(k), t.at(k+1), t.at(k+2)
	switch {
	case a == '-':
		return isNameStart(b) || b == '-' || (b == '\\' && c != '\n')
	case isNameStart(a):
		return true
	case a == '\\':
		return b != '\n'
	}
	return false
}

func (t *cssTokenizer) startsNumber() bool {
	a, b, c := t.at(0), t.at(1), t.at(2)
	isD := func(r rune) bool { return r >= '0' && r <= '9' }
	switch {
	case a == '+' || a == '-':
		return isD(b) || (b == '.' && isD(c))
	case a == '.':
		return isD(b)
	}
	return isD(a)
}

// escape consumes a backslash escape (the '\' is already consumed).
func (t *cssTokenizer) escape() rune {
	r := t.at(0)
	if r == -1 {
		return utf8.RuneError
	}
	if hexVal32(r) < 0 {
		t.pos++
		return r
	}
	v := rune(0)
	for k := 0; k < 6 && hexVal32(t.at(0)) >= 0; k++ {
		v = v*16 + rune(hexVal32(t.at(0)))
		t.pos++
	}
	if w := t.at(0); w == ' ' || w == '\t' || w == '\n' {
		t.pos++
	}
	if v == 0 || v > utf8.MaxRune || (v >= 0xD800 && v <= 0xDFFF) {
		return utf8.RuneError
	}
	return v
}

func (t *cssTokenizer) name() string {
	var b strings.Builder
	for {
		r := t.at(0)
		switch {
		case isNameChar(r):
			b.WriteRune(r)
			t.pos++
		case r == '\\' && t.at(1) != '\n':
			t.pos++
			b.WriteRune(t.escape())
		default:
			return b.String()
		}
	}
}

func (t *cssTokenizer) number() float64 {
	start := t.pos
	isD := func(r rune) bool { return r >= '0' && r <= '9' }
	if r := t.at(0); r == '+' || r == '-' {
		t.pos++
	}
	for isD(t.at(0)) {
		t.pos++
	}
	if t.at(0) == '.' && isD(t.at(1)) {
		t.pos += 2
		for isD(t.at(0)) {
			t.pos++
		}
	}
	if e := t.at(0); e == 'e' || e == 'E' {
		if isD(t.at(1)) {
			t.pos += 2
		} else if s := t.at(1); (s == '+' || s == '-') && isD(t.at(2)) {
			t.pos += 3
		}
		for isD(t.at(0)) {
			t.pos++
		}
	}
	v, _ := strconv.ParseFloat(string(t.in[start:t.pos]), 64) // ±Inf on overflow
	// Blink keeps numeric values within the float range: Chromium 156
	// paints hsl(-1e400rad 187% 20%) green, i.e. the hue is
	// rad2deg(-FLT_MAX) mod 360 = 120, not the 0 of an infinite hue.
	return min(max(v, -math.MaxFloat32), math.MaxFloat32)
}

func (t *cssTokenizer) next() cssToken {
	for {
		r := t.at(0)
		switch {
		case r == -1:
			return cssToken{kind: tkEOF}
		case r == '/' && t.at(1) == '*':
			t.pos += 2
			for t.pos < len(t.in) && !(t.at(0) == '*' && t.at(1) == '/') {
				t.pos++
			}
			t.pos = min(t.pos+2, len(t.in))
			continue
		case r == ' ' || r == '\t' || r == '\n':
			for r := t.at(0); r == ' ' || r == '\t' || r == '\n'; r = t.at(0) {
				t.pos++
			}
			return cssToken{kind: tkWS}
		case t.startsNumber():
			v := t.number()
			if t.startsIdent(0) {
				return cssToken{kind: tkDimension, num: v, text: t.name()}
			}
			if t.at(0) == '%' {
				t.pos++
				return cssToken{kind: tkPercent, num: v}
			}
			return cssToken{kind: tkNumber, num: v}
		case t.startsIdent(0):
			n := t.name()
			if t.at(0) == '(' {
				t.pos++
				return cssToken{kind: tkFunction, text: n}
			}
			return cssToken{kind: tkIdent, text: n}
		case r == '#' && (isNameChar(t.at(1)) || t.at(1) == '\\' && t.at(2) != '\n'):
			t.pos++
			return cssToken{kind: tkHash, text: t.name()}
		case r == ',':
			t.pos++
			return cssToken{kind: tkComma}
		case r == ')':
			t.pos++
			return cssToken{kind: tkRParen}
		case r == '/' || r == '+' || r == '-' || r == '.':
			t.pos++
			return cssToken{kind: tkDelim, delim: r}
		default:
			return cssToken{kind: tkOther}
		}
	}
}

// cssPreprocess applies CSS Syntax 3 input preprocessing: CR, FF and CRLF
// become LF; NUL and invalid UTF-8 become U+FFFD.
func cssPreprocess(s string) []rune {
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch r {
		case '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			r = '\n'
		case '\f':
			r = '\n'
		case 0:
			r = utf8.RuneError
		}
		out = append(out, r)
	}
	return out
}

// slowParseColor is CSSParser::ParseSingleValue(color) restricted to the
// values that yield a colour directly: a hash token or one of rgb(),
// rgba(), hsl(), hsla(), hwb(). Named colours are not CSSColor values on
// this path, so "red /**/" is rejected, as in Chromium.
func slowParseColor(s string) (blinkColor, bool) {
	t := &cssTokenizer{in: cssPreprocess(s)}
	tok := t.next()
	for tok.kind == tkWS {
		tok = t.next()
	}
	var c blinkColor
	var ok bool
	switch tok.kind {
	case tkHash:
		if !isASCII(tok.text) {
			return blinkColor{}, false
		}
		c, ok = parseHexDigits(tok.text)
	case tkFunction:
		var args []cssToken
		for {
			a := t.next()
			if a.kind == tkEOF || a.kind == tkRParen { // EOF closes the function
				break
			}
			if a.kind == tkOther || a.kind == tkFunction {
				return blinkColor{}, false
			}
			if a.kind != tkWS {
				args = append(args, a)
			}
		}
		c, ok = parseColorFunction(asciiLowerString(tok.text), args)
	}
	if !ok {
		return blinkColor{}, false
	}
	for tok = t.next(); tok.kind == tkWS; tok = t.next() {
	}
	return c, tok.kind == tkEOF
}

type chanKind uint8

const (
	chanNone chanKind = iota
	chanNumber
	chanPercent
)

type channel struct {
	kind chanKind
	v    float64 // number, degrees, or percentage value
}

// clampedValue is CSSNumericLiteralValue::ClampedDoubleValue.
func clampedValue(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return max(-math.MaxFloat64, min(v, math.MaxFloat64))
}

func parseColorFunction(name string, args []cssToken) (blinkColor, bool) {
	var space colorSpace
	switch name {
	case "rgb", "rgba":
		space = spaceLegacyRGB
	case "hsl", "hsla":
		space = spaceHSL
	case "hwb":
		space = spaceHWB
	default:
		return blinkColor{}, false
	}
	i := 0
	peek := func() cssToken {
		if i < len(args) {
			return args[i]
		}
		return cssToken{kind: tkEOF}
	}
	var ch [3]channel
	legacy, hasNone := false, false
	for k := range 3 {
		tok := peek()
		switch {
		case tok.kind == tkIdent && asciiEqualFold(tok.text, "none"):
			ch[k] = channel{kind: chanNone}
			hasNone = true
		case k == 0 && space != spaceLegacyRGB: // hue
			switch tok.kind {
			case tkNumber:
				ch[k] = channel{chanNumber, tok.num}
			case tkDimension:
				switch asciiLowerString(tok.text) {
				case "deg":
					ch[k] = channel{chanNumber, tok.num}
				case "grad":
					ch[k] = channel{chanNumber, grad2deg(tok.num)}
				case "rad":
					ch[k] = channel{chanNumber, rad2deg(tok.num)}
				case "turn":
					ch[k] = channel{chanNumber, turn2deg(tok.num)}
				default:
					return blinkColor{}, false
				}
			default:
				return blinkColor{}, false
			}
		case tok.kind == tkNumber:
			ch[k] = channel{chanNumber, tok.num}
		case tok.kind == tkPercent:
			ch[k] = channel{chanPercent, tok.num}
		default:
			return blinkColor{}, false
		}
		i++
		if k < 2 {
			comma := peek().kind == tkComma
			if comma {
				i++
			}
			// The first separator decides the syntax; the second must agree.
			switch {
			case k == 0:
				legacy = comma
			case legacy != comma:
				return blinkColor{}, false
			}
		}
	}
	hasAlpha := false
	if legacy {
		if space == spaceHWB {
			return blinkColor{}, false
		}
		if peek().kind == tkComma {
			i++
			hasAlpha = true
		}
	} else if t := peek(); t.kind == tkDelim && t.delim == '/' {
		i++
		hasAlpha = true
	}
	alpha := channel{chanNumber, 1}
	if hasAlpha {
		switch tok := peek(); {
		case tok.kind == tkNumber:
			alpha = channel{chanNumber, tok.num}
		case tok.kind == tkPercent:
			alpha = channel{chanPercent, tok.num}
		case tok.kind == tkIdent && asciiEqualFold(tok.text, "none"):
			alpha = channel{kind: chanNone}
			hasNone = true
		default:
			return blinkColor{}, false
		}
		i++
	}
	if i != len(args) {
		return blinkColor{}, false
	}
	if legacy {
		if hasNone {
			return blinkColor{}, false
		}
		if space == spaceLegacyRGB {
			if ch[0].kind != ch[1].kind || ch[1].kind != ch[2].kind {
				return blinkColor{}, false // no mixing numbers and percentages
			}
		} else if ch[1].kind != chanPercent || ch[2].kind != chanPercent {
			return blinkColor{}, false // legacy hsl() needs percentages
		}
	}

	// Resolve (ResolveColorChannelForNumericLiteral) and adjust
	// (MakePerColorSpaceAdjustments).
	var p [3]float64
	for k := range 3 {
		switch ch[k].kind {
		case chanNumber:
			p[k] = ch[k].v
		case chanPercent:
			base := 255.0
			if space != spaceLegacyRGB {
				base = 100
			}
			p[k] = clampedValue(ch[k].v) / 100 * base
		}
	}
	var a float64
	switch alpha.kind {
	case chanNumber:
		a = min(max(clampedValue(alpha.v), 0), 1)
	case chanPercent:
		a = min(max(clampedValue(alpha.v)/100, 0), 1)
	}
	switch space {
	case spaceLegacyRGB:
		for k := range 3 {
			switch {
			case math.IsInf(p[k], 1):
				p[k] = 255
			case math.IsInf(p[k], -1):
				p[k] = 0
			default:
				p[k] = min(max(p[k], 0), 255)
			}
		}
		// Blink's MakePerColorSpaceAdjustments rounds alpha to n/255 in
		// double, but Chromium 156 behaves as if the float32 alpha were
		// quantized directly: rgba(0 19 255 / 0.480392156627451 (unclosed,
		// so not the fast path) has alpha 123 although a*255 < 122.5 in
		// double; float32(a)*255 is 122.5000003. No rounding here.
	default:
		h := p[0]
		if math.IsInf(h, 0) || math.IsNaN(h) {
			h = 0
		}
		p[0] = math.Mod(math.Mod(h, 360)+360, 360)
		for k := 1; k < 3; k++ {
			v := p[k] / 100
			if legacy {
				v = min(max(v, 0), 1)
			} else {
				v = max(0, v)
			}
			p[k] = v
		}
	}
	return colorFromSpace(space, p[0], p[1], p[2], a), true
}

// ---------------------------------------------------------------------------
// WeChat's checkColor.

// legacyColor is the result of WeChat's checkColor: the array the base
// library records. N is 4 normally, 3 when rgba() had no alpha (the base
// library then records a 3-element array); values are the ints it records
// (rgb channels are min(255, parseInt(x)) so they can be negative).
//
// N is the length of the recorded array in general (rgb(1,2) records
// [1,2,255], rgba(1,2,3,4,5) five values); V holds its first min(N,4)
// values. JavaScript values that are not finite integers are stored as the
// sentinels legacyNaN, legacyPosInf and legacyNegInf, and finite values
// are saturated to ±legacyMaxAbs (which the renderer clamps anyway).
type legacyColor struct {
	V [4]int
	N int
}

const (
	legacyNaN    = math.MinInt64     // parseInt or parseFloat found no number
	legacyNegInf = math.MinInt64 + 1 // -Infinity
	legacyPosInf = math.MaxInt64     // +Infinity
	legacyMaxAbs = 1 << 53
)

// parseLegacyColor emulates the base library's checkColor exactly
// (§5 of the API reference): #rrggbb, #rgb, rgb(), rgba() with parseInt
// semantics, the 148 CSS named colours + transparent, evaluated on the
// untrimmed string; everything else -> black [0,0,0,255] with ok=false
// (the caller logs "不支持颜色").
func parseLegacyColor(s string) (c legacyColor, ok bool) {
	// /^#([0-9|A-F|a-f]{6})$/ — note that '|' is inside the class.
	if len(s) == 7 && s[0] == '#' && allLegacyHex(s[1:]) {
		return legacyColor{V: [4]int{ccParseHex(s[1:3]), ccParseHex(s[3:5]), ccParseHex(s[5:7]), 255}, N: 4}, true
	}
	// /^#([0-9|A-F|a-f]{3})$/, each digit doubled.
	if len(s) == 4 && s[0] == '#' && allLegacyHex(s[1:]) {
		var v [4]int
		for k := range 3 {
			v[k] = ccParseHex(s[1+k:2+k] + s[1+k:2+k])
		}
		v[3] = 255
		return legacyColor{V: v, N: 4}, true
	}
	// /^rgb\((.+)\)$/: split(','), Math.min(255, parseInt(trim(x), 10)),
	// then 255 appended.
	if inner, ok := legacyFunctionArgs(s, "rgb("); ok {
		var c legacyColor
		for part := range strings.SplitSeq(inner, ",") {
			c.push(ccMin255(ccParseInt(ccTrim(part))))
		}
		c.push(255)
		return c, true
	}
	// /^rgba\((.+)\)$/: the 4th value is Math.floor(255 * parseFloat(x)).
	if inner, ok := legacyFunctionArgs(s, "rgba("); ok {
		var c legacyColor
		k := 0
		for part := range strings.SplitSeq(inner, ",") {
			if k == 3 {
				c.push(math.Floor(255 * ccParseFloat(ccTrim(part))))
			} else {
				c.push(ccMin255(ccParseInt(ccTrim(part))))
			}
			k++
		}
		return c, true
	}
	if name, ok := ccLowerName(s); ok {
		if v, ok := namedColors[name]; ok {
			return legacyColor{V: [4]int{int(v.R), int(v.G), int(v.B), int(v.A)}, N: 4}, true
		}
	}
	return legacyColor{V: [4]int{0, 0, 0, 255}, N: 4}, false
}

// RGBA converts a recorded legacy colour to what the replayer paints:
// channels clamped to 0..255; a 3-element array is an invalid colour
// (ok=false; the replayer keeps the previous style).
//
// The replayers (WAWebview.js, uni-app) build "rgba(r,g,b,a/255)" from the
// array: any length but 4 gives a malformed string, NaN or Infinity an
// unparsable one, and everything else is clamped by the CSS parser. An
// alpha of a/255 printed by JavaScript parses back to a exactly.
func (c legacyColor) RGBA() (RGBA, bool) {
	if c.N != 4 {
		return RGBA{}, false
	}
	var out [4]uint8
	for k, v := range c.V {
		if v == legacyNaN || v == legacyNegInf || v == legacyPosInf {
			return RGBA{}, false
		}
		out[k] = uint8(min(max(v, 0), 255))
	}
	return RGBA{out[0], out[1], out[2], out[3]}, true
}

func (c *legacyColor) push(v float64) {
	if c.N < 4 {
		c.V[c.N] = legacyInt(v)
	}
	c.N++
}

// legacyInt stores a JavaScript number (always integral here).
func legacyInt(v float64) int {
	switch {
	case math.IsNaN(v):
		return legacyNaN
	case math.IsInf(v, 1):
		return legacyPosInf
	case math.IsInf(v, -1):
		return legacyNegInf
	}
	return int(min(max(v, -legacyMaxAbs), legacyMaxAbs))
}

func allLegacyHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != '|' && hexVal(s[i]) < 0 {
			return false
		}
	}
	return true
}

// ccParseHex is parseInt(s, 16) for the two-character strings checkColor
// passes it (digits or '|'): NaN when the first is not a hex digit.
func ccParseHex(s string) int {
	v, n := 0, 0
	for ; n < len(s) && hexVal(s[n]) >= 0; n++ {
		v = v*16 + hexVal(s[n])
	}
	if n == 0 {
		return legacyNaN
	}
	return v
}

// legacyFunctionArgs matches /^name(.+)\)$/ (name includes the '('): the
// argument text must be non-empty and, since '.' does not match line
// terminators, free of \n, \r, U+2028 and U+2029.
func legacyFunctionArgs(s, name string) (string, bool) {
	if len(s) < len(name)+2 || !strings.HasPrefix(s, name) || s[len(s)-1] != ')' {
		return "", false
	}
	inner := s[len(name) : len(s)-1]
	if strings.ContainsAny(inner, "\n\r\u2028\u2029") {
		return "", false
	}
	return inner, true
}

// isJSSpace is the set String.prototype.trim removes (WhiteSpace and
// LineTerminator in ECMAScript): checked against Node.js.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func ccTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

// ccParseInt is parseInt(s, 10) on a trimmed string: optional sign, then
// the longest run of ASCII digits; NaN if there is none.
func ccParseInt(s string) float64 {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	v, _ := strconv.ParseFloat(s[:n], 64) // correctly rounded, ±Inf past 1.8e308
	if neg {
		v = -v
	}
	return v
}

// ccParseFloat is parseFloat on a trimmed string: the longest prefix that is
// a StrDecimalLiteral ([+-] Infinity, or digits with optional fraction and
// exponent); NaN if there is none.
func ccParseFloat(s string) float64 {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	sign := func(v float64) float64 {
		if neg {
			return -v
		}
		return v
	}
	if strings.HasPrefix(s, "Infinity") {
		return sign(math.Inf(1))
	}
	n, digits := 0, 0
	for n < len(s) && isDigit(s[n]) {
		n++
		digits++
	}
	if n < len(s) && s[n] == '.' {
		m := n + 1
		for m < len(s) && isDigit(s[m]) {
			m++
			digits++
		}
		n = m
	}
	if digits == 0 {
		return math.NaN()
	}
	if n < len(s) && (s[n] == 'e' || s[n] == 'E') {
		m := n + 1
		if m < len(s) && (s[m] == '+' || s[m] == '-') {
			m++
		}
		if m < len(s) && isDigit(s[m]) {
			for m < len(s) && isDigit(s[m]) {
				m++
			}
			n = m
		}
	}
	lit := s[:n]
	if lit[len(lit)-1] == '.' {
		lit = lit[:len(lit)-1] // "5." is 5; strconv wants no trailing dot
	}
	v, _ := strconv.ParseFloat(lit, 64) // ±Inf on overflow, as JavaScript
	return sign(v)
}

// ccMin255 is Math.min(255, v): NaN stays NaN.
func ccMin255(v float64) float64 {
	if math.IsNaN(v) {
		return v
	}
	return min(255, v)
}

// ccLowerName returns s.toLowerCase() when the result could be a colour
// name (ASCII). Besides A-Z only U+212A KELVIN SIGN lower-cases to ASCII
// in JavaScript (checked over all code points with Node.js); U+0130
// becomes "i̇", which is not ASCII.
func ccLowerName(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case r == 0x212a:
			b.WriteByte('k')
		case r < 0x80:
			b.WriteByte(byte(r))
		default:
			return "", false
		}
	}
	return b.String(), true
}

// ---------------------------------------------------------------------------
// Small helpers.

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isHTMLSpace is HTML's ASCII whitespace: space, \t, \n, \f, \r.
func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func trimHTMLSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isHTMLSpace(s[i]) {
		i++
	}
	for j > i && isHTMLSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func asciiLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// asciiEqualFold compares ignoring ASCII case only (no Unicode folding:
// "blac\u212a" is not "black" to Blink).
func asciiEqualFold(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if asciiLower(s[i]) != asciiLower(t[i]) {
			return false
		}
	}
	return true
}

// asciiLowerString lower-cases ASCII letters; a string with any other
// non-ASCII character returns "" (it can match no CSS keyword).
func asciiLowerString(s string) string {
	if !isASCII(s) {
		return ""
	}
	b := []byte(s)
	for i, c := range b {
		b[i] = asciiLower(c)
	}
	return string(b)
}

func hasASCIIPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && asciiEqualFold(s[:len(prefix)], prefix)
}

// lookupASCIIKeyword finds s in a table of lower-case keywords, ignoring
// ASCII case; non-ASCII strings never match.
func lookupASCIIKeyword(s string, table map[string]RGBA) (RGBA, bool) {
	if len(s) > 32 || !isASCII(s) {
		return RGBA{}, false
	}
	var buf [32]byte
	for i := 0; i < len(s); i++ {
		buf[i] = asciiLower(s[i])
	}
	c, ok := table[string(buf[:len(s)])]
	return c, ok
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func hexVal32(r rune) int {
	if r < 0 || r >= 0x80 {
		return -1
	}
	return hexVal(byte(r))
}

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }
