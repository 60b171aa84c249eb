package gradient

import (
	"encoding/binary"
	"math"
	"runtime"
	"sync"
	"weak"

	"github.com/postercanvas/postercanvas/raster"
)

// Filter selects how an image shader samples its pixels.
type Filter uint8

const (
	// FilterMipmap is Chromium's default smoothing (imageSmoothingEnabled
	// true, quality "low"), measured against the oracle: bilinear
	// interpolation with 4-bit weights between the four nearest texels
	// (Skia's SkBitmapProcState), on the mipmap level nearest to the scale
	// when the image is shrunk (SkMipmapMode::kNearest).
	FilterMipmap Filter = iota
	// FilterBilinear is bilinear on the full image whatever the scale
	// (aliases under strong downscaling).
	FilterBilinear
	// FilterNearest takes the texel under the sample point
	// (imageSmoothingEnabled = false).
	FilterNearest
	// FilterHigh is our high-quality mode (imageSmoothingQuality "high"
	// is not in the oracle's reach): Catmull-Rom bicubic when the image is
	// not shrunk; when it is, bilinear on the two mipmap levels around the
	// scale, blended (trilinear).
	FilterHigh
)

// Tile is what an image shader paints outside the image.
type Tile uint8

const (
	// TileClamp repeats the edge texels (drawImage).
	TileClamp Tile = iota
	// TileRepeat repeats the image (pattern "repeat").
	TileRepeat
	// TileDecal is transparent outside the image (the unrepeated axis of a
	// pattern).
	TileDecal
)

// imageShader samples a premultiplied image through the inverse of the
// image-to-device transform. Coordinates are Skia's: the device pixel
// centre (x+0.5, y+0.5) is mapped in float32 and then stepped along the
// span in 32.32 fixed point. Under scale and translation (clamp or repeat
// tiles) bilinear weights are 4 bits per axis, the texel pair starting
// half a texel left of and above the sample point (SkBitmapProcState);
// otherwise they are 8-bit, rounded (Skia's raster pipeline).
type imageShader struct {
	img    *raster.Pixmap
	w, h   int
	inv    [6]float32 // A B C D E F of the inverse transform, device -> image
	du, dv int64      // per-pixel step in 32.32
	filter Filter     // FilterNearest or FilterBilinear after set-up
	tx, ty Tile
	// legacy: the transform only scales and translates and no axis is
	// decal, where Skia samples with SkBitmapProcState (4-bit weights);
	// otherwise its raster pipeline interpolates in floats.
	legacy bool
	// copyX, copyY: nearest sampling under an integer translation; the
	// texel of device pixel (x, y) is (x+copyX, y+copyY).
	copyRows     bool
	copyX, copyY int
	opaque       bool
	// the column table of bilinearScaleClamp, for spans starting at colX
	colOK bool
	colX  int
	cols  []uint32
	simd  bool // the row passes run in AVX2 (v in R, G, B, A words)
	// the vertically blended row of bilinearScaleClamp (spread lanes)
	vrow               []uint64
	vOK                bool
	vy0, vy1, vlo, vhi int
	vwy                uint64
	// FilterHigh: cubic sampling (enlarging), or a blend with the next
	// mipmap level (shrinking) by nextT/256.
	cubic bool
	next  *imageShader
	nextT uint64
	buf   []byte
}

