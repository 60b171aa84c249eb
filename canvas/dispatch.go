package canvas

import (
	"encoding/json"
	"fmt"
	"image"
	"math"
	"sort"
	"strconv"
)

// Call is one API call by name, as the scene format and the JavaScript
// binding make them: Method with its arguments, already decoded from JSON
// (numbers as float64 or json.Number, strings, bools, arrays, and the
// objects the caller resolves: *Gradient, *Pattern, Image).
type Call struct {
	Method string
	Args   []any
}

// Image names an image source where the legacy API takes a path string.
type Image struct{ Src string }

// method describes one dispatchable Context method: the argument counts it
// accepts and how to call it.
type method struct {
	arity []int // accepted argument counts
	call  func(c *Context, a *args) error
	// result replaces call for the methods that return something: a
	// *Gradient, a *Pattern, TextMetrics, pixels.
	result func(c *Context, a *args) (any, error)
	// only limits a method to one dialect (legacyOnly, only2D); zero means
	// both.
	only dialect
}

type dialect uint8

const (
	bothDialects dialect = iota
	legacyOnly           // the set* family and createCircularGradient
	only2D               // web-standard methods the legacy context lacks
)

// args reads typed arguments for error messages that name the argument.
type args struct {
	method string
	v      []any
}

func (a *args) num(i int, name string) (float64, error) {
	switch x := a.v[i].(type) {
	case float64:
		return x, nil
	case int:
		return float64(x), nil
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil && !math.IsInf(f, 0) {
			return 0, fmt.Errorf("argument %d (%s): %q is not a number", i+1, name, string(x))
		}
		return f, nil
	}
	return 0, fmt.Errorf("argument %d (%s): want a number, got %s", i+1, name, typeName(a.v[i]))
}

func (a *args) str(i int, name string) (string, error) {
	if s, ok := a.v[i].(string); ok {
		return s, nil
	}
	return "", fmt.Errorf("argument %d (%s): want a string, got %s", i+1, name, typeName(a.v[i]))
}

func (a *args) boolean(i int) bool {
	if i >= len(a.v) {
		return false
	}
	switch x := a.v[i].(type) {
	case bool:
		return x
	case nil:
		return false
	case float64:
		return x != 0 && !math.IsNaN(x)
	case json.Number:
		f, _ := strconv.ParseFloat(string(x), 64)
		return f != 0 && !math.IsNaN(f)
	case string:
		return x != ""
	}
	return true // JavaScript truthiness of objects
}

func (a *args) nums(names ...string) ([]float64, error) {
	out := make([]float64, len(a.v))
	for i := range a.v {
		name := "value"
		if i < len(names) {
			name = names[i]
		}
		f, err := a.num(i, name)
		if err != nil {
			return nil, err
		}
		out[i] = f
	}
	return out, nil
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case float64, json.Number:
		return "number"
	case string:
		return "string"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case *Gradient:
		return "gradient"
	case *Pattern:
		return "pattern"
	case Image:
		return "image"
	}
	return fmt.Sprintf("%T", v)
}

// resultNumeric wraps a method that takes only numbers and returns a value.
func resultNumeric(names []string, d dialect, f func(c *Context, v []float64) any) method {
	return method{arity: []int{len(names)}, only: d, result: func(c *Context, a *args) (any, error) {
		v, err := a.nums(names...)
		if err != nil {
			return nil, err
		}
		return f(c, v), nil
	}}
}

// numeric wraps a method that takes only numbers.
func numeric(names []string, f func(c *Context, v []float64)) method {
	return method{arity: []int{len(names)}, call: func(c *Context, a *args) error {
		v, err := a.nums(names...)
		if err != nil {
			return err
		}
		f(c, v)
		return nil
	}}
}

func stringArg(name string, f func(c *Context, s string)) method {
	return method{arity: []int{1}, call: func(c *Context, a *args) error {
		s, err := a.str(0, name)
		if err != nil {
			return err
		}
		f(c, s)
		return nil
	}}
}

