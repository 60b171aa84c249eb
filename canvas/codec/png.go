// Package codec writes premultiplied RGBA rasters as PNG and JPEG, fast.
//
// The PNG writer is our own (chunks, CRC, filters, zlib framing), and so
// are the DEFLATE compressors of its fast level (fastdeflate.go: matches
// one pixel back and one row up only) and default level (deflate.go:
// lazy hash chains); best keeps, per band, the smaller of the default
// level's and github.com/klauspost/compress/flate's level 7. Large images
// are compressed in row bands on several cores into one zlib stream. The
// JPEG encoder (jpeg.go) is our own baseline encoder. The hot loops have
// amd64 assembly (AVX2, BMI2) twins of Go code that stays the reference:
// tests compare their outputs byte for byte.
package codec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/klauspost/compress/flate"

	"github.com/postercanvas/postercanvas/raster"
)

// PNGLevel is a PNG compression level.
type PNGLevel int

const (
	// PNGDefault (the zero value) is the level exports use: sampled
	// filtering and our lazy DEFLATE (deflate.go); smaller output than
	// Skia's encoder at a fifth of its time or less (bench/README.md).
	PNGDefault PNGLevel = iota
	// PNGFast is 1.1–4× faster than PNGDefault (least on indexed images,
	// where the palette conversion is most of the time) and writes larger
	// files: 1.04–1.4× PNGDefault's on flat and stroked images, up to 2×
	// on dithered gradients and photos, whose repeats it does not look
	// for (bench/README.md, "Fourth pass").
	PNGFast
	// PNGBest spends about three times PNGDefault's time (more filter
	// candidates, a second deflater per band) for files no larger.
	PNGBest
)

// String returns the level's name, as ParsePNGLevel takes it.
func (l PNGLevel) String() string {
	switch l {
	case PNGDefault:
		return "default"
	case PNGFast:
		return "fast"
	case PNGBest:
		return "best"
	}
	return fmt.Sprintf("PNGLevel(%d)", int(l))
}

// ParsePNGLevel parses "fast", "default" or "best".
func ParsePNGLevel(s string) (PNGLevel, error) {
	switch s {
	case "fast":
		return PNGFast, nil
	case "default", "":
		return PNGDefault, nil
	case "best":
		return PNGBest, nil
	}
	return 0, fmt.Errorf("png level %q: want fast, default or best", s)
}

// PaletteMode says when an image with at most 256 distinct pixels is
// written as indexed colour.
type PaletteMode int

const (
	// PaletteAuto (the zero value) writes indexed colour whenever the
	// image has at most 256 distinct pixels: measured smaller and faster
	// in every such case (bench/README.md).
	PaletteAuto PaletteMode = iota
	// PaletteNever always writes RGB or RGBA.
	PaletteNever
)

// PNGOptions are the PNG writer's options; the zero value is the default.
type PNGOptions struct {
	Level PNGLevel
	// Workers is the number of goroutines compressing one image; 0 means
	// runtime.GOMAXPROCS(0). Small images use fewer (see minBandBytes).
	Workers int
	Palette PaletteMode
}

// Limits of the writer: PNG's own (31-bit sizes) and the raster's.
const maxPNGSide = 1 << 24

// minBandBytes is the least filtered data one band of a parallel encode
// gets: below it the goroutine and the restarted match window cost more
// than they gain (measured on the bench scenes, bench/README.md).
var minBandBytes int64 = 512 << 10

// filter types of PNG, and our strategies.
const (
	ftNone = iota
	ftSub
	ftUp
	ftAvg
	ftPaeth
	ftAdaptive    // per row, the filter with the least sum of |signed bytes|
	ftAdaptiveSU  // the same among None, Sub and Up
	ftAdaptiveSUP // the same among None, Sub, Up and Paeth
	ftSampled     // per image: the candidate that deflates a sample of rows smallest
)