// NewImage returns a shader painting img under m, the transform from
// image pixel space to device space, sampled with f and tiled with tx, ty.
// ok is false when m is singular (nothing is painted) or img is empty.
// img must not change afterwards: its mipmap levels and opacity are
// cached with it (for as long as it lives), so that every draw of a
// shared decoded image reuses them.
func NewImage(img *raster.Pixmap, m raster.Matrix, f Filter, tx, ty Tile) (raster.Shader, bool) {
	if img == nil || img.Width <= 0 || img.Height <= 0 || len(img.Pix) < (img.Height-1)*img.Stride+4*img.Width {
		return nil, false
	}
	mips := mipsOf(img)
	if f == FilterHigh {
		return newHigh(img, mips, m, tx, ty)
	}
	inv, ok := inverse32(m)
	if !ok {
		return nil, false
	}
	if f == FilterMipmap {
		if l := mipIndex(m); l > 0 {
			// Skia post-scales the float32 inverse by the level's size
			// ratio (SkMipmapAccessor).
			lv := mips.level(img, l)
			kx, ky := float32(lv.Width)/float32(img.Width), float32(lv.Height)/float32(img.Height)
			inv[0], inv[2], inv[4] = inv[0]*kx, inv[2]*kx, inv[4]*kx
			inv[1], inv[3], inv[5] = inv[1]*ky, inv[3]*ky, inv[5]*ky
			img = lv
			mips = mipsOf(lv)
		}
		f = FilterBilinear
	}
	s := &imageShader{img: img, w: img.Width, h: img.Height, filter: f, tx: tx, ty: ty, inv: inv}
	s.legacy = s.inv[1] == 0 && s.inv[2] == 0 && tx != TileDecal && ty != TileDecal
	// Skia drops filtering when the transform is an integer translation:
	// every sample then falls on a texel centre.
	if s.inv[0] == 1 && s.inv[3] == 1 && s.inv[1] == 0 && s.inv[2] == 0 &&
		s.inv[4] == float32(math.Round(float64(s.inv[4]))) && s.inv[5] == float32(math.Round(float64(s.inv[5]))) {
		s.filter = FilterNearest
		if tx == TileClamp && ty == TileClamp {
			s.copyRows = true
			s.copyX, s.copyY = int(s.inv[4]), int(s.inv[5])
		}
	}
	s.du = toFrac(s.inv[0])
	s.dv = toFrac(s.inv[1])
	s.simd = useSIMD
	s.opaque = tx != TileDecal && ty != TileDecal && mips.isOpaque(img)
	return s, true
}

// toFrac converts to 32.32 fixed point, saturating.
func toFrac(v float32) int64 {
	f := float64(v) * (1 << 32)
	if f >= 1<<62 {
		return 1 << 62
	}
	if f <= -(1 << 62) {
		return -(1 << 62)
	}
	return int64(f)
}

// Opaque reports whether every colour the shader writes is opaque.
func (s *imageShader) Opaque() bool { return s.opaque }

// start maps the centre of device pixel (x, y) to image space, minus the
// filter's bias, in 32.32.
func (s *imageShader) start(x, y int) (int64, int64) {
	px, py := float32(x)+0.5, float32(y)+0.5
	u := s.inv[0]*px + s.inv[2]*py + s.inv[4]
	v := s.inv[1]*px + s.inv[3]*py + s.inv[5]
	U, V := toFrac(u), toFrac(v)
	if s.filter == FilterBilinear {
		U -= 1 << 31 // half a texel
		V -= 1 << 31
	} else {
		// Skia nudges nearest samples back by 1/65536 so that a sample
		// exactly on a texel edge takes the texel before it, as its
		// rasterizer rounds rectangle edges.
		if s.inv[0] > 0 || s.inv[2] > 0 {
			U -= 1 << 16
		}
		if s.inv[3] > 0 || s.inv[1] > 0 {
			V -= 1 << 16
		}
	}
	return U, V
}

// ShadeSpan writes the premultiplied colours of len(dst)/4 pixels.
func (s *imageShader) ShadeSpan(x, y int, dst []byte) {
	n := len(dst) / 4
	if n == 0 {
		return
	}
	if s.copyRows {
		s.copySpan(x, y, dst[:4*n])
		return
	}
	U, V := s.start(x, y)
	if s.cubic {
		s.cubicSpan(x, y, dst[:4*n])
		return
	}
	if s.next != nil {
		s.smoothSpan(U, V, dst[:4*n])
		if cap(s.buf) < 4*n {
			s.buf = make([]byte, 4*n)
		}
		b := s.buf[:4*n]
		U, V = s.next.start(x, y)
		s.next.smoothSpan(U, V, b)
		t := s.nextT
		for i := 0; i < len(b); i += 4 {
			p := spread(binary.LittleEndian.Uint32(dst[i:]))*(256-t) + spread(binary.LittleEndian.Uint32(b[i:]))*t
			binary.LittleEndian.PutUint32(dst[i:], unspread(p+0x0080008000800080))
		}
		return
	}
	if s.filter == FilterNearest {
		s.nearestSpan(U, V, dst[:4*n])
		return
	}
	if s.legacy {
		if s.tx == TileClamp && s.ty == TileClamp {
			s.bilinearScaleClamp(x, y, V, dst[:4*n])
			return
		}
		if s.tx == TileRepeat && s.ty == TileRepeat {
			s.repeatSpan(x, y, dst[:4*n])
			return
		}
		s.bilinearSpan(U, V, dst[:4*n])
		return
	}
	s.smoothSpan(U, V, dst[:4*n])
}

