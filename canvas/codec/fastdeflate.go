package codec

import (
	"encoding/binary"
	"io"
	"math/bits"
	"slices"
	"sync"
)

// This file is the DEFLATE compressor of the fast PNG level.
//
// Filtered image rows repeat in two places: one pixel back (flat areas
// and runs of equal deltas) and one row up (shapes that continue down the
// image). So there is no hash table: at every position the only match
// candidates are at distance near (the bytes per pixel) and far (the
// filtered row's length). Positions where four bytes agree with either
// are found many at a step (29 with AVX2, 5 without), so literal-heavy
// input costs little to scan. Literals stay in the input: a block is a
// list of sequences (a run of literals, then a match), counted in one
// pass and turned into bits in another, four literal codes per store
// (codes are at most 14 bits). Each block of input gets its own dynamic
// Huffman codes (or is stored, or uses the fixed codes, whichever is
// smallest). The scan and the writer have amd64 assembly twins
// (scanBlocks, writeSeqsBMI2) that tests hold to this file's bytes.

const (
	fastBlock   = 256 << 10 // input bytes per block
	fastMinNear = 4         // shortest match at distance near
	fastMinFar  = 6         // shortest at distance far (its distance code has extra bits)
	fastEnough  = 64        // a match at near this long is not compared with far
	fastMaxBits = 14        // literal/length code lengths: four literals fit a store
)

// fseq is a run of lits literals followed by a match of match&lenMask
// bytes (none when 0) at distance far if match has farBit, else near.
// Matches are cut into pieces of at most maxMatch when counted and written.
type fseq struct {
	lits  uint32
	match uint32
}

const (
	farBit  = 1 << 31
	lenMask = farBit - 1
)

// fastDeflater compresses a stream into raw DEFLATE blocks written to w.
type fastDeflater struct {
	w         io.Writer
	err       error
	near, far int // match distances; near <= far <= winSize

	buf []byte // history (far bytes at most) then pending input
	pos int    // next position to encode

	seqs     []fseq
	litFreq  [numLit]uint32
	distFreq [numDist]uint32
	litCode  [numLit]hcode
	distCode [numDist]hcode
	codes    seqCodes
	bw       lsbWriter
	mem      *fastMem
}

type fastMem struct {
	buf  []byte
	seqs []fseq
	out  []byte
}

var fastPool sync.Pool

// newFastDeflater returns a fast compressor writing to w for about size
// bytes of input whose matches are at distances near and far (0 < near
// <= far; far beyond the window falls back to near). It starts after
// dict: matches may reach into it.
func newFastDeflater(w io.Writer, dict []byte, near, far, size int) *fastDeflater {
	m, _ := fastPool.Get().(*fastMem)
	if m == nil {
		m = new(fastMem)
	}
	return newFastDeflaterMem(w, dict, near, far, size, m)
}

// newFastDeflaterMem is newFastDeflater on the memory m.
func newFastDeflaterMem(w io.Writer, dict []byte, near, far, size int, m *fastMem) *fastDeflater {
	if far > winSize || far < near {
		far = near
	}
	f := &fastDeflater{w: w, near: near, far: far, mem: m}
	if len(dict) > far {
		dict = dict[len(dict)-far:]
	}
	f.buf = append(grow(m.buf, min(len(dict)+size, far+fastBlock+maxRoom)+16), dict...)
	f.pos = len(dict)
	f.seqs = grow(m.seqs, 1024)
	f.bw.out = grow(m.out, min(64<<10, size/2+1024))
	return f
}

// release returns f's memory for reuse; f is not used after.
func (f *fastDeflater) release() {
	m := f.mem
	if m == nil {
		return
	}
	m.buf, m.seqs, m.out = f.buf, f.seqs, f.bw.out
	f.mem, f.buf, f.seqs, f.bw.out = nil, nil, nil, nil
	fastPool.Put(m)
}

// Write adds input, compressing a block whenever one is buffered.
func (f *fastDeflater) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 && f.err == nil {
		k := min(len(b), fastBlock)
		f.wrote(append(f.room(k), b[:k]...))
		b = b[k:]
	}
	return n, f.err
}

// room returns an empty slice of the input buffer with capacity for n
// more bytes (n <= maxRoom), for the caller to append input to in place
// and pass to wrote (as deflater.room).
func (f *fastDeflater) room(n int) []byte {
	if cap(f.buf)-len(f.buf) < n {
		// Keep the history and the pending input.
		keep := max(f.pos-f.far, 0)
		k := copy(f.buf, f.buf[keep:])
		f.buf = f.buf[:k]
		f.pos -= keep
		if cap(f.buf)-k < n {
			f.buf = append(f.buf, make([]byte, n+16)...)[:k]
		}
	}
	return f.buf[len(f.buf):len(f.buf)]
}

// wrote takes b, appended by the caller to a slice from room, as input.
func (f *fastDeflater) wrote(b []byte) {
	if !inBuffer(f.buf, b) {
		panic("codec: fastDeflater.wrote given bytes outside its buffer")
	}
	f.buf = f.buf[:len(f.buf)+len(b)]
	for len(f.buf)-f.pos >= fastBlock {
		f.block(f.pos+fastBlock, false)
	}
}

