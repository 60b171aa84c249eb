package imagesrc

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"math"

	"github.com/postercanvas/postercanvas/raster"
)

// Colour management. Chromium converts an image with an embedded ICC
// profile to the canvas's sRGB when it draws it (a Display P3 photo from a
// phone looks different untagged). Here RGB matrix/TRC profiles — Display
// P3, Adobe RGB, ProPhoto, sRGB variants — are honoured the way skcms
// reads them: each channel through its tone curve, the colorant matrix to
// XYZ (D50), sRGB's inverse matrix, sRGB's curve, rounded to 8 bits.
// Profiles of other kinds (LUT-based, CMYK, grey) and malformed ones are
// ignored, as if untagged.

// maxICCBytes bounds the profile we assemble or inflate.
const maxICCBytes = 4 << 20

// jpegICC concatenates the APP2 "ICC_PROFILE" segments of a JPEG in
// sequence order, or returns nil.
func jpegICC(b []byte) []byte {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return nil
	}
	parts := map[int][]byte{}
	count := 0
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return nil
		}
		m := b[i+1]
		if m == 0xff {
			i++
			continue
		}
		if m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7) {
			i += 2
			continue
		}
		if m == 0xda || m == 0xd9 {
			break
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return nil
		}
		seg := b[i+4 : i+2+n]
		if m == 0xe2 && len(seg) > 14 && string(seg[:12]) == "ICC_PROFILE\x00" {
			parts[int(seg[12])] = seg[14:]
			count = int(seg[13])
		}
		i += 2 + n
	}
	if count == 0 || len(parts) != count {
		return nil
	}
	var out []byte
	for k := 1; k <= count; k++ {
		p, ok := parts[k]
		if !ok || len(out)+len(p) > maxICCBytes {
			return nil
		}
		out = append(out, p...)
	}
	return out
}

// pngICC returns the inflated profile of a PNG's iCCP chunk (before the
// image data), or nil.
func pngICC(b []byte) []byte {
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || n > len(b)-i-12 {
			return nil
		}
		switch string(b[i+4 : i+8]) {
		case "iCCP":
			d := b[i+8 : i+8+n]
			z := bytes.IndexByte(d, 0)
			if z < 0 || z+2 > len(d) || d[z+1] != 0 {
				return nil
			}
			r, err := zlib.NewReader(bytes.NewReader(d[z+2:]))
			if err != nil {
				return nil
			}
			p, err := io.ReadAll(io.LimitReader(r, maxICCBytes+1))
			if err != nil || len(p) > maxICCBytes {
				return nil
			}
			return p
		case "IDAT", "IEND":
			return nil
		}
		i += 12 + n
	}
	return nil
}

// webpICC returns the ICCP chunk of an extended WebP, or nil.
func webpICC(b []byte) []byte {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return nil
	}
	for i := 12; i+8 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		if n < 0 || n > len(b)-i-8 {
			return nil
		}
		switch string(b[i : i+4]) {
		case "ICCP":
			if n > maxICCBytes {
				return nil
			}
			return b[i+8 : i+8+n]
		case "VP8 ", "VP8L", "ANIM":
			return nil
		}
		i += 8 + n + n&1
	}
	return nil
}

// pngGamma returns the gamma of a PNG's gAMA chunk when it is the only
// colour information (no sRGB or iCCP chunk) and makes a difference.
// Chromium then decodes samples as linear = sample^(1/gamma) in sRGB's
// gamut (measured: gamma 1.0 turns 17 into 73, 0.5 turns 17 into 14), but
// leaves the image alone when gamma·2.2 is within 5 % of 1 (measured:
// 0.434 and 0.477 untouched, 0.43 and 0.48 converted) — libpng's
// "significant gamma" threshold.
func pngGamma(b []byte) (float64, bool) {
	var g float64
	for i := 8; i+8 <= len(b); {
		n := int(binary.BigEndian.Uint32(b[i:]))
		if n < 0 || n > len(b)-i-12 {
			break
		}
		switch string(b[i+4 : i+8]) {
		case "sRGB", "iCCP":
			return 0, false
		case "gAMA":
			if n == 4 {
				g = float64(binary.BigEndian.Uint32(b[i+8:])) / 100000
			}
		case "IDAT", "IEND":
			i = len(b)
			continue
		}
		i += 12 + n
	}
	if g <= 0 || math.Abs(g*2.2-1) < 0.05 {
		return 0, false
	}
	return g, true
}

// profileOf returns the colour profile an encoded image declares, or nil
// for sRGB or none.
func profileOf(format string, data []byte) *colorProfile {
	if icc := iccOf(format, data); icc != nil {
		return parseICC(icc)
	}
	if format == FormatPNG {
		if g, ok := pngGamma(data); ok {
			c := curve{g: 1 / g, a: 1}
			return &colorProfile{toXYZ: srgbToXYZD50, trc: [3]curve{c, c, c}}
		}
	}
	return nil
}