// copySpan is the integer-translation fast path: rows copied from the
// image, edge texels repeated outside it.
func (s *imageShader) copySpan(x, y int, dst []byte) {
	ty := clampInt(y+s.copyY, s.h-1)
	row := s.img.Pix[ty*s.img.Stride : ty*s.img.Stride+4*s.w]
	tx := x + s.copyX
	n := len(dst) / 4
	i := 0
	for ; i < n && tx+i < 0; i++ {
		copy(dst[4*i:4*i+4], row[:4])
	}
	if i < n && tx+i < s.w {
		k := copy(dst[4*i:], row[4*(tx+i):])
		i += k / 4
	}
	last := row[4*(s.w-1) : 4*s.w]
	for ; i < n; i++ {
		copy(dst[4*i:4*i+4], last)
	}
}

func clampInt(v, max int) int {
	if v < 0 {
		return 0
	}
	if v > max {
		return max
	}
	return v
}

// tileIndex maps the integer part of a coordinate to a texel index and
// whether it is inside (decal: outside is transparent).
func tileIndex(i int, n int, t Tile) (int, bool) {
	switch t {
	case TileRepeat:
		i %= n
		if i < 0 {
			i += n
		}
		return i, true
	case TileDecal:
		return i, i >= 0 && i < n
	}
	return clampInt(i, n-1), true
}

func (s *imageShader) nearestSpan(U, V int64, dst []byte) {
	pix, stride := s.img.Pix, s.img.Stride
	for i := 0; i < len(dst); i += 4 {
		xi, okx := tileIndex(int(U>>32), s.w, s.tx)
		yi, oky := tileIndex(int(V>>32), s.h, s.ty)
		if okx && oky {
			o := yi*stride + 4*xi
			copy(dst[i:i+4], pix[o:o+4])
		} else {
			dst[i], dst[i+1], dst[i+2], dst[i+3] = 0, 0, 0, 0
		}
		U += s.du
		V += s.dv
	}
}

// filter4 blends four premultiplied texels with 4-bit weights x (towards
// b, d) and y (towards c, d), truncating, as Skia's Filter_32_opaque.
func filter4(x, y uint32, a, b, c, d uint32) uint32 {
	const mask = 0xFF00FF
	xy := x * y
	scale := 256 - 16*y - 16*x + xy
	lo := (a & mask) * scale
	hi := ((a >> 8) & mask) * scale
	scale = 16*x - xy
	lo += (b & mask) * scale
	hi += ((b >> 8) & mask) * scale
	scale = 16*y - xy
	lo += (c & mask) * scale
	hi += ((c >> 8) & mask) * scale
	lo += (d & mask) * xy
	hi += ((d >> 8) & mask) * xy
	return ((lo >> 8) & mask) | (hi &^ mask)
}

// spread puts a pixel's R, B lanes in the low word and G, A in the high
// word of a uint64, 16 bits a channel, so that one multiply weights all
// four channels.
func spread(p uint32) uint64 { return uint64(p&0xFF00FF) | uint64((p>>8)&0xFF00FF)<<32 }

// spreadRGBA is spread in the AVX2 path's lane order: R, G, B, A words.
func spreadRGBA(p uint32) uint64 {
	return uint64(p&0xFF) | uint64(p>>8&0xFF)<<16 | uint64(p>>16&0xFF)<<32 | uint64(p>>24)<<48
}

// useSIMD selects the AVX2 row passes where the CPU has them (tests turn
// it off to compare with the pure-Go passes).
var useSIMD = haveAVX2

// unspread packs a weighted sum (1.0 = 256) back to a pixel, truncating.
func unspread(v uint64) uint32 {
	r := (v >> 8) & 0x00FF00FF00FF00FF
	return uint32(r) | uint32(r>>32)<<8
}