// Flush compresses all input and ends with a sync flush (as
// deflater.Flush).
func (f *fastDeflater) Flush() error {
	if len(f.buf) > f.pos {
		f.block(len(f.buf), false)
	}
	f.bw.syncFlush()
	f.drain()
	return f.err
}

// Close compresses all input and writes the final block.
func (f *fastDeflater) Close() error {
	f.block(len(f.buf), true)
	f.bw.align()
	f.drain()
	return f.err
}

func (f *fastDeflater) drain() {
	if f.err == nil && len(f.bw.out) > 0 {
		_, f.err = f.w.Write(f.bw.out)
	}
	f.bw.out = f.bw.out[:0]
}

// block encodes the input from pos to end as one block.

func (f *fastDeflater) block(end int, final bool) {
	start := f.pos
	buf := f.buf[:end]
	f.seqs = f.seqs[:0]
	i, lit := start, start
	// The first pixel has nothing to match; the first row only the pixel
	// before.
	if i < f.near {
		i = min(f.near, end)
	}
	if i < f.far {
		i, lit = f.scan(buf, i, lit, min(f.far, end), f.near)
	}
	_, lit = f.scan(buf, i, lit, end, f.far)
	f.seqs = append(f.seqs, fseq{lits: uint32(end - lit)})
	f.pos = end

	raw := buf[start:end]
	f.count(raw)
	var bp blockPlan
	bp.plan(&f.litFreq, &f.distFreq, len(raw), fastMaxBits)
	if bp.start(&f.bw, raw, final, &f.litCode, &f.distCode) {
		f.writeSeqs(raw)
	}
	f.litFreq = [numLit]uint32{}
	f.distFreq = [numDist]uint32{}
	if len(f.bw.out) >= 32<<10 {
		f.drain()
	}
}

// scan finds matches starting at i up to lim (they may run on to the end
// of buf) with the candidates near and far, adding sequences; lit is where
// the pending literals start. It returns the new i and lit. At a position
// where four bytes agree with a candidate, the longer match is taken: at
// near unless far's is longer and at least fastMinFar; one at near of
// fastEnough or more is not compared with far's.
func (f *fastDeflater) scan(buf []byte, i, lit, lim, far int) (int, int) {
	near := f.near
	for i < lim {
		if haveAVX2 && i+36 <= len(buf) {
			if cap(f.seqs)-len(f.seqs) < 64 {
				f.seqs = slices.Grow(f.seqs, cap(f.seqs))
			}
			var k int
			i, lit, k = scanBlocks(buf, i, lit, lim, near, far, f.seqs[len(f.seqs):cap(f.seqs)])
			f.seqs = f.seqs[:len(f.seqs)+k]
			if len(f.seqs) == cap(f.seqs) {
				continue
			}
			// Stopped near the end of buf, or at a run at or after lim:
			// the portable loop below takes over (the same steps).
		}
		s, which := findRun(buf, i, lim, near, far)
		if s >= lim {
			break
		}
		n := len(buf) - s
		l, m := 0, uint32(0)
		if which&1 != 0 {
			l = matchLen(buf, s-near, s, n)
		}
		if which&2 != 0 && l < fastEnough {
			if lf := matchLen(buf, s-far, s, n); lf > l && lf >= fastMinFar {
				l, m = lf, farBit
			}
		}
		if l < fastMinNear {
			i = s + 1
			continue
		}
		f.seqs = append(f.seqs, fseq{lits: uint32(s - lit), match: uint32(l) | m})
		i = s + l
		lit = i
	}
	return max(i, lim), lit
}

// matchPiece returns the length of the next piece of a match of l >= 3
// bytes: at most maxMatch, leaving no piece shorter than 3.
func matchPiece(l int) int {
	k := min(l, maxMatch)
	if r := l - k; r > 0 && r < 3 {
		k = l - 3
	}
	return k
}

// count sets the block's symbol frequencies from its sequences (literals
// read from raw).
func (f *fastDeflater) count(raw []byte) {
	freq := &f.litFreq
	dc := [2]uint8{distCodes[f.near-1], distCodes[f.far-1]}
	p := 0
	for _, s := range f.seqs {
		for _, c := range raw[p : p+int(s.lits)] {
			freq[c]++
		}
		l := int(s.match & lenMask)
		p += int(s.lits) + l
		d := dc[s.match>>31]
		for l > 0 {
			k := matchPiece(l)
			freq[257+int(lengthCode[k-3])]++
			f.distFreq[d]++
			l -= k
		}
	}
}

