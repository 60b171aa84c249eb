package imagesrc

import (
	"image"

	"github.com/postercanvas/postercanvas/raster"
)

// VP8 (lossy WebP) stores BT.601 limited-range YUV 4:2:0, not JFIF's
// full range that image.YCbCr's colour model assumes. vp8ToRGBA converts
// it as libwebp does (Chromium's WebP decoder): the "fancy" upsampler
// (each output chroma sample (9·near + 3·side + 3·vertical + far)/16,
// computed in two rounded steps, edges mirrored) and libwebp's 14-bit
// fixed-point YUV→RGB. If alpha is not nil the result is premultiplied
// with libwebp's rounding (x·a·⌊2²⁴/255⌋ + 2²³) >> 24.
func vp8ToRGBA(pm *raster.Pixmap, m *image.YCbCr, alpha []byte, aStride int) bool {
	b := m.Rect
	if b.Min != (image.Point{}) || m.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		return false
	}
	w, h := b.Dx(), b.Dy()
	cw, ch := (w+1)>>1, (h+1)>>1
	u := make([]byte, w)
	v := make([]byte, w)
	for y := 0; y < h; y++ {
		// Output row 0 and, for even heights, the last row take one
		// chroma row; row 2k-1 is the upper and row 2k the lower row of
		// the pair between chroma rows k-1 and k.
		k := (y + 1) >> 1
		top, cur := max(k-1, 0), min(k, ch-1)
		upper := y&1 == 1 || y == 0
		if y == 0 {
			top, cur = 0, 0
		}
		vp8UpsampleRow(u, m.Cb[top*m.CStride:][:cw], m.Cb[cur*m.CStride:][:cw], upper)
		vp8UpsampleRow(v, m.Cr[top*m.CStride:][:cw], m.Cr[cur*m.CStride:][:cw], upper)
		yrow := m.Y[y*m.YStride:][:w]
		dst := pm.Pix[y*pm.Stride:][:4*w]
		var arow []byte
		if alpha != nil {
			arow = alpha[y*aStride:][:w]
		}
		for x, yy := range yrow {
			mh := int32(yy) * 19077 >> 8
			r := vp8Clip(mh + int32(v[x])*26149>>8 - 14234)
			g := vp8Clip(mh - int32(u[x])*6419>>8 - int32(v[x])*13320>>8 + 8708)
			bl := vp8Clip(mh + int32(u[x])*33050>>8 - 17685)
			d := dst[4*x : 4*x+4 : 4*x+4]
			if arow == nil || arow[x] == 0xff {
				d[0], d[1], d[2], d[3] = r, g, bl, 0xff
				continue
			}
			a := arow[x]
			mult := uint32(a) * (1 << 24 / 255)
			d[0] = uint8((uint32(r)*mult + 1<<23) >> 24)
			d[1] = uint8((uint32(g)*mult + 1<<23) >> 24)
			d[2] = uint8((uint32(bl)*mult + 1<<23) >> 24)
			d[3] = a
		}
	}
	return true
}

func vp8Clip(v int32) uint8 {
	if v&^16383 == 0 {
		return uint8(v >> 6)
	}
	if v < 0 {
		return 0
	}
	return 255
}

// vp8UpsampleRow fills out (the output width) with chroma for one output
// row between chroma rows t (top) and c (current); upper says the output
// row is nearer t.
func vp8UpsampleRow(out, t, c []byte, upper bool) {
	n := len(out)
	near, far := t, c
	if !upper {
		near, far = c, t
	}
	out[0] = byte((3*int32(near[0]) + int32(far[0]) + 2) >> 2)
	for x := 1; 2*x-1 < n; x++ {
		tl, tt := int32(t[x-1]), int32(t[min(x, len(t)-1)])
		l, cc := int32(c[x-1]), int32(c[min(x, len(c)-1)])
		avg := tl + tt + l + cc + 8
		d12 := (avg + 2*(tt+l)) >> 3
		d03 := (avg + 2*(tl+cc)) >> 3
		var o0, o1 int32
		if upper {
			o0, o1 = (d12+tl)>>1, (d03+tt)>>1
		} else {
			o0, o1 = (d03+l)>>1, (d12+cc)>>1
		}
		out[2*x-1] = byte(o0)
		if 2*x < n {
			out[2*x] = byte(o1)
		}
	}
	if n&1 == 0 && n > 1 {
		// The last column of an even width takes the last chroma column.
		x := len(t) - 1
		out[n-1] = byte((3*int32(near[x]) + int32(far[x]) + 2) >> 2)
	}
}