// levelParams are the filter strategy and deflate level of each PNGLevel,
// chosen by the measurements in bench/README.md (TestMeasurePNGStrategies
// and bench/encode-compare.sh). With ftSampled, cands are the strategies
// tried on a sample of rows, in order of preference on ties.
//
// With alt set, every band is also deflated at level alt and the smaller
// output is kept: best is never larger than our own deflate of the same
// filtered rows (klauspost level 7 alone lost to it on s5 and s6).
type levelParams struct {
	filter int
	flate  int
	cands  []int
	alt    int
}

var levelTable = map[PNGLevel]levelParams{
	PNGFast:    {ftSampled, ownFast, []int{ftUp, ftSub}, 0},
	PNGDefault: {ftSampled, ownLazy, []int{ftUp, ftSub, ftAdaptiveSU}, 0},
	PNGBest:    {ftSampled, ownLazy, []int{ftUp, ftSub, ftPaeth, ftAdaptiveSU, ftAdaptive}, 7},
}

// allStrategies are the candidates of a ftSampled levelParams without a
// list (the measurement harness).
var allStrategies = []int{ftUp, ftSub, ftPaeth, ftAdaptiveSU, ftAdaptive}

// EncodePNG writes the premultiplied pixmap p as PNG: indexed when it has
// at most 256 distinct pixels (unless o.Palette is PaletteNever), 8-bit RGB
// when every pixel is opaque, else straight-alpha 8-bit RGBA unpremultiplied
// as Chromium does. o may be nil.
func EncodePNG(w io.Writer, p *raster.Pixmap, o *PNGOptions) error {
	var opt PNGOptions
	if o != nil {
		opt = *o
	}
	lp, ok := levelTable[opt.Level]
	if !ok {
		return fmt.Errorf("png: unknown level %d", int(opt.Level))
	}
	return encodePNG(w, p, opt, lp)
}

