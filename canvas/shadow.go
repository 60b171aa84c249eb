package canvas

import (
	"bytes"
	"encoding/binary"
	"image"
	"math"

	"github.com/postercanvas/postercanvas/raster"
)

// shadowed reports whether fills draw a shadow: HTML draws one when the
// shadow colour is not transparent and the blur or an offset is not zero.
func (c *Context) shadowed(st *drawState) bool {
	return st.shadowColor.A != 0 && (st.shadowBlur > 0 || st.shadowX != 0 || st.shadowY != 0) &&
		finite(st.shadowX, st.shadowY, st.shadowBlur)
}

// maxShadowOffset bounds a shadow offset in device pixels: a shadow moved
// further than the largest canvas side is off the canvas anyway.
const maxShadowOffset = 1 << 20

// drawShadow composites the shadow of one fill under it, as HTML's shadow
// model says: the shape's alpha (coverage × paint alpha × globalAlpha)
// offset by the shadow offset in device pixels (× the pixel ratio, not
// transformed), blurred by a Gaussian of σ = shadowBlur/2 (× the pixel
// ratio), coloured with shadowColor and composited with the current
// operator within the clip. cover returns the shape's coverage moved by
// (dx, dy) device pixels, within rect.
//
// The work covers the shape's bounds grown by the blur's reach and cut to
// the canvas and clip grown by that reach, never the whole canvas.
func (c *Context) drawShadow(st *drawState, paint *raster.Paint, cover func(dx, dy float64, rect image.Rectangle) *raster.Mask) {
	ratio := c.opt.ratio
	dx := min(max(st.shadowX*ratio, -maxShadowOffset), maxShadowOffset)
	dy := min(max(st.shadowY*ratio, -maxShadowOffset), maxShadowOffset)
	sigma := st.shadowBlur * ratio / 2
	reach := raster.BlurReach(sigma)
	win := image.Rect(0, 0, c.pix.Width, c.pix.Height)
	if st.clip != nil {
		win = win.Intersect(st.clip.Rect)
	}
	if win.Empty() {
		return
	}
	m := cover(dx, dy, win.Inset(-reach))
	sp := raster.Paint{Color: premul(st.shadowColor), Alpha: paint.Alpha, Op: paint.Op}
	if m.Rect.Empty() {
		// No shadow lands on the canvas. An unbounded operator still
		// composites the (empty) shadow layer, which clears the canvas
		// within the clip before the shape is drawn, as Chromium does.
		if paint.Op.Unbounded() {
			c.r.FillMask(c.pix, m, 0, 0, &sp, st.clip)
		}
		return
	}
	if paint.Shader == nil {
		sp.Alpha *= float64(paint.Color.A) / 255
	} else if !paint.Shader.Opaque() {
		// The shadow of a translucent gradient or image follows the
		// paint's alpha, sampled where the shape is.
		m = shaderAlpha(m, paint.Shader, int(math.Round(dx)), int(math.Round(dy)))
	}
	if sigma > 0 {
		shape := m
		m = c.r.Blur(m, sigma, win)
		if hidden(st, paint) && dx == math.Trunc(dx) && dy == math.Trunc(dy) {
			// The shape will be painted opaque over its fully covered
			// pixels: the shadow there would be overwritten, so it is
			// not composited (the blurred mask is scratch, ours to edit).
			clearUnder(m, shape, int(dx), int(dy))
		}
	}
	c.r.FillMask(c.pix, m, 0, 0, &sp, st.clip)
}

// hidden reports whether a fill with this paint replaces every pixel it
// covers fully: source-over, an opaque paint, no clip.
func hidden(st *drawState, paint *raster.Paint) bool {
	if paint.Op != raster.OpSourceOver || st.clip != nil || paint.Alpha != 1 {
		return false
	}
	if paint.Shader != nil {
		return paint.Shader.Opaque()
	}
	return paint.Color.A == 255
}

