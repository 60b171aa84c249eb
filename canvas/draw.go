package canvas

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/postercanvas/postercanvas/gradient"
	"github.com/postercanvas/postercanvas/raster"
)

// Batch is one recorded draw() call: its actions and whether it kept the
// pixels before it.
type Batch struct {
	Reserve bool
	ops     []op
}

// drawState is the replayer's drawing state: what save/restore push and
// pop, reset to the defaults at the start of every draw() batch.
type drawState struct {
	fill, stroke *style
	alpha        float64
	lineWidth    float64
	miterLimit   float64
	lineCap      string
	lineJoin     string
	dash         []float64
	dashOffset   float64
	font         string
	textAlign    string
	textBaseline string
	shadowX      float64
	shadowY      float64
	shadowBlur   float64
	shadowColor  RGBA
	op           raster.Op // globalCompositeOperation
	ctm          raster.Matrix
	clip         *raster.Mask
}

var blackStyle = &style{kind: styleSolid, color: colorVal{css: "#000000", c: RGBA{0, 0, 0, 255}, ok: true}}

func (c *Context) defaultState() drawState {
	r := c.opt.ratio
	return drawState{
		fill: blackStyle, stroke: blackStyle,
		alpha: 1, lineWidth: 1, miterLimit: 10, lineCap: "butt", lineJoin: "miter",
		font: defaultFont, textAlign: "left", textBaseline: "alphabetic",
		ctm: raster.Matrix{A: r, D: r},
	}
}

// Draw replays the batch recorded since the last Draw. reserve=false first
// clears the canvas to transparent; reserve=true keeps its pixels. Every
// batch starts from the default drawing state and an empty path (WeChat's
// draw semantics), whatever the previous batch left.
//
// A bad or unsupported command stops the batch there with a *CommandError;
// what was drawn before it stays on the canvas.
func (c *Context) Draw(reserve bool) error {
	c.beginCall()
	ops := c.ops
	c.ops = nil
	c.path = c.path[:0]
	c.history = append(c.history, Batch{Reserve: reserve, ops: ops})
	c.live = nil
	err := c.replay(ops, reserve)
	c.r.ReleaseBuffers() // shadow scratch back to the shared pool
	return err
}

// liveState is what Flush carries from one replay to the next: the
// drawing state, the save stack and the 2D dialect's current path.
type liveState struct {
	st    drawState
	stack []drawState
	pb    pathBuilder
}

// Flush renders what was recorded since the last Flush or Draw onto the
// pixels, continuing the drawing state where the last Flush left it:
// the immediate semantics of a web-standard canvas (the 2D dialect), where
// styles, transform, clip, save stack and path persist and nothing is
// cleared. Callers flush before they read pixels. The legacy dialect's
// equivalent is Draw(true), which starts every batch from the defaults.
func (c *Context) Flush() error {
	c.beginCall()
	ops := c.ops
	c.ops = nil
	c.history = append(c.history, Batch{Reserve: true, ops: ops})
	if c.live == nil {
		c.live = &liveState{st: c.defaultState()}
	}
	err := c.replay(ops, true)
	c.r.ReleaseBuffers()
	return err
}

