package bench

// The peers' side: the scene JSON decoded into a list of filled shapes, and
// the two renderers (gg, x/image/vector) that draw such a list. Only the
// commands of the benchmark scenes S1–S6 are understood; anything else is
// an error, so a scene the peers cannot draw is never timed half-drawn.

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/fogleman/gg"
	"golang.org/x/image/vector"
)

// rgbaF is a non-premultiplied colour: R, G, B in 0–255, A in 0–1.
type rgbaF struct{ R, G, B, A float64 }

// nrgba rounds c to 8 bits, non-premultiplied.
func (c rgbaF) nrgba() color.NRGBA {
	return color.NRGBA{R: u8(c.R), G: u8(c.G), B: u8(c.B), A: u8(c.A * 255)}
}

// premul rounds c to 8-bit premultiplied RGBA.
func (c rgbaF) premul() color.RGBA {
	return color.RGBA{R: u8(c.R * c.A), G: u8(c.G * c.A), B: u8(c.B * c.A), A: u8(c.A * 255)}
}

func u8(v float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(255, v)))) }

type stop struct {
	off float64
	c   rgbaF
}

// gradSpec is a linear gradient (x0,y0)→(x1,y1) or a circular one
// (WeChat's createCircularGradient: centre (x0,y0), radius r, inner
// radius 0).
type gradSpec struct {
	radial         bool
	x0, y0, x1, y1 float64
	r              float64
	stops          []stop // sorted by offset (the scenes add them in order)
}

// colorAt returns the non-premultiplied colour at parameter t, stops
// interpolated in non-premultiplied space and padded at both ends.
func (g *gradSpec) colorAt(t float64) rgbaF {
	s := g.stops
	if t <= s[0].off {
		return s[0].c
	}
	for i := 1; i < len(s); i++ {
		if t < s[i].off {
			a, b := s[i-1], s[i]
			f := (t - a.off) / (b.off - a.off)
			return rgbaF{
				a.c.R + (b.c.R-a.c.R)*f, a.c.G + (b.c.G-a.c.G)*f,
				a.c.B + (b.c.B-a.c.B)*f, a.c.A + (b.c.A-a.c.A)*f,
			}
		}
	}
	return s[len(s)-1].c
}

// paint is a solid colour or a gradient.
type paint struct {
	solid rgbaF
	grad  *gradSpec
}

// Path segment kinds.
const (
	segMove = iota
	segLine
	segCubic
	segQuad
	segArc // p: cx, cy, r, start, sweep (sweep > 0: clockwise on screen)
	segClose
)

type seg struct {
	kind int
	p    [6]float64
}

// shape is one fill: fillRect (rect set) or fill() of a path.
type shape struct {
	rect       bool
	x, y, w, h float64 // the rectangle of a fillRect
	segs       []seg
	paint      paint
}

// peerScene is what the peers draw.
type peerScene struct {
	W, H   int
	Shapes []shape
}

