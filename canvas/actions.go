package canvas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// This file converts between recorded ops and the `actions` JSON the WeChat
// base library sends to the renderer on draw() (design doc §11).
//
// Encoding (Actions, Recording) has two forms, chosen by the colour mode:
//
// Default (CSS colours): one action per recorded op, in the shapes a
// Skia/XWeb client and the devtools send, so that decoding it replays
// exactly what the Context replays:
//   - colours, gradient stops and shadow colours are the CSS strings as
//     given, as on Skia/XWeb: ["normal","#f00"];
//   - the segment list of fill()/stroke()/clip() starts with
//     {"method":"beginPath","data":[]} (fillRect/strokeRect have none);
//   - font= is one setFont action, as in the devtools, but carrying the
//     string as given (the devtools rebuild it as "style weight size
//     family");
//   - shadowOffsetX=, shadowOffsetY=, shadowBlur=, shadowColor= and
//     lineDashOffset= are setShadowOffsetX … setShadowColor and
//     setLineDashOffset actions, as in the devtools.
//
// LegacyColors: the classic device form (base library 2.8.2 with a native
// iOS/Android renderer):
//   - colours are checkColor's [r,g,b,a] integer arrays (NaN components,
//     and the unknown fifth+ values of rgba() with too many arguments, are
//     null, as JSON.stringify writes them);
//   - no leading beginPath segment;
//   - font= becomes setFontStyle, setFontWeight, setFontSize and
//     setFontFamily actions, with the single-token quirk of §6 (an extra
//     setFontWeight "normal"); a font the base library's regular
//     expression rejects emits nothing;
//   - the shadow property setters emit a full setShadow built from the
//     recorder's JavaScript state, and lineDashOffset= emits
//     setLineDash [lineDash, offset], as the device path does. That state
//     is followed from the Context's first batch on: it survives draw(),
//     save() does not snapshot it, and only a restore() with nothing saved
//     resets it.
//
// Android's rect+closePath and arcTo-to-arc conversions and iOS's []
// shadow colour are not emitted (they are accepted when decoding).
//
// Ops with no legacy action form make encoding fail with a *CommandError
// naming the command: the Canvas2D dialect's path verbs, fill("evenodd")
// and clip("evenodd"), createRadialGradient's two-circle gradient, and
// commands recorded as failing.
//
// Decoding (DecodeRecording, PlayActions) accepts every variant of §11.5
// whatever the Context's mode:
//   - colours as CSS strings (parseCSSColor, as Skia/XWeb replay them) or
//     checkColor arrays of numbers (4 = r,g,b,a in 0–255, replayed through
//     legacyColor.RGBA; any other length, or a null component, is an
//     invalid colour that the replayer ignores; non-integer components go
//     through the CSS string rgba(r,g,b,a/255), as the devtools replayer
//     builds it), wherever a colour appears; [] or null means "no colour"
//     (as a shadow colour: no shadow);
//   - leading beginPath segments (dropped; a later one empties the path);
//   - setFont or the split setFontStyle/Weight/Size/Family actions;
//   - setShadow or its four property actions;
//   - Android's rect followed by closePath, and arcTo converted to arc;
//   - setLineDash with or without an offset, and setLineDashOffset;
//   - numeric strings for fillText's x, y and maxWidth (parseFloat's
//     prefix rule; a string with no number is an error);
//   - setTextBaseline "normal";
//   - a translate segment inside a segment list (QQ): it moves the
//     segments after it, which is baked into their coordinates;
//   - batches wrapped in save/restore.
//
// Numbers follow the Go API: a null (what JSON.stringify writes for NaN
// and ±Infinity) or a non-finite float64 where a number is expected makes
// the call (or the path segment) a no-op, as the Go method ignores it;
// so do the other arguments the Go API ignores (a negative arc radius, a
// font size <= 0). A JSON number beyond float64's range is an error.

// Action is one recorded command as the base library serializes it:
// {"method": "setFillStyle", "data": ["normal", "#ff0000"]}.
//
// Data holds JSON values: float64 (integers print as integers), string,
// bool, nil, []any, and, for the path segments of fillPath, strokePath and
// clip, Action values. Decoding also accepts int, json.Number,
// map[string]any segments, []float64 and []int.
type Action struct {
	Method string `json:"method"`
	Data   []any  `json:"data"`
}

// MarshalJSON writes a nil Data as [] (the base library always sends an
// array).
func (a Action) MarshalJSON() ([]byte, error) {
	type plain Action
	if a.Data == nil {
		a.Data = []any{}
	}
	return json.Marshal(plain(a))
}

// DrawActions is one draw(reserve) call and the actions it sent.
type DrawActions struct {
	Reserve bool     `json:"reserve"`
	Actions []Action `json:"actions"`
}

// Recording is every draw() of a Context with the canvas size: the
// envelope DecodeRecording reads and Render renders.
type Recording struct {
	Width      float64       `json:"width"`
	Height     float64       `json:"height"`
	PixelRatio float64       `json:"pixelRatio,omitempty"`
	Draws      []DrawActions `json:"draws"`
}

// ---- encoding ----

// Actions returns the actions of the batch recorded since the last Draw
// (the base library's getActions(), without clearing it).
func (c *Context) Actions() ([]Action, error) {
	e := c.newActionEncoder()
	for _, b := range c.history {
		e.track(b.ops)
	}
	return e.batch(c.ops)
}