// replay draws ops onto the canvas.
func (c *Context) replay(ops []op, reserve bool) error {
	// A new canvas is already transparent: clearing 8 MB again cost
	// 1-2 ms of every one-draw render.
	if !reserve && c.painted {
		c.pix.Clear()
	}
	c.painted = true
	if srcs := batchImages(ops); len(srcs) > 0 {
		c.PreloadImages(srcs)
	}
	defer func() { c.curOp = nil }()
	st := c.defaultState()
	var stack []drawState
	var pb pathBuilder // 2D dialect: the current path, built as verbs arrive
	if l := c.live; l != nil {
		// Flush: carry on from the previous replay's state.
		st, stack, pb = l.st, l.stack, l.pb
		defer func() { l.st, l.stack, l.pb = st, stack, pb }()
	}
	var tmp pathBuilder
	var done <-chan struct{}
	if c.opt.ctx != nil {
		done = c.opt.ctx.Done()
	}
	for k := range ops {
		o := &ops[k]
		if done != nil {
			select {
			case <-done:
				return &CommandError{Index: o.call, Method: o.method, Err: c.opt.ctx.Err()}
			default:
			}
		}
		if o.err != nil {
			return &CommandError{Index: o.call, Method: o.method, Err: o.err}
		}
		fail := func(err error) error { return &CommandError{Index: o.call, Method: o.method, Err: err} }
		c.curOp = o
		switch o.method {
		case "setFillStyle", "setStrokeStyle":
			if o.style.kind == styleSolid && !o.style.color.ok {
				c.warn(o.call, o.method, "colour %q ignored", o.style.color.css)
				continue
			}
			if o.method == "setFillStyle" {
				st.fill = o.style
			} else {
				st.stroke = o.style
			}
		case "setGlobalAlpha":
			if a := o.num[0] / 255; a >= 0 && a <= 1 {
				st.alpha = a
			}
		case "setShadow":
			st.shadowX, st.shadowY, st.shadowBlur = o.num[0], o.num[1], o.num[2]
			if o.color.ok {
				st.shadowColor = o.color.c
			} else {
				st.shadowColor = RGBA{}
			}
		case "setShadowOffsetX":
			st.shadowX = o.num[0]
		case "setShadowOffsetY":
			st.shadowY = o.num[0]
		case "setShadowBlur":
			if o.num[0] >= 0 {
				st.shadowBlur = o.num[0]
			}
		case "setShadowColor":
			if o.color.ok {
				st.shadowColor = o.color.c
			}
		case "setLineWidth":
			if o.num[0] > 0 {
				st.lineWidth = o.num[0]
			}
		case "setMiterLimit":
			if o.num[0] > 0 {
				st.miterLimit = o.num[0]
			}
		case "setLineCap":
			switch o.str {
			case "butt", "round", "square":
				st.lineCap = o.str
			}
		case "setLineJoin":
			switch o.str {
			case "bevel", "round", "miter":
				st.lineJoin = o.str
			}
		case "setLineDash":
			n := len(o.num) - 1
			st.dash = o.num[:n]
			st.dashOffset = o.num[n]
		case "setLineDashOffset":
			st.dashOffset = o.num[0]
		case "setFont":
			st.font = o.str
		case "setFontSize":
			st.font = replaceFontSize(st.font, o.num[0])
		case "setFontStyle", "setFontWeight", "setFontFamily":
			st.font = applyFontPart(st.font, o.method, o.str)
		case "setTextAlign":
			switch o.str {
			case "left", "center", "right", "start", "end":
				st.textAlign = o.str
			}
		case "setTextBaseline":
			switch o.str {
			case "normal":
				st.textBaseline = "alphabetic"
			case "top", "middle", "bottom", "alphabetic", "hanging", "ideographic":
				st.textBaseline = o.str
			}
		case "setGlobalCompositeOperation":
			if op, ok := raster.ParseOp(o.str); ok {
				st.op = op
			} else {
				c.warn(o.call, o.method, "unknown operator %q ignored", o.str)
			}
		case "save":
			if len(stack) >= c.opt.limits.MaxSaveDepth {
				return fail(limitErrorf("save depth exceeds the limit of %d", c.opt.limits.MaxSaveDepth))
			}
			stack = append(stack, st)
		case "restore":
			if n := len(stack); n > 0 {
				st = stack[n-1]
				stack = stack[:n-1]
			}
		case "translate":
			st.ctm = st.ctm.Mul(raster.Matrix{A: 1, D: 1, E: o.num[0], F: o.num[1]})
		case "rotate":
			s, cs := math.Sincos(o.num[0])
			st.ctm = st.ctm.Mul(raster.Matrix{A: cs, B: s, C: -s, D: cs})
		case "scale":
			st.ctm = st.ctm.Mul(raster.Matrix{A: o.num[0], D: o.num[1]})
		case "transform":
			a := o.num
			st.ctm = st.ctm.Mul(raster.Matrix{A: a[0], B: a[1], C: a[2], D: a[3], E: a[4], F: a[5]})
		case "setTransform":
			a := o.num
			r := c.opt.ratio
			st.ctm = raster.Matrix{A: r, D: r}.Mul(raster.Matrix{A: a[0], B: a[1], C: a[2], D: a[3], E: a[4], F: a[5]})
		case "beginPath":
			pb.reset()
		case "moveTo", "lineTo", "closePath", "rect", "arc", "arcTo", "quadraticCurveTo", "bezierCurveTo":
			pb.seg(st.ctm, seg{method: o.method, num: o.num, ccw: o.flag})
		case "fillPath", "clip":
			path := &pb.p
			if o.segs != nil || !c.opt.dialect2D {
				// Legacy: the whole recorded path, under the transform in
				// force now.
				path = tmp.build(st.ctm, o.segs)
			}
			rule := raster.NonZero
			if o.str == "evenodd" {
				rule = raster.EvenOdd
			}
			if o.method == "clip" {
				st.clip = c.r.Clip(c.pix.Width, c.pix.Height, path, rule, st.clip)
				continue
			}
			if err := c.fill(&st, st.fill, path, rule); err != nil {
				return fail(err)
			}
		case "clearRect":
			a := o.num
			tmp.reset()
			tmp.rect(st.ctm, a[0], a[1], a[2], a[3])
			// Chromium clears without anti-aliasing (its clear paint has
			// AA off): golden 030-clearrect pins the edge pixels.
			c.r.Fill(c.pix, &tmp.p, raster.NonZero, &raster.Paint{Color: raster.Color{A: 255}, Alpha: 1, Op: raster.OpDestinationOut, Aliased: true}, st.clip)
		case "strokePath":
			var user *raster.Path
			if o.segs != nil || !c.opt.dialect2D {
				// Legacy: the recorded path in user space, stroked there.
				tmp.conicTol, tmp.errScale = strokeArcTolerance, st.ctm.MaxScale()
				user = tmp.build(raster.Identity, o.segs)
				tmp.conicTol = 0
			} else {
				// 2D dialect: the device path, back in the current user space.
				inv, ok := st.ctm.Invert()
				if !ok {
					continue // nothing can be stroked under a singular transform
				}
				cp := raster.Path{Verbs: pb.p.Verbs, Points: append([]float64(nil), pb.p.Points...)}
				cp.Transform(inv)
				user = &cp
			}
			if err := c.stroke(&st, user); err != nil {
				return fail(err)
			}
		case "fillText", "strokeText":
			if err := c.drawText(&st, o); err != nil {
				return fail(err)
			}
		case "drawImage":
			if err := c.drawImage(&st, o, &tmp); err != nil {
				return fail(err)
			}
		default:
			return fail(fmt.Errorf("unknown method %q", o.method))
		}
	}
	return nil
}

