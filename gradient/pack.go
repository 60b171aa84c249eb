package gradient

import (
	"encoding/binary"
	"image/color"
)

// A packed colour holds a premultiplied colour in fixed point, 8 fraction
// bits, in four 16-bit lanes of a uint64, biased so that adding the dither
// offset of a pixel and taking the integer part of each lane gives the
// pixel's final bytes:
//
//	bits  0-15  R: 256·r + 2
//	bits 16-31  B: 256·b + 2
//	bits 32-47  G: 256·g + 2
//	bits 48-63  A: 256·a + 128
//
// where r, g, b, a are premultiplied levels in [0, 255]. Chromium (Skia's
// raster pipeline) dithers gradients with an 8×8 ordered matrix: it adds
// (2M−63)/128 of a level to r, g and b, M ∈ [0, 63] being the matrix entry
// of the pixel, clamps them to [0, a] and rounds to nearest. In 1/256 of a
// level that is ⌊(256·r + 128 + 4M − 126) / 256⌋ = ⌊(R + 4M) / 256⌋; the
// alpha lane is not dithered and rounds with its bias of 128. No lane can
// overflow: 255·256 + 2 + 252 < 65536.
//
// The lanes sit so that one mask and one multiplication bring their
// integer parts to R, G, B, A byte order (see gather).

// pack packs a premultiplied colour given in levels.
func pack(r, g, b, a float64) uint64 {
	va := fix(a)
	if va == 255<<8 {
		// Opaque: r, g, b ≤ 255 = a need no clamp.
		return (fix(r) + 2) | (fix(b)+2)<<16 | (fix(g)+2)<<32 | (va+128)<<48
	}
	// The clamp of r, g, b to a happens before rounding in Skia. Capping
	// the fixed-point value at 256·A+1, A the rounded alpha, is equivalent
	// for every dither offset: any value above it rounds to at least A
	// (so the clamp gives A) and the cap itself rounds to exactly A.
	lim := (va+128)&^255 + 1
	vr, vg, vb := min(fix(r), lim), min(fix(g), lim), min(fix(b), lim)
	return (vr + 2) | (vb+2)<<16 | (vg+2)<<32 | (va+128)<<48
}

// fix converts a level in [0, 255] to 8-bit fixed point, rounding to
// nearest and clamping.
func fix(v float64) uint64 {
	if !(v > 0) {
		return 0
	}
	if v >= 255 {
		return 255 << 8
	}
	return uint64(int64(float64(v*256) + 0.5))
}

// emit turns a dithered packed colour (a packed colour plus a dither
// offset) into the pixel's premultiplied RGBA bytes as a little-endian
// uint32.
func emit(s uint64) uint32 { return gather(s, gatherMask, gatherMul) }

// gather is emit with its two constants passed in, for the hot loops: as
// variables they stay in registers and the multiplication stays one
// instruction (a constant one would be strength-reduced to three).
//
// The integer parts of the R, B, G, A lanes are bytes 1, 3, 5 and 7 of s.
// Masked, times 2^24 + 1, they land in bytes 4 (R, from byte 1), 6 (B,
// from byte 3), 5 (G) and 7 (A): the high half is R, G, B, A. No two
// bytes overlap, so there are no carries.
func gather(s, mask, mul uint64) uint32 { return uint32((s & mask) * mul >> 32) }

var (
	gatherMask uint64 = 0xff00_ff00_ff00_ff00
	gatherMul  uint64 = 1<<24 | 1
)

// ditherTab[y&7][x&7] is the dither offset of pixel (x, y) in packed form:
// 4M added to the R, G and B lanes, M being Skia's 8×8 ordered-dither
// matrix entry for the pixel. With X = x&7 and Y = (x^y)&7, M's bits are,
// from the top: Y0 X0 Y1 X1 Y2 X2.
var ditherTab = func() (t [8][8]uint64) {
	for y := range 8 {
		for x := range 8 {
			X := uint64(x)
			Y := uint64(x^y) & 7
			m := (Y&1)<<5 | (X&1)<<4 | (Y&2)<<2 | (X&2)<<1 | (Y&4)>>1 | (X&4)>>2
			t[y][x] = 4 * m * (1 | 1<<16 | 1<<32)
		}
	}
	return t
}()

// fillPacked writes the packed colour c, dithered, to the pixels of dst,
// the first one being at x in the row whose dither offsets are dd.
func fillPacked(dst []byte, x int, c uint64, dd *[8]uint64) {
	if c == 0 {
		clear(dst)
		return
	}
	// The dithered colour repeats every 8 pixels.
	var pat [8]uint32
	for i := range pat {
		pat[i] = emit(c + dd[(x+i)&7])
	}
	n := len(dst) / 4
	dst = dst[:4*n]
	i := 0
	for ; i+8 <= n; i += 8 {
		d := dst[4*i : 4*i+32]
		binary.LittleEndian.PutUint32(d[0:], pat[0])
		binary.LittleEndian.PutUint32(d[4:], pat[1])
		binary.LittleEndian.PutUint32(d[8:], pat[2])
		binary.LittleEndian.PutUint32(d[12:], pat[3])
		binary.LittleEndian.PutUint32(d[16:], pat[4])
		binary.LittleEndian.PutUint32(d[20:], pat[5])
		binary.LittleEndian.PutUint32(d[24:], pat[6])
		binary.LittleEndian.PutUint32(d[28:], pat[7])
	}
	for j := 0; i < n; i, j = i+1, j+1 {
		binary.LittleEndian.PutUint32(dst[4*i:], pat[j])
	}
}

// premul8 returns the premultiplied bytes of c, each rounded to nearest.
func premul8(c color.NRGBA) [4]byte {
	a := uint32(c.A)
	mul := func(v uint8) byte { return byte((uint32(v)*a + 127) / 255) }
	return [4]byte{mul(c.R), mul(c.G), mul(c.B), c.A}
}