// clearUnder zeroes the pixels of m where the shape is fully covered;
// shape is the shape's coverage moved by (dx, dy). Runs of full coverage
// are found once per distinct row.
func clearUnder(m, shape *raster.Mask, dx, dy int) {
	var runs [][2]int
	var prev []uint8
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		sy := y + dy
		if sy < shape.Rect.Min.Y || sy >= shape.Rect.Max.Y {
			continue
		}
		row := shape.Alpha[(sy-shape.Rect.Min.Y)*shape.Stride:][:shape.Rect.Dx()]
		if prev == nil || !bytes.Equal(row, prev) {
			runs = fullRuns(runs[:0], row)
			prev = row
		}
		out := m.Alpha[(y-m.Rect.Min.Y)*m.Stride:][:m.Rect.Dx()]
		for _, r := range runs {
			// Shape pixel x is at shape column x + dx.
			a := max(r[0]+shape.Rect.Min.X-dx, m.Rect.Min.X) - m.Rect.Min.X
			b := min(r[1]+shape.Rect.Min.X-dx, m.Rect.Max.X) - m.Rect.Min.X
			if a < b {
				clear(out[a:b])
			}
		}
	}
}

// fullRuns appends the [start, end) index ranges of row holding 255.
func fullRuns(runs [][2]int, row []uint8) [][2]int {
	const all, high = ^uint64(0), 0x8080808080808080
	n := len(row)
	for i := 0; i < n; {
		for i < n && row[i] != 255 {
			if i+8 <= n && binary.LittleEndian.Uint64(row[i:])&high == 0 {
				i += 8 // no byte ≥ 128 among these eight, so no 255
				continue
			}
			i++
		}
		s := i
		for i+8 <= n && binary.LittleEndian.Uint64(row[i:]) == all {
			i += 8
		}
		for i < n && row[i] == 255 {
			i++
		}
		if i > s {
			runs = append(runs, [2]int{s, i})
		}
	}
	return runs
}

// unionMask places masks (each moved by its offset) into one mask over
// their bounds, their alphas combined as source-over does: a + b − a·b.
func unionMask(ms []*raster.Mask, offs []image.Point) *raster.Mask {
	var r image.Rectangle
	for i, m := range ms {
		r = r.Union(m.Rect.Add(offs[i]))
	}
	out := &raster.Mask{Rect: r, Stride: r.Dx()}
	if r.Empty() {
		return out
	}
	out.Alpha = make([]uint8, r.Dx()*r.Dy())
	for i, m := range ms {
		pr := m.Rect.Add(offs[i])
		for y := pr.Min.Y; y < pr.Max.Y; y++ {
			src := m.Alpha[(y-pr.Min.Y)*m.Stride : (y-pr.Min.Y)*m.Stride+pr.Dx()]
			dst := out.Alpha[(y-r.Min.Y)*out.Stride+pr.Min.X-r.Min.X:]
			for x, a := range src {
				if a == 0 {
					continue
				}
				b := uint32(dst[x])
				v := (255 - uint32(a)) * b
				dst[x] = uint8(uint32(a) + (v+128+(v+128)>>8)>>8)
			}
		}
	}
	return out
}

// moveMask returns m shifted by (dx, dy) whole pixels, cut to rect,
// sharing m's pixels where it can.
func moveMask(m *raster.Mask, dx, dy int, rect image.Rectangle) *raster.Mask {
	r := m.Rect.Add(image.Point{dx, dy})
	cut := r.Intersect(rect)
	if cut.Empty() {
		return &raster.Mask{}
	}
	off := (cut.Min.Y-r.Min.Y)*m.Stride + cut.Min.X - r.Min.X
	return &raster.Mask{Rect: cut, Stride: m.Stride, Alpha: m.Alpha[off:]}
}

// shaderAlpha returns a copy of m multiplied by the alpha the shader paints
// at each pixel moved back by (dx, dy).
func shaderAlpha(m *raster.Mask, sh raster.Shader, dx, dy int) *raster.Mask {
	out := &raster.Mask{Rect: m.Rect, Stride: m.Rect.Dx(), Alpha: make([]uint8, m.Rect.Dx()*m.Rect.Dy())}
	w := m.Rect.Dx()
	buf := make([]byte, 4*w)
	for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
		sh.ShadeSpan(m.Rect.Min.X-dx, y-dy, buf)
		src := m.Alpha[(y-m.Rect.Min.Y)*m.Stride:]
		dst := out.Alpha[(y-m.Rect.Min.Y)*out.Stride:]
		for x := 0; x < w; x++ {
			a := uint32(binary.LittleEndian.Uint32(buf[4*x:]) >> 24)
			v := uint32(src[x]) * a
			dst[x] = uint8((v + 128 + (v+128)>>8) >> 8)
		}
	}
	return out
}