func encodePNG(w io.Writer, p *raster.Pixmap, opt PNGOptions, lp levelParams) error {
	if p == nil || p.Width <= 0 || p.Height <= 0 || p.Width > maxPNGSide || p.Height > maxPNGSide {
		return errors.New("png: empty or oversized image")
	}
	if p.Stride < 4*p.Width || len(p.Pix) < (p.Height-1)*p.Stride+4*p.Width {
		return errors.New("png: pixel buffer shorter than its size")
	}
	e := &pngEnc{p: p, lp: lp}
	e.plan(opt.Palette)
	if e.lp.filter == ftSampled {
		e.lp.filter = e.sampleFilter()
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	total := int64(p.Height) * int64(1+e.rowBytes)
	if n := int(total / minBandBytes); workers > n {
		workers = max(n, 1)
	}
	workers = min(workers, p.Height)

	var hdr [8 + 25]byte
	copy(hdr[:8], "\x89PNG\r\n\x1a\n")
	ihdr := hdr[8:]
	binary.BigEndian.PutUint32(ihdr[0:], 13)
	copy(ihdr[4:], "IHDR")
	binary.BigEndian.PutUint32(ihdr[8:], uint32(p.Width))
	binary.BigEndian.PutUint32(ihdr[12:], uint32(p.Height))
	ihdr[16] = 8 // bit depth
	ihdr[17] = e.colorType
	// compression, filter method, interlace: all 0.
	binary.BigEndian.PutUint32(ihdr[21:], crc32.ChecksumIEEE(ihdr[4:21]))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	if e.colorType == ctIndexed {
		plte := make([]byte, 0, 3*len(e.palette))
		trns := make([]byte, 0, len(e.palette))
		for _, c := range e.palette {
			r, g, b, a := uint8(c), uint8(c>>8), uint8(c>>16), uint8(c>>24)
			plte = append(plte, Unpremultiply(r, a), Unpremultiply(g, a), Unpremultiply(b, a))
			trns = append(trns, a)
		}
		if err := writeChunk(w, "PLTE", plte); err != nil {
			return err
		}
		// tRNS up to the last non-opaque entry (the palette lists
		// translucent entries first).
		n := 0
		for i, a := range trns {
			if a != 0xff {
				n = i + 1
			}
		}
		if n > 0 {
			if err := writeChunk(w, "tRNS", trns[:n]); err != nil {
				return err
			}
		}
	}
	iw := &idatWriter{w: w, buf: make([]byte, 0, idatSize)}
	// zlib header: deflate, 32 KiB window, no dictionary, level hint.
	fl := byte(0x5e) // "fast"
	if lp.flate >= 7 {
		fl = 0xda
	} else if lp.flate >= 4 || lp.flate == ownLazy {
		fl = 0x9c
	}
	iw.Write([]byte{0x78, fl})
	var adler uint32
	var err error
	if workers <= 1 {
		adler, err = e.compressBand(iw, 0, p.Height, true)
	} else {
		adler, err = e.compressParallel(iw, workers)
	}
	if err != nil {
		return err
	}
	var tail [4]byte
	binary.BigEndian.PutUint32(tail[:], adler)
	iw.Write(tail[:])
	if err := iw.flush(); err != nil {
		return err
	}
	return writeChunk(w, "IEND", nil)
}

const (
	ctRGB     = 2
	ctIndexed = 3
	ctRGBA    = 6
)

type pngEnc struct {
	p         *raster.Pixmap
	lp        levelParams
	colorType byte
	bpp       int // bytes per pixel of the filtered stream
	rowBytes  int
	palette   []uint32 // premultiplied pixels as little-endian uint32
	index     *colorIndex
}

// plan picks the colour type: indexed, RGB or RGBA.
func (e *pngEnc) plan(pm PaletteMode) {
	p := e.p
	if pm == PaletteAuto {
		if idx := countColors(p, 256); idx != nil {
			e.colorType, e.bpp, e.index = ctIndexed, 1, idx
			e.palette = idx.sorted()
			e.rowBytes = p.Width
			return
		}
	}
	if isOpaque(p) {
		e.colorType, e.bpp = ctRGB, 3
	} else {
		e.colorType, e.bpp = ctRGBA, 4
	}
	e.rowBytes = e.bpp * p.Width
}

// sampleFilter picks the filter strategy whose output deflates smallest
// (see sample.size) on four bands of 8 rows spread over the image. The
// sum-of-absolute-values heuristic alone is a poor guide on gradients:
// Sub's repeating small deltas deflate far better than the rows the
// heuristic picks (bench/README.md). Indexed images use no filter, as the
// PNG specification recommends and our measurements agree.
func (e *pngEnc) sampleFilter() int {
	if e.colorType == ctIndexed {
		return ftNone
	}
	cands := e.lp.cands
	if len(cands) == 0 {
		cands = allStrategies
	}
	if len(cands) == 1 {
		return cands[0]
	}
	sm := e.takeSample()
	best, bestN := cands[0], -1
	for _, f := range cands {
		if n := sm.size(f); bestN < 0 || n < bestN {
			best, bestN = f, n
		}
	}
	return best
}

// sample is four bands of 8 converted rows spread over the image, each
// with the row above it.
type sample struct {
	e     *pngEnc
	rows  int
	bands [][][]byte // bands[i][0] is the row above band i
	l1    *flate.Writer
	buf   []byte
}

func (e *pngEnc) takeSample() *sample {
	h := e.p.Height
	sm := &sample{e: e, rows: 8}
	var starts []int
	if h <= 4*sm.rows {
		starts = []int{0}
		sm.rows = h
	} else {
		for i := 0; i < 4; i++ {
			starts = append(starts, h*(2*i+1)/8-sm.rows/2)
		}
	}
	for _, y0 := range starts {
		band := make([][]byte, 0, sm.rows+1)
		prev := make([]byte, e.rowBytes)
		if y0 > 0 {
			e.convertRow(prev, y0-1)
		}
		band = append(band, prev)
		for y := y0; y < y0+sm.rows; y++ {
			cur := make([]byte, e.rowBytes)
			e.convertRow(cur, y)
			band = append(band, cur)
		}
		sm.bands = append(sm.bands, band)
	}
	return sm
}

// size returns the size of the sample filtered with f and deflated: with
// our fast compressor at the fast level, else at klauspost's level 1.
func (sm *sample) size(f int) int {
	e := sm.e
	cw := &countW{}
	var fw compressor
	if e.lp.flate == ownFast {
		fw = e.newCompressor(cw, ownFast, nil, 4*sm.rows*(1+e.rowBytes))
	} else {
		// One writer for all candidates: its setup cost more than a
		// sample's compression.
		if sm.l1 == nil {
			sm.l1, _ = flate.NewWriter(cw, 1)
		} else {
			sm.l1.Reset(cw)
		}
		fw = sm.l1
	}
	buf := sm.buf[:0]
	fs := newFilterScratch(f, e.rowBytes)
	for _, band := range sm.bands {
		buf = buf[:0]
		for r := 1; r < len(band); r++ {
			buf = fs.filterRow(buf, band[r], band[r-1], e.bpp)
		}
		fw.Write(buf)
	}
	fw.Close()
	release(fw)
	sm.buf = buf
	return cw.n
}

// inPlace is a compressor that takes input in its own buffer: room
// returns an empty slice with capacity for n bytes, the caller appends to
// it and passes the result to wrote.
type inPlace interface {
	room(n int) []byte
	wrote(b []byte)
}

// release returns a compressor's memory for reuse, if it keeps any.
func release(c compressor) {
	if d, ok := c.(interface{ release() }); ok {
		d.release()
	}
}

type countW struct{ n int }

func (c *countW) Write(b []byte) (int, error) { c.n += len(b); return len(b), nil }

// convertRow writes row y of the pixmap in the output pixel format.
func (e *pngEnc) convertRow(dst []byte, y int) {
	p := e.p
	src := p.Pix[y*p.Stride : y*p.Stride+4*p.Width]
	switch e.colorType {
	case ctRGB:
		rowRGB(dst, src)
	case ctRGBA:
		rowRGBA(dst, src)
	default:
		e.index.rowIndex(dst, src)
	}
}

func rowRGB(dst, src []byte) {
	dst = dst[:len(src)/4*3]
	// Four pixels a step: two 8-byte loads, 12 bytes out.
	i, j := 0, 0
	for ; i+16 <= len(src) && j+16 <= len(dst); i, j = i+16, j+12 {
		s := src[i : i+16 : i+16]
		d := dst[j : j+16 : j+16]
		a := binary.LittleEndian.Uint64(s)
		b := binary.LittleEndian.Uint64(s[8:])
		binary.LittleEndian.PutUint64(d, a&0xffffff|(a>>8)&0xffffff000000|b<<48)
		binary.LittleEndian.PutUint64(d[8:], (b>>16)&0xff|(b>>24)&0xffffff00)
	}
	for ; i+4 <= len(src); i, j = i+4, j+3 {
		dst[j], dst[j+1], dst[j+2] = src[i], src[i+1], src[i+2]
	}
}

// isOpaque reports whether every pixel of p has alpha 255, two pixels a
// step.
func isOpaque(p *raster.Pixmap) bool {
	const alphas = 0xff000000ff000000
	for y := 0; y < p.Height; y++ {
		row := p.Pix[y*p.Stride : y*p.Stride+4*p.Width]
		acc := uint64(alphas)
		i := 0
		if haveAVX2 {
			if !alphaAllFF(row) {
				return false
			}
			i = len(row) &^ 31
		}
		for ; i+32 <= len(row); i += 32 {
			r := row[i : i+32 : i+32]
			acc &= binary.LittleEndian.Uint64(r) & binary.LittleEndian.Uint64(r[8:]) &
				binary.LittleEndian.Uint64(r[16:]) & binary.LittleEndian.Uint64(r[24:])
		}
		for ; i+4 <= len(row); i += 4 {
			acc &= uint64(row[i+3])<<24 | 0xff000000ff000000&^0xff000000
		}
		if acc&alphas != alphas {
			return false
		}
	}
	return true
}

// rowRGBA unpremultiplies a row; pairs of pixels equal to the pair before
// reuse its result (flat areas, transparent runs).
func rowRGBA(dst, src []byte) {
	dst = dst[:len(src)]
	var lastIn, lastOut uint64 // 0 maps to 0
	i := 0
	if haveAVX2 {
		i = 4 * unpremulBlocks(dst, src)
	}
	for ; i+8 <= len(src); i += 8 {
		v := binary.LittleEndian.Uint64(src[i:])
		if v != lastIn {
			lastIn = v
			lastOut = uint64(unpremulPixel(uint32(v))) | uint64(unpremulPixel(uint32(v>>32)))<<32
		}
		binary.LittleEndian.PutUint64(dst[i:], lastOut)
	}
	for ; i+4 <= len(src); i += 4 {
		binary.LittleEndian.PutUint32(dst[i:], unpremulPixel(binary.LittleEndian.Uint32(src[i:])))
	}
}

// unpremulPixel unpremultiplies one little-endian RGBA pixel.
func unpremulPixel(v uint32) uint32 {
	a := v >> 24
	if a == 0xff {
		return v
	}
	t := unpremul
	ai := int(a) << 8
	return uint32(t[ai|int(v&0xff)]) | uint32(t[ai|int(v>>8&0xff)])<<8 |
		uint32(t[ai|int(v>>16&0xff)])<<16 | a<<24
}

// Deflate levels: 1–9 are klauspost/compress's, ownLazy and ownFast ours
// (deflate.go, fastdeflate.go).
const (
	ownLazy = -1
	ownFast = -2
)

// compressor is a DEFLATE stream writer.
type compressor interface {
	io.Writer
	Flush() error // to a byte boundary, the stream continuing
	Close() error // final block
}

// newCompressor returns a compressor at level primed with dict; size is
// about how many bytes it will be given.
func (e *pngEnc) newCompressor(w io.Writer, level int, dict []byte, size int) compressor {
	switch level {
	case ownLazy:
		return newDeflaterSize(w, dict, size)
	case ownFast:
		return newFastDeflater(w, dict, e.bpp, 1+e.rowBytes, size)
	}
	fw, err := flate.NewWriterDict(w, level, dict)
	if err != nil {
		panic(err) // levels are ours: a bad one is a bug
	}
	return fw
}

// compressBand deflates rows [y0, y1) to w and returns their Adler-32. The
// deflater is primed with the filtered rows just above y0 (up to 32 KiB) so
// matches reach across the band boundary. The last band ends the deflate
// stream; the others end at a byte-aligned sync flush point, so bands
// concatenate into one stream.
func (e *pngEnc) compressBand(w io.Writer, y0, y1 int, last bool) (uint32, error) {
	rb := 1 + e.rowBytes
	rf := e.newRowFilter()
	var dict []byte
	if y0 > 0 {
		k := min(y0, (32<<10+rb-1)/rb)
		dict = make([]byte, 0, k*rb)
		for y := y0 - k; y < y0; y++ {
			dict = rf.row(dict, y)
		}
	}
	levels := []int{e.lp.flate}
	if e.lp.alt != 0 {
		levels = append(levels, e.lp.alt)
	}
	fws := make([]compressor, len(levels))
	var outs []*bytes.Buffer
	for i, l := range levels {
		dst := w
		if len(levels) > 1 {
			outs = append(outs, new(bytes.Buffer))
			dst = outs[i]
		}
		fws[i] = e.newCompressor(dst, l, dict, (y1-y0)*rb)
	}
	// Filter about 64 KiB of rows at a time, then deflate them. Our
	// compressors, when alone, take them in their own buffer (no copy).
	chunkRows := max(1, (64<<10)/rb)
	d, direct := fws[0].(inPlace)
	direct = direct && len(fws) == 1 && chunkRows*rb <= maxRoom
	var buf []byte
	if !direct {
		buf = make([]byte, 0, chunkRows*rb)
	}
	ad := adler32New()
	for y := y0; y < y1; {
		n := min(chunkRows, y1-y)
		dst := buf[:0]
		if direct {
			dst = d.room(n * rb)
		}
		for ; n > 0; n, y = n-1, y+1 {
			dst = rf.row(dst, y)
		}
		ad = adler32Update(ad, dst)
		if direct {
			d.wrote(dst)
			continue
		}
		buf = dst
		for _, fw := range fws {
			if _, err := fw.Write(buf); err != nil {
				return 0, err
			}
		}
	}
	for _, fw := range fws {
		var err error
		if last {
			err = fw.Close()
		} else {
			err = fw.Flush()
		}
		release(fw)
		if err != nil {
			return 0, err
		}
	}
	if outs != nil {
		best := outs[0]
		for _, o := range outs[1:] {
			if o.Len() < best.Len() {
				best = o
			}
		}
		if _, err := w.Write(best.Bytes()); err != nil {
			return 0, err
		}
	}
	return ad, nil
}

// directFilters enables the fused RGB + Up/Sub path (tests turn it off to
// compare with the general one).
var directFilters = true

// rowFilter produces filtered rows in order from any starting row.
type rowFilter struct {
	e          *pngEnc
	fs         *filterScratch
	prev, cur  []byte
	next       int  // the row prev is the row above of
	direct     bool // RGB with Up or Sub: filter straight from the pixmap
	zeroRGBA   []byte
	filterByte byte
}

func (e *pngEnc) newRowFilter() *rowFilter {
	rf := &rowFilter{e: e, next: -1}
	if directFilters && e.colorType == ctRGB && (e.lp.filter == ftUp || e.lp.filter == ftSub) {
		rf.direct, rf.filterByte = true, byte(e.lp.filter)
		if e.lp.filter == ftUp {
			rf.zeroRGBA = make([]byte, 4*e.p.Width)
		}
		return rf
	}
	rf.fs = newFilterScratch(e.lp.filter, e.rowBytes)
	rf.prev = make([]byte, e.rowBytes)
	rf.cur = make([]byte, e.rowBytes)
	return rf
}

// row appends filter type and filtered row y to dst.
func (rf *rowFilter) row(dst []byte, y int) []byte {
	e := rf.e
	if rf.direct {
		p := e.p
		src := p.Pix[y*p.Stride : y*p.Stride+4*p.Width]
		dst = append(dst, rf.filterByte)
		k := len(dst)
		dst = slices.Grow(dst, e.rowBytes)[:k+e.rowBytes]
		out := dst[k:]
		if rf.filterByte == ftUp {
			above := rf.zeroRGBA
			if y > 0 {
				above = p.Pix[(y-1)*p.Stride : (y-1)*p.Stride+4*p.Width]
			}
			rgbDiffRow(out, src, above)
		} else {
			copy(out[:3], src[:3])
			rgbDiffRow(out[3:], src[4:], src[:len(src)-4])
		}
		return dst
	}
	if rf.next != y {
		if y == 0 {
			clear(rf.prev)
		} else {
			e.convertRow(rf.prev, y-1)
		}
	}
	e.convertRow(rf.cur, y)
	dst = rf.fs.filterRow(dst, rf.cur, rf.prev, e.bpp)
	rf.prev, rf.cur = rf.cur, rf.prev
	rf.next = y + 1
	return dst
}

// rgbDiffRow writes the RGB bytes of a − b (per byte, mod 256) for the
// RGBA rows a and b: Up (b the row above) or Sub (b the row one pixel
// back) fused with dropping alpha, four pixels a step.
func rgbDiffRow(dst, a, b []byte) {
	dst = dst[:len(a)/4*3]
	b = b[:len(a)]
	if haveAVX2 {
		k := rgbDiffBlocks(dst, a, b)
		dst, a, b = dst[3*k:], a[4*k:], b[4*k:]
	}
	const hi = 0x8080808080808080
	sub := func(x, y uint64) uint64 { return ((x | hi) - (y &^ hi)) ^ ((x ^ ^y) & hi) }
	i, j := 0, 0
	for ; i+16 <= len(a) && j+16 <= len(dst); i, j = i+16, j+12 {
		x, y := a[i:i+16:i+16], b[i:i+16:i+16]
		d := dst[j : j+16 : j+16]
		u := sub(binary.LittleEndian.Uint64(x), binary.LittleEndian.Uint64(y))
		v := sub(binary.LittleEndian.Uint64(x[8:]), binary.LittleEndian.Uint64(y[8:]))
		binary.LittleEndian.PutUint64(d, u&0xffffff|(u>>8)&0xffffff000000|v<<48)
		binary.LittleEndian.PutUint64(d[8:], (v>>16)&0xff|(v>>24)&0xffffff00)
	}
	for ; i+4 <= len(a); i, j = i+4, j+3 {
		dst[j], dst[j+1], dst[j+2] = a[i]-b[i], a[i+1]-b[i+1], a[i+2]-b[i+2]
	}
}

// compressParallel splits the rows into one band per worker, deflates the
// bands concurrently and writes them in order, returning the combined
// Adler-32. The first band writes straight to w; the others into buffers
// written after it.
func (e *pngEnc) compressParallel(w io.Writer, workers int) (uint32, error) {
	h := e.p.Height
	type band struct {
		buf   bytes.Buffer
		adler uint32
		n     int64
		err   error
	}
	bands := make([]band, workers)
	var wg sync.WaitGroup
	for i := range bands {
		y0, y1 := h*i/workers, h*(i+1)/workers
		b := &bands[i]
		b.n = int64(y1-y0) * int64(1+e.rowBytes)
		var dst io.Writer = w
		if i > 0 {
			// A guess that is right for flat posters; larger outputs grow.
			b.buf.Grow(int(b.n / 8))
			dst = &b.buf
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.adler, b.err = e.compressBand(dst, y0, y1, i == workers-1)
		}()
	}
	wg.Wait()
	adler := uint32(1)
	for i := range bands {
		b := &bands[i]
		if b.err != nil {
			return 0, b.err
		}
		if i > 0 {
			if _, err := w.Write(b.buf.Bytes()); err != nil {
				return 0, err
			}
		}
		adler = adler32Combine(adler, b.adler, b.n)
	}
	return adler, nil
}

const idatSize = 256 << 10

// idatWriter cuts the zlib stream into IDAT chunks.
type idatWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func (iw *idatWriter) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 && iw.err == nil {
		if len(iw.buf) == 0 && len(b) >= idatSize {
			// Large writes go out as their own chunks, uncopied.
			k := min(len(b), 1<<30)
			iw.err = writeChunk(iw.w, "IDAT", b[:k])
			b = b[k:]
			continue
		}
		k := copy(iw.buf[len(iw.buf):cap(iw.buf)], b)
		iw.buf = iw.buf[:len(iw.buf)+k]
		b = b[k:]
		if len(iw.buf) == cap(iw.buf) {
			iw.err = iw.flush()
		}
	}
	return n, iw.err
}

func (iw *idatWriter) flush() error {
	if iw.err != nil {
		return iw.err
	}
	if len(iw.buf) > 0 {
		iw.err = writeChunk(iw.w, "IDAT", iw.buf)
		iw.buf = iw.buf[:0]
	}
	return iw.err
}

func writeChunk(w io.Writer, typ string, data []byte) error {
	var h [8]byte
	binary.BigEndian.PutUint32(h[:4], uint32(len(data)))
	copy(h[4:], typ)
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	crc := crc32.Update(crc32.ChecksumIEEE(h[4:8]), crc32.IEEETable, data)
	if len(data) > 0 {
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	var t [4]byte
	binary.BigEndian.PutUint32(t[:], crc)
	_, err := w.Write(t[:])
	return err
}
