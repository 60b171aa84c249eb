package canvas

import (
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
	if m.Rect.Empty() {
		return
	}
	sp := raster.Paint{Color: premul(st.shadowColor), Alpha: paint.Alpha, Op: paint.Op}
	if paint.Shader == nil {
		sp.Alpha *= float64(paint.Color.A) / 255
	} else if !paint.Shader.Opaque() {
		// The shadow of a translucent gradient or image follows the
		// paint's alpha, sampled where the shape is.
		m = shaderAlpha(m, paint.Shader, int(math.Round(dx)), int(math.Round(dy)))
	}
	if sigma > 0 {
		m = c.r.Blur(m, sigma, win)
	}
	c.r.FillMask(c.pix, m, 0, 0, &sp, st.clip)
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