// findRun returns the first position s in [i, lim) where buf[s:s+4]
// equals the four bytes near or far before it, or lim if there is none,
// and which of the two agree there (bit 0 near, bit 1 far). Positions s
// with s+8 > len(buf) are not considered; i >= far >= near.
func findRun(buf []byte, i, lim, near, far int) (int, uint) {
	const lo, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	for ; i < lim && i+8 <= len(buf); i += 5 {
		w := binary.LittleEndian.Uint64(buf[i:])
		a := w ^ binary.LittleEndian.Uint64(buf[i-near:])
		b := w ^ binary.LittleEndian.Uint64(buf[i-far:])
		// High bit of each zero byte of a and b (exactly: no borrows).
		za := ^((a&lo + lo) | a | lo)
		zb := ^((b&lo + lo) | b | lo)
		// Starts of four zero bytes, at bytes 0–4.
		za &= za >> 8
		za &= za >> 16
		zb &= zb >> 8
		zb &= zb >> 16
		if r := za | zb; r != 0 {
			k := uint(bits.TrailingZeros64(r))
			s := i + int(k>>3)
			if s >= lim || s+8 > len(buf) {
				break
			}
			return s, uint(za>>k&1) | uint(zb>>k&1)<<1
		}
	}
	return lim, 0
}

// seqCodes are a block's codes as the sequence writers read them (the
// assembly knows this layout).
type seqCodes struct {
	lit   [256]uint32 // literal code | its length<<16
	len   [256]uint32 // by match length-3: code and extra bits
	lenN  [256]uint8  // their bit count
	dist  [2]uint64   // near, far: code and extra bits
	distN [2]uint64
}

// writeSeqs writes the block's sequences (their literals read from raw)
// with the codes set in litCode and distCode, then the end of block.
func (f *fastDeflater) writeSeqs(raw []byte) {
	t := &f.codes
	for c := range t.lit {
		t.lit[c] = uint32(f.litCode[c].code) | uint32(f.litCode[c].len)<<16
	}
	for l := 0; l < 256; l++ {
		code := lengthCode[l]
		c := f.litCode[257+int(code)]
		t.len[l] = uint32(c.code) | uint32(l+3-int(lengthBase[code]))<<c.len
		t.lenN[l] = c.len + lengthExtra[code]
	}
	for k, d := range [2]int{f.near, f.far} {
		dc := distCodes[d-1]
		c := f.distCode[dc]
		t.dist[k] = uint64(c.code) | uint64(d-int(distBase[dc]))<<c.len
		t.distN[k] = uint64(c.len) + uint64(distExtra[dc])
	}

	bw := &f.bw
	bw.flushBytes()
	out := bw.out
	o := len(out)
	// At most 14 bits a literal, 37 a match piece (of 3 bytes or more);
	// 8 bytes stored at a time.
	if need := o + 2*len(raw) + 6*len(f.seqs) + 16; need > cap(out) {
		out = append(out[:cap(out)], make([]byte, need-cap(out))...)
	}
	out = out[:cap(out)]
	if haveBMI2 {
		o, bw.acc, bw.n = writeSeqsBMI2(out, o, bw.acc, bw.n, f.seqs, raw, t)
	} else {
		o, bw.acc, bw.n = writeSeqsGo(out, o, bw.acc, bw.n, f.seqs, raw, t)
	}
	bw.out = out[:o]
	c := f.litCode[eob]
	bw.writeBits(uint64(c.code), uint(c.len))
}

// writeSeqsGo writes seqs, their literals read from raw, with the codes t
// into out from o, the bit accumulator acc holding n < 8 bits; it returns
// the new o, acc and n. out has room for every store.
func writeSeqsGo(out []byte, o int, acc uint64, n uint, seqs []fseq, raw []byte, t *seqCodes) (int, uint64, uint) {
	p := 0
	for _, s := range seqs {
		lits := raw[p : p+int(s.lits)]
		l := int(s.match & lenMask)
		p += int(s.lits) + l
		// Four literals (56 bits at most) per store.
		for ; len(lits) >= 4; lits = lits[4:] {
			c0, c1, c2, c3 := t.lit[lits[0]], t.lit[lits[1]], t.lit[lits[2]], t.lit[lits[3]]
			acc |= uint64(c0&0xffff) << n
			n += uint(c0 >> 16)
			acc |= uint64(c1&0xffff) << n
			n += uint(c1 >> 16)
			acc |= uint64(c2&0xffff) << n
			n += uint(c2 >> 16)
			acc |= uint64(c3&0xffff) << n
			n += uint(c3 >> 16)
			o, acc, n = store8(out, o, acc, n)
		}
		for _, c := range lits {
			cb := t.lit[c]
			acc |= uint64(cb&0xffff) << n
			n += uint(cb >> 16)
		}
		o, acc, n = store8(out, o, acc, n)
		// The match, in pieces: 19 bits of length, 18 of distance at
		// most.
		db, dn := t.dist[s.match>>31], uint(t.distN[s.match>>31])
		for l > 0 {
			m := matchPiece(l)
			l -= m
			acc |= uint64(t.len[m-3]) << n
			n += uint(t.lenN[m-3])
			acc |= db << n
			n += dn
			o, acc, n = store8(out, o, acc, n)
		}
	}
	return o, acc, n
}
