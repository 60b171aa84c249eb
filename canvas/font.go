package canvas

import (
	"strings"
)

// fontParts is a font shorthand split into the parts the legacy split
// actions (setFontStyle, setFontWeight, setFontSize, setFontFamily) set.
type fontParts struct {
	style, weight, size, family string
}

func (f fontParts) String() string {
	var b strings.Builder
	if f.style != "" && f.style != "normal" {
		b.WriteString(f.style + " ")
	}
	if f.weight != "" && f.weight != "normal" {
		b.WriteString(f.weight + " ")
	}
	b.WriteString(f.size)
	b.WriteString(" ")
	b.WriteString(f.family)
	return b.String()
}

// parseFontLoose splits "[style] [weight] <size>px[/lh] family". Tokens
// before the size are style (italic, oblique, normal) or weight (anything
// else); the family is the rest, verbatim.
func parseFontLoose(font string) fontParts {
	f := fontParts{style: "normal", weight: "normal", size: "10px", family: "sans-serif"}
	fields := strings.Fields(font)
	for i, tok := range fields {
		if len(tok) > 0 && (tok[0] >= '0' && tok[0] <= '9' || tok[0] == '.') && strings.Contains(tok, "px") {
			if j := strings.IndexByte(tok, '/'); j >= 0 {
				tok = tok[:j]
			}
			f.size = tok
			if i+1 < len(fields) {
				f.family = strings.Join(fields[i+1:], " ")
			}
			return f
		}
		switch tok {
		case "italic", "oblique", "normal":
			f.style = tok
		default:
			f.weight = tok
		}
	}
	return f
}
