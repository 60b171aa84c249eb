package canvas

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"strings"

	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"

	"github.com/postercanvas/postercanvas/canvas/fonts"
	"github.com/postercanvas/postercanvas/raster"
)

// Limits bound what one Context may allocate and record. A call that goes
// past a limit is recorded as a failing command: Draw returns a
// CommandError naming it, and later calls are ignored.
type Limits struct {
	MaxSide      int // largest output side in device pixels
	MaxArea      int // largest output area in device pixels
	MaxCommands  int // recorded calls over the Context's life
	MaxSegments  int // path segments recorded over the Context's life
	MaxSaveDepth int
}

// DefaultLimits are the limits New uses unless told otherwise. The area
// matches iOS WebKit's canvas limit (4096² = 16,777,216 px), so nothing
// renders here that a phone could not; the side matches Chromium's texture
// limit for one dimension.
var DefaultLimits = Limits{
	MaxSide:      16384,
	MaxArea:      16_777_216,
	MaxCommands:  1_000_000,
	MaxSegments:  4_000_000,
	MaxSaveDepth: 1024,
}

// Option configures New.
type Option func(*options)

type options struct {
	fonts     *fonts.Registry
	ratio     float64
	legacy    bool
	dialect2D bool
	limits    Limits
	images    ImageSource
	ctx       context.Context

	// image sampling, the policy for images that fail to load, and the
	// context image loads run under (nil: context.Background()).
	quality     ImageQuality
	imagePolicy ImagePolicy
	loadCtx     context.Context
}

// PixelRatio renders at r device pixels per logical pixel, like a phone's
// devicePixelRatio: the output is round(width·r) × round(height·r) and
// every drawing is scaled by r.
func PixelRatio(r float64) Option { return func(o *options) { o.ratio = r } }

// LegacyColors parses colours with the base library's checkColor instead
// of CSS Color 4: only #rgb, #rrggbb, rgb(), rgba() and names; anything
// else paints black; alpha is floored to 1/255. Actions then record
// colours as [r,g,b,a] arrays, as classic clients send them.
func LegacyColors() Option { return func(o *options) { o.legacy = true } }

// Canvas2D selects the newer <canvas type="2d"> dialect: each path point
// is transformed when it is added (HTML's rule), createRadialGradient and
// fill rules are available. The default is the legacy CanvasContext,
// whose paths are transformed as a whole when filled.
func Canvas2D() Option { return func(o *options) { o.dialect2D = true } }

// Fonts draws text with the fonts of r instead of fonts.Default() (the
// embedded faces plus the system's).
func Fonts(r *fonts.Registry) Option { return func(o *options) { o.fonts = r } }

// WithLimits replaces DefaultLimits.
func WithLimits(l Limits) Option { return func(o *options) { o.limits = l } }

// WithContext makes Draw stop between commands once ctx is done: it
// returns a *CommandError naming the next command and wrapping ctx.Err(),
// so a render whose client left or whose deadline passed frees its worker
// after at most one command. The pixels drawn so far stay on the canvas.
func WithContext(ctx context.Context) Option { return func(o *options) { o.ctx = ctx } }

// ErrLimit is matched (errors.Is) by the errors of a call that goes past a
// Limits bound: the canvas size in New, the command and segment counts and
// the save depth in Draw.
var ErrLimit = errors.New("limit exceeded")

// limitError is an error that matches ErrLimit and keeps its own message.
type limitError struct{ error }

func (e limitError) Is(target error) bool { return target == ErrLimit }

func limitErrorf(format string, args ...any) error {
	return limitError{fmt.Errorf(format, args...)}
}

