package codec

import (
	"encoding/binary"
	"slices"

	"github.com/postercanvas/postercanvas/raster"
)

// colorIndex maps up to 256 premultiplied pixels (as little-endian uint32)
// to palette indices through an open-addressed table.
type colorIndex struct {
	keys [1024]uint32
	vals [1024]int16 // index+1; 0 means empty
	n    int
	list []uint32
}

func hashPixel(c uint32) uint32 { return (c * 0x9E3779B1) >> 22 }

// add inserts c; it reports false once there would be more than max colours.
func (ci *colorIndex) add(c uint32, max int) bool {
	h := hashPixel(c)
	for {
		v := ci.vals[h]
		if v == 0 {
			if ci.n == max {
				return false
			}
			ci.n++
			ci.keys[h] = c
			ci.vals[h] = int16(ci.n)
			ci.list = append(ci.list, c)
			return true
		}
		if ci.keys[h] == c {
			return true
		}
		h = (h + 1) & 1023
	}
}

func (ci *colorIndex) lookup(c uint32) int {
	h := hashPixel(c)
	for {
		if ci.keys[h] == c && ci.vals[h] != 0 {
			return int(ci.vals[h]) - 1
		}
		h = (h + 1) & 1023
	}
}

// countColors returns the index of p's distinct pixels when there are at
// most max of them, else nil. It stops at the first pixel over the limit,
// and a run of one pixel costs one look-up (the run is measured as a match
// with the bytes one pixel back).
func countColors(p *raster.Pixmap, max int) *colorIndex {
	ci := &colorIndex{}
	for y := 0; y < p.Height; y++ {
		row := p.Pix[y*p.Stride : y*p.Stride+4*p.Width]
		for i := 0; i+4 <= len(row); {
			if !ci.add(binary.LittleEndian.Uint32(row[i:]), max) {
				return nil
			}
			i += 4 + pixelRun(row, i)
		}
	}
	return ci
}

// pixelRun returns how many bytes after the pixel at i repeat it (a
// multiple of 4).
func pixelRun(row []byte, i int) int {
	return matchLen(row, i, i+4, len(row)-i-4) &^ 3
}

// sorted orders the palette translucent entries first (so tRNS stays
// short), each group in order of first appearance, and re-indexes.
func (ci *colorIndex) sorted() []uint32 {
	list := slices.Clone(ci.list)
	slices.SortStableFunc(list, func(a, b uint32) int {
		oa, ob := a>>24 == 0xff, b>>24 == 0xff
		switch {
		case oa == ob:
			return 0
		case !oa:
			return -1
		}
		return 1
	})
	for i, c := range list {
		h := hashPixel(c)
		for ci.keys[h] != c || ci.vals[h] == 0 {
			h = (h + 1) & 1023
		}
		ci.vals[h] = int16(i + 1)
	}
	ci.list = list
	return list
}

// rowIndex writes the palette index of each pixel of src to dst.
func (ci *colorIndex) rowIndex(dst, src []byte) {
	for i, j := 0, 0; i+4 <= len(src); {
		idx := byte(ci.lookup(binary.LittleEndian.Uint32(src[i:])))
		n := 1 + pixelRun(src, i)/4
		d := dst[j : j+n]
		for k := range d {
			d[k] = idx
		}
		i, j = i+4*n, j+n
	}
}
