package raster

import (
	"encoding/binary"
	"image"
)

// FillMask composites a coverage mask placed with its origin at device
// pixel (dx, dy) — pixel (x, y) of the mask lands on (x+dx, y+dy) —
// with the paint, within the clip mask (nil: no clip). Glyphs drawn from
// a cache of coverage masks and blurred shadows take this path instead of
// the rasterizer. With an unbounded operator the whole canvas within the
// clip is composited, transparent outside the mask.
func (r *Rasterizer) FillMask(dst *Pixmap, m *Mask, dx, dy int, paint *Paint, clip *Mask) {
	b := &r.blit
	b.reset(dst, paint, clip)
	if paint.Op.Unbounded() {
		r.composeUnbounded(dst, m, dx, dy, clip)
		return
	}
	if b.paintsNothing() || m.Rect.Empty() {
		return
	}
	placed := m.Rect.Add(image.Point{dx, dy})
	win := window(dst, clip).Intersect(placed)
	if win.Empty() {
		return
	}
	x0, y0 := placed.Min.X, placed.Min.Y
	cx0, cx1 := win.Min.X, win.Max.X
	if b.shader == nil && b.op == OpSourceOver && clip == nil {
		// A solid colour: whole rows straight to the vector kernel, which
		// skips empty steps itself; a mask whose width is a multiple of 8
		// (glyph masks are made so) leaves it no scalar tail.
		for y := win.Min.Y; y < win.Max.Y; y++ {
			row := m.Alpha[(y-y0)*m.Stride+(cx0-x0) : (y-y0)*m.Stride+(cx1-x0)]
			d := b.pixels(y, cx0, cx1)
			k := overMaskSIMD(d, row, b.color)
			overMaskGo(d[4*k:], row[k:], b.color)
		}
		return
	}
	for y := win.Min.Y; y < win.Max.Y; y++ {
		row := m.Alpha[(y-y0)*m.Stride+(cx0-x0) : (y-y0)*m.Stride+(cx1-x0)]
		maskRow(b, y, cx0, row)
	}
}

// maskRow hands one row of a coverage mask to the blitter: transparent
// stretches are skipped, long stretches of one value (a blurred shadow's
// core, a glyph's stem) go out as runs, which take the constant-colour
// fast paths, and the rest as per-pixel masks.
func maskRow(b *blitter, y, x0 int, row []uint8) {
	const minRun = 16
	n := len(row)
	i := 0
	for i < n {
		// Skip zeros, eight at a time where aligned runs allow.
		for i+8 <= n && binary.LittleEndian.Uint64(row[i:]) == 0 {
			i += 8
		}
		for i < n && row[i] == 0 {
			i++
		}
		if i == n {
			return
		}
		// A stretch of non-zero coverage [s, i): runs of one value of at
		// least minRun bytes inside it go out as runs.
		s := i
		for i < n && row[i] != 0 {
			v := row[i]
			j := i + 1
			pat := uint64(v) * 0x0101010101010101
			for j+8 <= n && binary.LittleEndian.Uint64(row[j:]) == pat {
				j += 8
			}
			for j < n && row[j] == v {
				j++
			}
			if j-i >= minRun {
				if i > s {
					b.mask(y, x0+s, row[s:i])
				}
				b.run(y, x0+i, x0+j, v)
				s = j
			}
			i = j
		}
		if i > s {
			b.mask(y, x0+s, row[s:i])
		}
	}
}