// loadPeerScene decodes a scene file into a shape list.
func loadPeerScene(file string) (*peerScene, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Width    float64 `json:"width"`
		Height   float64 `json:"height"`
		Commands []struct {
			Method string            `json:"method"`
			Args   []json.RawMessage `json:"args"`
			ID     string            `json:"id"`
			Target string            `json:"target"`
		} `json:"commands"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	ps := &peerScene{W: int(raw.Width), H: int(raw.Height)}
	grads := map[string]*gradSpec{}
	cur := paint{solid: rgbaF{A: 1}} // black, the canvas default
	var segs []seg
	for i, c := range raw.Commands {
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s: command %d (%s): %s", file, i, c.Method, fmt.Sprintf(format, a...))
		}
		nums := func(n int) ([]float64, error) {
			if len(c.Args) != n {
				return nil, fail("want %d arguments, got %d", n, len(c.Args))
			}
			v := make([]float64, n)
			for k, a := range c.Args {
				if err := json.Unmarshal(a, &v[k]); err != nil {
					return nil, fail("argument %d: %v", k+1, err)
				}
			}
			return v, nil
		}
		var v []float64
		var err error
		switch c.Method {
		case "createLinearGradient":
			if v, err = nums(4); err == nil {
				grads[c.ID] = &gradSpec{x0: v[0], y0: v[1], x1: v[2], y1: v[3]}
			}
		case "createCircularGradient":
			if v, err = nums(3); err == nil {
				grads[c.ID] = &gradSpec{radial: true, x0: v[0], y0: v[1], r: v[2]}
			}
		case "addColorStop":
			g := grads[c.Target]
			if g == nil || len(c.Args) != 2 {
				return nil, fail("bad addColorStop")
			}
			var off float64
			var col string
			if json.Unmarshal(c.Args[0], &off) != nil || json.Unmarshal(c.Args[1], &col) != nil {
				return nil, fail("bad addColorStop arguments")
			}
			cc, err := parseColor(col)
			if err != nil {
				return nil, fail("%v", err)
			}
			g.stops = append(g.stops, stop{off, cc})
		case "setFillStyle":
			if len(c.Args) != 1 {
				return nil, fail("want 1 argument")
			}
			var s string
			var ref struct {
				Ref string `json:"ref"`
			}
			switch {
			case json.Unmarshal(c.Args[0], &s) == nil:
				cc, err := parseColor(s)
				if err != nil {
					return nil, fail("%v", err)
				}
				cur = paint{solid: cc}
			case json.Unmarshal(c.Args[0], &ref) == nil && grads[ref.Ref] != nil:
				cur = paint{grad: grads[ref.Ref]}
			default:
				return nil, fail("unsupported fill style %s", c.Args[0])
			}
		case "fillRect":
			if v, err = nums(4); err == nil {
				ps.Shapes = append(ps.Shapes, shape{rect: true, x: v[0], y: v[1], w: v[2], h: v[3], paint: cur})
			}
		case "beginPath":
			segs = nil
		case "moveTo":
			if v, err = nums(2); err == nil {
				segs = append(segs, seg{kind: segMove, p: [6]float64{v[0], v[1]}})
			}
		case "lineTo":
			if v, err = nums(2); err == nil {
				segs = append(segs, seg{kind: segLine, p: [6]float64{v[0], v[1]}})
			}
		case "quadraticCurveTo":
			if v, err = nums(4); err == nil {
				segs = append(segs, seg{kind: segQuad, p: [6]float64{v[0], v[1], v[2], v[3]}})
			}
		case "bezierCurveTo":
			if v, err = nums(6); err == nil {
				segs = append(segs, seg{kind: segCubic, p: [6]float64(v)})
			}
		case "arc":
			if v, err = nums(5); err == nil {
				sweep := v[4] - v[3]
				if sweep >= 2*math.Pi {
					sweep = 2 * math.Pi
				} else {
					sweep = math.Mod(sweep, 2*math.Pi)
					if sweep < 0 {
						sweep += 2 * math.Pi
					}
				}
				segs = append(segs, seg{kind: segArc, p: [6]float64{v[0], v[1], v[2], v[3], sweep}})
			}
		case "closePath":
			segs = append(segs, seg{kind: segClose})
		case "fill":
			ps.Shapes = append(ps.Shapes, shape{segs: append([]seg(nil), segs...), paint: cur})
		case "draw":
		default:
			return nil, fail("not supported by the peers' scene reader")
		}
		if err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// parseColor reads the colour forms of the benchmark scenes: rgba(), rgb()
// and #rgb / #rrggbb.
func parseColor(s string) (rgbaF, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "#") {
		h := s[1:]
		if len(h) == 3 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		n, err := strconv.ParseUint(h, 16, 32)
		if err != nil || len(h) != 6 {
			return rgbaF{}, fmt.Errorf("bad colour %q", s)
		}
		return rgbaF{float64(n >> 16), float64(n >> 8 & 0xff), float64(n & 0xff), 1}, nil
	}
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return rgbaF{}, fmt.Errorf("bad colour %q", s)
	}
	fn, parts := s[:open], strings.Split(s[open+1:end], ",")
	if !(fn == "rgba" && len(parts) == 4 || fn == "rgb" && len(parts) == 3) {
		return rgbaF{}, fmt.Errorf("bad colour %q", s)
	}
	v := []float64{0, 0, 0, 1}
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return rgbaF{}, fmt.Errorf("bad colour %q", s)
		}
		v[i] = f
	}
	return rgbaF{v[0], v[1], v[2], math.Max(0, math.Min(1, v[3]))}, nil
}

// ---- gg ----

// renderGG draws ps on a new gg context.
func renderGG(ps *peerScene) *image.RGBA {
	dc := gg.NewContext(ps.W, ps.H)
	for i := range ps.Shapes {
		s := &ps.Shapes[i]
		if g := s.paint.grad; g != nil {
			var p gg.Gradient
			if g.radial {
				p = gg.NewRadialGradient(g.x0, g.y0, 0, g.x0, g.y0, g.r)
			} else {
				p = gg.NewLinearGradient(g.x0, g.y0, g.x1, g.y1)
			}
			for _, st := range g.stops {
				p.AddColorStop(st.off, st.c.nrgba())
			}
			dc.SetFillStyle(p)
		} else {
			dc.SetColor(s.paint.solid.nrgba())
		}
		if s.rect {
			dc.DrawRectangle(s.x, s.y, s.w, s.h)
		} else {
			for _, sg := range s.segs {
				p := &sg.p
				switch sg.kind {
				case segMove:
					dc.MoveTo(p[0], p[1])
				case segLine:
					dc.LineTo(p[0], p[1])
				case segQuad:
					dc.QuadraticTo(p[0], p[1], p[2], p[3])
				case segCubic:
					dc.CubicTo(p[0], p[1], p[2], p[3], p[4], p[5])
				case segArc:
					if p[4] == 2*math.Pi && p[3] == 0 {
						dc.DrawCircle(p[0], p[1], p[2])
					} else {
						dc.DrawArc(p[0], p[1], p[2], p[3], p[3]+p[4])
					}
				case segClose:
					dc.ClosePath()
				}
			}
		}
		dc.Fill() // fills and clears the path
	}
	return dc.Image().(*image.RGBA)
}

// ---- x/image/vector ----

// vectorRenderer draws shapes with one vector.Rasterizer, each shape's
// rasterizer sized to its pixel bounds (a full-canvas rasterizer per shape
// would make every small shape pay for the whole canvas).
type vectorRenderer struct {
	z   *vector.Rasterizer
	dst *image.RGBA
	uni image.Uniform
	ox  float64 // offset of the current shape's bounds
	oy  float64
	// current point and subpath start, in canvas coordinates
	cx, cy, sx, sy float64
	open, has      bool
}

// renderVector draws ps on a new *image.RGBA.
func renderVector(ps *peerScene) *image.RGBA {
	r := &vectorRenderer{
		z:   vector.NewRasterizer(ps.W, ps.H),
		dst: image.NewRGBA(image.Rect(0, 0, ps.W, ps.H)),
	}
	for i := range ps.Shapes {
		r.fill(&ps.Shapes[i])
	}
	return r.dst
}

func (r *vectorRenderer) fill(s *shape) {
	x0, y0, x1, y1 := shapeBounds(s)
	b := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1))).Intersect(r.dst.Rect)
	if b.Empty() {
		return
	}
	r.z.Reset(b.Dx(), b.Dy())
	r.z.DrawOp = draw.Over
	r.ox, r.oy = float64(b.Min.X), float64(b.Min.Y)
	r.open, r.has = false, false
	if s.rect {
		r.moveTo(s.x, s.y)
		r.lineTo(s.x+s.w, s.y)
		r.lineTo(s.x+s.w, s.y+s.h)
		r.lineTo(s.x, s.y+s.h)
	} else {
		for _, sg := range s.segs {
			p := &sg.p
			switch sg.kind {
			case segMove:
				r.moveTo(p[0], p[1])
			case segLine:
				r.lineTo(p[0], p[1])
			case segQuad:
				r.ensure(p[0], p[1])
				r.z.QuadTo(r.f(p[0], p[1], p[2], p[3]))
				r.cx, r.cy = p[2], p[3]
			case segCubic:
				r.ensure(p[0], p[1])
				r.z.CubeTo(r.f6(p))
				r.cx, r.cy = p[4], p[5]
			case segArc:
				r.arc(p[0], p[1], p[2], p[3], p[4])
			case segClose:
				r.close()
				r.cx, r.cy = r.sx, r.sy
			}
		}
	}
	r.close()
	var src image.Image
	if g := s.paint.grad; g != nil {
		src = &gradImage{g: g, rect: r.dst.Rect}
	} else {
		r.uni.C = s.paint.solid.premul()
		src = &r.uni
	}
	// The vector package's Draw is draw.DrawMask(dst, b, src, b.Min,
	// mask, image.Point{}, draw.Over) with the rasterizer as the mask; it
	// has a fast path for an *image.Uniform source on an *image.RGBA.
	r.z.Draw(r.dst, b, src, b.Min)
}

func (r *vectorRenderer) f(v ...float64) (float32, float32, float32, float32) {
	return float32(v[0] - r.ox), float32(v[1] - r.oy), float32(v[2] - r.ox), float32(v[3] - r.oy)
}

func (r *vectorRenderer) f6(p *[6]float64) (float32, float32, float32, float32, float32, float32) {
	return float32(p[0] - r.ox), float32(p[1] - r.oy), float32(p[2] - r.ox), float32(p[3] - r.oy),
		float32(p[4] - r.ox), float32(p[5] - r.oy)
}

// close closes an open subpath (fill closes every subpath implicitly).
func (r *vectorRenderer) close() {
	if r.open {
		r.z.ClosePath()
		r.open = false
	}
}

func (r *vectorRenderer) moveTo(x, y float64) {
	r.close()
	r.z.MoveTo(float32(x-r.ox), float32(y-r.oy))
	r.sx, r.sy, r.cx, r.cy = x, y, x, y
	r.open, r.has = true, true
}

// ensure starts a subpath at (x, y) when there is none, or reopens one at
// the current point after a closePath (canvas semantics).
func (r *vectorRenderer) ensure(x, y float64) {
	if !r.has {
		r.moveTo(x, y)
	} else if !r.open {
		r.moveTo(r.cx, r.cy)
	}
}

func (r *vectorRenderer) lineTo(x, y float64) {
	r.ensure(x, y)
	r.z.LineTo(float32(x-r.ox), float32(y-r.oy))
	r.cx, r.cy = x, y
}

// arc appends a clockwise arc as cubic Béziers of at most a quarter turn,
// joined to the current point by a line as canvas arc() does.
func (r *vectorRenderer) arc(cx, cy, rad, start, sweep float64) {
	x, y := cx+rad*math.Cos(start), cy+rad*math.Sin(start)
	if r.has && r.open {
		r.lineTo(x, y)
	} else {
		r.moveTo(x, y)
	}
	n := int(math.Ceil(sweep / (math.Pi / 2) * (1 - 1e-9)))
	if n < 1 {
		return
	}
	step := sweep / float64(n)
	k := 4.0 / 3 * math.Tan(step/4) * rad
	a := start
	for range n {
		b := a + step
		ca, sa, cb, sb := math.Cos(a), math.Sin(a), math.Cos(b), math.Sin(b)
		p := [6]float64{
			cx + rad*ca - k*sa, cy + rad*sa + k*ca,
			cx + rad*cb + k*sb, cy + rad*sb - k*cb,
			cx + rad*cb, cy + rad*sb,
		}
		r.z.CubeTo(r.f6(&p))
		a = b
	}
	r.cx, r.cy = cx+rad*math.Cos(a), cy+rad*math.Sin(a)
}

// shapeBounds bounds a shape by its points and control points (arcs by
// their circle).
func shapeBounds(s *shape) (x0, y0, x1, y1 float64) {
	if s.rect {
		return math.Min(s.x, s.x+s.w), math.Min(s.y, s.y+s.h), math.Max(s.x, s.x+s.w), math.Max(s.y, s.y+s.h)
	}
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	add := func(x, y float64) {
		x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
	}
	for _, sg := range s.segs {
		p := sg.p
		switch sg.kind {
		case segMove, segLine:
			add(p[0], p[1])
		case segQuad:
			add(p[0], p[1])
			add(p[2], p[3])
		case segCubic:
			add(p[0], p[1])
			add(p[2], p[3])
			add(p[4], p[5])
		case segArc:
			add(p[0]-p[2], p[1]-p[2])
			add(p[0]+p[2], p[1]+p[2])
		}
	}
	return
}

// gradImage is the gradient source for x/image/vector, which has none of
// its own: the colour of each pixel computed in At, at the pixel's centre,
// returned premultiplied.
type gradImage struct {
	g    *gradSpec
	rect image.Rectangle
}

func (m *gradImage) ColorModel() color.Model { return color.RGBAModel }
func (m *gradImage) Bounds() image.Rectangle { return m.rect }

func (m *gradImage) At(x, y int) color.Color {
	g := m.g
	px, py := float64(x)+0.5, float64(y)+0.5
	var t float64
	if g.radial {
		t = math.Hypot(px-g.x0, py-g.y0) / g.r
	} else {
		dx, dy := g.x1-g.x0, g.y1-g.y0
		t = ((px-g.x0)*dx + (py-g.y0)*dy) / (dx*dx + dy*dy)
	}
	return g.colorAt(t).premul()
}