// columns fills the column table of a span of n pixels starting at
// device x: under scale and translation a column's texels and weight do
// not depend on the row, so the table is built once for the rows that
// start at the same x (every row of a drawImage rectangle). An entry is
// x0<<4 | wx: the left texel and the 4-bit weight of the right one,
// x0+1. Where the pair is clamped both texels are the edge texel, so the
// entry becomes the edge with weight 0 (the same sum), and x0+1 may be
// the image width: rows are read through a table one texel longer.
func (s *imageShader) columns(x, y, n int) {
	if s.colOK && s.colX == x && len(s.cols) >= n {
		return
	}
	if cap(s.cols) < n {
		s.cols = make([]uint32, n)
	}
	s.cols = s.cols[:n]
	U, _ := s.start(x, y)
	maxX := s.w - 1
	for i := range s.cols {
		fx := int32(U >> 16)
		U += s.du
		x0 := int(fx >> 16)
		wx := uint32(fx>>12) & 0xF
		if x0 < 0 {
			x0, wx = 0, 0
		} else if x0 >= maxX {
			x0, wx = maxX, 0
		}
		s.cols[i] = uint32(x0)<<4 | wx
	}
	s.colX, s.colOK = x, true
}

// bilinearScaleClamp is the fast path of drawImage under scale and
// translation: the two rows and their weight are fixed for the span, the
// columns come from the table.
func (s *imageShader) bilinearScaleClamp(x, y int, V int64, dst []byte) {
	n := len(dst) / 4
	s.columns(x, y, n)
	pix, stride := s.img.Pix, s.img.Stride
	fy := int32(V >> 16)
	y0 := clampInt(int(fy>>16), s.h-1)
	y1 := clampInt(int((fy+0x10000)>>16), s.h-1)
	wy := uint64(fy>>12) & 0xF
	if y0 == y1 {
		wy = 0
	}
	cols := s.cols[:n]
	dst = dst[:4*n]
	// lo, hi: the texels the span reads (the table is monotonic).
	lo := int(min(cols[0], cols[n-1]) >> 4)
	hi := min(int(max(cols[0], cols[n-1])>>4)+1, s.w-1)
	if cap(s.vrow) < s.w+1 {
		s.vrow = make([]uint64, s.w+1)
	}
	v := s.vrow[:s.w+1]
	if !(s.vOK && s.vy0 == y0 && s.vy1 == y1 && s.vwy == wy && s.vlo <= lo && s.vhi >= hi) {
		// Separable: the two rows are first blended vertically, unrounded
		// (lanes ≤ 255·16), over the texels the span reads; each pixel
		// then blends two of those horizontally (lanes ≤ 255·256) and
		// truncates once — exactly filter4's sum, half its multiplies.
		a := pix[y0*stride+4*lo : y0*stride+4*hi+4]
		vv := v[lo : hi+1]
		if s.simd {
			// AVX2: words in R, G, B, A order (hblendSIMD reads them).
			c, vy := a, uint64(16)
			if wy != 0 {
				c, vy = pix[y1*stride+4*lo:y1*stride+4*hi+4], 16-wy
			}
			k := vblendSIMD(a, c, vv, vy, wy)
			for t := k; t < len(vv); t++ {
				vv[t] = spreadRGBA(binary.LittleEndian.Uint32(a[4*t:]))*vy + spreadRGBA(binary.LittleEndian.Uint32(c[4*t:]))*wy
			}
		} else if wy == 0 {
			for t := range vv {
				vv[t] = spread(binary.LittleEndian.Uint32(a[4*t:4*t+4:4*t+4])) << 4
			}
		} else {
			c := pix[y1*stride+4*lo : y1*stride+4*hi+4]
			c = c[:len(a)]
			vy := 16 - wy
			for t := range vv {
				vv[t] = spread(binary.LittleEndian.Uint32(a[4*t:4*t+4:4*t+4]))*vy + spread(binary.LittleEndian.Uint32(c[4*t:4*t+4:4*t+4]))*wy
			}
		}
		if hi == s.w-1 {
			v[s.w] = v[s.w-1] // the clamped right neighbour
		}
		s.vOK, s.vy0, s.vy1, s.vwy, s.vlo, s.vhi = true, y0, y1, wy, lo, hi
	}
	if s.simd {
		hblendSIMD(cols, v, dst)
		return
	}
	for i, e := range cols {
		x0, wx := e>>4, uint64(e&0xF)
		p := unspread(v[x0]*(16-wx) + v[x0+1]*wx)
		binary.LittleEndian.PutUint32(dst[4*i:4*i+4:4*i+4], p)
	}
}

