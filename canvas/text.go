package canvas

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"

	"github.com/postercanvas/postercanvas/canvas/fonts"
	"github.com/postercanvas/postercanvas/raster"
)

// MaxTextRunes bounds the text of one fillText, strokeText or
// measureText call; longer text is cut there (with a warning).
const MaxTextRunes = 20_000

// fontSpec is a parsed CSS font shorthand.
type fontSpec struct {
	italic   bool
	weight   int
	size     float64 // px
	families []string
}

// parseCSSFont parses a CSS font shorthand as a canvas font setter does:
// [style] [variant] [weight] [stretch] size[/line-height] family[, family]*.
// Sizes in px, pt, em (of the default 10px), rem and %; weights as
// keywords or numbers 1–1000. ok is false for an invalid value (the
// setter then keeps the previous font).
func parseCSSFont(s string) (fontSpec, bool) {
	f := fontSpec{weight: 400}
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) {
		// Next token.
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' {
			j++
		}
		tok := s[i:j]
		lower := strings.ToLower(tok)
		if size, ok := parseFontSize(lower); ok {
			f.size = size
			rest := strings.TrimSpace(s[j:])
			if k := strings.IndexByte(tok, '/'); k >= 0 && k == len(tok)-1 {
				// "12px/ 1.5 family": the line height is the next token.
				rest = strings.TrimSpace(strings.TrimLeft(rest, "0123456789.%abcdefghijklmnopqrstuvwxyz"))
			} else if strings.HasPrefix(rest, "/") {
				rest = strings.TrimLeft(rest[1:], " ")
				if k := strings.IndexAny(rest, " \t"); k >= 0 {
					rest = strings.TrimSpace(rest[k:])
				} else {
					rest = ""
				}
			}
			f.families = parseFamilies(rest)
			// A size of 0 is valid CSS: such text draws nothing.
			return f, len(f.families) > 0 && f.size >= 0 && !math.IsInf(f.size, 0)
		}
		switch lower {
		case "normal", "small-caps", "ultra-condensed", "extra-condensed", "condensed", "semi-condensed",
			"semi-expanded", "expanded", "extra-expanded", "ultra-expanded":
		case "italic", "oblique":
			f.italic = true
		case "bold", "bolder":
			f.weight = 700
		case "lighter":
			f.weight = 100
		default:
			if w, err := strconv.Atoi(lower); err == nil && w >= 1 && w <= 1000 {
				f.weight = w
			} else {
				return f, false
			}
		}
		i = j
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	return f, false
}

// String writes the font back as a CSS shorthand.
func (f fontSpec) String() string {
	var b strings.Builder
	if f.italic {
		b.WriteString("italic ")
	}
	switch f.weight {
	case 400:
	case 700:
		b.WriteString("bold ")
	default:
		b.WriteString(strconv.Itoa(f.weight) + " ")
	}
	b.WriteString(formatNum(f.size) + "px")
	for i, fam := range f.families {
		if i == 0 {
			b.WriteString(" ")
		} else {
			b.WriteString(", ")
		}
		if strings.ContainsAny(fam, " ,'\"") {
			b.WriteString(strconv.Quote(fam))
		} else {
			b.WriteString(fam)
		}
	}
	return b.String()
}

// parseFontSize reads "<number><unit>" (an optional "/line-height" may
// follow) as px.
func parseFontSize(tok string) (float64, bool) {
	if k := strings.IndexByte(tok, '/'); k >= 0 {
		tok = tok[:k]
	}
	units := []struct {
		suffix string
		scale  float64
	}{{"px", 1}, {"pt", 4.0 / 3}, {"rem", 16}, {"em", 10}, {"%", 0.1}}
	for _, u := range units {
		if strings.HasSuffix(tok, u.suffix) {
			v, err := strconv.ParseFloat(tok[:len(tok)-len(u.suffix)], 64)
			if err != nil || !(v >= 0) {
				return 0, false
			}
			return v * u.scale, true
		}
	}
	return 0, false
}