func styleArg(f func(c *Context, s any)) method {
	return method{arity: []int{1}, call: func(c *Context, a *args) error {
		switch v := a.v[0].(type) {
		case string, *Gradient, *Pattern:
			f(c, v)
			return nil
		}
		return fmt.Errorf("argument 1 (style): want a colour string or a gradient/pattern ref, got %s", typeName(a.v[0]))
	}}
}

func textMethod(name string) method {
	return method{arity: []int{3, 4}, call: func(c *Context, a *args) error {
		var text string
		switch v := a.v[0].(type) {
		case string:
			text = v
		case float64:
			text = strconv.FormatFloat(v, 'f', -1, 64)
		case json.Number:
			text = string(v)
		default:
			return fmt.Errorf("argument 1 (text): want a string, got %s", typeName(a.v[0]))
		}
		x, err := a.num(1, "x")
		if err != nil {
			return err
		}
		y, err := a.num(2, "y")
		if err != nil {
			return err
		}
		var mw []float64
		if len(a.v) == 4 && a.v[3] != nil {
			m, err := a.num(3, "maxWidth")
			if err != nil {
				return err
			}
			mw = append(mw, m)
		}
		c.textOp(name, text, x, y, mw)
		return nil
	}}
}

// methods is the one method table every input format dispatches through,
// so a Context method added here is available to scenes, actions-style
// calls and the JavaScript binding at once.
var methods = map[string]method{
	"setFillStyle":   styleArg(func(c *Context, s any) { c.SetFillStyle(s) }),
	"setStrokeStyle": styleArg(func(c *Context, s any) { c.SetStrokeStyle(s) }),
	"setGlobalAlpha": numeric([]string{"alpha"}, func(c *Context, v []float64) { c.SetGlobalAlpha(v[0]) }),
	"setLineWidth":   numeric([]string{"lineWidth"}, func(c *Context, v []float64) { c.SetLineWidth(v[0]) }),
	"setLineCap":     stringArg("lineCap", (*Context).SetLineCap),
	"setLineJoin":    stringArg("lineJoin", (*Context).SetLineJoin),
	"setMiterLimit":  numeric([]string{"miterLimit"}, func(c *Context, v []float64) { c.SetMiterLimit(v[0]) }),
	"setLineDash": {arity: []int{1, 2}, call: func(c *Context, a *args) error {
		var pattern []float64
		switch p := a.v[0].(type) {
		case []any:
			for i, e := range p {
				f, err := (&args{v: p}).num(i, fmt.Sprintf("pattern[%d]", i))
				if err != nil {
					return fmt.Errorf("argument 1 (pattern): element %d: want a number, got %s", i, typeName(e))
				}
				pattern = append(pattern, f)
			}
		case nil:
		default:
			return fmt.Errorf("argument 1 (pattern): want an array of numbers, got %s", typeName(a.v[0]))
		}
		off := 0.0
		if len(a.v) > 1 && a.v[1] != nil {
			f, err := a.num(1, "offset")
			if err != nil {
				return err
			}
			off = f
		}
		c.SetLineDash(pattern, off)
		return nil
	}},
	"setShadow": {arity: []int{0, 1, 2, 3, 4}, call: func(c *Context, a *args) error {
		var v [3]float64
		names := []string{"offsetX", "offsetY", "blur"}
		for i := 0; i < 3 && i < len(a.v); i++ {
			if a.v[i] == nil {
				continue
			}
			f, err := a.num(i, names[i])
			if err != nil {
				return err
			}
			v[i] = f
		}
		col := "black"
		if len(a.v) == 4 && a.v[3] != nil {
			s, err := a.str(3, "color")
			if err != nil {
				return err
			}
			col = s
		}
		c.SetShadow(v[0], v[1], v[2], col)
		return nil
	}},
	"setFontSize":     numeric([]string{"fontSize"}, func(c *Context, v []float64) { c.SetFontSize(v[0]) }),
	"setTextAlign":    stringArg("align", (*Context).SetTextAlign),
	"setTextBaseline": stringArg("baseline", (*Context).SetTextBaseline),
	"fillRect":        numeric([]string{"x", "y", "width", "height"}, func(c *Context, v []float64) { c.FillRect(v[0], v[1], v[2], v[3]) }),
	"strokeRect":      numeric([]string{"x", "y", "width", "height"}, func(c *Context, v []float64) { c.StrokeRect(v[0], v[1], v[2], v[3]) }),
	"clearRect":       numeric([]string{"x", "y", "width", "height"}, func(c *Context, v []float64) { c.ClearRect(v[0], v[1], v[2], v[3]) }),
	"beginPath":       {arity: []int{0}, call: func(c *Context, a *args) error { c.BeginPath(); return nil }},
	"closePath":       {arity: []int{0}, call: func(c *Context, a *args) error { c.ClosePath(); return nil }},
	"moveTo":          numeric([]string{"x", "y"}, func(c *Context, v []float64) { c.MoveTo(v[0], v[1]) }),
	"lineTo":          numeric([]string{"x", "y"}, func(c *Context, v []float64) { c.LineTo(v[0], v[1]) }),
	"arc": {arity: []int{5, 6}, call: func(c *Context, a *args) error {
		v, err := (&args{v: a.v[:5]}).nums("x", "y", "radius", "startAngle", "endAngle")
		if err != nil {
			return err
		}
		c.Arc(v[0], v[1], v[2], v[3], v[4], a.boolean(5))
		return nil
	}},
	"arcTo":            numeric([]string{"x1", "y1", "x2", "y2", "radius"}, func(c *Context, v []float64) { c.ArcTo(v[0], v[1], v[2], v[3], v[4]) }),
	"bezierCurveTo":    numeric([]string{"cp1x", "cp1y", "cp2x", "cp2y", "x", "y"}, func(c *Context, v []float64) { c.BezierCurveTo(v[0], v[1], v[2], v[3], v[4], v[5]) }),
	"quadraticCurveTo": numeric([]string{"cpx", "cpy", "x", "y"}, func(c *Context, v []float64) { c.QuadraticCurveTo(v[0], v[1], v[2], v[3]) }),
	"rect":             numeric([]string{"x", "y", "width", "height"}, func(c *Context, v []float64) { c.Rect(v[0], v[1], v[2], v[3]) }),
	"fill":             {arity: []int{0, 1}, call: func(c *Context, a *args) error { return ruleCall(c, a, c.Fill) }},
	"stroke":           {arity: []int{0}, call: func(c *Context, a *args) error { c.Stroke(); return nil }},
	"clip":             {arity: []int{0, 1}, call: func(c *Context, a *args) error { return ruleCall(c, a, c.Clip) }},
	"save":             {arity: []int{0}, call: func(c *Context, a *args) error { c.Save(); return nil }},
	"restore":          {arity: []int{0}, call: func(c *Context, a *args) error { c.Restore(); return nil }},
	"translate":        numeric([]string{"x", "y"}, func(c *Context, v []float64) { c.Translate(v[0], v[1]) }),
	"rotate":           numeric([]string{"angle"}, func(c *Context, v []float64) { c.Rotate(v[0]) }),
	"scale":            numeric([]string{"scaleX", "scaleY"}, func(c *Context, v []float64) { c.Scale(v[0], v[1]) }),
	"transform":        numeric([]string{"a", "b", "c", "d", "e", "f"}, func(c *Context, v []float64) { c.Transform(v[0], v[1], v[2], v[3], v[4], v[5]) }),
	"setTransform":     numeric([]string{"a", "b", "c", "d", "e", "f"}, func(c *Context, v []float64) { c.SetTransform(v[0], v[1], v[2], v[3], v[4], v[5]) }),
	"resetTransform":   {arity: []int{0}, only: only2D, call: func(c *Context, a *args) error { c.SetTransform(1, 0, 0, 1, 0, 0); return nil }},
	"fillText":         textMethod("fillText"),
	"strokeText":       textMethod("strokeText"),
	"drawImage": {arity: []int{3, 5, 9}, call: func(c *Context, a *args) error {
		var src string
		switch v := a.v[0].(type) {
		case Image:
			src = v.Src
		case string:
			src = v
		default:
			return fmt.Errorf("argument 1 (image): want an image, got %s", typeName(a.v[0]))
		}
		v, err := (&args{v: a.v[1:]}).nums()
		if err != nil {
			return fmt.Errorf("image geometry: %w", err)
		}
		c.DrawImage(src, v...)
		return nil
	}},
	// Methods with results. addColorStop is the gradient's own method.
	"createLinearGradient":   resultNumeric([]string{"x0", "y0", "x1", "y1"}, bothDialects, func(c *Context, v []float64) any { return c.CreateLinearGradient(v[0], v[1], v[2], v[3]) }),
	"createCircularGradient": resultNumeric([]string{"x", "y", "r"}, legacyOnly, func(c *Context, v []float64) any { return c.CreateCircularGradient(v[0], v[1], v[2]) }),
	"createRadialGradient": resultNumeric([]string{"x0", "y0", "r0", "x1", "y1", "r1"}, bothDialects, func(c *Context, v []float64) any {
		return c.CreateRadialGradient(v[0], v[1], v[2], v[3], v[4], v[5])
	}),
	"createPattern": {arity: []int{1, 2}, result: func(c *Context, a *args) (any, error) {
		var src string
		switch v := a.v[0].(type) {
		case Image:
			src = v.Src
		case string:
			src = v
		default:
			return nil, fmt.Errorf("argument 1 (image): want an image, got %s", typeName(a.v[0]))
		}
		rep := "repeat"
		if len(a.v) == 2 && a.v[1] != nil {
			s, err := a.str(1, "repetition")
			if err != nil {
				return nil, err
			}
			if s != "" { // HTML: the empty string means repeat
				rep = s
			}
		}
		return c.CreatePattern(src, rep)
	}},
	"measureText": {arity: []int{1}, result: func(c *Context, a *args) (any, error) {
		var s string
		switch v := a.v[0].(type) {
		case string:
			s = v
		case float64:
			s = strconv.FormatFloat(v, 'f', -1, 64)
		case nil:
			s = "null"
		default:
			s = fmt.Sprint(v)
		}
		return c.MeasureText(s)
	}},
	"getLineDash": {arity: []int{0}, result: func(c *Context, a *args) (any, error) { return c.GetLineDash(), nil }},
	// Pixel access (wx.canvasGetImageData / canvasPutImageData, and the 2D
	// context's getImageData / putImageData): images as *image.NRGBA.
	"getImageData": {arity: []int{4}, result: func(c *Context, a *args) (any, error) {
		var v [4]float64
		for i, name := range []string{"x", "y", "width", "height"} {
			f, err := a.num(i, name)
			if err != nil {
				return nil, err
			}
			v[i] = f
		}
		d, err := c.GetImageData(v[0], v[1], v[2], v[3])
		if err != nil {
			return nil, err
		}
		return &image.NRGBA{Pix: d.Data, Stride: 4 * d.Width, Rect: image.Rect(0, 0, d.Width, d.Height)}, nil
	}},
	"putImageData": {arity: []int{3, 5, 7}, result: func(c *Context, a *args) (any, error) {
		m, ok := a.v[0].(*image.NRGBA)
		if !ok || m == nil {
			return nil, fmt.Errorf("argument 1 (imagedata): want image data, got %s", typeName(a.v[0]))
		}
		var v []float64
		names := []string{"x", "y", "width", "height", "dirtyWidth", "dirtyHeight"}
		if len(a.v) == 7 {
			names = []string{"dx", "dy", "dirtyX", "dirtyY", "dirtyWidth", "dirtyHeight"}
		}
		for i := 1; i < len(a.v); i++ {
			f, err := a.num(i, names[i-1])
			if err != nil {
				return nil, err
			}
			v = append(v, f)
		}
		w, h := m.Rect.Dx(), m.Rect.Dy()
		rows := func(x0, y0, x1, y1 int) []byte {
			out := make([]byte, 0, 4*(x1-x0)*(y1-y0))
			for y := y0; y < y1; y++ {
				o := (y-m.Rect.Min.Y)*m.Stride + 4*(x0-m.Rect.Min.X)
				out = append(out, m.Pix[o:o+4*(x1-x0)]...)
			}
			return out
		}
		switch len(v) {
		case 2: // putImageData(data, dx, dy): the whole image
			return nil, c.PutImageData(rows(0, 0, w, h), v[0], v[1], float64(w), float64(h))
		case 4: // wx.canvasPutImageData(data, x, y, width, height)
			return nil, c.PutImageData(rows(0, 0, w, h), v[0], v[1], v[2], v[3])
		}
		// putImageData(data, dx, dy, dirtyX, dirtyY, dirtyWidth, dirtyHeight):
		// HTML's dirty rectangle, normalized and clipped to the image.
		if !finite(v...) {
			return nil, nil
		}
		dx, dy, x0, y0, dw, dh := v[0], v[1], v[2], v[3], v[4], v[5]
		if dw < 0 {
			x0, dw = x0+dw, -dw
		}
		if dh < 0 {
			y0, dh = y0+dh, -dh
		}
		ix0, iy0 := max(0, int(math.Floor(x0))), max(0, int(math.Floor(y0)))
		ix1, iy1 := min(w, int(math.Ceil(x0+dw))), min(h, int(math.Ceil(y0+dh)))
		if ix1 <= ix0 || iy1 <= iy0 {
			return nil, nil
		}
		return nil, c.PutImageData(rows(ix0, iy0, ix1, iy1), dx+float64(ix0), dy+float64(iy0), float64(ix1-ix0), float64(iy1-iy0))
	}},

	// Property setters (the newer property-style API).
	"setFont":                     stringArg("font", (*Context).SetFont),
	"setShadowOffsetX":            numeric([]string{"shadowOffsetX"}, func(c *Context, v []float64) { c.SetShadowOffsetX(v[0]) }),
	"setShadowOffsetY":            numeric([]string{"shadowOffsetY"}, func(c *Context, v []float64) { c.SetShadowOffsetY(v[0]) }),
	"setShadowBlur":               numeric([]string{"shadowBlur"}, func(c *Context, v []float64) { c.SetShadowBlur(v[0]) }),
	"setShadowColor":              stringArg("shadowColor", (*Context).SetShadowColor),
	"setLineDashOffset":           numeric([]string{"lineDashOffset"}, func(c *Context, v []float64) { c.SetLineDashOffset(v[0]) }),
	"setGlobalCompositeOperation": stringArg("operation", (*Context).SetGlobalCompositeOperation),
}

