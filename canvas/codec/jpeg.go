package codec

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"runtime"
	"sync"

	"github.com/postercanvas/postercanvas/raster"
)

// Chroma is the JPEG chroma subsampling.
type Chroma int

const (
	// ChromaAuto (the zero value) is Chromium's choice for toDataURL:
	// 4:4:4 at quality 1 (libjpeg quality 100), 4:2:0 below.
	ChromaAuto Chroma = iota
	// Chroma420 halves the chroma resolution both ways (smaller files).
	Chroma420
	// Chroma444 keeps full chroma (sharper small coloured text).
	Chroma444
)

// ParseChroma parses "auto", "420" (or "4:2:0") and "444" (or "4:4:4").
func ParseChroma(s string) (Chroma, error) {
	switch s {
	case "auto", "":
		return ChromaAuto, nil
	case "420", "4:2:0":
		return Chroma420, nil
	case "444", "4:4:4":
		return Chroma444, nil
	}
	return 0, fmt.Errorf("chroma %q: want auto, 420 or 444", s)
}

// JPEGOptions are the JPEG encoder's options.
type JPEGOptions struct {
	// Quality is WeChat's quality in (0, 1]; libjpeg quality round(100 q).
	// Outside (0, 1] (including 0, the zero value) it is 1.
	Quality float64
	Chroma  Chroma
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	// With more than one, MCU rows are restart intervals (a 2-byte
	// marker per row) encoded in parallel.
	Workers int
}

// minJPEGParallelPixels is the least image area worth a second worker.
var minJPEGParallelPixels = 256 * 1024

// EncodeJPEG writes the premultiplied pixmap p as a baseline JFIF JPEG,
// composited over a white matte (JPEG has no alpha). o may be nil.
func EncodeJPEG(w io.Writer, p *raster.Pixmap, o *JPEGOptions) error {
	var opt JPEGOptions
	if o != nil {
		opt = *o
	}
	if p == nil || p.Width <= 0 || p.Height <= 0 || p.Width > 65535 || p.Height > 65535 {
		return errors.New("jpeg: empty image or a side over 65535")
	}
	if p.Stride < 4*p.Width || len(p.Pix) < (p.Height-1)*p.Stride+4*p.Width {
		return errors.New("jpeg: pixel buffer shorter than its size")
	}
	q := opt.Quality
	if !(q > 0 && q <= 1) {
		q = 1
	}
	quality := max(1, min(100, int(q*100+0.5)))
	sub := opt.Chroma
	if sub == ChromaAuto {
		sub = Chroma420
		if quality == 100 {
			sub = Chroma444
		}
	}
	e := newJPEGEnc(p, quality, sub == Chroma420)
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if p.Width*p.Height < minJPEGParallelPixels {
		workers = 1
	}
	workers = min(workers, e.mcuRows)
	if workers > 1 && e.mcuCols > 65535 {
		workers = 1
	}

	out := make([]byte, 0, 1024)
	out = e.headers(out, workers > 1)
	if workers <= 1 {
		bw := &bitWriter{buf: make([]byte, 0, p.Width*p.Height/4)}
		e.encodeRows(bw, 0, e.mcuRows, false)
		bw.pad()
		if _, err := w.Write(out); err != nil {
			return err
		}
		out = append(bw.buf, 0xff, 0xd9)
		_, err := w.Write(out)
		return err
	}
	bands := make([]*bitWriter, workers)
	var wg sync.WaitGroup
	for i := range bands {
		r0, r1 := e.mcuRows*i/workers, e.mcuRows*(i+1)/workers
		bw := &bitWriter{buf: make([]byte, 0, p.Width*16*(r1-r0)/4)}
		bands[i] = bw
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.encodeRows(bw, r0, r1, true)
		}()
	}
	wg.Wait()
	if _, err := w.Write(out); err != nil {
		return err
	}
	for _, bw := range bands {
		if _, err := w.Write(bw.buf); err != nil {
			return err
		}
	}
	_, err := w.Write([]byte{0xff, 0xd9})
	return err
}