// Context is a WeChat legacy CanvasContext (wx.createCanvasContext): its
// methods record drawing commands, and Draw replays the recorded batch
// onto the canvas. A Context is not safe for concurrent use.
type Context struct {
	width, height float64
	opt           options
	pix           *raster.Pixmap
	r             *raster.Rasterizer
	shadowPts     []float64 // scratch: a path moved by the shadow offset

	ops  []op  // the batch since the last Draw
	path []seg // the legacy current path since beginPath

	calls    int // API calls so far: the index of the next one
	cur      int // index given to the op being recorded; -1: calls
	segments int // path segments recorded so far (limit)
	failed   bool

	js jsState

	history  []Batch
	warnings []string
	live     *liveState // the 2D dialect's replay state between Flush calls

	text          *textEngine
	missingGlyphs int
	// painted is set once a batch has been replayed: until then the
	// pixels are the transparent ones New allocated.
	painted bool
	// imgs holds the images loaded so far, by src (and their errors).
	imgs map[string]loaded
	// curOp is the op being replayed, for warnings from the paint path.
	curOp *op
}

// MissingGlyphs counts the characters drawn so far that no registered
// font has (they draw as the primary font's .notdef box).
func (c *Context) MissingGlyphs() int { return c.missingGlyphs }

// textEngine returns the Context's text engine, made on first use.
func (c *Context) textEngine() *textEngine {
	if c.text == nil {
		reg := c.opt.fonts
		if reg == nil {
			reg = fonts.Default()
		}
		c.text = &textEngine{reg: reg, faces: map[*fonts.Font]*gofont.Face{}, outlines: map[outlineKey][]ot.Segment{}}
	}
	return c.text
}

// New returns a Context for a width × height canvas in logical (CSS)
// pixels.
func New(width, height float64, opts ...Option) (*Context, error) {
	o := options{ratio: 1, limits: DefaultLimits}
	for _, f := range opts {
		f(&o)
	}
	if !finite(o.ratio) || o.ratio <= 0 || o.ratio > 64 {
		return nil, fmt.Errorf("canvas: pixel ratio %v out of range (0, 64]", o.ratio)
	}
	if !finite(width, height) || width <= 0 || height <= 0 {
		return nil, fmt.Errorf("canvas: size %v×%v must be positive and finite", width, height)
	}
	w, h := math.Round(width*o.ratio), math.Round(height*o.ratio)
	if w < 1 || h < 1 {
		return nil, fmt.Errorf("canvas: size %v×%v at ratio %v is under one pixel", width, height, o.ratio)
	}
	if w > float64(o.limits.MaxSide) || h > float64(o.limits.MaxSide) {
		return nil, limitErrorf("canvas: %v×%v device pixels: a side exceeds the limit of %d", w, h, o.limits.MaxSide)
	}
	if w*h > float64(o.limits.MaxArea) {
		return nil, limitErrorf("canvas: %v×%v device pixels exceed the area limit of %d", w, h, o.limits.MaxArea)
	}
	pix, err := raster.NewPixmap(int(w), int(h))
	if err != nil {
		return nil, err
	}
	c := &Context{width: width, height: height, opt: o, pix: pix, r: raster.NewRasterizer(), cur: -1}
	c.js.reset()
	return c, nil
}

// Reset returns c to the state New left it in — transparent pixels, no
// recorded commands, history, warnings or counters — keeping its pixel
// buffer and caches, so a service or a benchmark can reuse one Context
// for many renders of the same size without allocating the canvas again.
func (c *Context) Reset() {
	c.pix.Clear()
	c.painted = false
	c.ops, c.path, c.history, c.warnings = c.ops[:0], c.path[:0], c.history[:0], nil
	c.calls, c.cur, c.segments, c.failed = 0, -1, 0, false
	c.missingGlyphs = 0
	c.js.reset()
}

// Limits returns the limits the Context enforces.
func (c *Context) Limits() Limits { return c.opt.limits }

// Width and Height return the canvas size in logical pixels.
func (c *Context) Width() float64  { return c.width }
func (c *Context) Height() float64 { return c.height }

// PixelRatio returns the device pixels per logical pixel.
func (c *Context) PixelRatio() float64 { return c.opt.ratio }

// Image returns the canvas as it stands after the last Draw. It shares the
// Context's pixels (premultiplied, as image.RGBA is): no copy is made, so
// the next Draw changes it. Copy it to keep a frame.
func (c *Context) Image() *image.RGBA { return c.pix.Image() }