// bilinearSpan is SkBitmapProcState's bilinear under scale and
// translation with any tiling but decal.
func (s *imageShader) bilinearSpan(U, V int64, dst []byte) {
	pix, stride := s.img.Pix, s.img.Stride
	texel := func(xi, yi int, okx, oky bool) uint32 {
		if !okx || !oky {
			return 0
		}
		return binary.LittleEndian.Uint32(pix[yi*stride+4*xi:])
	}
	for i := 0; i+4 <= len(dst); i += 4 {
		fx, fy := int32(U>>16), int32(V>>16)
		U += s.du
		V += s.dv
		ix, iy := int(fx>>16), int(fy>>16)
		x0, ok0 := tileIndex(ix, s.w, s.tx)
		x1, ok1 := tileIndex(ix+1, s.w, s.tx)
		y0, okA := tileIndex(iy, s.h, s.ty)
		y1, okB := tileIndex(iy+1, s.h, s.ty)
		wx, wy := uint32(fx>>12)&0xF, uint32(fy>>12)&0xF
		c := filter4(wx, wy, texel(x0, y0, ok0, okA), texel(x1, y0, ok1, okA), texel(x0, y1, ok0, okB), texel(x1, y1, ok1, okB))
		binary.LittleEndian.PutUint32(dst[i:], c)
	}
}

// mipmaps holds what is derived from one image: its half-size levels,
// built on first use, and whether it is opaque.
type mipmaps struct {
	mu     sync.Mutex
	levels []*raster.Pixmap // levels[i] is level i+1
	opaque int8             // 0 unknown, 1 opaque, -1 not
}

// mipCache maps an image (weakly) to its mipmaps; an entry goes when its
// image is collected.
var mipCache sync.Map // weak.Pointer[raster.Pixmap] -> *mipmaps

// mipsOf returns the cached mipmaps of img.
func mipsOf(img *raster.Pixmap) *mipmaps {
	k := weak.Make(img)
	if v, ok := mipCache.Load(k); ok {
		return v.(*mipmaps)
	}
	v, loaded := mipCache.LoadOrStore(k, &mipmaps{})
	if !loaded {
		runtime.AddCleanup(img, func(k weak.Pointer[raster.Pixmap]) { mipCache.Delete(k) }, k)
	}
	return v.(*mipmaps)
}

func (mp *mipmaps) isOpaque(img *raster.Pixmap) bool {
	mp.mu.Lock()
	defer mp.mu.Unlock()
	if mp.opaque == 0 {
		mp.opaque = -1
		if img.IsOpaque() {
			mp.opaque = 1
		}
	}
	return mp.opaque > 0
}

// level returns level i ≥ 1 of img (clamped to the 1×1 level): each
// level halves the previous one's sides, rounding down, with Skia's
// SkMipmap filters: a 2-tap box along an even side, 1-2-1 along an odd
// one, truncating.
func (mp *mipmaps) level(img *raster.Pixmap, i int) *raster.Pixmap {
	mp.mu.Lock()
	defer mp.mu.Unlock()
	last := img
	if n := len(mp.levels); n > 0 {
		last = mp.levels[n-1]
	}
	for len(mp.levels) < i {
		if last.Width == 1 && last.Height == 1 {
			return last
		}
		last = halve(last)
		mp.levels = append(mp.levels, last)
	}
	return mp.levels[i-1]
}

// mipIndex is the level Skia's SkMipmapMode::kNearest picks for the
// transform's scale: round(log2(1/s) − 0.5), s the larger of the two axis
// scales (measured against the oracle: a 64×24 draw of a 320×240 image
// takes level 2, not 3).
func mipIndex(m raster.Matrix) int {
	s := max(math.Hypot(m.A, m.B), math.Hypot(m.C, m.D))
	if !(s > 0) || s >= 1 {
		return 0
	}
	l := math.Floor(-math.Log2(s) - 0.5 + 0.5)
	if l <= 0 {
		return 0
	}
	return int(min(l, 30))
}