// Quantization base tables of the JPEG standard (Annex K), natural order.
var baseQuant = [2][64]uint8{{
	16, 11, 10, 16, 24, 40, 51, 61,
	12, 12, 14, 19, 26, 58, 60, 55,
	14, 13, 16, 24, 40, 57, 69, 56,
	14, 17, 22, 29, 51, 87, 80, 62,
	18, 22, 37, 56, 68, 109, 103, 77,
	24, 35, 55, 64, 81, 104, 113, 92,
	49, 64, 78, 87, 103, 121, 120, 101,
	72, 92, 95, 98, 112, 100, 103, 99,
}, {
	17, 18, 24, 47, 99, 99, 99, 99,
	18, 21, 26, 66, 99, 99, 99, 99,
	24, 26, 56, 99, 99, 99, 99, 99,
	47, 66, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
	99, 99, 99, 99, 99, 99, 99, 99,
}}

// zigzag[k] is the natural-order index of the k-th coefficient.
var zigzag = [64]uint8{
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
	12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
	35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
	58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
}

// Huffman tables of the JPEG standard (Annex K.3): code counts by length
// 1..16, then symbols.
var stdHuff = [4]struct {
	counts [16]uint8
	syms   []uint8
}{{ // luminance DC
	[16]uint8{0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
	[]uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
}, { // luminance AC
	[16]uint8{0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d},
	[]uint8{
		0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
		0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
		0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
		0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
		0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
		0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
		0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
		0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
		0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
		0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
		0xf9, 0xfa,
	},
}, { // chrominance DC
	[16]uint8{0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0},
	[]uint8{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
}, { // chrominance AC
	[16]uint8{0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77},
	[]uint8{
		0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
		0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
		0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
		0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
		0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
		0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
		0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
		0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
		0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
		0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
		0xf9, 0xfa,
	},
}}

// huffCode is a symbol's code (right-aligned) and length.
type huffCode struct {
	code uint32
	n    uint8
}

// huffTables[t][sym] for the four standard tables.
var huffTables = func() (t [4][256]huffCode) {
	for i, h := range stdHuff {
		code, k := uint32(0), 0
		for l := 1; l <= 16; l++ {
			for j := 0; j < int(h.counts[l-1]); j++ {
				t[i][h.syms[k]] = huffCode{code, uint8(l)}
				code++
				k++
			}
			code <<= 1
		}
	}
	return
}()

type jpegEnc struct {
	p                *raster.Pixmap
	quality          int
	sub420           bool
	quant            [2][64]uint8   // natural order
	scale            [2][64]float32 // natural order: 1 / (q × AAN scale × 8)
	mcuCols, mcuRows int
	mcuW, mcuH       int
}

func newJPEGEnc(p *raster.Pixmap, quality int, sub420 bool) *jpegEnc {
	e := &jpegEnc{p: p, quality: quality, sub420: sub420}
	s := 5000 / quality
	if quality >= 50 {
		s = 200 - 2*quality
	}
	aan := [8]float64{1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.541196100, 0.275899379}
	for t := 0; t < 2; t++ {
		for i := 0; i < 64; i++ {
			v := (int(baseQuant[t][i])*s + 50) / 100
			v = max(1, min(255, v))
			e.quant[t][i] = uint8(v)
		}
		for i := 0; i < 64; i++ {
			v := float64(e.quant[t][i])
			e.scale[t][i] = float32(1 / (v * aan[i/8] * aan[i%8] * 8))
		}
	}
	e.mcuW, e.mcuH = 8, 8
	if sub420 {
		e.mcuW, e.mcuH = 16, 16
	}
	e.mcuCols = (p.Width + e.mcuW - 1) / e.mcuW
	e.mcuRows = (p.Height + e.mcuH - 1) / e.mcuH
	return e
}

// headers appends SOI, JFIF APP0, DQT, SOF0, DHT, (DRI) and SOS.
func (e *jpegEnc) headers(b []byte, restart bool) []byte {
	b = append(b, 0xff, 0xd8)
	b = append(b, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0)
	b = append(b, 0xff, 0xdb, 0, 2+2*65)
	for t := 0; t < 2; t++ {
		b = append(b, byte(t))
		for k := 0; k < 64; k++ {
			b = append(b, e.quant[t][zigzag[k]])
		}
	}
	hv := byte(0x11)
	if e.sub420 {
		hv = 0x22
	}
	w, h := e.p.Width, e.p.Height
	b = append(b, 0xff, 0xc0, 0, 17, 8, byte(h>>8), byte(h), byte(w>>8), byte(w), 3,
		1, hv, 0, 2, 0x11, 1, 3, 0x11, 1)
	n := 2
	for _, h := range stdHuff {
		n += 17 + len(h.syms)
	}
	b = append(b, 0xff, 0xc4, byte(n>>8), byte(n))
	for i, h := range stdHuff {
		b = append(b, byte(i&1)<<4|byte(i>>1))
		b = append(b, h.counts[:]...)
		b = append(b, h.syms...)
	}
	if restart {
		b = append(b, 0xff, 0xdd, 0, 4, byte(e.mcuCols>>8), byte(e.mcuCols))
	}
	b = append(b, 0xff, 0xda, 0, 12, 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0)
	return b
}

// bitWriter accumulates Huffman-coded bits, stuffing a 0 after each 0xFF.
type bitWriter struct {
	acc uint64
	n   uint
	buf []byte
}

func (bw *bitWriter) emit(code uint32, n uint) {
	bw.acc = bw.acc<<n | uint64(code)
	bw.n += n
	if bw.n >= 32 {
		bw.n -= 32
		bw.buf = put32(bw.buf, uint32(bw.acc>>bw.n))
	}
}

// pad flushes the remaining bits, filling the last byte with 1s.
func (bw *bitWriter) pad() {
	if r := bw.n % 8; r != 0 {
		bw.emit(1<<(8-r)-1, 8-r)
	}
	for bw.n >= 8 {
		bw.n -= 8
		c := byte(bw.acc >> bw.n)
		bw.buf = append(bw.buf, c)
		if c == 0xff {
			bw.buf = append(bw.buf, 0)
		}
	}
	bw.acc = 0
}

// planes hold one MCU row's samples, level-shifted by -128, with the edge
// pixels repeated out to whole MCUs.
type planes struct {
	y, cb, cr []float32
	yw, cw    int // row lengths
}

// encodeRows encodes MCU rows [r0, r1). With restart, every MCU row is a
// restart interval: DC prediction starts over, and each row but the
// image's last ends byte-aligned with marker RSTn, n = row mod 8.
func (e *jpegEnc) encodeRows(bw *bitWriter, r0, r1 int, restart bool) {
	pl := &planes{yw: e.mcuCols * e.mcuW}
	pl.cw = e.mcuCols * 8
	pl.y = make([]float32, pl.yw*e.mcuH)
	pl.cb = make([]float32, pl.cw*8)
	pl.cr = make([]float32, pl.cw*8)
	var blk [64]float32
	var dc [3]int32
	yQ, cQ := &e.scale[0], &e.scale[1]
	for r := r0; r < r1; r++ {
		e.loadRow(pl, r)
		if restart {
			dc = [3]int32{}
		}
		for mx := 0; mx < e.mcuCols; mx++ {
			if e.sub420 {
				for by := 0; by < 2; by++ {
					for bx := 0; bx < 2; bx++ {
						dc[0] = encodeBlock(bw, &blk, pl.y[by*8*pl.yw+mx*16+bx*8:], pl.yw, yQ, dc[0], &huffTables[0], &huffTables[1])
					}
				}
			} else {
				dc[0] = encodeBlock(bw, &blk, pl.y[mx*8:], pl.yw, yQ, dc[0], &huffTables[0], &huffTables[1])
			}
			dc[1] = encodeBlock(bw, &blk, pl.cb[mx*8:], pl.cw, cQ, dc[1], &huffTables[2], &huffTables[3])
			dc[2] = encodeBlock(bw, &blk, pl.cr[mx*8:], pl.cw, cQ, dc[2], &huffTables[2], &huffTables[3])
		}
		if restart && r < e.mcuRows-1 {
			bw.pad()
			bw.buf = append(bw.buf, 0xff, 0xd0+byte(r&7))
		}
	}
	if restart {
		bw.pad()
	}
}

// loadRow converts MCU row r to level-shifted Y, Cb, Cr over a white
// matte: straight = premultiplied + (255 - alpha). 4:2:0 chroma is the
// conversion of each 2×2 block's mean colour; each pixel is read once.
func (e *jpegEnc) loadRow(pl *planes, r int) {
	p := e.p
	w := p.Width
	y0 := r * e.mcuH
	if !e.sub420 {
		for dy := 0; dy < 8; dy++ {
			sy := min(y0+dy, p.Height-1)
			src := p.Pix[sy*p.Stride : sy*p.Stride+4*w]
			yrow := pl.y[dy*pl.yw : (dy+1)*pl.yw]
			crow := pl.cb[dy*pl.cw : (dy+1)*pl.cw]
			rrow := pl.cr[dy*pl.cw : (dy+1)*pl.cw]
			// A pixel equal to the one before repeats its results.
			x0 := 0
			if haveAVX2 {
				x0 = pixels444(yrow, crow, rrow, src, w)
			}
			var prev uint32
			var yv, cb, cr float32
			for x := x0; x < w; x++ {
				v := binary.LittleEndian.Uint32(src[4*x : 4*x+4 : 4*x+4])
				if x == x0 || v != prev {
					prev = v
					rr, gg, bb := matte(v)
					yv = float32(19595*rr+38470*gg+7471*bb-(128<<16)) * (1.0 / 65536)
					cb = float32(-11056*rr-21712*gg+32768*bb) * (1.0 / 65536)
					cr = float32(32768*rr-27440*gg-5328*bb) * (1.0 / 65536)
				}
				yrow[x], crow[x], rrow[x] = yv, cb, cr
			}
			for x := w; x < pl.yw; x++ {
				yrow[x], crow[x], rrow[x] = yrow[w-1], crow[w-1], rrow[w-1]
			}
		}
		return
	}
	cw := (w + 1) / 2
	for cy := 0; cy < 8; cy++ {
		sa := min(y0+2*cy, p.Height-1)
		sb := min(y0+2*cy+1, p.Height-1)
		ra := p.Pix[sa*p.Stride : sa*p.Stride+4*w]
		rb := p.Pix[sb*p.Stride : sb*p.Stride+4*w]
		ya := pl.y[2*cy*pl.yw : (2*cy+1)*pl.yw]
		yb := pl.y[(2*cy+1)*pl.yw : (2*cy+2)*pl.yw]
		crow := pl.cb[cy*pl.cw : (cy+1)*pl.cw]
		rrow := pl.cr[cy*pl.cw : (cy+1)*pl.cw]
		// Whole 2×2 cells (w/2 of them) eight bytes a row at a time; a
		// cell equal to the one before it (flat areas, most of a poster)
		// repeats its results instead of converting again.
		full := w / 2
		cx0 := 0
		if haveAVX2 {
			cx0 = cells420(ya, yb, crow, rrow, ra, rb, full)
		}
		var pa, pb uint64
		var y0a, y1a, y0b, y1b, cb, cr float32
		for cx := cx0; cx < full; cx++ {
			x0 := 2 * cx
			va := binary.LittleEndian.Uint64(ra[4*x0 : 4*x0+8 : 4*x0+8])
			vb := binary.LittleEndian.Uint64(rb[4*x0 : 4*x0+8 : 4*x0+8])
			if cx == cx0 || va != pa || vb != pb {
				pa, pb = va, vb
				r0, g0, bl0 := matte(uint32(va))
				r1, g1, bl1 := matte(uint32(va >> 32))
				r2, g2, bl2 := matte(uint32(vb))
				r3, g3, bl3 := matte(uint32(vb >> 32))
				y0a = float32(19595*r0+38470*g0+7471*bl0-(128<<16)) * (1.0 / 65536)
				y1a = float32(19595*r1+38470*g1+7471*bl1-(128<<16)) * (1.0 / 65536)
				y0b = float32(19595*r2+38470*g2+7471*bl2-(128<<16)) * (1.0 / 65536)
				y1b = float32(19595*r3+38470*g3+7471*bl3-(128<<16)) * (1.0 / 65536)
				rr, gg, bb := r0+r1+r2+r3, g0+g1+g2+g3, bl0+bl1+bl2+bl3
				cb = float32(-11056*rr-21712*gg+32768*bb) * (1.0 / (4 * 65536))
				cr = float32(32768*rr-27440*gg-5328*bb) * (1.0 / (4 * 65536))
			}
			yy := ya[x0 : x0+2 : x0+2]
			yy[0], yy[1] = y0a, y1a
			yy = yb[x0 : x0+2 : x0+2]
			yy[0], yy[1] = y0b, y1b
			crow[cx], rrow[cx] = cb, cr
		}
		for cx := full; cx < cw; cx++ {
			x0 := 2 * cx
			x1 := min(x0+1, w-1)
			a0, a1 := ra[4*x0:4*x0+4:4*x0+4], ra[4*x1:4*x1+4:4*x1+4]
			b0, b1 := rb[4*x0:4*x0+4:4*x0+4], rb[4*x1:4*x1+4:4*x1+4]
			k := 255 - int32(a0[3])
			r0, g0, bl0 := int32(a0[0])+k, int32(a0[1])+k, int32(a0[2])+k
			k = 255 - int32(a1[3])
			r1, g1, bl1 := int32(a1[0])+k, int32(a1[1])+k, int32(a1[2])+k
			k = 255 - int32(b0[3])
			r2, g2, bl2 := int32(b0[0])+k, int32(b0[1])+k, int32(b0[2])+k
			k = 255 - int32(b1[3])
			r3, g3, bl3 := int32(b1[0])+k, int32(b1[1])+k, int32(b1[2])+k
			yy := ya[x0 : x0+2 : x0+2]
			yy[0] = float32(19595*r0+38470*g0+7471*bl0-(128<<16)) * (1.0 / 65536)
			yy[1] = float32(19595*r1+38470*g1+7471*bl1-(128<<16)) * (1.0 / 65536)
			yy = yb[x0 : x0+2 : x0+2]
			yy[0] = float32(19595*r2+38470*g2+7471*bl2-(128<<16)) * (1.0 / 65536)
			yy[1] = float32(19595*r3+38470*g3+7471*bl3-(128<<16)) * (1.0 / 65536)
			rr, gg, bb := r0+r1+r2+r3, g0+g1+g2+g3, bl0+bl1+bl2+bl3
			crow[cx] = float32(-11056*rr-21712*gg+32768*bb) * (1.0 / (4 * 65536))
			rrow[cx] = float32(32768*rr-27440*gg-5328*bb) * (1.0 / (4 * 65536))
		}
		for x := w; x < pl.yw; x++ {
			ya[x], yb[x] = ya[w-1], yb[w-1]
		}
		for x := cw; x < pl.cw; x++ {
			crow[x], rrow[x] = crow[cw-1], rrow[cw-1]
		}
	}
}

// matte returns the straight colour of the premultiplied pixel v (RGBA
// little-endian) over white: premultiplied + (255 - alpha).
func matte(v uint32) (r, g, b int32) {
	k := 255 - int32(v>>24)
	return int32(v&0xff) + k, int32(v>>8&0xff) + k, int32(v>>16&0xff) + k
}

// fdct is the AAN factorisation of the 8×8 forward DCT (5 multiplies per
// 1-D pass); its outputs carry the scale factors folded into the
// quantization multipliers (jpegEnc.scale), and the column pass quantizes
// as it goes: q gets the quantized coefficients in natural order, and the
// result has bit i set where q[i] is non-zero.
//
// The row pass reads the block straight from a plane row with the given
// stride, so blocks are never copied out first.
func fdct(q *[64]int32, d *[64]float32, src []float32, stride int, scale *[64]float32) uint64 {
	for i := 0; i < 64; i += 8 {
		r := src[i/8*stride : i/8*stride+8 : i/8*stride+8]
		o := d[i : i+8 : i+8]
		t0, t7 := r[0]+r[7], r[0]-r[7]
		t1, t6 := r[1]+r[6], r[1]-r[6]
		t2, t5 := r[2]+r[5], r[2]-r[5]
		t3, t4 := r[3]+r[4], r[3]-r[4]
		t10, t13 := t0+t3, t0-t3
		t11, t12 := t1+t2, t1-t2
		o[0] = t10 + t11
		o[4] = t10 - t11
		z1 := float32((t12 + t13) * 0.707106781)
		o[2] = t13 + z1
		o[6] = t13 - z1
		t10 = t4 + t5
		t11 = t5 + t6
		t12 = t6 + t7
		z5 := float32((t10 - t12) * 0.382683433)
		z2 := float32(0.541196100*t10) + z5
		z4 := float32(1.306562965*t12) + z5
		z3 := float32(t11 * 0.707106781)
		z11, z13 := t7+z3, t7-z3
		o[5] = z13 + z2
		o[3] = z13 - z2
		o[1] = z11 + z4
		o[7] = z11 - z4
	}
	var nz uint64
	for i := 0; i < 8; i++ {
		t0, t7 := d[i]+d[56+i], d[i]-d[56+i]
		t1, t6 := d[8+i]+d[48+i], d[8+i]-d[48+i]
		t2, t5 := d[16+i]+d[40+i], d[16+i]-d[40+i]
		t3, t4 := d[24+i]+d[32+i], d[24+i]-d[32+i]
		t10, t13 := t0+t3, t0-t3
		t11, t12 := t1+t2, t1-t2
		nz |= quant1(q, scale, i, t10+t11)
		nz |= quant1(q, scale, 32+i, t10-t11)
		z1 := float32((t12 + t13) * 0.707106781)
		nz |= quant1(q, scale, 16+i, t13+z1)
		nz |= quant1(q, scale, 48+i, t13-z1)
		t10 = t4 + t5
		t11 = t5 + t6
		t12 = t6 + t7
		z5 := float32((t10 - t12) * 0.382683433)
		z2 := float32(0.541196100*t10) + z5
		z4 := float32(1.306562965*t12) + z5
		z3 := float32(t11 * 0.707106781)
		z11, z13 := t7+z3, t7-z3
		nz |= quant1(q, scale, 40+i, z13+z2)
		nz |= quant1(q, scale, 24+i, z13-z2)
		nz |= quant1(q, scale, 8+i, z11+z4)
		nz |= quant1(q, scale, 56+i, z11-z4)
	}
	return nz
}

// quant1 quantizes coefficient i (natural order) into q, rounding half
// away from zero via the 16384 offset trick, and returns bit i set when
// the result is non-zero (branch-free: the sign bit of v|-v is set exactly
// when v != 0; zero patterns are too irregular to predict).
func quant1(q *[64]int32, scale *[64]float32, i int, x float32) uint64 {
	i &= 63
	v := int32(float32(x*scale[i])+16384.5) - 16384
	q[i] = v
	return uint64(uint32(v|-v)>>31) << i
}

// zigzagBits[j][b] maps byte j of a natural-order bit mask to the same
// bits in zigzag order.
var zigzagBits = func() (t [8][256]uint64) {
	var pos [64]uint
	for k, i := range zigzag {
		pos[i] = uint(k)
	}
	for j := 0; j < 8; j++ {
		for b := 0; b < 256; b++ {
			for bit := 0; bit < 8; bit++ {
				if b>>bit&1 != 0 {
					t[j][b] |= 1 << pos[8*j+bit]
				}
			}
		}
	}
	return
}()

// encodeBlock transforms, quantizes and Huffman-codes one block; it
// returns the block's DC value for the next prediction.
//
// The bit accumulator lives in locals for the whole block (the compiler
// keeps them in registers; through bw's fields every code was a load and
// a store) and is flushed 32 bits at a time: a code with its extra bits is
// at most 27 bits, so the 64-bit accumulator never overflows.
func encodeBlock(bw *bitWriter, blk *[64]float32, src []float32, stride int, scale *[64]float32, prevDC int32, dcT, acT *[256]huffCode) int32 {
	acc, n, buf := bw.acc, bw.n, bw.buf
	var dc int32
	if flatBlock(src, stride) {
		// A uniform block (common in posters) transforms to its DC term
		// alone: 64·v before the folded scale.
		dc = int32(float32(64*src[0]*scale[0])+16384.5) - 16384
		code, size := valueCode(dc-prevDC, 0, dcT)
		acc, n = acc<<size|code, n+size
		c := acT[0x00]
		acc, n = acc<<c.n|uint64(c.code), n+uint(c.n)
		if n >= 32 {
			n -= 32
			buf = put32(buf, uint32(acc>>n))
		}
		bw.acc, bw.n, bw.buf = acc, n, buf
		return dc
	}
	var q [64]int32 // natural order
	var m uint64
	if haveAVX2 && len(src) >= 7*stride+8 {
		m = fdctAVX2(&q, src, stride, scale)
	} else {
		m = fdct(&q, blk, src, stride, scale)
	}
	nz := zigzagBits[0][m&0xff] | zigzagBits[1][m>>8&0xff] | zigzagBits[2][m>>16&0xff] |
		zigzagBits[3][m>>24&0xff] | zigzagBits[4][m>>32&0xff] | zigzagBits[5][m>>40&0xff] |
		zigzagBits[6][m>>48&0xff] | zigzagBits[7][m>>56] // bit k: zigzag coefficient k is non-zero
	dc = q[0]
	code, size := valueCode(dc-prevDC, 0, dcT)
	acc, n = acc<<size|code, n+size
	if n >= 32 {
		n -= 32
		buf = put32(buf, uint32(acc>>n))
	}
	nz &^= 1
	k := 0
	zrl := acT[0xf0]
	for nz != 0 {
		next := bits.TrailingZeros64(nz)
		run := next - k - 1
		for run > 15 {
			acc, n = acc<<zrl.n|uint64(zrl.code), n+uint(zrl.n)
			if n >= 32 {
				n -= 32
				buf = put32(buf, uint32(acc>>n))
			}
			run -= 16
		}
		code, size := valueCode(q[zigzag[next]&63], run, acT)
		acc, n = acc<<size|code, n+size
		if n >= 32 {
			n -= 32
			buf = put32(buf, uint32(acc>>n))
		}
		k = next
		nz &= nz - 1
	}
	if k != 63 {
		c := acT[0x00]
		acc, n = acc<<c.n|uint64(c.code), n+uint(c.n)
		if n >= 32 {
			n -= 32
			buf = put32(buf, uint32(acc>>n))
		}
	}
	bw.acc, bw.n, bw.buf = acc, n, buf
	return dc
}

// put32 appends the 32 bits v, stuffing a 0 after each 0xFF byte.
func put32(buf []byte, v uint32) []byte {
	// No 0xFF byte in v: four bytes at once.
	x := ^v
	if (x-0x01010101)&^x&0x80808080 == 0 {
		return append(buf, byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	for s := 24; s >= 0; s -= 8 {
		c := byte(v >> s)
		buf = append(buf, c)
		if c == 0xff {
			buf = append(buf, 0)
		}
	}
	return buf
}

// valueCode returns symbol (run<<4 | size)'s code followed by v's size
// extra bits, and the total length.
func valueCode(v int32, run int, t *[256]huffCode) (uint64, uint) {
	a := v
	if a < 0 {
		a = -a
		v--
	}
	size := uint(bits.Len32(uint32(a)))
	c := t[run<<4|int(size)]
	return uint64(c.code<<size | uint32(v)&(1<<size-1)), uint(c.n) + size
}

// flatBlock reports whether the 8×8 block at src has one value.
func flatBlock(src []float32, stride int) bool {
	v := src[0]
	for y := 0; y < 8; y++ {
		r := src[y*stride : y*stride+8 : y*stride+8]
		if r[0] != v || r[1] != v || r[2] != v || r[3] != v || r[4] != v || r[5] != v || r[6] != v || r[7] != v {
			return false
		}
	}
	return true
}