// GetActions is the base library's undocumented getActions(): the
// actions of the current batch, after which the batch and the path are
// emptied (they come from the pre-1.0 wx.drawCanvas API).
func (c *Context) GetActions() ([]Action, error) {
	a, err := c.Actions()
	if err != nil {
		return nil, err
	}
	c.ClearActions()
	return a, nil
}

// ClearActions drops the batch recorded since the last Draw and empties
// the path, as the base library's clearActions().
func (c *Context) ClearActions() {
	c.ops = nil
	c.path = c.path[:0]
}

// Recording returns every batch drawn so far, with the canvas size and
// pixel ratio. Batches recorded but not drawn are not included.
func (c *Context) Recording() (Recording, error) {
	e := c.newActionEncoder()
	r := Recording{Width: c.width, Height: c.height, PixelRatio: c.opt.ratio, Draws: make([]DrawActions, 0, len(c.history))}
	for k, b := range c.history {
		acts, err := e.batch(b.ops)
		if err != nil {
			return Recording{}, fmt.Errorf("draw %d: %w", k+1, err)
		}
		r.Draws = append(r.Draws, DrawActions{Reserve: b.Reserve, Actions: acts})
	}
	return r, nil
}

// actionEncoder turns ops into actions. In the classic (LegacyColors)
// form it follows the base library's JavaScript state across batches, as
// the device path reads it to build setShadow and setLineDash.
type actionEncoder struct {
	classic bool
	js      classicJS
}

// classicJS is the part of the base library's per-canvas `state` the
// classic device path reads. save() pushes the state object itself (a
// reference) and every setter mutates it in place, so save/restore never
// bring back earlier values: only a restore() with nothing saved resets
// the state to its defaults.
type classicJS struct {
	ox, oy, blur float64
	color        any // the encoded shadow colour
	dash         []float64
	depth        int
}

func (s *classicJS) reset() {
	*s = classicJS{color: []any{0, 0, 0, 0}, dash: []float64{0, 0}}
}

func (c *Context) newActionEncoder() *actionEncoder {
	e := &actionEncoder{classic: c.opt.legacy}
	e.js.reset()
	return e
}

// track advances the JavaScript state over ops already drawn.
func (e *actionEncoder) track(ops []op) {
	for k := range ops {
		if ops[k].err == nil {
			e.op(&ops[k]) // only the state matters here
		}
	}
}

func (e *actionEncoder) batch(ops []op) ([]Action, error) {
	out := make([]Action, 0, len(ops))
	for k := range ops {
		acts, err := e.op(&ops[k])
		if err != nil {
			return nil, err
		}
		out = append(out, acts...)
	}
	return out, nil
}

// jnum is a number as JavaScript's JSON.stringify writes it (no -0).
func jnum(v float64) any {
	if v == 0 {
		return 0.0
	}
	return v
}

func jnums(v []float64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = jnum(x)
	}
	return out
}

// encColor is a colour as recorded: checkColor's array, or the CSS string.
func encColor(v colorVal) any {
	if v.arr != nil {
		out := make([]any, len(v.arr))
		for i, x := range v.arr {
			switch x {
			case legacyNaN, legacyPosInf, legacyNegInf:
				out[i] = nil // JSON.stringify writes NaN and ±Infinity as null
			default:
				out[i] = x
			}
		}
		return out
	}
	return v.css
}

func act(method string, data ...any) Action {
	if data == nil {
		data = []any{}
	}
	return Action{Method: method, Data: data}
}

var errNoLegacyForm = errors.New("has no legacy action form")

