package template

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/postercanvas/postercanvas/canvas"
)

// paint is a parsed fill: a colour or a CSS gradient, laid on a box.
type paint struct {
	color    string
	gradient *cssGradient
}

type cssGradient struct {
	radial bool
	angle  float64 // degrees, CSS: 0 = to top, 90 = to right
	toSide string  // "to right", "to bottom right", … ("" when angle)
	stops  []gradStop
}

type gradStop struct {
	color string
	pos   float64 // fraction; NaN when not given
	px    bool    // pos was a length (resolved at layout)
	len   Length
}

// parsePaint reads a colour or "linear-gradient(…)" / "radial-gradient(…)".
func parsePaint(s string) (paint, error) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	for _, kind := range []string{"linear-gradient(", "radial-gradient("} {
		if strings.HasPrefix(low, kind) {
			if !strings.HasSuffix(s, ")") {
				return paint{}, fmt.Errorf("gradient %q: missing \")\"", s)
			}
			g, err := parseGradient(s[len(kind):len(s)-1], kind[0] == 'r')
			if err != nil {
				return paint{}, fmt.Errorf("gradient %q: %v", s, err)
			}
			return paint{gradient: g}, nil
		}
	}
	if !canvas.ValidColor(s) {
		return paint{}, fmt.Errorf("%q is not a CSS colour or gradient", s)
	}
	return paint{color: s}, nil
}

func parseGradient(body string, radial bool) (*cssGradient, error) {
	parts := splitTop(body, ',')
	g := &cssGradient{radial: radial, angle: 180}
	if len(parts) == 0 {
		return nil, fmt.Errorf("no colour stops")
	}
	first := strings.ToLower(parts[0])
	switch {
	case radial && (strings.HasPrefix(first, "circle") || strings.HasPrefix(first, "ellipse") || strings.Contains(first, " at ") || strings.HasPrefix(first, "closest") || strings.HasPrefix(first, "farthest")):
		if first != "circle" && first != "ellipse" && first != "circle farthest-corner" && first != "ellipse farthest-corner" {
			return nil, fmt.Errorf("shape %q: only a centred circle (\"circle\") is supported", parts[0])
		}
		parts = parts[1:]
	case !radial && strings.HasPrefix(first, "to "):
		a, ok := sideAngles[strings.Join(strings.Fields(first), " ")]
		if !ok {
			return nil, fmt.Errorf("direction %q", parts[0])
		}
		g.angle, g.toSide = a, first
		parts = parts[1:]
	case !radial && isAngle(first):
		a, err := parseAngle(first)
		if err != nil {
			return nil, err
		}
		g.angle = a
		parts = parts[1:]
	}
	if len(parts) < 2 {
		return nil, fmt.Errorf("needs at least two colour stops")
	}
	for _, p := range parts {
		toks := splitTop(p, ' ')
		st := gradStop{pos: math.NaN()}
		switch len(toks) {
		case 1:
		case 2:
			l, err := ParseLength(toks[1])
			if err != nil || l.Auto {
				return nil, fmt.Errorf("stop %q: bad position", p)
			}
			if l.Unit == "%" {
				st.pos = l.V / 100
			} else {
				st.px, st.len = true, l
			}
		default:
			return nil, fmt.Errorf("stop %q: want \"colour [position]\"", p)
		}
		if !canvas.ValidColor(toks[0]) {
			return nil, fmt.Errorf("stop %q: %q is not a colour", p, toks[0])
		}
		st.color = toks[0]
		g.stops = append(g.stops, st)
	}
	return g, nil
}

var sideAngles = map[string]float64{
	"to top": 0, "to right": 90, "to bottom": 180, "to left": 270,
	"to top right": 45, "to right top": 45, "to bottom right": 135, "to right bottom": 135,
	"to bottom left": 225, "to left bottom": 225, "to top left": 315, "to left top": 315,
}

func isAngle(s string) bool {
	for _, u := range []string{"deg", "turn", "rad", "grad"} {
		if strings.HasSuffix(s, u) {
			return true
		}
	}
	return false
}

func parseAngle(s string) (float64, error) {
	mul := map[string]float64{"deg": 1, "grad": 0.9, "rad": 180 / math.Pi, "turn": 360}
	for _, u := range []string{"grad", "deg", "turn", "rad"} {
		if strings.HasSuffix(s, u) {
			f, err := strconv.ParseFloat(strings.TrimSuffix(s, u), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				return 0, fmt.Errorf("bad angle %q", s)
			}
			return f * mul[u], nil
		}
	}
	return 0, fmt.Errorf("bad angle %q", s)
}

// emitPaint sets fillStyle (or strokeStyle) to p laid over the box
// (x, y, w, h): a gradient's line runs as CSS lays it on that box.
func (c *compiler) emitPaint(setter string, p paint, x, y, w, h float64) {
	if p.gradient == nil {
		c.e.call(setter, p.color)
		return
	}
	g := p.gradient
	id := c.e.newID("g")
	var length float64
	if g.radial {
		// A centred circle reaching the farthest corner.
		cx, cy := x+w/2, y+h/2
		length = math.Hypot(w/2, h/2)
		c.e.create("createCircularGradient", id, cx, cy, length)
	} else {
		a := g.angle
		if g.toSide != "" && len(strings.Fields(g.toSide)) == 3 {
			// Corner directions point the line so the other two
			// corners share the 50 % colour (CSS Images 3 §3.1.1).
			sx, sy := 1.0, 1.0
			if strings.Contains(g.toSide, "left") {
				sx = -1
			}
			if strings.Contains(g.toSide, "top") {
				sy = -1
			}
			// Direction perpendicular to the diagonal the other
			// corners span.
			a = math.Atan2(sx*h, -sy*w)*180/math.Pi + 0
			a = math.Mod(a+360, 360)
		}
		rad := a * math.Pi / 180
		dx, dy := math.Sin(rad), -math.Cos(rad)
		length = math.Abs(w*dx) + math.Abs(h*dy)
		cx, cy := x+w/2, y+h/2
		c.e.create("createLinearGradient", id, cx-dx*length/2, cy-dy*length/2, cx+dx*length/2, cy+dy*length/2)
	}
	pos := make([]float64, len(g.stops))
	for i, s := range g.stops {
		pos[i] = s.pos
		if s.px {
			if length > 0 {
				pos[i] = c.px(s.len, 0) / length
			} else {
				pos[i] = 0
			}
		}
	}
	fixStops(pos)
	for i, s := range g.stops {
		c.e.stop(id, pos[i], s.color)
	}
	c.e.callRef(setter, id)
}

// fixStops fills unspecified positions as CSS does: first 0, last 1,
// runs between known positions spread evenly, each at least the one
// before.
func fixStops(pos []float64) {
	n := len(pos)
	if math.IsNaN(pos[0]) {
		pos[0] = 0
	}
	if math.IsNaN(pos[n-1]) {
		pos[n-1] = 1
	}
	for i := 1; i < n; i++ {
		if !math.IsNaN(pos[i]) && pos[i] < pos[i-1] && !math.IsNaN(pos[i-1]) {
			pos[i] = pos[i-1]
		}
	}
	for i := 1; i < n; {
		if !math.IsNaN(pos[i]) {
			if pos[i] < pos[i-1] {
				pos[i] = pos[i-1]
			}
			i++
			continue
		}
		j := i
		for math.IsNaN(pos[j]) {
			j++
		}
		a, b := pos[i-1], pos[j]
		if b < a {
			b = a
		}
		for k := i; k < j; k++ {
			pos[k] = a + (b-a)*float64(k-i+1)/float64(j-i+1)
		}
		i = j
	}
}