// fill paints path with the style under the state's alpha, shadow, clip
// and compositing. Every shape, stroke and text outline goes through it
// (glyphs from the mask cache through fillGlyphsCached, which does the
// same), so every fill gets shadows and operators.
func (c *Context) fill(st *drawState, s *style, path *raster.Path, rule raster.FillRule) error {
	paint, ok, err := c.paint(st, s)
	if err != nil || !ok {
		return err
	}
	c.fillPaint(st, &paint, path, rule)
	return nil
}

// fillPaint fills path with a ready paint (from c.paint, or an image
// shader for drawImage): the shadow first when one is visible, then the
// shape, both with the paint's operator within the state's clip.
func (c *Context) fillPaint(st *drawState, paint *raster.Paint, path *raster.Path, rule raster.FillRule) {
	if c.shadowed(st) {
		c.drawShadow(st, paint, func(dx, dy float64, rect image.Rectangle) *raster.Mask {
			if dx == 0 && dy == 0 {
				return c.r.Coverage(path, rule, rect)
			}
			moved := raster.Path{Verbs: path.Verbs, Points: append(c.shadowPts[:0], path.Points...)}
			moved.Transform(raster.Matrix{A: 1, D: 1, E: dx, F: dy})
			c.shadowPts = moved.Points
			return c.r.Coverage(&moved, rule, rect)
		})
	}
	c.r.Fill(c.pix, path, rule, paint, st.clip)
}

// paint builds the raster paint of a style under the state; ok is false
// when it paints nothing (a degenerate gradient).
func (c *Context) paint(st *drawState, s *style) (raster.Paint, bool, error) {
	paint := raster.Paint{Alpha: st.alpha, Op: st.op}
	switch s.kind {
	case styleSolid:
		paint.Color = premul(s.color.c)
	case styleLinear, styleCircular, styleRadial:
		sh, ok := c.gradientShader(s, st.ctm)
		if !ok {
			// HTML: the gradient paints transparent black — nothing,
			// except with an unbounded operator, which then clears.
			return paint, st.op.Unbounded(), nil
		}
		paint.Shader = sh
	case stylePattern:
		sh, ok, err := c.patternShader(st, s)
		if err != nil {
			if c.curOp != nil {
				err = c.imageFailed(c.curOp, err)
			}
			return paint, false, err
		}
		if !ok {
			return paint, false, nil
		}
		paint.Shader = sh
	case styleShader:
		paint.Shader = s.shader
	}
	return paint, true, nil
}