func (e *actionEncoder) op(o *op) ([]Action, error) {
	if o.err != nil {
		return nil, &CommandError{Index: o.call, Method: o.method, Err: o.err}
	}
	fail := func(format string, args ...any) ([]Action, error) {
		return nil, &CommandError{Index: o.call, Method: o.method, Err: fmt.Errorf(format, args...)}
	}
	one := func(data ...any) ([]Action, error) { return []Action{act(o.method, data...)}, nil }
	switch o.method {
	case "setFillStyle", "setStrokeStyle":
		d, err := encStyle(o.style)
		if err != nil {
			return fail("%v", err)
		}
		return one(d...)
	case "setGlobalAlpha", "setLineWidth", "setMiterLimit", "setFontSize",
		"clearRect", "translate", "rotate", "scale", "transform", "setTransform":
		return one(jnums(o.num)...)
	case "setShadow":
		col := encColor(*o.color)
		if e.classic {
			e.js.ox, e.js.oy, e.js.blur, e.js.color = o.num[0], o.num[1], o.num[2], col
		}
		return one(jnum(o.num[0]), jnum(o.num[1]), jnum(o.num[2]), col)
	case "setShadowOffsetX", "setShadowOffsetY", "setShadowBlur", "setShadowColor":
		if !e.classic {
			if o.method == "setShadowColor" {
				return one(encColor(*o.color))
			}
			return one(jnum(o.num[0]))
		}
		switch o.method {
		case "setShadowOffsetX":
			e.js.ox = o.num[0]
		case "setShadowOffsetY":
			e.js.oy = o.num[0]
		case "setShadowBlur":
			e.js.blur = o.num[0]
		default:
			e.js.color = encColor(*o.color)
		}
		return []Action{act("setShadow", jnum(e.js.ox), jnum(e.js.oy), jnum(e.js.blur), e.js.color)}, nil
	case "setLineCap", "setLineJoin", "setTextAlign", "setTextBaseline",
		"setGlobalCompositeOperation", "setFontStyle", "setFontWeight", "setFontFamily":
		return one(o.str)
	case "setFont":
		if !e.classic {
			return one(o.str)
		}
		ops, _ := classicFontOps(o.str)
		out := make([]Action, 0, len(ops))
		for k := range ops {
			a, err := e.op(&ops[k])
			if err != nil {
				return nil, err
			}
			out = append(out, a...)
		}
		return out, nil
	case "setLineDash":
		n := len(o.num) - 1
		if e.classic {
			e.js.dash = append([]float64(nil), o.num[:n]...)
		}
		return one(jnums(o.num[:n]), jnum(o.num[n]))
	case "setLineDashOffset":
		if !e.classic {
			return one(jnum(o.num[0]))
		}
		return []Action{act("setLineDash", jnums(e.js.dash), jnum(o.num[0]))}, nil
	case "fillPath", "strokePath", "clip":
		if o.str == "evenodd" {
			return fail("fill rule evenodd %v", errNoLegacyForm)
		}
		if o.segs == nil {
			return fail("a Canvas2D path %v", errNoLegacyForm)
		}
		data := make([]any, 0, len(o.segs)+1)
		if !e.classic && o.str != "rect" && (len(o.segs) == 0 || o.segs[0].method != "beginPath") {
			data = append(data, act("beginPath"))
		}
		for _, s := range o.segs {
			d := jnums(s.num)
			if s.method == "arc" {
				d = append(d, s.ccw)
			}
			data = append(data, act(s.method, d...))
		}
		return one(data...)
	case "fillText", "strokeText", "drawImage":
		return one(append([]any{o.str}, jnums(o.num)...)...)
	case "save", "restore":
		if e.classic {
			if o.method == "save" {
				e.js.depth++
			} else if e.js.depth > 0 {
				e.js.depth--
			} else {
				e.js.reset()
			}
		}
		return one()
	case "beginPath", "moveTo", "lineTo", "closePath", "rect", "arc", "arcTo",
		"quadraticCurveTo", "bezierCurveTo":
		return fail("the Canvas2D path verb %v", errNoLegacyForm)
	}
	return fail("%v", errNoLegacyForm)
}

func encStyle(s *style) ([]any, error) {
	switch s.kind {
	case styleSolid:
		return []any{"normal", encColor(s.color)}, nil
	case styleLinear, styleCircular:
		kind, n := "linear", 4
		if s.kind == styleCircular {
			kind, n = "radial", 3
		}
		geom := make([]any, n)
		if s.geom != nil {
			geom = jnums(s.geom)
		} // else non-finite geometry: JSON.stringify writes null
		stops := make([]any, len(s.stops))
		for i, p := range s.stops {
			stops[i] = []any{jnum(p.offset), encColor(p.color)}
		}
		return []any{kind, geom, stops}, nil
	case stylePattern:
		return []any{"pattern", s.image, s.rep}, nil
	}
	return nil, fmt.Errorf("createRadialGradient (two circles) %v", errNoLegacyForm)
}

// legacyArray is checkColor's array for lc, as colorVal.arr holds it:
// N values, of which legacyColor keeps the first four; the rest (rgba()
// with more than four arguments) are unknown and written as null, which
// keeps the colour invalid when decoded, as it is for any length but 4.
func legacyArray(lc legacyColor) []int {
	arr := make([]int, max(lc.N, 0))
	copy(arr, lc.V[:min(max(lc.N, 0), 4)])
	for k := 4; k < len(arr); k++ {
		arr[k] = legacyNaN
	}
	return arr
}

// ---- the classic font actions (§6) ----

// jsSpace is JavaScript's \s.
const jsSpace = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

// legacyFontRE is the base library's font= expression. Go's regexp picks
// the submatches a backtracking engine would, so the groups are
// JavaScript's.
var legacyFontRE = regexp.MustCompile(`^((?:[\w\-]+[` + jsSpace + `])*)(\d+)r?px(?:/\d+\.?\d*(?:r?px)?)?[` + jsSpace + `]+([^\n\r\x{2028}\x{2029}]*)`)

// classicFontOps returns the ops the classic device path records for
// font = value: setFontStyle / setFontWeight for the tokens before the
// size (italic, oblique, normal are styles; bold a weight; any other first
// token a "normal" style, any other second token a "normal" weight; a
// single token — or none — appends setFontWeight "normal"), then
// setFontSize and setFontFamily. ok is false when the base library rejects
// the value (it then records nothing).
func classicFontOps(font string) (ops []op, ok bool) {
	m := legacyFontRE.FindStringSubmatch(font)
	if m == nil {
		return nil, false
	}
	size, err := strconv.ParseFloat(m[2], 64)
	if err != nil || !finite(size) {
		return nil, false
	}
	tokens := strings.FieldsFunc(m[1], isJSSpace)
	if len(tokens) == 0 {
		tokens = []string{""} // "".split(/\s/) is [""]
	}
	part := func(method, v string) { ops = append(ops, op{method: method, str: v}) }
	for i, t := range tokens {
		switch {
		case t == "italic" || t == "oblique" || t == "normal":
			part("setFontStyle", t)
		case t == "bold":
			part("setFontWeight", t)
		case i == 0:
			part("setFontStyle", "normal")
		case i == 1:
			part("setFontWeight", "normal")
		}
	}
	if len(tokens) == 1 {
		part("setFontWeight", "normal")
	}
	ops = append(ops, op{method: "setFontSize", num: []float64{size}})
	part("setFontFamily", m[3])
	return ops, true
}