// atLevel returns the transform from level l's pixel space to device
// space, given m for level 0.
func atLevel(base, lv *raster.Pixmap, m raster.Matrix) raster.Matrix {
	return m.Mul(raster.Matrix{A: float64(base.Width) / float64(lv.Width), D: float64(base.Height) / float64(lv.Height)})
}

// halve returns the next mipmap level of img.
func halve(img *raster.Pixmap) *raster.Pixmap {
	w, h := max(img.Width/2, 1), max(img.Height/2, 1)
	out, _ := raster.NewPixmap(w, h)
	// Taps along each axis: an even side takes 2 (1, 1), an odd one 3
	// (1, 2, 1); a side of 1 takes 1.
	taps := func(n int) (int, [3]uint32) {
		switch {
		case n == 1:
			return 1, [3]uint32{2}
		case n%2 == 0:
			return 2, [3]uint32{1, 1}
		}
		return 3, [3]uint32{1, 2, 1}
	}
	nx, kx := taps(img.Width)
	ny, ky := taps(img.Height)
	var shift uint
	for d := (kx[0] + kx[1] + kx[2]) * (ky[0] + ky[1] + ky[2]); d > 1; d >>= 1 {
		shift++
	}
	for y := 0; y < h; y++ {
		o := out.Pix[y*out.Stride:]
		for x := 0; x < w; x++ {
			var sum [4]uint32
			for j := 0; j < ny; j++ {
				row := img.Pix[min(2*y+j, img.Height-1)*img.Stride:]
				for i := 0; i < nx; i++ {
					k := kx[i] * ky[j]
					p := row[4*min(2*x+i, img.Width-1):]
					sum[0] += k * uint32(p[0])
					sum[1] += k * uint32(p[1])
					sum[2] += k * uint32(p[2])
					sum[3] += k * uint32(p[3])
				}
			}
			o[4*x], o[4*x+1], o[4*x+2], o[4*x+3] = uint8(sum[0]>>shift), uint8(sum[1]>>shift), uint8(sum[2]>>shift), uint8(sum[3]>>shift)
		}
	}
	return out
}

// smoothSpan is the bilinear of Skia's raster pipeline, used under
// rotation and skew and for decal tiling: 16-bit weights, rounded
// (Skia interpolates in floats; measured against the oracle, 4-bit
// weights there cost 9 dB on golden x232).
func (s *imageShader) smoothSpan(U, V int64, dst []byte) {
	pix, stride := s.img.Pix, s.img.Stride
	texel := func(xi, yi int, okx, oky bool) uint64 {
		if !okx || !oky {
			return 0
		}
		return uint64(binary.LittleEndian.Uint32(pix[yi*stride+4*xi:]))
	}
	// spread puts the four channels of a pixel in 16-bit lanes.
	spread := func(p uint64) uint64 {
		return (p & 0xff) | (p&0xff00)<<8 | (p&0xff0000)<<16 | (p&0xff000000)<<24
	}
	for i := 0; i+4 <= len(dst); i += 4 {
		ix, iy := int(U>>32), int(V>>32)
		fx, fy := uint64(U>>24)&0xff, uint64(V>>24)&0xff
		U += s.du
		V += s.dv
		x0, ok0 := tileIndex(ix, s.w, s.tx)
		x1, ok1 := tileIndex(ix+1, s.w, s.tx)
		y0, okA := tileIndex(iy, s.h, s.ty)
		y1, okB := tileIndex(iy+1, s.h, s.ty)
		a, b := spread(texel(x0, y0, ok0, okA)), spread(texel(x1, y0, ok1, okA))
		c, d := spread(texel(x0, y1, ok0, okB)), spread(texel(x1, y1, ok1, okB))
		// 8-bit weights per axis, each lane ≤ 255·256 after a pass.
		top := (a*(256-fx) + b*fx + 0x0080008000800080) >> 8 & 0x00ff00ff00ff00ff
		bot := (c*(256-fx) + d*fx + 0x0080008000800080) >> 8 & 0x00ff00ff00ff00ff
		p := (top*(256-fy) + bot*fy + 0x0080008000800080) >> 8 & 0x00ff00ff00ff00ff
		dst[i], dst[i+1], dst[i+2], dst[i+3] = uint8(p), uint8(p>>16), uint8(p>>32), uint8(p>>48)
	}
}