// parseFamilies splits a family list, removing quotes.
func parseFamilies(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && (p[0] == '"' && p[len(p)-1] == '"' || p[0] == '\'' && p[len(p)-1] == '\'') {
			p = p[1 : len(p)-1]
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// textEngine shapes and draws text for one Context: faces are per
// Context (not shared), fonts come from the registry.
type textEngine struct {
	reg      *fonts.Registry
	shaper   shaping.HarfbuzzShaper
	bidi     bidi.Paragraph
	faces    map[*fonts.Font]*gofont.Face
	outlines map[outlineKey][]ot.Segment
}

type outlineKey struct {
	f   *fonts.Font
	gid gofont.GID
}

// outlineCacheLimit bounds the glyph outlines a Context keeps.
const outlineCacheLimit = 20_000

func (e *textEngine) face(f *fonts.Font) *gofont.Face {
	if fc, ok := e.faces[f]; ok {
		return fc
	}
	fc := f.NewFace()
	e.faces[f] = fc
	return fc
}

// glyph is one positioned glyph of a laid-out line, in px from the text
// origin on the baseline (y down).
type glyph struct {
	m     fonts.Match
	gid   gofont.GID
	x, y  float64
	scale float64 // px per font unit
}

// line is laid-out text.
type line struct {
	glyphs  []glyph
	width   float64
	primary fonts.Match // the first face: its metrics place the baselines
	size    float64
	missing int // characters no face has
}

// layout shapes text in the font: whitespace becomes spaces (HTML's
// "replace all ASCII whitespace with U+0020"), each character comes from
// the first face of the resolved list that has it, runs of one face are
// shaped with HarfBuzz (kerning, ligatures, marks).
func (e *textEngine) layout(text string, spec fontSpec) line {
	key := lineKey{e.reg, text, spec.italic, spec.weight, spec.size, strings.Join(spec.families, "\x00")}
	if ln, ok := lineCache.get(key); ok {
		return ln
	}
	ln := e.shapeLine(text, spec)
	if utf8.RuneCountInString(text) <= 256 {
		lineCache.put(key, ln)
	}
	return ln
}

// lineKey names a laid-out line: the same text in the same font with the
// same registry lays out the same way in every render.
type lineKey struct {
	reg      *fonts.Registry
	text     string
	italic   bool
	weight   int
	size     float64
	families string
}

// lineCacheSize bounds the laid-out lines kept for all renders; lines
// longer than 256 characters are not kept.
const lineCacheSize = 4096

// lineCache shares laid-out lines between renders (a line is never
// changed once made). When full it is emptied.
var lineCache = &sharedLines{m: map[lineKey]line{}}

type sharedLines struct {
	mu sync.Mutex
	m  map[lineKey]line
}

func (c *sharedLines) get(k lineKey) (line, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ln, ok := c.m[k]
	return ln, ok
}

func (c *sharedLines) put(k lineKey, ln line) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= lineCacheSize {
		clear(c.m)
	}
	c.m[k] = ln
}

// shapeLine lays a line out (see layout).
func (e *textEngine) shapeLine(text string, spec fontSpec) line {
	matches := e.reg.Resolve(spec.families, spec.weight, spec.italic)
	ln := line{size: spec.size}
	if len(matches) == 0 {
		return ln
	}
	ln.primary = matches[0]
	runes := make([]rune, 0, len(text))
	for _, r := range text {
		switch r {
		case '\t', '\n', '\f', '\r':
			r = ' '
		case utf8.RuneError:
			r = '\uFFFD'
		}
		runes = append(runes, r)
		if len(runes) == MaxTextRunes {
			break
		}
	}
	items := itemize(runes, matches, &e.bidi)
	shaped := make([]shaping.Output, len(items))
	for n, it := range items {
		k := it.face
		if k < 0 {
			ln.missing += it.end - it.start
			k = 0 // shaped with the primary face: its .notdef glyph
			items[n].face = 0
		}
		m := matches[k]
		dir := di.DirectionLTR
		if it.level%2 == 1 {
			dir = di.DirectionRTL
		}
		// Shape at one pixel per font unit and scale later: the shaper
		// rounds its size up to whole pixels, while Chromium's advances
		// scale linearly with fractional sizes (measuretext.json, 15.5 px).
		shaped[n] = e.shaper.ShapeNoExtents(shaping.Input{
			Text: runes, RunStart: it.start, RunEnd: it.end,
			Direction: dir,
			Face:      e.face(m.Font),
			Size:      fixed.I(int(m.Upem())),
			Script:    it.script,
			Language:  language.DefaultLanguage(),
		})
	}
	x := 0.0
	for _, n := range visualOrder(items) {
		m := matches[items[n].face]
		scale := spec.size / m.Upem()
		for _, g := range shaped[n].Glyphs {
			ln.glyphs = append(ln.glyphs, glyph{
				m: m, gid: g.GlyphID, scale: scale,
				x: x + fixedToF(g.XOffset)*scale,
				y: -fixedToF(g.YOffset) * scale,
			})
			x += fixedToF(g.Advance) * scale
		}
	}
	ln.width = x
	return ln
}

func isMark(r rune) bool {
	return r >= 0x300 && r <= 0x36f || r >= 0x1ab0 && r <= 0x1aff || r >= 0x20d0 && r <= 0x20ff || r == 0x200d || r >= 0xfe00 && r <= 0xfe0f
}

func fixedToF(v fixed.Int26_6) float64 { return float64(v) / 64 }

// outline returns a glyph's outline in font units (y up), cached.
func (e *textEngine) outline(m fonts.Match, gid gofont.GID) []ot.Segment {
	key := outlineKey{m.Font, gid}
	if s, ok := e.outlines[key]; ok {
		return s
	}
	var segs []ot.Segment
	if o, ok := e.face(m.Font).GlyphData(gid).(gofont.GlyphOutline); ok {
		segs = o.Segments
	}
	if len(e.outlines) < outlineCacheLimit {
		e.outlines[key] = segs
	}
	return segs
}

// fontMetrics are a face's ascent and descent in px (both positive).
func (e *textEngine) fontMetrics(m fonts.Match, size float64) (ascent, descent float64) {
	fc := e.face(m.Font)
	ext, ok := fc.FontHExtents()
	if !ok {
		return size * 0.8, size * 0.2
	}
	s := size / m.Upem()
	return float64(ext.Ascender) * s, -float64(ext.Descender) * s
}

// synthItalicSkew is the horizontal shear of synthesized italics, Skia's
// SK_ScalarSkewX... (−1/4 in its y-down space: tops lean right).
const synthItalicSkew = 0.25

// emboldenRatio is Skia's fake-bold outset as a fraction of the text
// size: 1/24 at 9 px and below, 1/32 at 36 px and above, linear between.
func emboldenRatio(size float64) float64 {
	const s0, s1, r0, r1 = 9.0, 36.0, 1.0 / 24, 1.0 / 32
	switch {
	case size <= s0:
		return r0
	case size >= s1:
		return r1
	}
	return r0 + (r1-r0)*(size-s0)/(s1-s0)
}

// glyphPath appends the laid-out line's outlines, each glyph placed at
// (ox + g.x·sx, oy + g.y) in user space with a horizontal squeeze sx,
// to p. Synthetic italics are sheared here; emboldening happens when
// painting.
func (e *textEngine) glyphPath(p *raster.Path, ln *line, ox, oy, sx float64, only func(g *glyph) bool, snap func(x, y float64) (float64, float64)) {
	for i := range ln.glyphs {
		g := &ln.glyphs[i]
		if only != nil && !only(g) {
			continue
		}
		gx, gy := ox+g.x*sx, oy+g.y
		if snap != nil {
			gx, gy = snap(gx, gy)
		}
		s := g.scale
		skew := 0.0
		if g.m.SynthItalic {
			skew = synthItalicSkew
		}
		pt := func(q ot.SegmentPoint) (float64, float64) {
			fx, fy := float64(q.X)*s, float64(q.Y)*s // y up
			return gx + (fx+skew*fy)*sx, gy - fy
		}
		appendOutline(p, e.outline(g.m, g.gid), pt)
		p.Close()
	}
}

// appendOutline adds a glyph outline to p, each point mapped by pt.
func appendOutline(p *raster.Path, segs []ot.Segment, pt func(ot.SegmentPoint) (float64, float64)) {
	for _, seg := range segs {
		switch seg.Op {
		case ot.SegmentOpMoveTo:
			x, y := pt(seg.Args[0])
			p.MoveTo(x, y)
		case ot.SegmentOpLineTo:
			x, y := pt(seg.Args[0])
			p.LineTo(x, y)
		case ot.SegmentOpQuadTo:
			x1, y1 := pt(seg.Args[0])
			x, y := pt(seg.Args[1])
			p.QuadTo(x1, y1, x, y)
		case ot.SegmentOpCubeTo:
			x1, y1 := pt(seg.Args[0])
			x2, y2 := pt(seg.Args[1])
			x, y := pt(seg.Args[2])
			p.CubeTo(x1, y1, x2, y2, x, y)
		}
	}
}

// baselineShift is how far below the given y the alphabetic baseline
// sits for a textBaseline, as Blink computes it: top, middle and bottom
// from the OS/2 typographic ascender and descender normalized to the em
// (NormalizedTypoAscent/Descent), hanging at 80 % of the ascent and
// ideographic at the descent, all from the primary face. Golden 505 pins
// each: DejaVu Sans at 20 px has typo ascent 15.2, hhea ascent 18.6.
func baselineShift(baseline string, m fonts.Match, size, ascent, descent float64) float64 {
	ta, td := m.TypoAscender, -m.TypoDescender
	if ta+td <= 0 {
		ta, td = ascent, descent
	} else {
		ta, td = ta*size/(ta+td), td*size/(ta+td)
	}
	ta, td = math.Round(ta), math.Round(td)
	switch baseline {
	case "top":
		return ta
	case "hanging":
		return ascent * 4 / 5
	case "middle":
		return (ta - td) / 2
	case "bottom":
		return -td
	case "ideographic":
		return -descent
	}
	return 0
}

// drawText paints fillText/strokeText: num is x, y[, maxWidth].
func (c *Context) drawText(st *drawState, o *op) error {
	spec, ok := parseCSSFont(st.font)
	if !ok {
		spec, _ = parseCSSFont(defaultFont)
	}
	if spec.size <= 0 || o.str == "" {
		return nil
	}
	e := c.textEngine()
	if utf8.RuneCountInString(o.str) > MaxTextRunes {
		c.warn(o.call, o.method, "text longer than %d characters cut", MaxTextRunes)
	}
	ln := e.layout(o.str, spec)
	if ln.missing > 0 {
		c.warn(o.call, o.method, "%d character(s) have no glyph in any registered font", ln.missing)
		c.missingGlyphs += ln.missing
	}
	if len(ln.glyphs) == 0 {
		return nil
	}
	x, y := o.num[0], o.num[1]
	sx := 1.0
	if len(o.num) > 2 {
		mw := o.num[2]
		if !(mw > 0) {
			return nil // HTML: a maxWidth of 0 or less draws nothing
		}
		if ln.width > mw {
			sx = mw / ln.width
		}
	}
	w := ln.width * sx
	switch st.textAlign {
	case "center":
		x -= w / 2
	case "right", "end":
		x -= w
	}
	asc, desc := e.fontMetrics(ln.primary, spec.size)
	y += baselineShift(st.textBaseline, ln.primary, spec.size, asc, desc)
	if o.method == "fillText" {
		if done, err := c.fillGlyphsCached(st, &ln, x, y, sx, spec.size); done || err != nil {
			return err
		}
	}
	snap := glyphSnap(st.ctm)
	var p raster.Path
	e.glyphPath(&p, &ln, x, y, sx, nil, snap)
	if o.method == "strokeText" {
		return c.stroke(st, &p)
	}
	dev := raster.Path{Verbs: p.Verbs, Points: append([]float64(nil), p.Points...)}
	dev.Transform(st.ctm)
	if err := c.fill(st, st.fill, &dev, raster.NonZero); err != nil {
		return err
	}
	// Synthetic bold: Skia outsets the outline by a size-dependent
	// amount; a stroke of that width in the fill's paint does the same.
	var bold raster.Path
	e.glyphPath(&bold, &ln, x, y, sx, func(g *glyph) bool { return g.m.SynthBold }, snap)
	if !bold.Empty() {
		bs := *st
		bs.lineWidth = spec.size * emboldenRatio(spec.size)
		bs.lineJoin, bs.lineCap, bs.dash = "round", "butt", nil
		bs.stroke = st.fill
		return c.stroke(&bs, &bold)
	}
	return nil
}

// measure lays text out and returns its metrics.
func (e *textEngine) measure(text string, spec fontSpec) TextMetrics {
	if spec.size <= 0 {
		return TextMetrics{}
	}
	ln := e.layout(text, spec)
	m := TextMetrics{Width: ln.width}
	if ln.primary.Font == nil {
		return m
	}
	asc, desc := e.fontMetrics(ln.primary, spec.size)
	m.FontBoundingBoxAscent, m.FontBoundingBoxDescent = math.Round(asc), math.Round(desc)
	var p raster.Path
	e.glyphPath(&p, &ln, 0, 0, 1, nil, nil)
	if x0, y0, x1, y1, ok := p.Bounds(); ok {
		m.ActualBoundingBoxLeft, m.ActualBoundingBoxRight = -x0, x1
		m.ActualBoundingBoxAscent, m.ActualBoundingBoxDescent = -y0, y1
	}
	return m
}

// glyphSnap places glyph origins as Skia's glyph cache does for text
// under an axis-aligned transform: x on a quarter-pixel grid (subpixel
// positioning with 4 steps, rounded by adding 1/8 and flooring), the
// baseline y on whole pixels. Under rotation or skew glyphs are drawn as
// paths, unsnapped (nil).
func glyphSnap(m raster.Matrix) func(x, y float64) (float64, float64) {
	if m.B != 0 || m.C != 0 || m.A == 0 || m.D == 0 {
		return nil
	}
	return func(x, y float64) (float64, float64) {
		dx, dy := m.Apply(x, y)
		whole, sub := subpixel(dx)
		dx = whole + float64(sub)/4
		dy = math.Floor(dy + 0.5)
		return (dx - m.E) / m.A, (dy - m.F) / m.D
	}
}

// subpixel splits a device x as Skia's glyph positioning does: the whole
// pixel and the quarter-pixel step (0–3), rounding by adding 1/8 and
// flooring.
func subpixel(x float64) (whole float64, sub uint8) {
	whole = math.Floor(x + 0.125)
	return whole, uint8(math.Floor((x + 0.125 - whole) * 4))
}
