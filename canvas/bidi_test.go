package canvas

import (
	"strings"
	"testing"

	"github.com/go-text/typesetting/bidi"

	"github.com/postercanvas/postercanvas/canvas/fonts"
)

// TestVisualOrder pins the visual order of mixed-direction lines in a
// left-to-right paragraph, as Chromium draws them (golden
// x520-text-bidi): each item's text, left to right on the canvas.
func TestVisualOrder(t *testing.T) {
	m := fonts.Default().Resolve([]string{"DejaVu Sans"}, 400, false)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"plain text 123", []string{"plain text 123"}},
		{"Hello שלום world", []string{"Hello ", "שלום", " world"}},
		// The number after Hebrew is at level 2: it stays left of the
		// Hebrew word it follows; the space after it is level 0. The
		// space between a number and Arabic is right to left (N1).
		{"עברית 123 and English", []string{"123", "עברית ", " ", "and English"}},
		{"العدد 456 (كبير)", []string{" (كبير)", "456", "العدد "}},
		{"abc אבג, דהו! xyz", []string{"abc ", "אבג, דהו", "! xyz"}},
		{"1.5 שקל", []string{"1.5 ", "שקל"}},
		{"מחיר 1.5%", []string{"1.5%", "מחיר "}},
	} {
		var p bidi.Paragraph
		r := []rune(tc.text)
		items := itemize(r, m, &p)
		var got []string
		for _, k := range visualOrder(items) {
			got = append(got, string(r[items[k].start:items[k].end]))
		}
		if g, w := strings.Join(got, "|"), strings.Join(tc.want, "|"); strings.ReplaceAll(g, "|", "") != strings.ReplaceAll(w, "|", "") || len(got) < len(tc.want) {
			t.Errorf("%q: visual items %q, want %q (split finer or equal)", tc.text, got, tc.want)
		}
	}
}