// recordClassicFont records font = value as the classic device path does
// (classicFontOps), for SetFont in LegacyColors mode, so that replaying
// the Context matches replaying its actions (the single-token quirk makes
// "bold 16px X" regular). It reports false, recording nothing, when the
// base library rejects the value.
func (c *Context) recordClassicFont(i int, font string) bool {
	ops, ok := classicFontOps(font)
	if !ok {
		return false
	}
	c.js.font = font
	for _, o := range ops {
		o.call = i
		c.record(o)
	}
	return true
}

// ---- decoding ----

// DecodeRecording reads an actions document:
//
//   - the envelope {"width":W,"height":H,"pixelRatio":R,"draws":[{"reserve":false,"actions":[…]},…]};
//   - one batch {"width":W,"height":H,"reserve":false,"actions":[…]}, which
//     includes wx.drawCanvas's {"canvasId","reserve","useHardwareAccelerate","actions"};
//   - a bare array of actions (getActions()), one batch without reserve.
//
// Width, height and pixelRatio are 0 when absent. Numbers are decoded as
// float64. Every action is checked as PlayActions would decode it: an
// unknown method, a wrong argument count or type is a *CommandError naming
// the action's index (within its draw) and method.
func DecodeRecording(data []byte) (Recording, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Recording{}, fmt.Errorf("actions: not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Recording{}, errors.New("actions: trailing data after the JSON value")
	}
	var r Recording
	switch doc := v.(type) {
	case []any:
		acts, err := decodeActionList(doc)
		if err != nil {
			return Recording{}, err
		}
		r.Draws = []DrawActions{{Actions: acts}}
	case map[string]any:
		for _, f := range []struct {
			key string
			dst *float64
		}{{"width", &r.Width}, {"height", &r.Height}, {"pixelRatio", &r.PixelRatio}} {
			x, ok := doc[f.key]
			if !ok || x == nil {
				continue
			}
			n, err := jsonNum(x)
			if err != nil {
				return Recording{}, fmt.Errorf("actions: %q: %v", f.key, err)
			}
			*f.dst = n
		}
		draws, hasDraws := doc["draws"]
		_, hasActs := doc["actions"]
		switch {
		case hasDraws && hasActs:
			return Recording{}, errors.New(`actions: both "draws" and "actions" given`)
		case hasDraws:
			list, ok := draws.([]any)
			if !ok {
				return Recording{}, fmt.Errorf(`actions: "draws" must be an array, got %s`, typeName(draws))
			}
			r.Draws = make([]DrawActions, 0, len(list))
			for n, d := range list {
				obj, ok := d.(map[string]any)
				if !ok {
					return Recording{}, fmt.Errorf("actions: draws[%d] must be an object, got %s", n, typeName(d))
				}
				da, err := decodeDraw(obj)
				if err != nil {
					return Recording{}, fmt.Errorf("actions: draws[%d]: %w", n, err)
				}
				r.Draws = append(r.Draws, da)
			}
		case hasActs:
			da, err := decodeDraw(doc)
			if err != nil {
				return Recording{}, fmt.Errorf("actions: %w", err)
			}
			r.Draws = []DrawActions{da}
		default:
			return Recording{}, errors.New(`actions: want "draws" or "actions"`)
		}
	default:
		return Recording{}, fmt.Errorf("actions: want an object or an array, got %s", typeName(v))
	}
	return r, nil
}

func decodeDraw(obj map[string]any) (DrawActions, error) {
	var d DrawActions
	switch rv := obj["reserve"].(type) {
	case nil:
	case bool:
		d.Reserve = rv
	default:
		return d, fmt.Errorf(`"reserve" must be a boolean, got %s`, typeName(rv))
	}
	list, ok := obj["actions"].([]any)
	if !ok {
		if _, present := obj["actions"]; !present {
			return d, errors.New(`missing "actions"`)
		}
		return d, fmt.Errorf(`"actions" must be an array, got %s`, typeName(obj["actions"]))
	}
	acts, err := decodeActionList(list)
	if err != nil {
		return d, err
	}
	d.Actions = acts
	return d, nil
}

// decodeActionList reads raw JSON actions and checks each.
func decodeActionList(list []any) ([]Action, error) {
	out := make([]Action, len(list))
	for k, x := range list {
		obj, ok := x.(map[string]any)
		if !ok {
			return nil, &CommandError{Index: k, Method: "?", Err: fmt.Errorf("an action must be an object, got %s", typeName(x))}
		}
		m, ok := obj["method"].(string)
		if !ok {
			return nil, &CommandError{Index: k, Method: "?", Err: fmt.Errorf(`"method" must be a string, got %s`, typeName(obj["method"]))}
		}
		d, ok := obj["data"].([]any)
		if !ok {
			return nil, &CommandError{Index: k, Method: m, Err: fmt.Errorf(`"data" must be an array, got %s`, typeName(obj["data"]))}
		}
		nd, err := normalizeJSON(d)
		if err != nil {
			return nil, &CommandError{Index: k, Method: m, Err: err}
		}
		out[k] = Action{Method: m, Data: nd.([]any)}
		if _, _, err := decodeAction(out[k]); err != nil {
			return nil, &CommandError{Index: k, Method: m, Err: err}
		}
	}
	return out, nil
}

// normalizeJSON turns json.Number into float64, failing on overflow.
func normalizeJSON(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		return jsonNum(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, err := normalizeJSON(e)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			n, err := normalizeJSON(e)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	}
	return v, nil
}

