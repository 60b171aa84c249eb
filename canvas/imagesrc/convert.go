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
//
// format says whose YCbCr conventions apply: for FormatJPEG, chroma is
// upsampled and converted as libjpeg-turbo does (Chromium's JPEG decoder);
// otherwise as image/color does, each pixel taking the chroma sample that
// covers it.
func toPixmap(img image.Image, format string) *raster.Pixmap {
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
		switch {
		case format == FormatJPEG && ycbcrFancy(pm, m):
		case format == FormatWebP && vp8ToRGBA(pm, m, nil, 0):
		default:
			ycbcrToRGBA(pm, m, nil, 0, format == FormatJPEG)
		}
		return pm
	case *image.NYCbCrA:
		pm := newPixmap(w, h)
		if format != FormatWebP || !vp8ToRGBA(pm, &m.YCbCr, m.A, m.AStride) {
			ycbcrToRGBA(pm, &m.YCbCr, m.A, m.AStride, false)
		}
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

// ycbcrToRGBA converts with the fixed-point arithmetic of
// color.YCbCrToRGB (so pixels equal what At would give), or with libjpeg's
// if jpegMath, chroma taken from the sample covering each pixel. If alpha
// is not nil the result is premultiplied by it.
func ycbcrToRGBA(pm *raster.Pixmap, m *image.YCbCr, alpha []byte, aStride int, jpegMath bool) {
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
			var r, g, bl uint8
			if jpegMath {
				r, g, bl = jccToRGB(yy, m.Cb[ci], m.Cr[ci])
			} else {
				r, g, bl = yccToRGB(yy, m.Cb[ci], m.Cr[ci])
			}
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

// libjpeg's YCbCr→RGB (jdcolor.c, 16-bit fixed point with rounding
// constants folded into the tables).
var (
	crR, cbB [256]int32
	crG, cbG [256]int32
)

func init() {
	const half = 1 << 15
	for i := range 256 {
		x := int32(i - 128)
		crR[i] = (91881*x + half) >> 16
		cbB[i] = (116130*x + half) >> 16
		crG[i] = -46802 * x
		cbG[i] = -22554*x + half
	}
}

func clamp255(v int32) uint8 {
	if uint32(v) <= 255 {
		return uint8(v)
	}
	if v < 0 {
		return 0
	}
	return 255
}

func jccToRGB(y, cb, cr uint8) (uint8, uint8, uint8) {
	yy := int32(y)
	return clamp255(yy + crR[cr]), clamp255(yy + (cbG[cb]+crG[cr])>>16), clamp255(yy + cbB[cb])
}

// ycbcrFancy converts 4:2:0, 4:2:2 and 4:4:0 images as libjpeg-turbo does by
// default (do_fancy_upsampling): chroma is upsampled with a triangle
// filter — each output sample 3/4 of the nearer input sample and 1/4 of the
// next, in each subsampled direction, edges replicated — before libjpeg's
// colour conversion. It reports false for other layouts.
func ycbcrFancy(pm *raster.Pixmap, m *image.YCbCr) bool {
	b := m.Rect
	if b.Min != (image.Point{}) {
		return false
	}
	var h2, v2 bool
	switch m.SubsampleRatio {
	case image.YCbCrSubsampleRatio420:
		h2, v2 = true, true
	case image.YCbCrSubsampleRatio422:
		h2 = true
	case image.YCbCrSubsampleRatio440:
		v2 = true
	default:
		return false
	}
	w, h := b.Dx(), b.Dy()
	cw, ch := w, h
	if h2 {
		cw = (w + 1) >> 1
	}
	if v2 {
		ch = (h + 1) >> 1
	}
	cb := make([]byte, 2*cw)
	cr := make([]byte, 2*cw)
	sumB := make([]int32, cw)
	sumR := make([]int32, cw)
	for y := 0; y < h; y++ {
		if !h2 { // h1v2: vertical triangle only, biases 1 and 2
			cy := y >> 1
			ny, bias := cy-1, int32(1)
			if y&1 == 1 {
				ny, bias = cy+1, 2
			}
			ny = max(0, min(ny, ch-1))
			r0, r1 := m.Cb[cy*m.CStride:][:cw], m.Cb[ny*m.CStride:][:cw]
			s0, s1 := m.Cr[cy*m.CStride:][:cw], m.Cr[ny*m.CStride:][:cw]
			for i := range cw {
				cb[i] = byte((3*int32(r0[i]) + int32(r1[i]) + bias) >> 2)
				cr[i] = byte((3*int32(s0[i]) + int32(s1[i]) + bias) >> 2)
			}
		} else if v2 {
			cy := y >> 1
			ny := cy - 1 // the other chroma row: above for even rows, below for odd
			if y&1 == 1 {
				ny = cy + 1
			}
			ny = max(0, min(ny, ch-1))
			r0, r1 := m.Cb[cy*m.CStride:][:cw], m.Cb[ny*m.CStride:][:cw]
			s0, s1 := m.Cr[cy*m.CStride:][:cw], m.Cr[ny*m.CStride:][:cw]
			for i := range cw {
				sumB[i] = 3*int32(r0[i]) + int32(r1[i])
				sumR[i] = 3*int32(s0[i]) + int32(s1[i])
			}
			jpegRowH2(pm.Pix[y*pm.Stride:][:4*w], m.Y[y*m.YStride:][:w], sumB, sumR, 4, 8, 7)
			continue
		} else {
			r0 := m.Cb[y*m.CStride:][:cw]
			s0 := m.Cr[y*m.CStride:][:cw]
			for i := range cw {
				sumB[i] = int32(r0[i])
				sumR[i] = int32(s0[i])
			}
			jpegRowH2(pm.Pix[y*pm.Stride:][:4*w], m.Y[y*m.YStride:][:w], sumB, sumR, 2, 1, 2)
			continue
		}
		jpegRow(pm.Pix[y*pm.Stride:][:4*w], m.Y[y*m.YStride:][:w], cb[:w], cr[:w])
	}
	return true
}

// jpegRowH2 upsamples a row of chroma column values horizontally (libjpeg's
// triangle filter: output 2i is (3·s[i] + s[i-1] + b1) >> shift, output 2i+1 is
// (3·s[i] + s[i+1] + b2) >> shift, neighbours clamped at the ends, which
// is exactly jdsample.c's edge handling) and converts the pixels in the
// same pass.
func jpegRowH2(dst, y []byte, sb, sr []int32, shift uint, b1, b2 int32) {
	w := len(y)
	n := len(sb)
	sr = sr[:n]
	dst = dst[:4*w]
	prevB, prevR := sb[0], sr[0]
	for i := 0; i < n; i++ {
		curB, curR := sb[i], sr[i]
		nextB, nextR := curB, curR
		if i+1 < n {
			nextB, nextR = sb[i+1], sr[i+1]
		}
		b3, r3 := 3*curB, 3*curR
		cb0 := uint8((b3 + prevB + b1) >> shift)
		cr0 := uint8((r3 + prevR + b1) >> shift)
		prevB, prevR = curB, curR
		x := 2 * i
		gc := (cbG[cb0] + crG[cr0]) >> 16
		rc, bc := crR[cr0], cbB[cb0]
		yy := int32(y[x])
		r, g, b := yy+rc, yy+gc, yy+bc
		d := dst[4*x : 4*x+4 : 4*x+4]
		if uint32(r|g|b) <= 255 {
			d[0], d[1], d[2], d[3] = uint8(r), uint8(g), uint8(b), 0xff
		} else {
			d[0], d[1], d[2], d[3] = clamp255(r), clamp255(g), clamp255(b), 0xff
		}
		if x+1 >= w {
			break
		}
		cb1 := uint8((b3 + nextB + b2) >> shift)
		cr1 := uint8((r3 + nextR + b2) >> shift)
		gc = (cbG[cb1] + crG[cr1]) >> 16
		rc, bc = crR[cr1], cbB[cb1]
		yy = int32(y[x+1])
		r, g, b = yy+rc, yy+gc, yy+bc
		d = dst[4*x+4 : 4*x+8 : 4*x+8]
		if uint32(r|g|b) <= 255 {
			d[0], d[1], d[2], d[3] = uint8(r), uint8(g), uint8(b), 0xff
		} else {
			d[0], d[1], d[2], d[3] = clamp255(r), clamp255(g), clamp255(b), 0xff
		}
	}
}

// jpegRow converts one row with libjpeg's colour tables (jdcolor.c).
func jpegRow(dst, y, cb, cr []byte) {
	dst = dst[:4*len(y)]
	cb = cb[:len(y)]
	cr = cr[:len(y)]
	for x, yv := range y {
		yy := int32(yv)
		cbv, crv := cb[x], cr[x]
		r := yy + crR[crv]
		g := yy + (cbG[cbv]+crG[crv])>>16
		b := yy + cbB[cbv]
		d := dst[4*x : 4*x+4 : 4*x+4]
		if uint32(r|g|b) <= 255 {
			d[0], d[1], d[2], d[3] = uint8(r), uint8(g), uint8(b), 0xff
		} else {
			d[0], d[1], d[2], d[3] = clamp255(r), clamp255(g), clamp255(b), 0xff
		}
	}
}