// Pixmap returns the canvas pixels (shared, as Image).
func (c *Context) Pixmap() *raster.Pixmap { return c.pix }

// Warnings returns what the replayer ignored or substituted so far
// (unsupported colours in legacy mode, ignored calls, …).
func (c *Context) Warnings() []string { return c.warnings }

// beginCall assigns the index of the call being recorded.
func (c *Context) beginCall() int {
	i := c.cur
	if i < 0 {
		i = c.calls
	}
	c.calls++
	return i
}

// record appends an op, enforcing the command limit.
func (c *Context) record(o op) {
	if c.failed {
		return
	}
	if c.calls > c.opt.limits.MaxCommands {
		o = op{method: o.method, call: o.call, err: limitErrorf("more than %d commands recorded", c.opt.limits.MaxCommands)}
		c.failed = true
	}
	c.ops = append(c.ops, o)
}

// fail records a failing command: Draw stops there with err.
func (c *Context) fail(call int, method string, err error) {
	c.record(op{method: method, call: call, err: err})
}

func (c *Context) warn(call int, method, format string, args ...any) {
	if len(c.warnings) < 1000 {
		c.warnings = append(c.warnings, fmt.Sprintf("command #%d (%s): ", call, method)+fmt.Sprintf(format, args...))
	}
}

// ---- styles ----

// SetFillStyle sets the fill paint: a colour string, a *Gradient or a
// *Pattern. A colour the parser rejects is ignored (HTML) or becomes black
// (LegacyColors, as checkColor).
func (c *Context) SetFillStyle(s any) { c.setStyle("setFillStyle", s) }

// SetStrokeStyle sets the stroke paint, as SetFillStyle.
func (c *Context) SetStrokeStyle(s any) { c.setStyle("setStrokeStyle", s) }

func (c *Context) setStyle(method string, s any) {
	i := c.beginCall()
	st, err := c.makeStyle(s)
	if err != nil {
		c.fail(i, method, err)
		return
	}
	c.record(op{method: method, call: i, style: st})
	c.js.setStyle(method, s, st)
}

func (c *Context) makeStyle(s any) (*style, error) {
	switch v := s.(type) {
	case string:
		return &style{kind: styleSolid, color: c.color(v)}, nil
	case *Gradient:
		if v == nil {
			return nil, errors.New("nil gradient")
		}
		return v.snapshot(), nil
	case *Pattern:
		if v == nil {
			return nil, errors.New("nil pattern")
		}
		return &style{kind: stylePattern, image: v.image, rep: v.repetition}, nil
	default:
		return nil, fmt.Errorf("style must be a colour string, *Gradient or *Pattern, not %T", s)
	}
}

// color parses a colour string in the Context's colour mode.
func (c *Context) color(s string) colorVal {
	if c.opt.legacy {
		lc, ok := parseLegacyColor(s)
		v := colorVal{arr: legacyArray(lc)}
		v.c, v.ok = lc.RGBA()
		_ = ok
		return v
	}
	v := colorVal{css: s}
	v.c, v.ok = parseCSSColor(s)
	return v
}

// SetGlobalAlpha sets the alpha applied to everything drawn. As the base
// library records floor(255·alpha), alpha is quantized down to 1/255.
// Values outside [0, 1] are ignored (HTML).
func (c *Context) SetGlobalAlpha(alpha float64) {
	i := c.beginCall()
	if !finite(alpha) {
		return
	}
	c.record(op{method: "setGlobalAlpha", call: i, num: []float64{math.Floor(255 * alpha)}})
	c.js.setNum("setGlobalAlpha", alpha)
}

// SetShadow sets the shadow offset, blur and colour (logical pixels; they
// scale with the pixel ratio).
func (c *Context) SetShadow(offsetX, offsetY, blur float64, color string) {
	i := c.beginCall()
	if !finite(offsetX, offsetY, blur) {
		return
	}
	col := c.color(color)
	c.js.shadow = shadowState{offsetX, offsetY, blur, color}
	c.record(op{method: "setShadow", call: i, num: []float64{offsetX, offsetY, blur}, color: &col})
}