func (c *Context) gradientShader(s *style, m raster.Matrix) (raster.Shader, bool) {
	if s.geom == nil {
		return nil, false
	}
	stops := make([]gradient.Stop, 0, len(s.stops))
	for _, p := range s.stops {
		if !p.color.ok {
			continue
		}
		stops = append(stops, gradient.Stop{Offset: min(max(p.offset, 0), 1), Color: color.NRGBA(p.color.c)})
	}
	g := s.geom
	switch s.kind {
	case styleLinear:
		return gradient.NewLinear(g[0], g[1], g[2], g[3], stops, m)
	case styleCircular:
		return gradient.NewRadial(g[0], g[1], 0, g[0], g[1], g[2], stops, m)
	default:
		return gradient.NewRadial(g[0], g[1], g[2], g[3], g[4], g[5], stops, m)
	}
}

// strokeArcTolerance is the conic-to-quad tolerance of arcs in stroked
// paths, in device pixels: the outline is offset from the flattened path,
// so its error is the path's error, and a lineWidth-40 arc at scale 3 must
// show no facets.
const strokeArcTolerance = 0.005

// strokeFlattenTolerance is the stroker's flattening tolerance in device
// pixels.
const strokeFlattenTolerance = 0.02

// stroke strokes a user-space path with the state's pen and paints the
// outline under the current transform.
func (c *Context) stroke(st *drawState, user *raster.Path) error {
	pen := raster.Stroke{Width: st.lineWidth, MiterLimit: st.miterLimit}
	switch st.lineCap {
	case "round":
		pen.Cap = raster.RoundCap
	case "square":
		pen.Cap = raster.SquareCap
	}
	switch st.lineJoin {
	case "round":
		pen.Join = raster.RoundJoin
	case "bevel":
		pen.Join = raster.BevelJoin
	}
	pen.Dash, pen.DashOffset = dashPattern(st.dash), st.dashOffset
	outline, coverage := raster.StrokePath(user, &pen, st.ctm, strokeFlattenTolerance)
	if outline.Empty() {
		return nil // nothing to stroke, or a singular transform
	}
	if coverage != 1 {
		// A hairline: Skia scales the paint's alpha by the pen's width.
		hs := *st
		hs.alpha = st.alpha * coverage
		return c.fill(&hs, st.stroke, outline, raster.NonZero)
	}
	return c.fill(st, st.stroke, outline, raster.NonZero)
}

// dashPattern normalizes a recorded dash array as HTML does: an odd
// count is repeated twice; all zeros (or empty, which the base library
// records as [0, 0]) means solid.
func dashPattern(d []float64) []float64 {
	sum := 0.0
	for _, v := range d {
		if !(v >= 0) {
			return nil
		}
		sum += v
	}
	if len(d) == 0 || sum == 0 {
		return nil
	}
	if len(d)%2 == 1 {
		d = append(append([]float64(nil), d...), d...)
	}
	return d
}

// premul converts a non-premultiplied colour to raster's premultiplied
// form, rounding as Skia's SkPreMultiplyARGB does.
func premul(c RGBA) raster.Color {
	a := uint32(c.A)
	mul := func(v uint8) uint8 {
		p := uint32(v)*a + 128
		return uint8((p + p>>8) >> 8)
	}
	return raster.Color{R: mul(c.R), G: mul(c.G), B: mul(c.B), A: c.A}
}

// applyFontPart replaces one part of the font shorthand, as the replayer of
// the split setFontStyle/setFontWeight/setFontFamily actions does.
func applyFontPart(font, method, v string) string {
	f, ok := parseCSSFont(font)
	if !ok {
		f, _ = parseCSSFont(defaultFont)
	}
	switch method {
	case "setFontStyle":
		f.italic = v == "italic" || v == "oblique"
	case "setFontWeight":
		f.weight = 400
		if v == "bold" {
			f.weight = 700
		}
	case "setFontFamily":
		if fams := parseFamilies(v); len(fams) > 0 {
			f.families = fams
		}
	}
	return f.String()
}
