package canvas

import (
	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/language"
	xbidi "golang.org/x/text/unicode/bidi"

	"github.com/postercanvas/postercanvas/canvas/fonts"
)

// textItem is a run of a line shaped in one call: one face, one script,
// one bidi embedding level (odd: right to left).
type textItem struct {
	start, end int
	face       int // index into the line's font matches; -1: none has it
	script     language.Script
	level      bidi.Level
}

// needsBidi reports whether any rune can start right-to-left text (a
// strong R or AL character or an explicit directional control): only
// then is the Unicode Bidirectional Algorithm run, so Latin and CJK lines
// pay nothing for it.
func needsBidi(runes []rune) bool {
	for _, r := range runes {
		switch {
		case r < 0x0590:
		case r <= 0x08ff, // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended
			r >= 0x200e && r <= 0x200f,   // LRM, RLM
			r >= 0x202a && r <= 0x202e,   // embeddings, overrides
			r >= 0x2066 && r <= 0x2069,   // isolates
			r >= 0xfb1d && r <= 0xfdff,   // Hebrew and Arabic presentation forms A
			r >= 0xfe70 && r <= 0xfeff,   // Arabic presentation forms B
			r >= 0x10800 && r <= 0x10fff, // historic RTL scripts
			r >= 0x1e800 && r <= 0x1efff: // Mende Kikakui, Adlam, Arabic mathematical
			return true
		}
	}
	return false
}

// itemize splits a line into shaping items in logical order: by bidi
// level (the paragraph is left to right, as a canvas with the default
// direction "inherit" under an ltr document is), by script where a
// complex script is involved (so Arabic joins whatever face covers its
// neighbours), and by face: each character takes the first of matches
// that has it (Blink's per-character fallback), a combining mark staying
// with its base when the base's face has it.
func itemize(runes []rune, matches []fonts.Match, par *bidi.Paragraph) []textItem {
	pick := func(r rune) int {
		for k, m := range matches {
			if m.Has(r) {
				return k
			}
		}
		return -1
	}
	var lv []bidi.Level
	if needsBidi(runes) {
		lv = bidiLevels(runes, par)
	}
	level := func(i int) bidi.Level {
		if lv == nil {
			return 0
		}
		return lv[i]
	}
	// Common and Inherited characters (spaces, digits, punctuation,
	// marks) take the script before them; at the start of the line, the
	// first real script after them.
	scripts := make([]language.Script, len(runes))
	cur := language.Common
	for i, r := range runes {
		s := language.LookupScript(r)
		if s == language.Common || s == language.Inherited {
			s = cur
		}
		scripts[i], cur = s, s
	}
	for i := 0; i < len(scripts) && scripts[i] == language.Common; i++ {
		for _, s := range scripts[i:] {
			if s != language.Common {
				scripts[i] = s
				break
			}
		}
	}
	var items []textItem
	for start := 0; start < len(runes); {
		it := textItem{start: start, face: pick(runes[start]), script: scripts[start], level: level(start)}
		end := start + 1
		for ; end < len(runes); end++ {
			if level(end) != it.level || scriptBreaks(it.script, scripts[end]) {
				break
			}
			r := runes[end]
			if f := pick(r); f != it.face && !(isMark(r) && it.face >= 0 && matches[it.face].Has(r)) {
				break
			}
		}
		it.end = end
		items = append(items, it)
		start = end
	}
	return items
}

// scriptBreaks reports whether a script change must split a shaping run.
// Latin, Han, Hiragana, Katakana, Hangul and Cyrillic shape alike, so a
// mixed CJK/Latin line in one face stays one run (as before bidi
// support); a complex script always gets its own run.
func scriptBreaks(a, b language.Script) bool {
	if a == b {
		return false
	}
	return complexScript(a) || complexScript(b)
}

func complexScript(s language.Script) bool {
	switch s {
	case language.Latin, language.Han, language.Hiragana, language.Katakana, language.Hangul,
		language.Cyrillic, language.Greek, language.Common, language.Inherited, language.Bopomofo:
		return false
	}
	return true
}

// visualOrder returns the items' indices in visual order, by rule L2 of
// the bidi algorithm: from the highest level down to the lowest odd
// level, every maximal sequence of items at that level or higher is
// reversed. (Within an item, a right-to-left shaping already yields
// glyphs in visual order.)
func visualOrder(items []textItem) []int {
	order := make([]int, len(items))
	var hi, lo bidi.Level = 0, 127
	for i, it := range items {
		order[i] = i
		hi = max(hi, it.level)
		if it.level%2 == 1 {
			lo = min(lo, it.level)
		}
	}
	if hi == 0 {
		return order
	}
	for l := hi; l >= lo && l > 0; l-- {
		for i := 0; i < len(order); {
			if items[order[i]].level < l {
				i++
				continue
			}
			j := i
			for j < len(order) && items[order[j]].level >= l {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			i = j
		}
	}
	return order
}

// bidiLevels returns each rune's embedding level in a left-to-right
// paragraph. go-text's bidi gives the direction of every rune but merges
// levels of one direction (0 and 2); the levels that matter for the
// visual order are restored here by the implicit rules: a number whose
// last strong character before it is right-to-left (W2, W7), or an
// Arabic-Indic number anywhere (AN), sits at level 2 (I1), with the
// separators between its digits (W4), the terminators touching it (W5)
// and marks on it (W1). Explicit embeddings keep the levels go-text
// reports for their runs.
func bidiLevels(runes []rune, par *bidi.Paragraph) []bidi.Level {
	n := len(runes)
	lv := make([]bidi.Level, n)
	explicit := false
	for _, r := range runes {
		if r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			explicit = true
		}
	}
	runs := par.Segment(runes, bidi.LeftToRight)
	for k := 0; k < runs.NumRuns(); k++ {
		r := runs.Run(k)
		l := r.Level
		if !explicit {
			l %= 2 // without embeddings only 0 and 1 come from the runs
		}
		for i := r.Start; i < r.End && i < n; i++ {
			lv[i] = l
		}
	}
	class := make([]xbidi.Class, n)
	for i, r := range runes {
		p, _ := xbidi.LookupRune(r)
		class[i] = p.Class()
	}
	rtlBefore := false
	for i := range runes {
		switch class[i] {
		case xbidi.L:
			rtlBefore = false
		case xbidi.R, xbidi.AL:
			rtlBefore = true
		}
		if lv[i] != 0 {
			continue
		}
		if class[i] == xbidi.AN || class[i] == xbidi.EN && rtlBefore {
			lv[i] = 2
		}
	}
	raised := func(i int) bool {
		return i >= 0 && i < n && lv[i] == 2 && (class[i] == xbidi.EN || class[i] == xbidi.AN)
	}
	for i := 0; i < n; i++ {
		if lv[i] != 0 {
			continue
		}
		switch class[i] {
		case xbidi.ES, xbidi.CS:
			if raised(i-1) && raised(i+1) {
				lv[i] = 2
			}
		case xbidi.ET:
			j := i
			for j < n && class[j] == xbidi.ET && lv[j] == 0 {
				j++
			}
			if raised(i-1) || raised(j) {
				for k := i; k < j; k++ {
					lv[k] = 2
				}
			}
			i = j - 1
		case xbidi.NSM:
			if i > 0 {
				lv[i] = lv[i-1]
			}
		}
	}
	return lv
}