// SetShadowOffsetX, SetShadowOffsetY, SetShadowBlur and SetShadowColor are
// the property setters (shadowOffsetX = …).
func (c *Context) SetShadowOffsetX(v float64) { c.shadowProp("setShadowOffsetX", v) }
func (c *Context) SetShadowOffsetY(v float64) { c.shadowProp("setShadowOffsetY", v) }
func (c *Context) SetShadowBlur(v float64)    { c.shadowProp("setShadowBlur", v) }

func (c *Context) shadowProp(method string, v float64) {
	i := c.beginCall()
	if !finite(v) {
		return
	}
	switch method {
	case "setShadowOffsetX":
		c.js.shadow.ox = v
	case "setShadowOffsetY":
		c.js.shadow.oy = v
	case "setShadowBlur":
		c.js.shadow.blur = v
	}
	c.record(op{method: method, call: i, num: []float64{v}})
}

func (c *Context) SetShadowColor(color string) {
	i := c.beginCall()
	col := c.color(color)
	c.js.shadow.color = color
	c.record(op{method: "setShadowColor", call: i, color: &col})
}

// SetLineWidth, SetLineCap, SetLineJoin and SetMiterLimit set stroke
// parameters; invalid values are ignored (HTML).
func (c *Context) SetLineWidth(w float64)  { c.numProp("setLineWidth", w) }
func (c *Context) SetMiterLimit(m float64) { c.numProp("setMiterLimit", m) }
func (c *Context) SetLineCap(cap string)   { c.strProp("setLineCap", cap) }
func (c *Context) SetLineJoin(join string) { c.strProp("setLineJoin", join) }

// SetTextAlign sets left, center, right (and start, end).
func (c *Context) SetTextAlign(a string) { c.strProp("setTextAlign", a) }

// SetTextBaseline sets top, middle, bottom, normal (= alphabetic), and the
// 2D dialect's alphabetic, hanging, ideographic.
func (c *Context) SetTextBaseline(b string) { c.strProp("setTextBaseline", b) }

// SetGlobalCompositeOperation sets the compositing operator; unknown values
// are ignored.
func (c *Context) SetGlobalCompositeOperation(op string) {
	c.strProp("setGlobalCompositeOperation", op)
}

// SetLineDashOffset sets the dash phase (property lineDashOffset).
func (c *Context) SetLineDashOffset(v float64) {
	i := c.beginCall()
	if !finite(v) {
		return
	}
	c.js.dashOffset = v
	c.record(op{method: "setLineDashOffset", call: i, num: []float64{v}})
}

func (c *Context) numProp(method string, v float64) {
	i := c.beginCall()
	if !finite(v) {
		return
	}
	c.record(op{method: method, call: i, num: []float64{v}})
	c.js.setNum(method, v)
}

func (c *Context) strProp(method, v string) {
	i := c.beginCall()
	c.record(op{method: method, call: i, str: v})
	c.js.setStr(method, v)
}

// SetLineDash sets the dash pattern and offset. An empty pattern means
// solid; the base library records it as [0, 0].
func (c *Context) SetLineDash(pattern []float64, offset float64) {
	i := c.beginCall()
	if !finite(offset) || !finite(pattern...) {
		return
	}
	for _, v := range pattern {
		if v < 0 {
			c.warn(i, "setLineDash", "negative dash length %v: call ignored (HTML)", v)
			return
		}
	}
	p := append([]float64(nil), pattern...)
	if len(p) == 0 {
		p = []float64{0, 0}
	}
	c.js.dash = p
	c.js.dashOffset = offset
	c.record(op{method: "setLineDash", call: i, num: append(p, offset), str: fmt.Sprint(len(p))})
}

// GetLineDash returns the pattern last set, as the base library's state.
func (c *Context) GetLineDash() []float64 { return append([]float64(nil), c.js.dash...) }