func ruleCall(c *Context, a *args, f func(...string)) error {
	if len(a.v) == 0 {
		f()
		return nil
	}
	s, err := a.str(0, "fillRule")
	if err != nil {
		return err
	}
	f(s)
	return nil
}

// properties maps the settable property names (ctx.fillStyle = …) to the
// method that sets them.
var properties = map[string]string{
	"fillStyle":                "setFillStyle",
	"strokeStyle":              "setStrokeStyle",
	"shadowOffsetX":            "setShadowOffsetX",
	"shadowOffsetY":            "setShadowOffsetY",
	"shadowColor":              "setShadowColor",
	"shadowBlur":               "setShadowBlur",
	"lineWidth":                "setLineWidth",
	"lineCap":                  "setLineCap",
	"lineJoin":                 "setLineJoin",
	"miterLimit":               "setMiterLimit",
	"lineDashOffset":           "setLineDashOffset",
	"font":                     "setFont",
	"globalAlpha":              "setGlobalAlpha",
	"globalCompositeOperation": "setGlobalCompositeOperation",
	"textAlign":                "setTextAlign",
	"textBaseline":             "setTextBaseline",
}

// Invoke calls the Context method named by call.Method with its
// arguments, checking their count and types. index is the call's position
// in its input, used in errors. draw is not dispatched here: each input
// format has its own flush (a scene's draw command, the script's
// ctx.draw).
func (c *Context) Invoke(index int, call Call) error {
	_, err := c.Call(index, call)
	return err
}

