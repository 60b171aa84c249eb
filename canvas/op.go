package canvas

import (
	"fmt"
	"math"

	"github.com/postercanvas/postercanvas/raster"
)

// op is one recorded call, reified (as Skia's SkRecords does): the WeChat
// action it serializes to, and everything the replayer needs. Mutable
// inputs (dash arrays, gradient stops, paths) are copied when recorded.
type op struct {
	// method is the action's method name ("setFillStyle", "fillPath", …).
	method string
	// call is the index of the API call (or scene command) that recorded it,
	// for error messages.
	call int
	// num holds the numeric arguments in action order.
	num []float64
	// str holds a string argument: text, image source, enum value, font.
	str string
	// style is the paint of setFillStyle/setStrokeStyle.
	style *style
	// color is the shadow colour of setShadow/setShadowColor.
	color *colorVal
	// segs is the path of fillPath/strokePath/clip.
	segs []seg
	// flag is the boolean of a 2D-dialect path verb (arc's counterclockwise).
	flag bool
	// err, when set, makes Draw fail at this op: a bad argument the API
	// reports.
	err error
}

// seg is one path segment of a legacy path action.
type seg struct {
	method string // moveTo, lineTo, arc, arcTo, quadraticCurveTo, bezierCurveTo, rect, closePath, beginPath
	num    []float64
	ccw    bool // arc
}

func (s seg) copy() seg {
	s.num = append([]float64(nil), s.num...)
	return s
}

// colorVal is a colour as it was recorded: either the CSS string (the form
// Skia/XWeb clients send) or the base library's checkColor array (classic
// clients), plus the colour it paints.
type colorVal struct {
	css string // as given; "" when the array form was recorded
	arr []int  // checkColor's array, nil when css is used
	c   RGBA   // what it paints
	ok  bool   // false: the replayer ignores it (HTML keeps the previous value)
}

type styleKind uint8

const (
	styleSolid styleKind = iota
	styleLinear
	styleCircular // legacy createCircularGradient: radial(x, y, 0, x, y, r)
	styleRadial   // 2D dialect createRadialGradient: two circles
	stylePattern
	styleShader // drawImage: a ready shader (not recorded by a setter)
)

// style is a recorded fill or stroke style.
type style struct {
	kind  styleKind
	color colorVal
	geom  []float64 // linear: x0 y0 x1 y1; circular: x y r; radial: x0 y0 r0 x1 y1 r1
	stops []stop
	image string // pattern
	rep   string // pattern repetition
	// shader is the image shader of a drawImage (styleShader).
	shader raster.Shader
}

type stop struct {
	offset float64
	color  colorVal
}

// CommandError is the error Draw and the decoders return for a bad or
// unsupported command: which command, which method, and why.
type CommandError struct {
	Index  int    // index of the API call or scene command
	Method string // the WeChat method name
	Err    error
}

func (e *CommandError) Error() string {
	return fmt.Sprintf("command #%d (%s): %v", e.Index, e.Method, e.Err)
}

func (e *CommandError) Unwrap() error { return e.Err }

func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