// SetFontSize replaces the size in the current font, keeping style,
// weight and family. Decimals are allowed here.
func (c *Context) SetFontSize(size float64) {
	i := c.beginCall()
	if !finite(size) || size <= 0 {
		return
	}
	c.js.setFontSize(size)
	c.record(op{method: "setFontSize", call: i, num: []float64{size}})
}

// SetFont sets the CSS font shorthand (property font).
func (c *Context) SetFont(font string) {
	i := c.beginCall()
	if c.opt.legacy && !c.opt.dialect2D {
		// Classic clients record the split font actions, quirk included.
		if !c.recordClassicFont(i, font) {
			c.warn(i, "setFont", "invalid font %q ignored", font)
		}
		return
	}
	if !c.js.setFont(font, c.opt.dialect2D) {
		c.warn(i, "setFont", "invalid font %q ignored", font)
		return
	}
	c.record(op{method: "setFont", call: i, str: font})
}

// Font returns the last font set (the only legacy property with a getter).
func (c *Context) Font() string { return c.js.font }

// ---- paths ----

// BeginPath empties the current path.
func (c *Context) BeginPath() {
	i := c.beginCall()
	if c.opt.dialect2D {
		c.record(op{method: "beginPath", call: i})
		return
	}
	c.path = c.path[:0]
}

// ClosePath closes the current subpath.
func (c *Context) ClosePath() { c.segment("closePath", false) }

// MoveTo starts a subpath at (x, y).
func (c *Context) MoveTo(x, y float64) { c.segment("moveTo", false, x, y) }

// LineTo adds a line; on an empty path it acts as MoveTo (the base library
// records it as moveTo).
func (c *Context) LineTo(x, y float64) {
	if !c.opt.dialect2D && len(c.path) == 0 {
		c.segment("moveTo", false, x, y)
		return
	}
	c.segment("lineTo", false, x, y)
}

// Arc adds an arc of the circle at (x, y) of radius r from angle start to
// end (radians, 0 at 3 o'clock, clockwise unless counterclockwise).
func (c *Context) Arc(x, y, r, start, end float64, counterclockwise bool) {
	if r < 0 {
		i := c.beginCall()
		c.warn(i, "arc", "negative radius %v ignored (HTML throws IndexSizeError)", r)
		return
	}
	c.segment("arc", counterclockwise, x, y, r, start, end)
}

// ArcTo adds an arc tangent to the lines (current point → (x1, y1)) and
// ((x1, y1) → (x2, y2)) with the radius.
func (c *Context) ArcTo(x1, y1, x2, y2, radius float64) {
	if radius < 0 {
		i := c.beginCall()
		c.warn(i, "arcTo", "negative radius %v ignored (HTML throws IndexSizeError)", radius)
		return
	}
	c.segment("arcTo", false, x1, y1, x2, y2, radius)
}

// QuadraticCurveTo adds a quadratic Bézier curve.
func (c *Context) QuadraticCurveTo(cpx, cpy, x, y float64) {
	c.segment("quadraticCurveTo", false, cpx, cpy, x, y)
}

// BezierCurveTo adds a cubic Bézier curve.
func (c *Context) BezierCurveTo(cp1x, cp1y, cp2x, cp2y, x, y float64) {
	c.segment("bezierCurveTo", false, cp1x, cp1y, cp2x, cp2y, x, y)
}

// Rect adds a closed rectangle subpath.
func (c *Context) Rect(x, y, w, h float64) { c.segment("rect", false, x, y, w, h) }

func (c *Context) segment(method string, ccw bool, args ...float64) {
	i := c.beginCall()
	if !finite(args...) {
		return // HTML: non-finite arguments make the call a no-op
	}
	c.segments++
	if c.segments > c.opt.limits.MaxSegments {
		if !c.failed {
			c.fail(i, method, limitErrorf("more than %d path segments recorded", c.opt.limits.MaxSegments))
			c.failed = true
		}
		return
	}
	s := seg{method: method, num: append([]float64(nil), args...), ccw: ccw}
	if c.opt.dialect2D {
		c.record(op{method: method, call: i, num: s.num, flag: ccw})
		return
	}
	c.path = append(c.path, s)
}