// iccOf returns the embedded profile of an encoded image, or nil.
func iccOf(format string, data []byte) []byte {
	switch format {
	case FormatJPEG:
		return jpegICC(data)
	case FormatPNG:
		return pngICC(data)
	case FormatWebP:
		return webpICC(data)
	}
	return nil
}

// curve is an ICC tone curve: parametric (ICC types 0–4) or a table.
type curve struct {
	g, a, b, c, d, e, f float64
	table               []float64 // if not nil, sampled curve over [0, 1]
}

func (c *curve) eval(x float64) float64 {
	if c.table != nil {
		t := x * float64(len(c.table)-1)
		i := int(t)
		if i >= len(c.table)-1 {
			return c.table[len(c.table)-1]
		}
		fr := t - float64(i)
		return c.table[i]*(1-fr) + c.table[i+1]*fr
	}
	if x >= c.d {
		return math.Pow(c.a*x+c.b, c.g) + c.e
	}
	return c.c*x + c.f
}

// colorProfile is a parsed RGB matrix/TRC profile.
type colorProfile struct {
	toXYZ [3][3]float64 // columns: the R, G and B colorants (D50)
	trc   [3]curve
}

func s15(b []byte) float64 { return float64(int32(binary.BigEndian.Uint32(b))) / 65536 }

// parseICC reads an RGB display profile's colorants and curves. It returns
// nil for anything else.
func parseICC(p []byte) *colorProfile {
	if len(p) < 132 || string(p[36:40]) != "acsp" || string(p[16:20]) != "RGB " || string(p[20:24]) != "XYZ " {
		return nil
	}
	if size := binary.BigEndian.Uint32(p); size < 132 || int(size) > len(p) {
		return nil
	} else {
		p = p[:size]
	}
	n := int(binary.BigEndian.Uint32(p[128:]))
	if n > (len(p)-132)/12 {
		return nil
	}
	tags := map[string][]byte{}
	for k := 0; k < n; k++ {
		e := p[132+12*k:]
		off, size := binary.BigEndian.Uint32(e[4:]), binary.BigEndian.Uint32(e[8:])
		if uint64(off)+uint64(size) > uint64(len(p)) {
			return nil
		}
		tags[string(e[:4])] = p[off : off+size]
	}
	if tags["A2B0"] != nil {
		return nil // LUT-based: not handled
	}
	var cp colorProfile
	for ch, sig := range []string{"rXYZ", "gXYZ", "bXYZ"} {
		t := tags[sig]
		if len(t) < 20 || string(t[:4]) != "XYZ " {
			return nil
		}
		for r := range 3 {
			cp.toXYZ[r][ch] = s15(t[8+4*r:])
		}
	}
	for ch, sig := range []string{"rTRC", "gTRC", "bTRC"} {
		c, ok := parseCurve(tags[sig])
		if !ok {
			return nil
		}
		cp.trc[ch] = c
	}
	return &cp
}

func parseCurve(t []byte) (curve, bool) {
	if len(t) < 12 {
		return curve{}, false
	}
	switch string(t[:4]) {
	case "curv":
		n := int(binary.BigEndian.Uint32(t[8:]))
		switch {
		case n == 0:
			return curve{g: 1, a: 1}, true
		case n == 1 && len(t) >= 14:
			return curve{g: float64(binary.BigEndian.Uint16(t[12:])) / 256, a: 1}, true
		case n >= 2 && n <= 1<<16 && len(t) >= 12+2*n:
			tab := make([]float64, n)
			for i := range tab {
				tab[i] = float64(binary.BigEndian.Uint16(t[12+2*i:])) / 65535
			}
			return curve{table: tab}, true
		}
	case "para":
		fn := binary.BigEndian.Uint16(t[8:])
		np := [...]int{1, 3, 4, 5, 7}
		if int(fn) >= len(np) || len(t) < 12+4*np[fn] {
			return curve{}, false
		}
		v := make([]float64, 7)
		for i := range np[fn] {
			v[i] = s15(t[12+4*i:])
		}
		c := curve{g: v[0], a: 1}
		switch fn {
		case 1: // (ax+b)^g for x >= -b/a, else 0
			c.a, c.b = v[1], v[2]
			if c.a != 0 {
				c.d = -c.b / c.a
			}
		case 2: // (ax+b)^g + c for x >= -b/a, else c
			c.a, c.b, c.e, c.f = v[1], v[2], v[3], v[3]
			if c.a != 0 {
				c.d = -c.b / c.a
			}
		case 3:
			c.a, c.b, c.c, c.d = v[1], v[2], v[3], v[4]
		case 4:
			c.a, c.b, c.c, c.d, c.e, c.f = v[1], v[2], v[3], v[4], v[5], v[6]
		}
		return c, true
	}
	return curve{}, false
}

