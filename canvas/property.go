package canvas

import (
	"fmt"
	"math"
	"strconv"

	"github.com/postercanvas/postercanvas/raster"
)

// props is the drawing state a web-standard CanvasRenderingContext2D
// reads back (ctx.lineWidth, ctx.fillStyle, …): the last valid value set,
// pushed and popped by save/restore with the rest of jsState. Invalid
// values are ignored as HTML ignores them, so the getter keeps the old
// value.
type props struct {
	fill, stroke any // colour string (serialized), *Gradient or *Pattern
	lineWidth    float64
	miterLimit   float64
	alpha        float64
	lineCap      string
	lineJoin     string
	textAlign    string
	textBaseline string
	composite    string
}

func defaultProps() props {
	return props{
		fill: "#000000", stroke: "#000000",
		lineWidth: 1, miterLimit: 10, alpha: 1,
		lineCap: "butt", lineJoin: "miter",
		textAlign: "start", textBaseline: "alphabetic",
		composite: "source-over",
	}
}

func (s *jsState) setStyle(method string, v any, st *style) {
	var val any
	switch x := v.(type) {
	case string:
		if !st.color.ok {
			return
		}
		val = serializeColor(st.color.c)
	default:
		val = x
	}
	if method == "setFillStyle" {
		s.props.fill = val
	} else {
		s.props.stroke = val
	}
}

func (s *jsState) setNum(method string, v float64) {
	p := &s.props
	switch method {
	case "setLineWidth":
		if v > 0 {
			p.lineWidth = v
		}
	case "setMiterLimit":
		if v > 0 {
			p.miterLimit = v
		}
	case "setGlobalAlpha":
		if v >= 0 && v <= 1 {
			p.alpha = v
		}
	}
}

func (s *jsState) setStr(method, v string) {
	p := &s.props
	switch method {
	case "setLineCap":
		if v == "butt" || v == "round" || v == "square" {
			p.lineCap = v
		}
	case "setLineJoin":
		if v == "bevel" || v == "round" || v == "miter" {
			p.lineJoin = v
		}
	case "setTextAlign":
		switch v {
		case "left", "center", "right", "start", "end":
			p.textAlign = v
		}
	case "setTextBaseline":
		switch v {
		case "top", "middle", "bottom", "alphabetic", "hanging", "ideographic":
			p.textBaseline = v
		case "normal":
			p.textBaseline = "alphabetic"
		}
	case "setGlobalCompositeOperation":
		if _, ok := raster.ParseOp(v); ok {
			p.composite = v
		}
	}
}

// Property returns the value of a settable property as a web-standard
// context reads it back: colours serialized as HTML does ("#rrggbb" or
// "rgba(r, g, b, a)"), gradients and patterns as set, numbers and
// keywords as last validly set (save/restore included). ok is false for an
// unknown name. The legacy CanvasContext has no getters but font; the
// JavaScript binding only exposes this on the 2D dialect.
func (c *Context) Property(name string) (v any, ok bool) {
	p := &c.js.props
	sh := &c.js.shadow
	switch name {
	case "fillStyle":
		return p.fill, true
	case "strokeStyle":
		return p.stroke, true
	case "lineWidth":
		return p.lineWidth, true
	case "miterLimit":
		return p.miterLimit, true
	case "globalAlpha":
		return p.alpha, true
	case "lineCap":
		return p.lineCap, true
	case "lineJoin":
		return p.lineJoin, true
	case "textAlign":
		return p.textAlign, true
	case "textBaseline":
		return p.textBaseline, true
	case "globalCompositeOperation":
		return p.composite, true
	case "font":
		return c.js.font, true
	case "lineDashOffset":
		return c.js.dashOffset, true
	case "shadowOffsetX":
		return sh.ox, true
	case "shadowOffsetY":
		return sh.oy, true
	case "shadowBlur":
		return sh.blur, true
	case "shadowColor":
		col, ok := parseCSSColor(sh.color)
		if !ok {
			return "rgba(0, 0, 0, 0)", true
		}
		return serializeColor(col), true
	}
	return nil, false
}

// serializeColor writes a colour as HTML serializes fillStyle: #rrggbb
// when opaque, else rgba() with the alpha in at most three decimals.
func serializeColor(c RGBA) string {
	if c.A == 255 {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	a := strconv.FormatFloat(math.Round(float64(c.A)/255*1000)/1000, 'f', -1, 64)
	return fmt.Sprintf("rgba(%d, %d, %d, %s)", c.R, c.G, c.B, a)
}