// Fill fills the current path with the nonzero rule (or the rule given,
// "nonzero" or "evenodd"), closing open subpaths. The path is kept.
func (c *Context) Fill(rule ...string) { c.paintPath("fillPath", rule) }

// Stroke strokes the current path. The path is kept.
func (c *Context) Stroke() { c.paintPath("strokePath", nil) }

// Clip intersects the clip region with the current path.
func (c *Context) Clip(rule ...string) { c.paintPath("clip", rule) }

func (c *Context) paintPath(method string, rule []string) {
	i := c.beginCall()
	o := op{method: method, call: i}
	if len(rule) > 0 {
		switch rule[0] {
		case "nonzero":
		case "evenodd":
			o.str = "evenodd"
		default:
			c.warn(i, method, "unknown fill rule %q ignored", rule[0])
			return
		}
	}
	if !c.opt.dialect2D {
		o.segs = make([]seg, len(c.path))
		for k, s := range c.path {
			o.segs[k] = s.copy()
		}
		c.segments += len(c.path)
		if c.segments > c.opt.limits.MaxSegments {
			c.fail(i, method, limitErrorf("more than %d path segments recorded", c.opt.limits.MaxSegments))
			c.failed = true
			return
		}
	}
	c.record(o)
}

// ---- rectangles, text, images ----

// FillRect fills a rectangle without touching the current path.
func (c *Context) FillRect(x, y, w, h float64) { c.rectOp("fillRect", x, y, w, h) }

// StrokeRect strokes a rectangle without touching the current path.
func (c *Context) StrokeRect(x, y, w, h float64) { c.rectOp("strokeRect", x, y, w, h) }

// ClearRect makes the rectangle transparent (within the clip).
func (c *Context) ClearRect(x, y, w, h float64) { c.rectOp("clearRect", x, y, w, h) }

func (c *Context) rectOp(method string, x, y, w, h float64) {
	i := c.beginCall()
	if !finite(x, y, w, h) {
		return
	}
	switch method {
	case "fillRect":
		c.record(op{method: "fillPath", call: i, segs: []seg{{method: "rect", num: []float64{x, y, w, h}}}, str: "rect"})
	case "strokeRect":
		c.record(op{method: "strokePath", call: i, segs: []seg{{method: "rect", num: []float64{x, y, w, h}}}, str: "rect"})
	default:
		c.record(op{method: "clearRect", call: i, num: []float64{x, y, w, h}})
	}
}

// FillText draws text with its baseline origin at (x, y), squeezed to
// maxWidth when one is given.
func (c *Context) FillText(text string, x, y float64, maxWidth ...float64) {
	c.textOp("fillText", text, x, y, maxWidth)
}

// StrokeText outlines text, as FillText.
func (c *Context) StrokeText(text string, x, y float64, maxWidth ...float64) {
	c.textOp("strokeText", text, x, y, maxWidth)
}

func (c *Context) textOp(method, text string, x, y float64, maxWidth []float64) {
	i := c.beginCall()
	if len(maxWidth) > 1 {
		c.fail(i, method, fmt.Errorf("takes at most one maxWidth, got %d", len(maxWidth)))
		return
	}
	args := append([]float64{x, y}, maxWidth...)
	if !finite(args...) {
		return
	}
	c.record(op{method: method, call: i, str: text, num: args})
}

// DrawImage draws the image at src: DrawImage(src, dx, dy),
// DrawImage(src, dx, dy, dw, dh) or DrawImage(src, sx, sy, sw, sh, dx, dy,
// dw, dh), in call order (the action records the destination first).
func (c *Context) DrawImage(src string, args ...float64) {
	i := c.beginCall()
	switch len(args) {
	case 2, 4:
	case 8:
		// Actions carry the destination first.
		args = append(append([]float64(nil), args[4:8]...), args[0:4]...)
	default:
		c.fail(i, "drawImage", fmt.Errorf("takes 3, 5 or 9 arguments, got %d", len(args)+1))
		return
	}
	if !finite(args...) {
		return
	}
	c.record(op{method: "drawImage", call: i, str: src, num: append([]float64(nil), args...)})
}

