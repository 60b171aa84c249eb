package template

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/fonts"
)

// Options configure Compile.
type Options struct {
	// Fonts measure text; they must be the fonts the scene is rendered
	// with (default fonts.Default()).
	Fonts *fonts.Registry
	// Images gives the natural size of images (for fit and auto sizes).
	// Without it, an image needs its width and height and fit "fill".
	Images canvas.ImageSource
	// Context bounds image loading (default context.Background()).
	Context context.Context
	// PixelRatio overrides the template's pixelRatio: QR modules are
	// aligned to device pixels at this ratio.
	PixelRatio float64
}

// Compiled is a template compiled to a scene.
type Compiled struct {
	Width, Height float64 // logical px
	PixelRatio    float64 // the ratio QR modules were aligned for; render at it
	Scene         *canvas.Scene
}

// JSON returns the scene in the oracle's scene format.
func (c *Compiled) JSON() []byte { return sceneJSON(c.Width, c.Height, c.Scene.Commands) }

// Error is a compile error naming the element.
type Error struct {
	Element string // "elements[2] (\"title\")"
	Err     error
}

func (e *Error) Error() string { return "template: " + e.Element + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

const defaultFamily = `"DejaVu Sans", "WenQuanYi Micro Hei"`

// Compile lays a parsed template out and emits its scene.
func Compile(t *Template, o Options) (*Compiled, error) {
	if o.Fonts == nil {
		o.Fonts = fonts.Default()
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	c := &compiler{t: t, o: o, measures: map[string]canvas.TextMetrics{}, images: map[string][2]int{}}
	switch t.Unit {
	case "", "px":
		c.k = 1
	case "rpx":
		rw := t.RpxWidth
		if rw == 0 {
			rw = 375
		}
		if !(rw > 0 && rw < 1e5) {
			return nil, fmt.Errorf("template: rpxWidth %v: want a positive number of px", t.RpxWidth)
		}
		c.k = rw / 750
		c.rpx = c.k
	default:
		return nil, fmt.Errorf("template: unit %q: want px or rpx", t.Unit)
	}
	if c.rpx == 0 {
		rw := t.RpxWidth
		if rw == 0 {
			rw = 375
		}
		c.rpx = rw / 750
	}
	c.ratio = o.PixelRatio
	if c.ratio == 0 {
		c.ratio = t.PixelRatio
	}
	if c.ratio == 0 {
		c.ratio = 1
	}
	if !(c.ratio > 0 && c.ratio <= 16) {
		return nil, fmt.Errorf("template: pixelRatio %v: want a number in (0, 16]", c.ratio)
	}
	m, err := canvas.New(1, 1, canvas.Fonts(o.Fonts))
	if err != nil {
		return nil, err
	}
	c.m = m
	if err := c.baseStyle(); err != nil {
		return nil, err
	}
	if !t.Width.Set || t.Width.Auto || t.Width.Unit == "%" {
		return nil, errors.New("template: width must be a length")
	}
	W := c.px(t.Width, 0)
	autoH := !t.Height.Set || t.Height.Auto
	if !autoH && t.Height.Unit == "%" {
		return nil, errors.New("template: height must be a length or \"auto\"")
	}
	if !(W > 0) {
		return nil, fmt.Errorf("template: width %v: must be positive", W)
	}
	H := math.NaN()
	if !autoH {
		H = c.px(t.Height, 0)
		if !(H > 0) {
			return nil, fmt.Errorf("template: height %v: must be positive", H)
		}
	}
	root := &node{el: &Element{Type: "stack", path: "template"}, w: W, h: H}
	for _, el := range t.Elements {
		n, err := c.build(el, W, H)
		if err != nil {
			return nil, err
		}
		if n != nil {
			root.kids = append(root.kids, n)
		}
	}
	if autoH {
		H = 0
		for _, n := range root.kids {
			top, bottom := c.px(n.el.Top, 0), c.px(n.el.Bottom, 0)
			if n.el.Top.Set && !n.el.Top.Center {
				H = math.Max(H, top+n.h+bottom)
			} else {
				H = math.Max(H, n.h+bottom)
			}
		}
		if t.MinHeight.Set {
			H = math.Max(H, c.px(t.MinHeight, 0))
		}
		if t.MaxHeight.Set {
			H = math.Min(H, c.px(t.MaxHeight, 0))
		}
		H = math.Ceil(H)
		if !(H > 0) {
			return nil, errors.New("template: height \"auto\" and no content gives a zero height")
		}
		root.h = H
	}
	for _, n := range root.kids {
		c.placeAbs(n, 0, 0, W, H)
	}
	// Paint.
	if t.Background != "" {
		if err := c.background(t.Background, W, H); err != nil {
			return nil, err
		}
	}
	if err := c.drawKids(root.kids, 1); err != nil {
		return nil, err
	}
	c.e.call("draw")
	return &Compiled{Width: W, Height: H, PixelRatio: c.ratio, Scene: &canvas.Scene{Width: W, Height: H, Commands: c.e.cmds}}, nil
}

type compiler struct {
	t        *Template
	o        Options
	k        float64 // px per template unit
	rpx      float64 // px per rpx
	ratio    float64
	m        *canvas.Context
	measures map[string]canvas.TextMetrics
	images   map[string][2]int
	base     tstyle
	e        emitter
	rotated  int // rotated stacks around the element being drawn
}

// px converts a length; % is of ref.
func (c *compiler) px(l Length, ref float64) float64 {
	if !l.Set || l.Auto || l.Center {
		return 0
	}
	switch l.Unit {
	case "px":
		return l.V
	case "rpx":
		return l.V * c.rpx
	case "%":
		return l.V / 100 * ref
	}
	return l.V * c.k
}

func (c *compiler) measure(font, s string) canvas.TextMetrics {
	key := font + "\x00" + s
	if m, ok := c.measures[key]; ok {
		return m
	}
	c.m.SetFont(font)
	m, _ := c.m.MeasureText(s)
	c.measures[key] = m
	return m
}

// node is a laid-out element.
type node struct {
	el         *Element
	x, y, w, h float64
	kids       []*node
	text       *textBox
	img        [2]int // natural size
	line       [4]float64
}

func (c *compiler) fail(el *Element, format string, a ...any) error {
	return &Error{Element: el.path, Err: fmt.Errorf(format, a...)}
}

// build sizes el inside a parent of size pw × ph (ph NaN: not known yet).
func (c *compiler) build(el *Element, pw, ph float64) (*node, error) {
	if el.Visible != nil && !*el.Visible {
		return nil, nil
	}
	n := &node{el: el}
	if math.IsNaN(ph) {
		for _, l := range []Length{el.Top, el.Bottom, el.Height} {
			if l.Set && (l.Unit == "%" || l.Center) {
				return nil, c.fail(el, "a %% or centred height or vertical offset needs a fixed parent height")
			}
		}
	}
	availW := pw - c.px(el.Left, pw) - c.px(el.Right, pw)
	hasW := el.Width.Set && !el.Width.Auto
	hasH := el.Height.Set && !el.Height.Auto
	if hasW {
		n.w = c.px(el.Width, pw)
	} else if el.Left.Set && el.Right.Set && !el.Left.Center {
		n.w, hasW = availW, true
	}
	if hasH {
		n.h = c.px(el.Height, ph)
	} else if el.Top.Set && el.Bottom.Set && !math.IsNaN(ph) && !el.Top.Center {
		n.h, hasH = ph-c.px(el.Top, ph)-c.px(el.Bottom, ph), true
	}
	if n.w < 0 || n.h < 0 || math.IsNaN(n.w) {
		return nil, c.fail(el, "negative size %v×%v", n.w, n.h)
	}
	if availW < 0 {
		availW = 0
	}
	switch el.Type {
	case "text":
		maxW := availW
		if hasW {
			maxW = n.w
		}
		tb, err := c.layoutText(el, maxW)
		if err != nil {
			return nil, err
		}
		n.text = tb
		if !hasW {
			n.w = math.Min(tb.width, maxW)
		}
		if !hasH {
			n.h = tb.height
		}
	case "image":
		if el.Src == "" {
			return nil, c.fail(el, `image without "src"`)
		}
		fit := el.Fit
		if fit == "" {
			fit = "cover"
		}
		switch fit {
		case "cover", "contain", "fill", "none":
		default:
			return nil, c.fail(el, "fit %q: want cover, contain, fill or none", el.Fit)
		}
		needSize := !(hasW && hasH && fit == "fill")
		if needSize {
			sz, err := c.imageSize(el)
			if err != nil {
				return nil, err
			}
			n.img = sz
			iw, ih := float64(sz[0]), float64(sz[1])
			switch {
			case hasW && !hasH:
				n.h = n.w * ih / iw
			case hasH && !hasW:
				n.w = n.h * iw / ih
			case !hasW && !hasH:
				n.w, n.h = iw, ih
			}
		}
	case "rect":
		if !hasW || !hasH {
			return nil, c.fail(el, "a rect needs a width and a height (or left+right, top+bottom)")
		}
	case "line":
		lw := c.lineWidth(el)
		if el.X1.Set || el.X2.Set || el.Y1.Set || el.Y2.Set {
			n.line = [4]float64{c.px(el.X1, pw), c.px(el.Y1, ph), c.px(el.X2, pw), c.px(el.Y2, ph)}
			n.w, n.h = math.Abs(n.line[2]-n.line[0]), math.Abs(n.line[3]-n.line[1])
		} else {
			if !hasW {
				n.w = availW
			}
			if !hasH {
				n.h = lw
			}
			n.line = [4]float64{math.NaN()}
		}
	case "qrcode":
		if !el.Content.Set || el.Content.S == "" {
			return nil, c.fail(el, `qrcode without "content"`)
		}
		size := 0.0
		switch {
		case el.Size.Set:
			size = c.px(el.Size, pw)
		case hasW:
			size = n.w
		case hasH:
			size = n.h
		default:
			return nil, c.fail(el, `qrcode needs a "size"`)
		}
		n.w, n.h = size, size
	case "stack":
		if err := c.buildStack(n, hasW, hasH, availW, ph); err != nil {
			return nil, err
		}
	}
	if !finite(n.w, n.h) || n.w > 1e6 || n.h > 1e6 {
		return nil, c.fail(el, "size %v×%v out of range", n.w, n.h)
	}
	return n, nil
}

func finite(v ...float64) bool {
	for _, f := range v {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

func (c *compiler) lineWidth(el *Element) float64 {
	if el.LineWidth.Set {
		return c.px(el.LineWidth, 0)
	}
	return 1 * c.k
}

func (c *compiler) imageSize(el *Element) ([2]int, error) {
	if sz, ok := c.images[el.Src]; ok {
		return sz, nil
	}
	if c.o.Images == nil {
		return [2]int{}, c.fail(el, "no image loader to read the size of %q (give width, height and fit \"fill\")", el.Src)
	}
	pm, err := c.o.Images.LoadImage(c.o.Context, el.Src)
	if err != nil {
		return [2]int{}, c.fail(el, "image %q: %v", el.Src, err)
	}
	if pm == nil || pm.Width <= 0 || pm.Height <= 0 {
		return [2]int{}, c.fail(el, "image %q: empty image", el.Src)
	}
	sz := [2]int{pm.Width, pm.Height}
	c.images[el.Src] = sz
	return sz, nil
}

func (c *compiler) sides(s Sides, ref float64) (t, r, b, l float64) {
	return c.px(s.Top, ref), c.px(s.Right, ref), c.px(s.Bottom, ref), c.px(s.Left, ref)
}

func (c *compiler) buildStack(n *node, hasW, hasH bool, availW, ph float64) error {
	el := n.el
	vertical := true
	switch el.Direction {
	case "", "vertical", "column":
	case "horizontal", "row":
		vertical = false
	default:
		return c.fail(el, "direction %q: want vertical or horizontal", el.Direction)
	}
	if !validAlign(el.Align) {
		return c.fail(el, "align %q: want start, center or end", el.Align)
	}
	pt, pr, pb, pl := c.sides(el.Padding, availW)
	innerW := availW - pl - pr
	if hasW {
		innerW = n.w - pl - pr
	}
	innerH := math.NaN()
	if hasH {
		innerH = n.h - pt - pb
	}
	gap := c.px(el.Gap, 0)
	main, cross := 0.0, 0.0
	for _, kid := range el.Children {
		if kid.Top.Set || kid.Left.Set || kid.Right.Set || kid.Bottom.Set {
			return c.fail(kid, "an element in a stack is placed by the stack: use margin, not top/left/right/bottom")
		}
		if !validAlign(kid.AlignSelf) {
			return c.fail(kid, "alignSelf %q: want start, center or end", kid.AlignSelf)
		}
		kw := innerW
		mt, mr, mb, ml := c.sides(kid.Margin, innerW)
		kn, err := c.build(kid, kw-ml-mr, innerH)
		if err != nil {
			return err
		}
		if kn == nil {
			continue
		}
		if len(n.kids) > 0 {
			main += gap
		}
		if vertical {
			main += mt + kn.h + mb
			cross = math.Max(cross, ml+kn.w+mr)
		} else {
			main += ml + kn.w + mr
			cross = math.Max(cross, mt+kn.h+mb)
		}
		n.kids = append(n.kids, kn)
	}
	cw, ch := cross, main
	if !vertical {
		cw, ch = main, cross
	}
	if !hasW {
		n.w = cw + pl + pr
	}
	if !hasH {
		n.h = ch + pt + pb
	}
	return nil
}

func validAlign(a string) bool {
	switch a {
	case "", "start", "center", "end", "left", "right", "top", "bottom":
		return true
	}
	return false
}

// placeAbs positions an absolutely placed node in the parent box.
func (c *compiler) placeAbs(n *node, px, py, pw, ph float64) {
	el := n.el
	switch {
	case el.Left.Center:
		n.x = px + (pw-n.w)/2
	case el.Left.Set:
		n.x = px + c.px(el.Left, pw)
	case el.Right.Set:
		n.x = px + pw - c.px(el.Right, pw) - n.w
	default:
		n.x = px
	}
	switch {
	case el.Top.Center:
		n.y = py + (ph-n.h)/2
	case el.Top.Set:
		n.y = py + c.px(el.Top, ph)
	case el.Bottom.Set:
		n.y = py + ph - c.px(el.Bottom, ph) - n.h
	default:
		n.y = py
	}
	c.placeInside(n)
}

// placeInside positions a placed node's contents.
func (c *compiler) placeInside(n *node) {
	el := n.el
	if el.Type == "line" && !math.IsNaN(n.line[0]) {
		// Absolute line coordinates are relative to the parent box,
		// which placeAbs gave as the origin minus left/top offsets.
		ox := n.x - c.px(el.Left, 0)
		oy := n.y - c.px(el.Top, 0)
		n.line[0] += ox
		n.line[2] += ox
		n.line[1] += oy
		n.line[3] += oy
		n.x, n.y = math.Min(n.line[0], n.line[2]), math.Min(n.line[1], n.line[3])
	}
	if el.Type != "stack" {
		return
	}
	vertical := el.Direction != "horizontal" && el.Direction != "row"
	pt, _, _, pl := c.sides(el.Padding, n.w)
	_, pr, pb, _ := c.sides(el.Padding, n.w)
	innerW, innerH := n.w-pl-pr, n.h-pt-pb
	gap := c.px(el.Gap, 0)
	pos := 0.0
	for i, kn := range n.kids {
		if i > 0 {
			pos += gap
		}
		kid := kn.el
		mt, mr, mb, ml := c.sides(kid.Margin, innerW)
		align := kid.AlignSelf
		if align == "" {
			align = el.Align
		}
		f := 0.0
		switch align {
		case "center":
			f = 0.5
		case "end", "right", "bottom":
			f = 1
		}
		if vertical {
			kn.y = n.y + pt + pos + mt
			kn.x = n.x + pl + ml + (innerW-ml-mr-kn.w)*f
			pos += mt + kn.h + mb
		} else {
			kn.x = n.x + pl + pos + ml
			kn.y = n.y + pt + mt + (innerH-mt-mb-kn.h)*f
			pos += ml + kn.w + mr
		}
		c.placeInside(kn)
	}
}

// drawKids paints siblings in z order (stable: equal z keep document
// order).
func (c *compiler) drawKids(kids []*node, alpha float64) error {
	order := make([]*node, len(kids))
	copy(order, kids)
	sort.SliceStable(order, func(i, j int) bool { return order[i].el.Z < order[j].el.Z })
	for _, n := range order {
		if err := c.draw(n, alpha); err != nil {
			return err
		}
	}
	return nil
}

func (c *compiler) draw(n *node, alpha float64) error {
	el := n.el
	c.e.call("save")
	if el.Opacity != nil {
		if !(*el.Opacity >= 0 && *el.Opacity <= 1) {
			return c.fail(el, "opacity %v: want a number in [0, 1]", *el.Opacity)
		}
		alpha *= *el.Opacity
		c.e.call("setGlobalAlpha", alpha)
	}
	if el.Rotate != 0 {
		cx, cy := n.x+n.w/2, n.y+n.h/2
		c.e.call("translate", cx, cy)
		c.e.call("rotate", exact(el.Rotate*math.Pi/180))
		c.e.call("translate", -cx, -cy)
	}
	var err error
	switch el.Type {
	case "text":
		err = c.drawText(n)
	case "image":
		err = c.drawImage(n)
	case "rect":
		err = c.drawBox(n, el.Background, true)
	case "line":
		err = c.drawLine(n)
	case "qrcode":
		err = c.drawQR(n, el.Rotate == 0 && c.rotated == 0)
	case "stack":
		if err = c.drawBox(n, el.Background, false); err == nil {
			if el.Rotate != 0 {
				c.rotated++
			}
			err = c.drawKids(n.kids, alpha)
			if el.Rotate != 0 {
				c.rotated--
			}
		}
	}
	c.e.call("restore")
	return err
}

// shadow sets the shadow state; returns false when s is nil.
func (c *compiler) shadow(el *Element, s *Shadow) (bool, error) {
	if s == nil {
		return false, nil
	}
	col := s.Color
	if col == "" {
		col = "rgba(0,0,0,0.5)"
	}
	if !canvas.ValidColor(col) {
		return false, c.fail(el, "shadow colour %q is not a CSS colour", col)
	}
	blur := c.px(s.Blur, 0)
	if blur < 0 {
		return false, c.fail(el, "shadow blur %v is negative", blur)
	}
	c.e.call("setShadow", c.px(s.X, 0), c.px(s.Y, 0), blur, col)
	return true, nil
}

func (c *compiler) noShadow() { c.e.call("setShadow", 0.0, 0.0, 0.0, "rgba(0,0,0,0)") }

// radii resolves an element's corner radii for a w × h box, scaled down
// as CSS does when adjacent radii would overlap.
func (c *compiler) radii(el *Element, w, h float64) [4]float64 {
	var r [4]float64
	if !el.Radius.Set {
		return r
	}
	ref := math.Min(w, h)
	for i, l := range el.Radius.Corners {
		r[i] = math.Max(0, c.px(l, ref))
	}
	f := 1.0
	for _, p := range [][3]float64{{r[0] + r[1], w}, {r[3] + r[2], w}, {r[0] + r[3], h}, {r[1] + r[2], h}} {
		if p[0] > p[1] && p[0] > 0 {
			f = math.Min(f, p[1]/p[0])
		}
	}
	for i := range r {
		r[i] *= f
	}
	return r
}

// roundRect adds a rounded rectangle path (corners TL, TR, BR, BL).
func (c *compiler) roundRect(x, y, w, h float64, r [4]float64) {
	c.e.call("beginPath")
	if r == [4]float64{} {
		c.e.call("rect", x, y, w, h)
		return
	}
	tl, tr, br, bl := r[0], r[1], r[2], r[3]
	c.e.call("moveTo", x+tl, y)
	c.e.call("lineTo", x+w-tr, y)
	if tr > 0 {
		c.e.call("arc", x+w-tr, y+tr, tr, exact(-math.Pi/2), exact(0))
	}
	c.e.call("lineTo", x+w, y+h-br)
	if br > 0 {
		c.e.call("arc", x+w-br, y+h-br, br, exact(0), exact(math.Pi/2))
	}
	c.e.call("lineTo", x+bl, y+h)
	if bl > 0 {
		c.e.call("arc", x+bl, y+h-bl, bl, exact(math.Pi/2), exact(math.Pi))
	}
	c.e.call("lineTo", x, y+tl)
	if tl > 0 {
		c.e.call("arc", x+tl, y+tl, tl, exact(math.Pi), exact(1.5*math.Pi))
	}
	c.e.call("closePath")
}

// drawBox paints a rect or a stack's box: shadow, fill, border.
func (c *compiler) drawBox(n *node, fill string, isRect bool) error {
	el := n.el
	r := c.radii(el, n.w, n.h)
	if fill == "" && isRect && el.Border == nil {
		fill = "#000"
	}
	if fill != "" {
		p, err := parsePaint(fill)
		if err != nil {
			return c.fail(el, "background: %v", err)
		}
		sh, err := c.shadow(el, el.Shadow)
		if err != nil {
			return err
		}
		c.emitPaint("setFillStyle", p, n.x, n.y, n.w, n.h)
		if r == [4]float64{} {
			c.e.call("fillRect", n.x, n.y, n.w, n.h)
		} else {
			c.roundRect(n.x, n.y, n.w, n.h, r)
			c.e.call("fill")
		}
		if sh {
			c.noShadow()
		}
	} else if el.Shadow != nil && !isRect {
		return c.fail(el, "a shadow needs a background to cast it")
	}
	return c.border(el, n.x, n.y, n.w, n.h, r)
}

// border strokes el's border inside the box.
func (c *compiler) border(el *Element, x, y, w, h float64, r [4]float64) error {
	b := el.Border
	if b == nil {
		return nil
	}
	bw := c.px(b.Width, 0)
	if !b.Width.Set {
		bw = 1 * c.k
	}
	if !(bw > 0) {
		return nil
	}
	col := b.Color
	if col == "" {
		col = "#000"
	}
	p, err := parsePaint(col)
	if err != nil {
		return c.fail(el, "border: %v", err)
	}
	var dash []any
	switch b.Style {
	case "", "solid":
	case "dashed":
		dash = []any{3 * bw, 2 * bw}
	case "dotted":
		dash = []any{bw, bw}
	default:
		return c.fail(el, "border style %q: want solid, dashed or dotted", b.Style)
	}
	if len(b.Dash) > 0 {
		dash = nil
		for _, d := range b.Dash {
			v := c.px(d, 0)
			if !(v >= 0) {
				return c.fail(el, "border dash %v: negative", v)
			}
			dash = append(dash, r4(v))
		}
	}
	for i := range dash {
		dash[i] = r4(dash[i].(float64))
	}
	ir := r
	for i := range ir {
		ir[i] = math.Max(0, ir[i]-bw/2)
	}
	c.emitPaint("setStrokeStyle", p, x, y, w, h)
	c.e.call("setLineWidth", bw)
	if dash != nil {
		c.e.call("setLineDash", dash, 0.0)
	}
	c.roundRect(x+bw/2, y+bw/2, w-bw, h-bw, ir)
	c.e.call("stroke")
	if dash != nil {
		c.e.call("setLineDash", []any{}, 0.0)
	}
	return nil
}

func (c *compiler) drawLine(n *node) error {
	el := n.el
	lw := c.lineWidth(el)
	col := el.Color
	if col == "" {
		col = "#000"
	}
	p, err := parsePaint(col)
	if err != nil {
		return c.fail(el, "color: %v", err)
	}
	var x0, y0, x1, y1 float64
	if math.IsNaN(n.line[0]) {
		x0, y0, x1, y1 = n.x, n.y+n.h/2, n.x+n.w, n.y+n.h/2
	} else {
		x0, y0, x1, y1 = n.line[0], n.line[1], n.line[2], n.line[3]
	}
	sh, err := c.shadow(el, el.Shadow)
	if err != nil {
		return err
	}
	_ = sh
	c.emitPaint("setStrokeStyle", p, math.Min(x0, x1), math.Min(y0, y1)-lw/2, math.Max(math.Abs(x1-x0), lw), math.Max(math.Abs(y1-y0), lw))
	c.e.call("setLineWidth", lw)
	switch el.Cap {
	case "", "butt":
	case "round", "square":
		c.e.call("setLineCap", el.Cap)
	default:
		return c.fail(el, "cap %q: want butt, round or square", el.Cap)
	}
	if len(el.Dash) > 0 {
		var d []any
		for _, l := range el.Dash {
			v := c.px(l, 0)
			if !(v >= 0) {
				return c.fail(el, "dash %v: negative", v)
			}
			d = append(d, r4(v))
		}
		c.e.call("setLineDash", d, 0.0)
	}
	c.e.call("beginPath")
	c.e.call("moveTo", x0, y0)
	c.e.call("lineTo", x1, y1)
	c.e.call("stroke")
	return nil
}

// background paints the poster background: a colour, a gradient or
// url(src) drawn to cover the poster.
func (c *compiler) background(bg string, W, H float64) error {
	s := strings.TrimSpace(bg)
	if strings.HasPrefix(s, "url(") && strings.HasSuffix(s, ")") {
		src := strings.Trim(strings.TrimSpace(s[4:len(s)-1]), `"'`)
		el := &Element{Type: "image", Src: src, Fit: "cover", path: "background"}
		n := &node{el: el, w: W, h: H}
		sz, err := c.imageSize(el)
		if err != nil {
			return err
		}
		n.img = sz
		return c.drawImage(n)
	}
	p, err := parsePaint(s)
	if err != nil {
		return fmt.Errorf("template: background: %v", err)
	}
	c.emitPaint("setFillStyle", p, 0, 0, W, H)
	c.e.call("fillRect", 0.0, 0.0, W, H)
	return nil
}
