package template

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/go-text/typesetting/segmenter"
)

// tstyle is a resolved text style.
type tstyle struct {
	family     string // CSS family list
	size       float64
	weight     string
	italic     bool
	color      string
	lhMul      float64 // line height as a multiple of size (0: lhPx)
	lhPx       float64
	ls         float64 // letter spacing, px
	decoration string
	stroke     *Stroke
	shadow     *Shadow
	font       string // CSS font shorthand
}

func (s *tstyle) lineHeight() float64 {
	if s.lhMul > 0 {
		return s.lhMul * s.size
	}
	return s.lhPx
}

var genericFamilies = map[string]bool{"serif": true, "sans-serif": true, "monospace": true, "cursive": true, "fantasy": true, "system-ui": true}

func familyList(s string) (string, error) {
	var parts []string
	for _, f := range splitTop(s, ',') {
		f = strings.Trim(strings.TrimSpace(f), `"'`)
		if f == "" {
			continue
		}
		if strings.ContainsAny(f, `"\`) {
			return "", fmt.Errorf("font family %q: quotes or backslashes inside a name", f)
		}
		if genericFamilies[strings.ToLower(f)] {
			parts = append(parts, strings.ToLower(f))
		} else {
			parts = append(parts, strconv.Quote(f))
		}
	}
	if len(parts) == 0 {
		return "", fmt.Errorf("empty font family %q", s)
	}
	return strings.Join(parts, ", "), nil
}

func (c *compiler) baseStyle() error {
	c.base = tstyle{family: defaultFamily, size: 16, weight: "normal", color: "#000", lhMul: 1.4}
	if c.t.Font != nil {
		s, err := c.applyStyle(c.base, c.t.Font)
		if err != nil {
			return fmt.Errorf("template: font: %v", err)
		}
		c.base = s
	}
	return nil
}

// applyStyle overrides s with the fields set in o.
func (c *compiler) applyStyle(s tstyle, o *Style) (tstyle, error) {
	if o.FontFamily != "" {
		f, err := familyList(o.FontFamily)
		if err != nil {
			return s, err
		}
		s.family = f
	}
	if o.FontSize.Set {
		s.size = c.px(o.FontSize, s.size)
		if !(s.size > 0 && s.size <= 2000) {
			return s, fmt.Errorf("fontSize %v: want (0, 2000] px", s.size)
		}
	}
	if o.FontWeight.Set {
		w := strings.ToLower(o.FontWeight.S)
		switch w {
		case "normal", "bold", "lighter", "bolder":
		default:
			n, err := strconv.Atoi(w)
			if err != nil || n < 1 || n > 1000 {
				return s, fmt.Errorf("fontWeight %q: want normal, bold or 1–1000", o.FontWeight.S)
			}
		}
		s.weight = w
	}
	switch o.FontStyle {
	case "":
	case "normal":
		s.italic = false
	case "italic", "oblique":
		s.italic = true
	default:
		return s, fmt.Errorf("fontStyle %q: want normal or italic", o.FontStyle)
	}
	if o.Color != "" {
		if _, err := parsePaint(o.Color); err != nil {
			return s, fmt.Errorf("color: %v", err)
		}
		s.color = o.Color
	}
	if o.LineHeight.Set {
		if o.LineHeight.Unit == "" {
			s.lhMul, s.lhPx = o.LineHeight.V, 0
		} else if o.LineHeight.Unit == "%" {
			s.lhMul, s.lhPx = o.LineHeight.V/100, 0
		} else {
			s.lhMul, s.lhPx = 0, c.px(o.LineHeight, 0)
		}
		if !(s.lineHeight() >= 0) {
			return s, fmt.Errorf("lineHeight: negative")
		}
	}
	if o.LetterSpacing.Set {
		s.ls = c.px(o.LetterSpacing, s.size)
		if math.Abs(s.ls) > 1000 {
			return s, fmt.Errorf("letterSpacing %v out of range", s.ls)
		}
	}
	switch o.Decoration {
	case "":
	case "none", "underline", "line-through":
		s.decoration = o.Decoration
	default:
		return s, fmt.Errorf("decoration %q: want none, underline or line-through", o.Decoration)
	}
	if o.Stroke != nil {
		s.stroke = o.Stroke
	}
	if o.Shadow != nil {
		s.shadow = o.Shadow
	}
	return s, nil
}

func (s *tstyle) cssFont() string {
	var b strings.Builder
	if s.italic {
		b.WriteString("italic ")
	}
	if s.weight != "normal" {
		b.WriteString(s.weight + " ")
	}
	b.WriteString(num(r4(s.size)) + "px " + s.family)
	return b.String()
}

func elementStyle(el *Element) *Style {
	return &Style{FontFamily: el.FontFamily, FontSize: el.FontSize, FontWeight: el.FontWeight, FontStyle: el.FontStyle,
		Color: el.Color, LineHeight: el.LineHeight, LetterSpacing: el.LetterSpacing, Decoration: el.Decoration,
		Stroke: el.Stroke, Shadow: el.Shadow}
}

// textBox is laid-out text.
type textBox struct {
	runes    []rune
	style    []int // style index per rune
	styles   []tstyle
	lines    []tline
	width    float64 // widest line
	height   float64
	ellipsis string
	align    float64 // 0 left, 0.5 center, 1 right
	valign   float64
	gstart   []bool // grapheme starts
}

type tline struct {
	start, end int     // runes drawn, [start, end)
	width      float64 // without trailing spaces
	ellipsis   bool
	height     float64
	ascent     float64
	descent    float64
}

func (c *compiler) layoutText(el *Element, maxW float64) (*textBox, error) {
	es, err := c.applyStyle(c.base, elementStyle(el))
	if err != nil {
		return nil, c.fail(el, "%v", err)
	}
	es.font = es.cssFont()
	tb := &textBox{styles: []tstyle{es}}
	switch el.Align {
	case "", "left", "start":
	case "center":
		tb.align = 0.5
	case "right", "end":
		tb.align = 1
	default:
		return nil, c.fail(el, "align %q: want left, center or right", el.Align)
	}
	switch el.VerticalAlign {
	case "", "top":
	case "middle", "center":
		tb.valign = 0.5
	case "bottom":
		tb.valign = 1
	default:
		return nil, c.fail(el, "verticalAlign %q: want top, middle or bottom", el.VerticalAlign)
	}
	add := func(s string, st int) {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		for _, r := range s {
			switch r {
			case '\r':
				r = '\n'
			case '\t':
				r = ' '
			}
			tb.runes = append(tb.runes, r)
			tb.style = append(tb.style, st)
		}
	}
	if len(el.Spans) > 0 {
		if el.Text.Set {
			return nil, c.fail(el, `give "text" or "spans", not both`)
		}
		for i := range el.Spans {
			sp := &el.Spans[i]
			ss, err := c.applyStyle(es, &sp.Style)
			if err != nil {
				return nil, c.fail(el, "spans[%d]: %v", i, err)
			}
			ss.font = ss.cssFont()
			tb.styles = append(tb.styles, ss)
			add(sp.Text.S, len(tb.styles)-1)
		}
	} else {
		add(el.Text.S, 0)
	}
	if len(tb.runes) > MaxTextRunes {
		return nil, c.fail(el, "text of %d characters (limit %d)", len(tb.runes), MaxTextRunes)
	}
	for _, r := range tb.runes {
		if r == 0 || r == unicode.ReplacementChar {
			return nil, c.fail(el, "text holds NUL or invalid UTF-8")
		}
	}
	tb.ellipsis = "…"
	if el.Ellipsis != nil {
		tb.ellipsis = *el.Ellipsis
		if len([]rune(tb.ellipsis)) > 16 {
			return nil, c.fail(el, "ellipsis of more than 16 characters")
		}
	}
	if el.MaxLines < 0 {
		return nil, c.fail(el, "maxLines %d is negative", el.MaxLines)
	}
	c.breakLines(tb, maxW, el.MaxLines)
	for i := range tb.lines {
		c.lineMetrics(tb, &tb.lines[i])
		tb.height += tb.lines[i].height
		tb.width = math.Max(tb.width, tb.lines[i].width)
	}
	return tb, nil
}

// rangeWidth measures runes [a, b) with their styles: each style run is
// measured with its font, plus letter spacing after every grapheme but
// the last.
func (c *compiler) rangeWidth(tb *textBox, a, b int) float64 {
	w := 0.0
	for i := a; i < b; {
		j := i
		for j < b && tb.style[j] == tb.style[i] {
			j++
		}
		w += c.measure(tb.styles[tb.style[i]].font, string(tb.runes[i:j])).Width
		i = j
	}
	for k := a + 1; k < b; k++ {
		if tb.gstart[k] {
			w += tb.styles[tb.style[k-1]].ls
		}
	}
	return w
}

// noBreakBefore reports closing punctuation and the other characters
// UAX #14 keeps off the start of a line (classes CL, CP, EX, IS, NS, and
// final quotes): the emergency break between graphemes honours it too.
func noBreakBefore(r rune) bool {
	return unicode.Is(unicode.Pe, r) || unicode.Is(unicode.Pf, r) ||
		strings.ContainsRune(",.!?:;，。、！？：；．・…‥々〻ゝゞヽヾーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ", r)
}

func isSpace(r rune) bool { return r == ' ' || r == '\u3000' || r == '\n' }

// trimEnd drops trailing spaces and newlines from [a, b).
func trimEnd(tb *textBox, a, b int) int {
	for b > a && isSpace(tb.runes[b-1]) {
		b--
	}
	return b
}

// breakLines fills tb.lines: UAX #14 break opportunities (CJK between
// any two ideographs, Latin at spaces and hyphens, never before closing
// punctuation), greedy filling to maxW, mandatory breaks at "\n", and a
// word wider than a line broken between graphemes.
func (c *compiler) breakLines(tb *textBox, maxW float64, maxLines int) {
	n := len(tb.runes)
	tb.gstart = make([]bool, n+1)
	tb.gstart[n] = true
	var seg segmenter.Segmenter
	seg.Init(tb.runes)
	gi := seg.GraphemeIterator()
	for gi.Next() {
		tb.gstart[gi.Grapheme().Offset] = true
	}
	type piece struct{ a, b int }
	var segs []piece
	li := seg.LineIterator()
	for li.Next() {
		l := li.Line()
		segs = append(segs, piece{l.Offset, l.Offset + len(l.Text)})
	}
	limit := maxW + 1e-6
	lineStart, lineEnd := 0, 0
	// acc is the width of [lineStart, lineEnd) as the sum of its
	// segments: widths are added, not re-measured, so long paragraphs
	// cost linear time (kerning across a break opportunity is ignored
	// while filling; the final width of each line is measured).
	acc := 0.0
	var lines []tline
	flush := func(end int) {
		e := trimEnd(tb, lineStart, end)
		lines = append(lines, tline{start: lineStart, end: e, width: c.rangeWidth(tb, lineStart, e)})
	}
	gap := func(k int) float64 { // letter spacing before rune k
		if k > 0 {
			return tb.styles[tb.style[k-1]].ls
		}
		return 0
	}
	for si := 0; si < len(segs); si++ {
		s := segs[si]
		e := trimEnd(tb, s.a, s.b)
		if lineEnd == lineStart {
			// Empty line: the segment goes in, broken if too wide.
			if e > s.a && c.rangeWidth(tb, s.a, e) > limit {
				// Emergency break between graphemes.
				next := func(k int) int {
					// The next grapheme boundary that is not before
					// closing punctuation.
					k++
					for k < e && (!tb.gstart[k] || noBreakBefore(tb.runes[k])) {
						k++
					}
					return k
				}
				a := s.a
				for a < e {
					k := next(a)
					w := c.rangeWidth(tb, a, k)
					best := k // at least one grapheme a line
					for k < e {
						k2 := next(k)
						w += gap(k) + c.rangeWidth(tb, k, k2)
						if w > limit {
							break
						}
						best, k = k2, k2
					}
					if best >= e {
						break
					}
					lines = append(lines, tline{start: a, end: best, width: c.rangeWidth(tb, a, best)})
					a = best
				}
				lineStart = a
			}
			lineEnd = s.b
			acc = c.rangeWidth(tb, lineStart, s.b)
		} else if acc+gap(s.a)+c.rangeWidth(tb, s.a, e) <= limit {
			acc += gap(s.a) + c.rangeWidth(tb, s.a, s.b)
			lineEnd = s.b
		} else {
			flush(lineEnd)
			lineStart, lineEnd, acc = s.a, s.a, 0
			si--
			continue
		}
		if s.b > s.a && tb.runes[s.b-1] == '\n' {
			flush(s.b)
			lineStart, lineEnd, acc = s.b, s.b, 0
		}
	}
	if lineEnd > lineStart || len(lines) == 0 {
		flush(lineEnd)
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		c.ellipsize(tb, &lines[maxLines-1], maxW)
	}
	tb.lines = lines
}

// ellipsize cuts a line so that it and the ellipsis fit in maxW.
func (c *compiler) ellipsize(tb *textBox, l *tline, maxW float64) {
	l.ellipsis = true
	if tb.ellipsis == "" {
		return
	}
	e := l.end
	for {
		e = trimEnd(tb, l.start, e)
		k := min(max(e-1, l.start, 0), len(tb.style)-1)
		st := tb.styles[0]
		if k >= 0 {
			st = tb.styles[tb.style[k]]
		}
		ew := c.measure(st.font, tb.ellipsis).Width
		w := 0.0
		if e > l.start {
			w = c.rangeWidth(tb, l.start, e) + st.ls
		}
		if w+ew <= maxW+1e-6 || e == l.start {
			l.end = e
			l.width = w + ew
			return
		}
		e--
		for e > l.start && !tb.gstart[e] {
			e--
		}
	}
}

// lineMetrics sets a line's height, ascent and descent from the styles
// in it (the element's style for an empty line).
func (c *compiler) lineMetrics(tb *textBox, l *tline) {
	seen := map[int]bool{}
	for i := l.start; i < l.end; i++ {
		seen[tb.style[i]] = true
	}
	if len(seen) == 0 {
		k := 0
		if l.start < len(tb.style) {
			k = tb.style[l.start]
		}
		seen[k] = true
	}
	for k := range seen {
		st := &tb.styles[k]
		m := c.measure(st.font, "Hg中")
		l.ascent = math.Max(l.ascent, m.FontBoundingBoxAscent)
		l.descent = math.Max(l.descent, m.FontBoundingBoxDescent)
		l.height = math.Max(l.height, st.lineHeight())
	}
}

func (c *compiler) drawText(n *node) error {
	tb := n.text
	y := n.y + (n.h-tb.height)*tb.valign
	if tb.valign == 0 {
		y = n.y
	}
	curFont, curFill := "", ""
	for li := range tb.lines {
		l := &tb.lines[li]
		baseline := y + (l.height-(l.ascent+l.descent))/2 + l.ascent
		x := n.x + (n.w-l.width)*tb.align
		// Style runs of the line, then the ellipsis.
		type run struct {
			a, b int
			st   *tstyle
			text string
		}
		var runs []run
		for i := l.start; i < l.end; {
			j := i
			for j < l.end && tb.style[j] == tb.style[i] {
				j++
			}
			runs = append(runs, run{i, j, &tb.styles[tb.style[i]], string(tb.runes[i:j])})
			i = j
		}
		if l.ellipsis && tb.ellipsis != "" {
			k := 0
			if l.end > l.start {
				k = tb.style[l.end-1]
			} else if l.start < len(tb.style) {
				k = tb.style[l.start]
			}
			runs = append(runs, run{-1, -1, &tb.styles[k], tb.ellipsis})
		}
		for ri, r := range runs {
			st := r.st
			if ri > 0 {
				x += runs[ri-1].st.ls // spacing after the previous grapheme
			}
			w := c.measure(st.font, r.text).Width
			// graphemes with their offsets
			var gx []float64
			var gs []string
			if st.ls != 0 {
				rs := []rune(r.text)
				off := 0.0
				start := 0
				for k := 1; k <= len(rs); k++ {
					if k == len(rs) || r.a < 0 || tb.gstart[r.a+k] {
						gs = append(gs, string(rs[start:k]))
						gx = append(gx, c.measure(st.font, string(rs[:start])).Width+off)
						off += st.ls
						start = k
					}
				}
				w += st.ls * float64(len(gs)-1)
			}
			if strings.TrimSpace(r.text) != "" {
				if st.font != curFont {
					c.e.set("font", st.font)
					curFont = st.font
				}
				p, _ := parsePaint(st.color)
				if st.color != curFill {
					// A gradient spans the text box.
					c.emitPaint("setFillStyle", p, n.x, n.y, n.w, n.h)
					curFill = st.color
				}
				hasShadow, err := c.shadow(n.el, st.shadow)
				if err != nil {
					return err
				}
				put := func(method string) {
					if st.ls == 0 {
						c.e.call(method, r.text, x, baseline)
						return
					}
					for k, g := range gs {
						if strings.TrimSpace(g) != "" {
							c.e.call(method, g, x+gx[k], baseline)
						}
					}
				}
				put("fillText")
				if st.stroke != nil {
					sw := c.px(st.stroke.Width, 0)
					if !st.stroke.Width.Set {
						sw = 1
					}
					col := st.stroke.Color
					if col == "" {
						col = "#000"
					}
					sp, err := parsePaint(col)
					if err != nil {
						return c.fail(n.el, "stroke: %v", err)
					}
					c.emitPaint("setStrokeStyle", sp, n.x, n.y, n.w, n.h)
					c.e.call("setLineWidth", sw)
					c.e.call("setLineJoin", "round")
					put("strokeText")
				}
				if st.decoration == "underline" || st.decoration == "line-through" {
					th := math.Max(1, st.size/16)
					dy := baseline + st.size*0.08
					if st.decoration == "line-through" {
						dy = baseline - st.size*0.3 - th/2
					}
					c.e.call("fillRect", x, dy, w, th)
				}
				if hasShadow {
					c.noShadow()
				}
			}
			x += w
		}
		y += l.height
	}
	return nil
}