// ---- state and transforms ----

// Save pushes the drawing state.
func (c *Context) Save() {
	i := c.beginCall()
	c.js.push()
	c.record(op{method: "save", call: i})
}

// Restore pops the drawing state; an extra Restore is ignored.
func (c *Context) Restore() {
	i := c.beginCall()
	if !c.opt.dialect2D || len(c.js.stack) > 0 { // HTML: an extra restore does nothing
		c.js.pop()
	}
	c.record(op{method: "restore", call: i})
}

// Translate, Rotate, Scale, Transform and SetTransform change the current
// transform as in HTML (Transform's arguments are HTML's a … f in order).
func (c *Context) Translate(x, y float64) { c.xform("translate", x, y) }
func (c *Context) Rotate(angle float64)   { c.xform("rotate", angle) }
func (c *Context) Scale(sx, sy float64)   { c.xform("scale", sx, sy) }
func (c *Context) Transform(a, b, cc, d, e, f float64) {
	c.xform("transform", a, b, cc, d, e, f)
}
func (c *Context) SetTransform(a, b, cc, d, e, f float64) {
	c.xform("setTransform", a, b, cc, d, e, f)
}

func (c *Context) xform(method string, args ...float64) {
	i := c.beginCall()
	if !finite(args...) {
		return
	}
	c.record(op{method: method, call: i, num: append([]float64(nil), args...)})
}

// ---- gradients and patterns ----

// Gradient is a CanvasGradient. Adding stops after it was handed to
// SetFillStyle does not change what was recorded then (the base library
// serializes the stops at that moment).
type Gradient struct {
	ctx   *Context
	kind  styleKind
	geom  []float64
	stops []stop
	bad   bool // non-finite geometry: paints nothing
}

// CreateLinearGradient returns a linear gradient from (x0, y0) to (x1, y1).
func (c *Context) CreateLinearGradient(x0, y0, x1, y1 float64) *Gradient {
	c.beginCall()
	return &Gradient{ctx: c, kind: styleLinear, geom: []float64{x0, y0, x1, y1}, bad: !finite(x0, y0, x1, y1)}
}

// CreateCircularGradient returns the legacy circular gradient: centre
// (x, y), radius r; replayed as createRadialGradient(x, y, 0, x, y, r).
func (c *Context) CreateCircularGradient(x, y, r float64) *Gradient {
	c.beginCall()
	return &Gradient{ctx: c, kind: styleCircular, geom: []float64{x, y, r}, bad: !finite(x, y, r) || r < 0}
}

// CreateRadialGradient returns the 2D dialect's two-circle radial gradient.
func (c *Context) CreateRadialGradient(x0, y0, r0, x1, y1, r1 float64) *Gradient {
	c.beginCall()
	return &Gradient{ctx: c, kind: styleRadial, geom: []float64{x0, y0, r0, x1, y1, r1}, bad: !finite(x0, y0, r0, x1, y1, r1) || r0 < 0 || r1 < 0}
}

// AddColorStop adds a stop; offsets are clamped to [0, 1] when painted. A
// non-finite offset is ignored; so is a colour the parser rejects (HTML
// throws there), unless in legacy mode, where it records black.
func (g *Gradient) AddColorStop(offset float64, color string) {
	if !finite(offset) {
		return
	}
	col := g.ctx.color(color)
	if !col.ok && col.arr == nil {
		return
	}
	g.stops = append(g.stops, stop{offset: offset, color: col})
}

func (g *Gradient) snapshot() *style {
	st := &style{kind: g.kind, geom: append([]float64(nil), g.geom...)}
	st.stops = append([]stop(nil), g.stops...)
	if g.bad {
		st.geom = nil
	}
	return st
}

