package imagesrc

import (
	"encoding/binary"

	"github.com/postercanvas/postercanvas/raster"
)

// jpegOrientation returns the EXIF orientation (1–8) of a JPEG, or 1 if it
// has none or it cannot be read. It walks the marker segments up to the
// first scan, takes the first APP1 segment holding "Exif\0\0" and reads tag
// 0x0112 (a SHORT, count 1) from IFD0. Every offset is bounds-checked.
func jpegOrientation(b []byte) int {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return 1
	}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xff {
			return 1
		}
		m := b[i+1]
		if m == 0xff { // fill byte
			i++
			continue
		}
		if m == 0xd8 || m == 0x01 || (m >= 0xd0 && m <= 0xd7) { // no length
			i += 2
			continue
		}
		if m == 0xda || m == 0xd9 { // start of scan, end of image
			return 1
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if n < 2 || i+2+n > len(b) {
			return 1
		}
		seg := b[i+4 : i+2+n]
		if m == 0xe1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			return exifOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// exifOrientation reads the orientation tag from a TIFF structure.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	off := uint64(bo.Uint32(t[4:]))
	if off+2 > uint64(len(t)) {
		return 1
	}
	n := uint64(bo.Uint16(t[off:]))
	p := off + 2
	for k := uint64(0); k < n; k++ {
		e := p + 12*k
		if e+12 > uint64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if bo.Uint16(t[e+2:]) != 3 || bo.Uint32(t[e+4:]) != 1 { // SHORT, count 1
			return 1
		}
		v := int(bo.Uint16(t[e+8:]))
		if v < 1 || v > 8 {
			return 1
		}
		return v
	}
	return 1
}

// orient returns p turned upright for EXIF orientation o (1–8). For 1 it
// returns p itself. The mapping, with W×H the stored size, from stored
// (x, y) to displayed (x', y'):
//
//	1 (x, y)            2 (W-1-x, y)        3 (W-1-x, H-1-y)    4 (x, H-1-y)
//	5 (y, x)            6 (H-1-y, x)        7 (H-1-y, W-1-x)    8 (y, W-1-x)
func orient(p *raster.Pixmap, o int) *raster.Pixmap {
	if o < 2 || o > 8 {
		return p
	}
	W, H := p.Width, p.Height
	dw, dh := W, H
	if o >= 5 {
		dw, dh = H, W
	}
	q := &raster.Pixmap{Width: dw, Height: dh, Stride: 4 * dw, Pix: make([]byte, 4*dw*dh)}
	// Destination offset of stored (0, y) and the step per stored x, in
	// pixels; each stored row is then a strided walk through q.
	var stepX int
	var origin func(y int) int
	switch o {
	case 2:
		stepX, origin = -1, func(y int) int { return y*dw + W - 1 }
	case 3:
		stepX, origin = -1, func(y int) int { return (H-1-y)*dw + W - 1 }
	case 4:
		stepX, origin = 1, func(y int) int { return (H - 1 - y) * dw }
	case 5:
		stepX, origin = dw, func(y int) int { return y }
	case 6:
		stepX, origin = dw, func(y int) int { return H - 1 - y }
	case 7:
		stepX, origin = -dw, func(y int) int { return (W-1)*dw + H - 1 - y }
	case 8:
		stepX, origin = -dw, func(y int) int { return (W-1)*dw + y }
	}
	for y := 0; y < H; y++ {
		row := p.Pix[y*p.Stride : y*p.Stride+4*W]
		d := origin(y)
		for x := 0; x < W; x++ {
			copy(q.Pix[4*d:4*d+4], row[4*x:4*x+4])
			d += stepX
		}
	}
	return q
}

// pngOrientation returns the orientation in a PNG's eXIf chunk (before the
// image data), or 1. Chromium applies it (measured: a 16×12 PNG with eXIf
// orientation 6 draws as 12×16); it ignores the EXIF chunk of WebP, and so
// do we.
func pngOrientation(b []byte) int {
	i := 8
	for i+8 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n < 0 || n > len(b)-i-12 {
			return 1
		}
		switch typ {
		case "eXIf":
			d := b[i+8 : i+8+n]
			if len(d) >= 6 && string(d[:6]) == "Exif\x00\x00" {
				d = d[6:]
			}
			return exifOrientation(d)
		case "IDAT", "IEND":
			return 1
		}
		i += 12 + n
	}
	return 1
}