// Call is Invoke for the methods that return something (gradients,
// patterns, measureText, getLineDash, pixels); for the others it returns
// nil. The JavaScript binding calls every Context method through it.
func (c *Context) Call(index int, call Call) (any, error) {
	m, ok := methods[call.Method]
	if !ok {
		return nil, &CommandError{Index: index, Method: call.Method, Err: fmt.Errorf("unknown method %q", call.Method)}
	}
	if !arityOK(m.arity, len(call.Args)) {
		return nil, &CommandError{Index: index, Method: call.Method, Err: fmt.Errorf("wrong number of arguments (%d; takes %s)", len(call.Args), arityText(m.arity))}
	}
	c.cur = index
	defer func() { c.cur = -1 }()
	a := &args{method: call.Method, v: call.Args}
	var res any
	var err error
	if m.result != nil {
		res, err = m.result(c, a)
	} else {
		err = m.call(c, a)
	}
	if err != nil {
		return nil, &CommandError{Index: index, Method: call.Method, Err: err}
	}
	return res, nil
}

// MethodNames lists the methods of the table a dialect's context has
// (legacy: the CanvasContext, with its set* family; 2D: the web-standard
// CanvasRenderingContext2D methods, whose styles are properties). The
// JavaScript binding makes one function per name.
func MethodNames(dialect2D bool) []string {
	out := make([]string, 0, len(methods))
	for name, m := range methods {
		switch {
		case m.only == legacyOnly && dialect2D, m.only == only2D && !dialect2D:
			continue
		case dialect2D && isPropertySetter(name) && name != "setLineDash" && name != "setTransform":
			continue // ctx.fillStyle = …, not ctx.setFillStyle(…)
		}
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// HasMethod reports whether the table has a method of that name.
func HasMethod(name string) bool {
	_, ok := methods[name]
	return ok
}

// PropertyNames lists the settable properties (ctx.fillStyle = …).
func PropertyNames() []string {
	out := make([]string, 0, len(properties))
	for name := range properties {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func isPropertySetter(name string) bool {
	switch name {
	case "setShadow", "setFontSize":
		return true
	}
	for _, m := range properties {
		if m == name {
			return true
		}
	}
	return false
}

// SetProperty is the property-style API: ctx.<name> = value.
func (c *Context) SetProperty(index int, name string, value any) error {
	m, ok := properties[name]
	if !ok {
		return &CommandError{Index: index, Method: name, Err: fmt.Errorf("unknown property %q", name)}
	}
	return c.Invoke(index, Call{Method: m, Args: []any{value}})
}

func arityOK(ar []int, n int) bool {
	for _, k := range ar {
		if k == n {
			return true
		}
	}
	return false
}

func arityText(ar []int) string {
	s := ""
	for i, k := range ar {
		if i > 0 {
			if i == len(ar)-1 {
				s += " or "
			} else {
				s += ", "
			}
		}
		s += strconv.Itoa(k)
	}
	return s
}