// Pattern is the result of CreatePattern.
type Pattern struct {
	image      string
	repetition string
}

// CreatePattern returns a pattern of the image at src; repetition is
// repeat, repeat-x, repeat-y or no-repeat.
func (c *Context) CreatePattern(src, repetition string) (*Pattern, error) {
	c.beginCall()
	switch repetition {
	case "repeat", "repeat-x", "repeat-y", "no-repeat":
	default:
		return nil, fmt.Errorf("createPattern: repetition %q is not one of repeat, repeat-x, repeat-y, no-repeat", repetition)
	}
	return &Pattern{image: src, repetition: repetition}, nil
}

// TextMetrics is what MeasureText returns: the legacy API fills only
// Width; the rest are HTML's TextMetrics, in logical px, from the same
// fonts the renderer uses.
type TextMetrics struct {
	Width                    float64
	ActualBoundingBoxLeft    float64
	ActualBoundingBoxRight   float64
	ActualBoundingBoxAscent  float64
	ActualBoundingBoxDescent float64
	FontBoundingBoxAscent    float64
	FontBoundingBoxDescent   float64
}

// MeasureText measures text in the current font (the recorder's font
// state, as the base library measures with its JS-side font).
func (c *Context) MeasureText(text string) (TextMetrics, error) {
	c.beginCall()
	spec, ok := parseCSSFont(c.js.font)
	if !ok {
		spec, _ = parseCSSFont(defaultFont)
	}
	return c.textEngine().measure(text, spec), nil
}

// ---- JS-side recorder state ----

type shadowState struct {
	ox, oy, blur float64
	color        string
}

// jsState is the state the base library keeps in JavaScript: the font
// (for measureText and setFontSize), the dash pattern and the shadow.
type jsState struct {
	font       string
	dash       []float64
	dashOffset float64
	shadow     shadowState
	props      props // the 2D dialect's getters (canvas/property.go)
	stack      []jsState
}

const defaultFont = "10px sans-serif"

func (s *jsState) reset() {
	s.font = defaultFont
	s.dash = []float64{0, 0}
	s.dashOffset = 0
	s.shadow = shadowState{color: "rgba(0,0,0,0)"}
	s.props = defaultProps()
	s.stack = s.stack[:0]
}

func (s *jsState) push() {
	cp := *s
	cp.stack = nil
	s.stack = append(s.stack, cp)
}

// pop restores the pushed state; with nothing pushed the base library
// resets to defaults.
func (s *jsState) pop() {
	if len(s.stack) == 0 {
		st := s.stack
		s.reset()
		s.stack = st
		return
	}
	top := s.stack[len(s.stack)-1]
	st := s.stack[:len(s.stack)-1]
	*s = top
	s.stack = st
}

// setFontSize replaces the first "<number>px" in the font.
func (s *jsState) setFontSize(size float64) {
	s.font = replaceFontSize(s.font, size)
}

func replaceFontSize(font string, size float64) string {
	// Find a run of digits (with an optional fraction) followed by "px".
	for i := 0; i < len(font); i++ {
		if font[i] < '0' || font[i] > '9' {
			continue
		}
		j := i
		for j < len(font) && (font[j] >= '0' && font[j] <= '9' || font[j] == '.') {
			j++
		}
		if strings.HasPrefix(font[j:], "px") {
			return font[:i] + formatNum(size) + font[j:]
		}
		i = j
	}
	return formatNum(size) + "px sans-serif"
}

func formatNum(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", v), "0"), ".")
}

// setFont checks a font shorthand: the legacy form must match the base
// library's regex (an integer size in px or rpx, then a family); the 2D
// form is any CSS font shorthand the replayer can parse.
func (s *jsState) setFont(font string, css bool) bool {
	if font == "" || len(font) > 1024 {
		return false
	}
	if css {
		if _, ok := parseCSSFont(font); !ok {
			return false
		}
	} else if !legacyFontRE.MatchString(font) {
		return false
	}
	s.font = font
	return true
}