// jsonNum reads a JSON number; one beyond float64's range is an error.
func jsonNum(v any) (float64, error) {
	n, ok := v.(json.Number)
	if !ok {
		if f, ok := v.(float64); ok {
			return f, nil
		}
		return 0, fmt.Errorf("want a number, got %s", typeName(v))
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) && !math.IsInf(f, 0) {
			return f, nil // underflow: JavaScript gives 0 or a subnormal too
		}
		return 0, fmt.Errorf("number %.40s is out of range", string(n))
	}
	return f, nil
}

// PlayActions records the actions as one batch and draws it, as draw(reserve)
// would have sent them (Draw): a Recording replays by calling PlayActions
// for each of its Draws. Ops recorded through the Go API and not yet drawn
// are drawn first, in the same batch.
//
// The actions are decoded before anything is recorded: an unknown method
// or a bad argument returns a *CommandError naming the action's index and
// method, and then nothing is recorded or drawn. Errors while drawing are
// Draw's, with Index the action's index.
func (c *Context) PlayActions(reserve bool, actions []Action) error {
	type decoded struct {
		o    op
		keep bool
	}
	ds := make([]decoded, len(actions))
	for k, a := range actions {
		o, keep, err := decodeAction(a)
		if err != nil {
			return &CommandError{Index: k, Method: a.Method, Err: err}
		}
		ds[k] = decoded{o, keep}
	}
	defer func() { c.cur = -1 }()
	for k := range ds {
		c.cur = k
		i := c.beginCall()
		if !ds[k].keep {
			continue
		}
		o := ds[k].o
		o.call = i
		switch o.method {
		case "setFont":
			if !c.js.setFont(o.str, true) {
				c.warn(i, o.method, "invalid font %q ignored", o.str)
				continue
			}
		case "setFontSize":
			c.js.setFontSize(o.num[0])
		case "setLineDash":
			n := len(o.num) - 1
			c.js.dash = append([]float64(nil), o.num[:n]...)
			c.js.dashOffset = o.num[n]
		case "setLineDashOffset":
			c.js.dashOffset = o.num[0]
		case "setFontStyle", "setFontWeight", "setFontFamily":
			c.js.font = applyFontPart(c.js.font, o.method, o.str)
		case "save":
			c.js.push()
		case "restore":
			c.js.pop()
		case "fillPath", "strokePath", "clip":
			c.segments += len(o.segs)
			if c.segments > c.opt.limits.MaxSegments {
				if !c.failed {
					c.fail(i, o.method, limitErrorf("more than %d path segments recorded", c.opt.limits.MaxSegments))
					c.failed = true
				}
				continue
			}
		}
		c.record(o)
	}
	c.cur = -1
	return c.Draw(reserve)
}

// dargs reads the arguments of one action or segment for error messages
// that name them.
type dargs struct {
	v     []any
	names []string
}

func (a dargs) name(i int) string {
	if i < len(a.names) {
		return a.names[i]
	}
	return "value"
}

func (a dargs) errf(i int, format string, args ...any) error {
	return fmt.Errorf("argument %d (%s): %s", i+1, a.name(i), fmt.Sprintf(format, args...))
}

// num reads a number; null reads as NaN (JSON.stringify's NaN/Infinity).
func (a dargs) num(i int) (float64, error) {
	f, ok, err := anyNum(a.v[i])
	if err != nil {
		return 0, a.errf(i, "%v", err)
	}
	if !ok {
		return 0, a.errf(i, "want a number, got %s", typeName(a.v[i]))
	}
	return f, nil
}

// numOrString reads a number or a numeric string (as parseFloat).
func (a dargs) numOrString(i int) (float64, error) {
	if s, ok := a.v[i].(string); ok {
		f, ok := jsParseFloat(s)
		if !ok {
			return 0, a.errf(i, "%q is not a number", truncate(s))
		}
		return f, nil
	}
	return a.num(i)
}

// nums reads the numbers from index from on; none is nil (as the Go API
// records a call without arguments).
func (a dargs) nums(from int) ([]float64, error) {
	if len(a.v) <= from {
		return nil, nil
	}
	out := make([]float64, len(a.v)-from)
	for i := from; i < len(a.v); i++ {
		f, err := a.num(i)
		if err != nil {
			return nil, err
		}
		out[i-from] = f
	}
	return out, nil
}

func (a dargs) str(i int) (string, error) {
	s, ok := a.v[i].(string)
	if !ok {
		return "", a.errf(i, "want a string, got %s", typeName(a.v[i]))
	}
	return s, nil
}

func (a dargs) list(i int) ([]any, error) {
	l, ok := anyList(a.v[i])
	if !ok {
		return nil, a.errf(i, "want an array, got %s", typeName(a.v[i]))
	}
	return l, nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// anyNum reads a number in any of the forms Data may hold. ok is false for
// a non-number; null is NaN.
func anyNum(v any) (f float64, ok bool, err error) {
	switch x := v.(type) {
	case nil:
		return math.NaN(), true, nil
	case float64:
		return x, true, nil
	case float32:
		return float64(x), true, nil
	case int:
		return float64(x), true, nil
	case int64:
		return float64(x), true, nil
	case int32:
		return float64(x), true, nil
	case json.Number:
		f, err := jsonNum(x)
		return f, err == nil, err
	}
	return 0, false, nil
}

// anyList reads an array in any of the forms Data may hold.
func anyList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, true
	case []int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, true
	case []Action:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, true
	}
	return nil, false
}