// sRGB's colorants adapted to D50, as skcms's sRGB profile has them.
var srgbToXYZD50 = [3][3]float64{
	{0.436065674, 0.385147095, 0.143066406},
	{0.222488403, 0.716873169, 0.060607910},
	{0.013916016, 0.097076416, 0.714096069},
}

func srgbEncode(x float64) float64 {
	if x <= 0.0031308 {
		return 12.92 * x
	}
	return 1.055*math.Pow(x, 1/2.4) - 0.055
}

func inv3(m [3][3]float64) [3][3]float64 {
	a, b, c := m[0][0], m[0][1], m[0][2]
	d, e, f := m[1][0], m[1][1], m[1][2]
	g, h, i := m[2][0], m[2][1], m[2][2]
	det := a*(e*i-f*h) - b*(d*i-f*g) + c*(d*h-e*g)
	return [3][3]float64{
		{(e*i - f*h) / det, (c*h - b*i) / det, (b*f - c*e) / det},
		{(f*g - d*i) / det, (a*i - c*g) / det, (c*d - a*f) / det},
		{(d*h - e*g) / det, (b*g - a*h) / det, (a*e - b*d) / det},
	}
}

func mul3(x, y [3][3]float64) (z [3][3]float64) {
	for r := range 3 {
		for c := range 3 {
			for k := range 3 {
				z[r][c] += x[r][k] * y[k][c]
			}
		}
	}
	return z
}

// colorTransform maps 8-bit profile RGB to 8-bit sRGB.
type colorTransform struct {
	lin [3][256]float32 // per channel: code value -> linear
	m   [3][3]float32   // linear profile RGB -> linear sRGB
	enc []uint8         // linear [0, 1] in encSteps steps -> sRGB code
}

const encSteps = 1 << 14

// newColorTransform returns nil when p is (within rounding) sRGB itself.
func newColorTransform(p *colorProfile) *colorTransform {
	m := mul3(inv3(srgbToXYZD50), p.toXYZ)
	identity := true
	for r := range 3 {
		for c := range 3 {
			want := 0.0
			if r == c {
				want = 1
			}
			if math.Abs(m[r][c]-want) > 2e-3 {
				identity = false
			}
		}
	}
	t := &colorTransform{enc: make([]uint8, encSteps+1)}
	for ch := range 3 {
		for v := range 256 {
			x := float64(v) / 255
			l := p.trc[ch].eval(x)
			t.lin[ch][v] = float32(l)
			if math.Abs(srgbEncode(max(0, min(1, l)))-x) > 0.4/255 {
				identity = false
			}
		}
	}
	if identity {
		return nil
	}
	for r := range 3 {
		for c := range 3 {
			t.m[r][c] = float32(m[r][c])
		}
	}
	for i := range t.enc {
		t.enc[i] = uint8(srgbEncode(float64(i)/encSteps)*255 + 0.5)
	}
	return t
}

func (t *colorTransform) encode(x float32) uint8 {
	if !(x > 0) {
		return 0
	}
	if x >= 1 {
		return 255
	}
	return t.enc[int(x*encSteps+0.5)]
}

// apply converts pm in place. Translucent pixels are unpremultiplied,
// converted and premultiplied again.
func (t *colorTransform) apply(pm *raster.Pixmap) {
	for y := 0; y < pm.Height; y++ {
		row := pm.Pix[y*pm.Stride:][:4*pm.Width]
		for i := 0; i < len(row); i += 4 {
			p := row[i : i+4 : i+4]
			a := p[3]
			if a == 0 {
				continue
			}
			r, g, b := p[0], p[1], p[2]
			if a != 0xff {
				r = uint8(min(255, (uint32(r)*255+uint32(a)/2)/uint32(a)))
				g = uint8(min(255, (uint32(g)*255+uint32(a)/2)/uint32(a)))
				b = uint8(min(255, (uint32(b)*255+uint32(a)/2)/uint32(a)))
			}
			lr, lg, lb := t.lin[0][r], t.lin[1][g], t.lin[2][b]
			or := t.encode(t.m[0][0]*lr + t.m[0][1]*lg + t.m[0][2]*lb)
			og := t.encode(t.m[1][0]*lr + t.m[1][1]*lg + t.m[1][2]*lb)
			ob := t.encode(t.m[2][0]*lr + t.m[2][1]*lg + t.m[2][2]*lb)
			if a != 0xff {
				or, og, ob = mul255(or, a), mul255(og, a), mul255(ob, a)
			}
			p[0], p[1], p[2] = or, og, ob
		}
	}
}