// newHigh builds a FilterHigh shader: Catmull-Rom bicubic when the image
// is not shrunk, else bilinear on the two mipmap levels around the scale,
// blended (trilinear). Our quality mode; Chromium's "high" is not in the
// oracle's scenes.
func newHigh(img *raster.Pixmap, mips *mipmaps, m raster.Matrix, tx, ty Tile) (raster.Shader, bool) {
	mk := func(img *raster.Pixmap, mips *mipmaps, m raster.Matrix) (*imageShader, bool) {
		inv, ok := invertImage(m)
		if !ok {
			return nil, false
		}
		s := &imageShader{img: img, w: img.Width, h: img.Height, filter: FilterBilinear, tx: tx, ty: ty}
		s.inv = [6]float32{float32(inv.A), float32(inv.B), float32(inv.C), float32(inv.D), float32(inv.E), float32(inv.F)}
		s.du, s.dv = toFrac(s.inv[0]), toFrac(s.inv[1])
		s.opaque = tx != TileDecal && ty != TileDecal && mips.isOpaque(img)
		return s, true
	}
	sc := max(math.Hypot(m.A, m.B), math.Hypot(m.C, m.D))
	if sc >= 1 {
		s, ok := mk(img, mips, m)
		if ok {
			s.cubic = true
		}
		return s, ok
	}
	lambda := max(-math.Log2(sc)-0.5, 0)
	l := int(min(math.Floor(lambda), 30))
	t := lambda - float64(l)
	base, bm := img, m
	if l > 0 {
		base = mips.level(img, l)
		bm = atLevel(img, base, m)
	}
	s, ok := mk(base, mipsOf(base), bm)
	if !ok {
		return nil, false
	}
	if w := uint64(t*256 + 0.5); w > 0 {
		up := mips.level(img, l+1)
		if up != base {
			n, ok := mk(up, mipsOf(up), atLevel(img, up, m))
			if ok {
				s.next, s.nextT = n, min(w, 256)
				s.opaque = s.opaque && n.opaque
			}
		}
	}
	return s, true
}

// catmullRom returns the four Catmull-Rom weights of fraction t.
func catmullRom(t float32) [4]float32 {
	t2, t3 := t*t, t*t*t
	return [4]float32{
		0.5 * (-t3 + 2*t2 - t),
		0.5 * (3*t3 - 5*t2 + 2),
		0.5 * (-3*t3 + 4*t2 + t),
		0.5 * (t3 - t2),
	}
}

// cubicSpan samples with a 4×4 Catmull-Rom kernel, in floats; the result
// is clamped to a valid premultiplied colour (the kernel overshoots).
func (s *imageShader) cubicSpan(x, y int, dst []byte) {
	pix, stride := s.img.Pix, s.img.Stride
	py := float32(y) + 0.5
	for i := 0; i+4 <= len(dst); i += 4 {
		px := float32(x+i/4) + 0.5
		u := s.inv[0]*px + s.inv[2]*py + s.inv[4] - 0.5
		v := s.inv[1]*px + s.inv[3]*py + s.inv[5] - 0.5
		u0, v0 := float32(math.Floor(float64(u))), float32(math.Floor(float64(v)))
		wx, wy := catmullRom(u-u0), catmullRom(v-v0)
		var acc [4]float32
		for j := 0; j < 4; j++ {
			yi, oky := tileIndex(int(v0)-1+j, s.h, s.ty)
			if !oky {
				continue
			}
			row := pix[yi*stride:]
			for k := 0; k < 4; k++ {
				xi, okx := tileIndex(int(u0)-1+k, s.w, s.tx)
				if !okx {
					continue
				}
				w := wx[k] * wy[j]
				p := row[4*xi : 4*xi+4 : 4*xi+4]
				acc[0] += w * float32(p[0])
				acc[1] += w * float32(p[1])
				acc[2] += w * float32(p[2])
				acc[3] += w * float32(p[3])
			}
		}
		a := min(max(acc[3], 0), 255)
		dst[i+3] = uint8(a + 0.5)
		for c := 0; c < 3; c++ {
			dst[i+c] = uint8(min(max(acc[c], 0), a) + 0.5)
		}
	}
}