// jsParseFloat is JavaScript's parseFloat: leading white space, then the
// longest prefix that is a decimal literal or Infinity. ok is false when
// there is none (parseFloat's NaN).
func jsParseFloat(s string) (float64, bool) {
	s = strings.TrimLeftFunc(s, isJSSpace)
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	if strings.HasPrefix(s[i:], "Infinity") {
		if s[0] == '-' {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return 0, false
	}
	end := i
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() > 0 {
			end = i
		}
	}
	f, err := strconv.ParseFloat(s[:end], 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return f, true // overflow gives ±Inf, as in JavaScript
}

// actionArgs names the arguments of the fixed-form actions, in data order.
var actionArgs = map[string][]string{
	"setGlobalAlpha":    {"alpha"},
	"setLineWidth":      {"lineWidth"},
	"setMiterLimit":     {"miterLimit"},
	"setFontSize":       {"fontSize"},
	"setShadowOffsetX":  {"shadowOffsetX"},
	"setShadowOffsetY":  {"shadowOffsetY"},
	"setShadowBlur":     {"shadowBlur"},
	"setLineDashOffset": {"lineDashOffset"},
	"clearRect":         {"x", "y", "width", "height"},
	"translate":         {"x", "y"},
	"rotate":            {"angle"},
	"scale":             {"scaleX", "scaleY"},
	"transform":         {"a", "b", "c", "d", "e", "f"},
	"setTransform":      {"a", "b", "c", "d", "e", "f"},

	"setLineCap":                  {"lineCap"},
	"setLineJoin":                 {"lineJoin"},
	"setTextAlign":                {"align"},
	"setTextBaseline":             {"baseline"},
	"setGlobalCompositeOperation": {"operation"},
	"setFont":                     {"font"},
	"setFontStyle":                {"fontStyle"},
	"setFontWeight":               {"fontWeight"},
	"setFontFamily":               {"fontFamily"},

	"save":    {},
	"restore": {},
}

var segArgs = map[string][]string{
	"beginPath":        {},
	"closePath":        {},
	"moveTo":           {"x", "y"},
	"lineTo":           {"x", "y"},
	"rect":             {"x", "y", "width", "height"},
	"arc":              {"x", "y", "radius", "startAngle", "endAngle", "counterclockwise"},
	"arcTo":            {"x1", "y1", "x2", "y2", "radius"},
	"quadraticCurveTo": {"cpx", "cpy", "x", "y"},
	"bezierCurveTo":    {"cp1x", "cp1y", "cp2x", "cp2y", "x", "y"},
	"translate":        {"x", "y"},
}

func arityErr(n int, want string) error {
	return fmt.Errorf("wrong number of arguments (%d; takes %s)", n, want)
}

// decodeAction turns one action into the op the equivalent Go API call
// records. keep is false when the Go API would ignore the call (a
// non-finite number, a non-positive font size). call is left 0.
func decodeAction(a Action) (o op, keep bool, err error) {
	o.method = a.Method
	d := a.Data
	names := actionArgs[a.Method]
	args := dargs{v: d, names: names}
	switch a.Method {
	case "setFillStyle", "setStrokeStyle":
		st, ok, err := decodeStyle(d)
		if err != nil || !ok {
			return o, false, err
		}
		o.style = st
		return o, true, nil

	case "setGlobalAlpha", "setLineWidth", "setMiterLimit", "setFontSize",
		"setShadowOffsetX", "setShadowOffsetY", "setShadowBlur", "setLineDashOffset",
		"clearRect", "translate", "rotate", "scale", "transform", "setTransform":
		if len(d) != len(names) {
			return o, false, arityErr(len(d), strconv.Itoa(len(names)))
		}
		v, err := args.nums(0)
		if err != nil {
			return o, false, err
		}
		if !finite(v...) || a.Method == "setFontSize" && v[0] <= 0 {
			return o, false, nil
		}
		o.num = v
		return o, true, nil

	case "setLineCap", "setLineJoin", "setTextAlign", "setTextBaseline",
		"setGlobalCompositeOperation", "setFont", "setFontStyle", "setFontWeight", "setFontFamily":
		if len(d) != 1 {
			return o, false, arityErr(len(d), "1")
		}
		s, err := args.str(0)
		if err != nil {
			return o, false, err
		}
		o.str = s
		return o, true, nil

	case "save", "restore":
		if len(d) != 0 {
			return o, false, arityErr(len(d), "0")
		}
		return o, true, nil

	case "setShadow":
		args.names = []string{"offsetX", "offsetY", "blur", "color"}
		if len(d) != 4 {
			return o, false, arityErr(len(d), "4")
		}
		v, err := dargs{v: d[:3], names: args.names}.nums(0)
		if err != nil {
			return o, false, err
		}
		col, err := decodeColor(d[3])
		if err != nil {
			return o, false, args.errf(3, "%v", err)
		}
		if !finite(v...) {
			return o, false, nil
		}
		o.num, o.color = v, &col
		return o, true, nil

	case "setShadowColor":
		if len(d) != 1 {
			return o, false, arityErr(len(d), "1")
		}
		col, err := decodeColor(d[0])
		if err != nil {
			return o, false, fmt.Errorf("argument 1 (shadowColor): %v", err)
		}
		o.color = &col
		return o, true, nil

	case "setLineDash":
		args.names = []string{"pattern", "offset"}
		if len(d) != 1 && len(d) != 2 {
			return o, false, arityErr(len(d), "1 or 2")
		}
		var p []float64
		if d[0] != nil {
			l, err := args.list(0)
			if err != nil {
				return o, false, err
			}
			for i, x := range l {
				f, ok, err := anyNum(x)
				if err != nil || !ok {
					return o, false, args.errf(0, "element %d: want a number, got %s", i, typeName(x))
				}
				p = append(p, f)
			}
		}
		off := 0.0
		if len(d) == 2 && d[1] != nil { // the replayer's data[1] || 0
			if off, err = args.num(1); err != nil {
				return o, false, err
			}
		}
		if !finite(off) || !finite(p...) {
			return o, false, nil
		}
		if len(p) == 0 {
			p = []float64{0, 0}
		}
		o.num = append(p, off)
		o.str = fmt.Sprint(len(p))
		return o, true, nil

	case "fillPath", "strokePath", "clip":
		segs, rect, err := decodeSegs(d)
		if err != nil {
			return o, false, err
		}
		o.segs = segs
		if rect && a.Method != "clip" {
			o.str = "rect" // fillRect/strokeRect's form
		}
		return o, true, nil

	case "fillText", "strokeText":
		args.names = []string{"text", "x", "y", "maxWidth"}
		if len(d) != 3 && len(d) != 4 {
			return o, false, arityErr(len(d), "3 or 4")
		}
		switch t := d[0].(type) {
		case string:
			o.str = t
		default:
			f, ok, err := anyNum(t)
			if err != nil || !ok || t == nil {
				return o, false, args.errf(0, "want a string, got %s", typeName(t))
			}
			o.str = strconv.FormatFloat(f, 'f', -1, 64)
		}
		v := make([]float64, len(d)-1)
		for i := 1; i < len(d); i++ {
			if v[i-1], err = args.numOrString(i); err != nil {
				return o, false, err
			}
		}
		if !finite(v...) {
			return o, false, nil
		}
		o.num = v
		return o, true, nil

	case "drawImage":
		args.names = []string{"image", "dx", "dy", "dWidth", "dHeight", "sx", "sy", "sWidth", "sHeight"}
		if len(d) != 3 && len(d) != 5 && len(d) != 9 {
			return o, false, arityErr(len(d), "3, 5 or 9")
		}
		src, err := args.str(0)
		if err != nil {
			return o, false, err
		}
		v, err := args.nums(1)
		if err != nil {
			return o, false, err
		}
		if !finite(v...) {
			return o, false, nil
		}
		o.str, o.num = src, v
		return o, true, nil
	}
	return o, false, fmt.Errorf("unknown method %q", truncate(a.Method))
}

// decodeStyle reads setFillStyle/setStrokeStyle data. ok is false when the
// Go API would record nothing.
func decodeStyle(d []any) (*style, bool, error) {
	args := dargs{v: d, names: []string{"type", "value", "colorStops"}}
	if len(d) == 0 {
		return nil, false, arityErr(0, "2 or 3")
	}
	kind, err := args.str(0)
	if err != nil {
		return nil, false, err
	}
	switch kind {
	case "normal":
		args.names = []string{"type", "color"}
		if len(d) != 2 {
			return nil, false, arityErr(len(d), "2 for a colour")
		}
		col, err := decodeColor(d[1])
		if err != nil {
			return nil, false, args.errf(1, "%v", err)
		}
		return &style{kind: styleSolid, color: col}, true, nil
	case "linear", "radial":
		args.names = []string{"type", "geometry", "colorStops"}
		if len(d) != 3 {
			return nil, false, arityErr(len(d), "3 for a gradient")
		}
		st := &style{kind: styleLinear}
		n := 4
		if kind == "radial" {
			st.kind, n = styleCircular, 3
		}
		g, err := args.list(1)
		if err != nil {
			return nil, false, err
		}
		if len(g) != n {
			return nil, false, args.errf(1, "want %d numbers, got %d values", n, len(g))
		}
		st.geom, err = dargs{v: g}.nums(0)
		if err != nil {
			return nil, false, args.errf(1, "%v", err)
		}
		if !finite(st.geom...) || kind == "radial" && st.geom[2] < 0 {
			st.geom = nil // paints nothing, as the Go API's gradient
		}
		stops, err := args.list(2)
		if err != nil {
			return nil, false, err
		}
		for i, s := range stops {
			pair, ok := anyList(s)
			if !ok || len(pair) != 2 {
				return nil, false, args.errf(2, "stop %d: want [offset, color]", i)
			}
			off, ok, err := anyNum(pair[0])
			if err != nil || !ok {
				return nil, false, args.errf(2, "stop %d: offset: want a number, got %s", i, typeName(pair[0]))
			}
			col, err := decodeColor(pair[1])
			if err != nil {
				return nil, false, args.errf(2, "stop %d: %v", i, err)
			}
			if !finite(off) || !col.ok && col.arr == nil {
				continue // AddColorStop ignores it
			}
			st.stops = append(st.stops, stop{offset: off, color: col})
		}
		return st, true, nil
	case "pattern":
		args.names = []string{"type", "image", "repetition"}
		if len(d) != 3 {
			return nil, false, arityErr(len(d), "3 for a pattern")
		}
		img, err := args.str(1)
		if err != nil {
			return nil, false, err
		}
		rep, err := args.str(2)
		if err != nil {
			return nil, false, err
		}
		switch rep {
		case "repeat", "repeat-x", "repeat-y", "no-repeat":
		default:
			return nil, false, args.errf(2, "%q is not one of repeat, repeat-x, repeat-y, no-repeat", truncate(rep))
		}
		return &style{kind: stylePattern, image: img, rep: rep}, true, nil
	}
	return nil, false, args.errf(0, "unknown style type %q (want normal, linear, radial or pattern)", truncate(kind))
}

// decodeColor reads a colour: a CSS string (parsed as CSS Color 4, as
// Skia/XWeb clients do), or checkColor's array (replayed as
// legacyColor.RGBA does: 4 numbers are r, g, b, a in 0–255; any other
// length, or a null (JSON.stringify's NaN), is an invalid colour that the
// replayer ignores; [] or null is the "no colour" of iOS's setShadow).
// Components that are not integers are replayed as the devtools replayer
// does, through the CSS string "rgba(r,g,b,a/255)".
func decodeColor(v any) (colorVal, error) {
	if s, ok := v.(string); ok {
		cv := colorVal{css: s}
		cv.c, cv.ok = parseCSSColor(s)
		return cv, nil
	}
	if v == nil {
		return colorVal{arr: []int{}}, nil
	}
	l, ok := anyList(v)
	if !ok {
		return colorVal{}, fmt.Errorf("want a colour string or array, got %s", typeName(v))
	}
	var lc legacyColor
	cv := colorVal{arr: make([]int, len(l))}
	fractional := false
	for i, x := range l {
		f, ok, err := anyNum(x)
		if err != nil || !ok {
			return colorVal{}, fmt.Errorf("colour component %d: want a number, got %s", i, typeName(x))
		}
		if finite(f) && f != math.Trunc(f) {
			fractional = true
		}
		lc.push(math.Round(f))
		cv.arr[i] = legacyInt(math.Round(f))
	}
	cv.c, cv.ok = lc.RGBA()
	if cv.ok && fractional {
		f := make([]string, 4)
		for i := range f {
			x, _, _ := anyNum(l[i])
			if i == 3 {
				x /= 255
			}
			f[i] = strconv.FormatFloat(x, 'f', -1, 64)
		}
		cv.c, cv.ok = parseCSSColor("rgba(" + strings.Join(f, ",") + ")")
	}
	return cv, nil
}

// decodeSegs reads the segment list of fillPath, strokePath or clip.
// Leading beginPath segments (devtools/Skia) are dropped; a translate
// segment (QQ) moves the coordinates of the segments after it. rect
// reports the fillRect form: a single rect and no beginPath.
func decodeSegs(d []any) (segs []seg, rect bool, err error) {
	segs = make([]seg, 0, len(d))
	leading := true
	sawBegin := false
	var tx, ty float64
	for k, x := range d {
		m, data, err := anySeg(x)
		if err != nil {
			return nil, false, fmt.Errorf("segment %d: %v", k, err)
		}
		names, ok := segArgs[m]
		if !ok {
			return nil, false, fmt.Errorf("segment %d: unknown method %q", k, truncate(m))
		}
		if len(data) != len(names) && !(m == "arc" && len(data) == 5) {
			return nil, false, fmt.Errorf("segment %d (%s): %v", k, m, arityErr(len(data), strconv.Itoa(len(names))))
		}
		args := dargs{v: data, names: names}
		n := len(data)
		if m == "arc" {
			n = 5
		}
		v, err := dargs{v: data[:n], names: names}.nums(0)
		if err != nil {
			return nil, false, fmt.Errorf("segment %d (%s): %v", k, m, err)
		}
		if m == "beginPath" {
			sawBegin = true
			if leading {
				continue
			}
		}
		leading = false
		if !finite(v...) {
			continue // the Go API ignores the call
		}
		switch {
		case m == "translate":
			tx, ty = tx+v[0], ty+v[1]
			continue
		case m == "arc" && v[2] < 0, m == "arcTo" && v[4] < 0:
			continue // negative radius: the Go API ignores the call
		}
		if tx != 0 || ty != 0 {
			switch m {
			case "moveTo", "lineTo", "rect", "arc":
				v[0], v[1] = v[0]+tx, v[1]+ty
			case "arcTo", "quadraticCurveTo", "bezierCurveTo":
				for i := 0; i+1 < len(v); i += 2 { // arcTo's radius is v[4]: untouched
					v[i], v[i+1] = v[i]+tx, v[i+1]+ty
				}
			}
			if !finite(v...) {
				continue
			}
		}
		s := seg{method: m, num: v}
		if m == "arc" && len(data) == 6 {
			s.ccw = truthy(args.v[5])
		}
		segs = append(segs, s)
	}
	return segs, !sawBegin && len(segs) == 1 && segs[0].method == "rect", nil
}

// anySeg reads a path segment: an Action, or a {"method","data"} object.
func anySeg(v any) (string, []any, error) {
	switch x := v.(type) {
	case Action:
		return x.Method, x.Data, nil
	case *Action:
		if x != nil {
			return x.Method, x.Data, nil
		}
	case map[string]any:
		m, ok := x["method"].(string)
		if !ok {
			return "", nil, fmt.Errorf(`"method" must be a string, got %s`, typeName(x["method"]))
		}
		d, ok := anyList(x["data"])
		if !ok {
			return "", nil, fmt.Errorf(`segment %s: "data" must be an array, got %s`, m, typeName(x["data"]))
		}
		return m, d, nil
	}
	return "", nil, fmt.Errorf("want a {method, data} object, got %s", typeName(v))
}

// truthy is JavaScript's ToBoolean.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	}
	if f, ok, err := anyNum(v); ok && err == nil {
		return f != 0 && !math.IsNaN(f)
	}
	return true
}
