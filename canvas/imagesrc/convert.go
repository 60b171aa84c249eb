package imagesrc

import (
	"image"
	"image/color"
	"image/draw"

	"github.com/postercanvas/postercanvas/raster"
)

// toPixmap converts a decoded image to premultiplied RGBA8. The types the
// decoders return for ordinary files (RGBA, NRGBA, YCbCr, NYCbCrA,
// Paletted, Gray) are converted with direct loops over their buffers;
// anything else (16-bit PNG, CMYK JPEG) goes through image/draw.
func toPixmap(img image.Image) *raster.Pixmap {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := img.(type) {
	case *image.RGBA: // already premultiplied: share the decoder's buffer
		if b.Min == (image.Point{}) {
			return raster.FromImage(m)
		}
	case *image.NRGBA:
		pm := newPixmap(w, h)
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:4*w]
			premultiplyRow(pm.Pix[y*pm.Stride:][:4*w], src)
		}
		return pm
	case *image.YCbCr:
		pm := newPixmap(w, h)
		ycbcrToRGBA(pm, m, nil, 0)
		return pm
	case *image.NYCbCrA:
		pm := newPixmap(w, h)
		ycbcrToRGBA(pm, &m.YCbCr, m.A, m.AStride)
		return pm
	case *image.Paletted:
		var lut [256][4]byte
		for i, c := range m.Palette {
			if i >= 256 {
				break
			}
			n := color.NRGBAModel.Convert(c).(color.NRGBA)
			lut[i] = [4]byte{mul255(n.R, n.A), mul255(n.G, n.A), mul255(n.B, n.A), n.A}
		}
		pm := newPixmap(w, h)
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:w]
			dst := pm.Pix[y*pm.Stride:][:4*w]
			for x, ix := range src {
				copy(dst[4*x:4*x+4], lut[ix][:])
			}
		}
		return pm
	case *image.Gray:
		pm := newPixmap(w, h)
		for y := 0; y < h; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, b.Min.Y+y):][:w]
			dst := pm.Pix[y*pm.Stride:][:4*w]
			for x, v := range src {
				d := dst[4*x : 4*x+4 : 4*x+4]
				d[0], d[1], d[2], d[3] = v, v, v, 0xff
			}
		}
		return pm
	}
	pm := newPixmap(w, h)
	draw.Draw(pm.Image(), pm.Image().Bounds(), img, b.Min, draw.Src)
	return pm
}

func newPixmap(w, h int) *raster.Pixmap {
	return &raster.Pixmap{Width: w, Height: h, Stride: 4 * w, Pix: make([]byte, 4*w*h)}
}

// mul255 is round(a·b/255), exact for all 8-bit inputs (Skia's
// SkMulDiv255Round, which Chromium uses to premultiply decoded pixels).
func mul255(a, b uint8) uint8 {
	p := uint32(a)*uint32(b) + 128
	return uint8((p + p>>8) >> 8)
}

func premultiplyRow(dst, src []byte) {
	for i := 0; i+3 < len(src); i += 4 {
		s := src[i : i+4 : i+4]
		d := dst[i : i+4 : i+4]
		a := s[3]
		switch a {
		case 0xff:
			d[0], d[1], d[2], d[3] = s[0], s[1], s[2], 0xff
		case 0:
			d[0], d[1], d[2], d[3] = 0, 0, 0, 0
		default:
			d[0], d[1], d[2], d[3] = mul255(s[0], a), mul255(s[1], a), mul255(s[2], a), a
		}
	}
}

// ycbcrToRGBA converts with the same fixed-point arithmetic as
// color.YCbCrToRGB (so pixels equal what image/jpeg's At would give),
// chroma taken from the sample covering each pixel. If alpha is not nil the
// result is premultiplied by it.
func ycbcrToRGBA(pm *raster.Pixmap, m *image.YCbCr, alpha []byte, aStride int) {
	b := m.Rect
	w, h := b.Dx(), b.Dy()
	var hs, vs int // chroma subsampling shifts
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio422:
		hs = 1
	case image.YCbCrSubsampleRatio420:
		hs, vs = 1, 1
	case image.YCbCrSubsampleRatio440:
		vs = 1
	case image.YCbCrSubsampleRatio411:
		hs = 2
	case image.YCbCrSubsampleRatio410:
		hs, vs = 2, 1
	}
	// Chroma for pixel x (absolute) lives at column (x>>hs) - (Min.X>>hs),
	// as image.YCbCr.COffset computes it.
	cx0 := b.Min.X >> hs
	for y := 0; y < h; y++ {
		ay := b.Min.Y + y
		yrow := m.Y[(ay-b.Min.Y)*m.YStride:][:w]
		crow := (ay>>vs - b.Min.Y>>vs) * m.CStride
		dst := pm.Pix[y*pm.Stride:][:4*w]
		var arow []byte
		if alpha != nil {
			arow = alpha[y*aStride:][:w]
		}
		for x, yy := range yrow {
			ci := crow + (b.Min.X+x)>>hs - cx0
			r, g, bl := yccToRGB(yy, m.Cb[ci], m.Cr[ci])
			d := dst[4*x : 4*x+4 : 4*x+4]
			if arow == nil {
				d[0], d[1], d[2], d[3] = r, g, bl, 0xff
				continue
			}
			a := arow[x]
			d[0], d[1], d[2], d[3] = mul255(r, a), mul255(g, a), mul255(bl, a), a
		}
	}
}

// yccToRGB is color.YCbCrToRGB, inlined.
func yccToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy1 := int32(y) * 0x10101
	cb1 := int32(cb) - 128
	cr1 := int32(cr) - 128
	r := yy1 + 91881*cr1
	if uint32(r)&0xff000000 == 0 {
		r >>= 16
	} else {
		r = ^(r >> 31)
	}
	g := yy1 - 22554*cb1 - 46802*cr1
	if uint32(g)&0xff000000 == 0 {
		g >>= 16
	} else {
		g = ^(g >> 31)
	}
	bl := yy1 + 116130*cb1
	if uint32(bl)&0xff000000 == 0 {
		bl >>= 16
	} else {
		bl = ^(bl >> 31)
	}
	return uint8(r), uint8(g), uint8(bl)
}