// inverse32 returns the inverse of an image transform as Skia's float32
// SkMatrix holds it: the matrix is rounded to float32 first, and a
// scale-translate one is inverted in float32 as SkMatrix::invert does
// (1/sx, then −tx·(1/sx)). Those roundings move a 4-bit filter weight
// when the translation is large (golden x234: a 0.1× draw at x = 32).
func inverse32(m raster.Matrix) ([6]float32, bool) {
	a, b, c, d, e, f := float32(m.A), float32(m.B), float32(m.C), float32(m.D), float32(m.E), float32(m.F)
	if b == 0 && c == 0 && a != 0 && d != 0 {
		ia, id := 1/a, 1/d
		r := [6]float32{ia, 0, 0, id, -e * ia, -f * id}
		if finite(float64(r[0]), float64(r[3]), float64(r[4]), float64(r[5])) && r[0] != 0 && r[3] != 0 {
			return r, true
		}
	}
	inv, ok := invertImage(m)
	if !ok {
		return [6]float32{}, false
	}
	return [6]float32{float32(inv.A), float32(inv.B), float32(inv.C), float32(inv.D), float32(inv.E), float32(inv.F)}, true
}

// invertImage inverts an image transform. A scale-translate matrix is
// inverted per axis, so that a destination of 1e300 px (whose determinant
// overflows) still maps back to the image.
func invertImage(m raster.Matrix) (raster.Matrix, bool) {
	if m.B == 0 && m.C == 0 && m.A != 0 && m.D != 0 {
		r := raster.Matrix{A: 1 / m.A, D: 1 / m.D, E: -m.E / m.A, F: -m.F / m.D}
		if finite(r.A, r.D, r.E, r.F) {
			return r, true
		}
	}
	return m.Invert()
}

func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// repeatSpan is SkBitmapProcState's bilinear for repeat tiling: the
// inverse transform is divided by the image size (in float32) and
// coordinates are 16-bit fractions of the tile, so the texel and its
// 4-bit weight come from (f & 0xFFFF)·size — which rounds weights down
// where the pixel-space filter would not (golden 340 at scale 2: a
// quarter-texel step becomes 3/16).
func (s *imageShader) repeatSpan(x, y int, dst []byte) {
	w, h := uint32(s.w), uint32(s.h)
	iw, ih := 1/float32(s.w), 1/float32(s.h)
	n := [6]float32{s.inv[0] * iw, s.inv[1] * ih, s.inv[2] * iw, s.inv[3] * ih, s.inv[4] * iw, s.inv[5] * ih}
	oneX, oneY := int32(0x10000/w), int32(0x10000/h)
	px, py := float32(x)+0.5, float32(y)+0.5
	U := toFrac(n[0]*px+n[2]*py+n[4]) - int64(oneX>>1)<<16
	V := toFrac(n[1]*px+n[3]*py+n[5]) - int64(oneY>>1)<<16
	dU, dV := toFrac(n[0]), toFrac(n[1])
	pix, stride := s.img.Pix, s.img.Stride
	at := func(xi, yi uint32) uint32 { return binary.LittleEndian.Uint32(pix[int(yi)*stride+4*int(xi):]) }
	for i := 0; i+4 <= len(dst); i += 4 {
		fx, fy := int32(U>>16), int32(V>>16)
		U += dU
		V += dV
		x0 := (uint32(fx) & 0xFFFF) * w >> 16
		x1 := (uint32(fx+oneX) & 0xFFFF) * w >> 16
		wx := ((uint32(fx) & 0xFFFF) * w >> 12) & 0xF
		y0 := (uint32(fy) & 0xFFFF) * h >> 16
		y1 := (uint32(fy+oneY) & 0xFFFF) * h >> 16
		wy := ((uint32(fy) & 0xFFFF) * h >> 12) & 0xF
		binary.LittleEndian.PutUint32(dst[i:], filter4(wx, wy, at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1)))
	}
}
