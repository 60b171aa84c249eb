package codec

import (
	"encoding/binary"
	"io"
	"math/bits"
	"slices"
	"sync"
	"unsafe"
)

// This file is our DEFLATE (RFC 1951) compressor for PNG's filtered rows:
// the default PNG level's (and one of best's two per band).
//
// LZ77 over a sliding 32 KiB window with hash chains and one step of lazy
// evaluation (zlib's scheme), then dynamic Huffman blocks. Its parameters
// are constants chosen on the bench images (bench/README.md): few chain
// candidates, positions hashed on 5 bytes, and inside a match longer than
// 32 bytes only its last two positions inserted, so flat areas (long runs
// of equal filtered bytes) cost little; blocks are cut after a fixed number
// of symbols, not bytes, so each part of an image gets its own code tables.
// The hot loop keeps its parameters as constants: with them in variables
// the compiler ran out of registers (21–27 % more instructions on the
// bench images, identical output). On amd64 the loop and the token writer
// run as assembly (lazyBlocks, writeTokensBMI2 in match_amd64.s), step for
// step the Go code here, which stays the reference: tests and the fuzzer
// compare their bytes. The assembly took 10–24 % off the default level's
// time on the bench images; what remains is mostly branch mispredictions
// and L2 hits on the hash tables, which a port does not change.

const (
	winSize  = 1 << 15
	winMask  = winSize - 1
	minMatch = 4 // the shortest match emitted (candidates come from a hashLen-byte hash)
	maxMatch = 258

	numLit  = 286 // literal/length alphabet: 0–255, end of block, 257–285
	numDist = 30
	numCL   = 19 // code-length alphabet of the dynamic header
	eob     = 256

	// maxBuffer is how much input the compressor holds (window included)
	// before sliding it.
	maxBuffer = 1 << 20
)

// The match finder's parameters (zlib's names).
const (
	lazyChain   = 4   // chain candidates examined per position
	lazyGood    = 4   // examine one candidate after a match this long
	lazyNice    = 128 // stop searching at a match this long
	lazyMaxLazy = 16  // no lazy search after a match this long
	lazyInsert  = 32  // longer matches insert only their last two positions
	hashBits    = 15
	hashLen     = 5 // bytes hashed
	blockSyms   = 1 << 15
)

// deflater compresses a stream into raw DEFLATE blocks written to w.
type deflater struct {
	w   io.Writer
	err error

	buf        []byte // window and pending input; positions index it
	pos        int    // next position to encode
	blockStart int    // position where the current block's input starts
	covered    int    // position up to which tokens describe the input
	blockLimit int    // symbols per block
	head       []int32
	prev       []int32 // chain links by position & winMask (lazy)

	// lazy state: a match found at pos-1 waiting for the one at pos.
	prevLen, prevDist int
	prevAvail         bool

	tokens   []uint32 // literal byte, or matchFlag | (dist-1)<<9 | 256+length-3
	litFreq  [numLit]uint32
	distFreq [numDist]uint32

	bw  lsbWriter
	mem *deflaterMem
	// code tables of the block being written
	litCode  [numLit]hcode
	distCode [numDist]hcode
	codes    tokenCodes
	lazy     lazyState
}

const matchFlag = 1 << 31

type hcode struct {
	code uint16 // bit-reversed, ready to write LSB first
	len  uint8
}

// newDeflater returns a compressor writing to w whose window starts with
// dict (at most its last 32 KiB are used): matches may reach back into
// it, as into a preset dictionary or the preceding part of a stream.
func newDeflater(w io.Writer, dict []byte) *deflater {
	return newDeflaterSize(w, dict, maxBuffer)
}

// newDeflaterSize is newDeflater for about size bytes of input: small
// inputs get a smaller buffer.
func newDeflaterSize(w io.Writer, dict []byte, size int) *deflater {
	m, _ := deflaterPool.Get().(*deflaterMem)
	if m == nil {
		m = new(deflaterMem)
	}
	return newDeflaterMem(w, dict, size, m)
}

// newDeflaterMem is newDeflaterSize on the memory m.
func newDeflaterMem(w io.Writer, dict []byte, size int, m *deflaterMem) *deflater {
	d := &deflater{w: w}
	d.mem = m
	d.buf = grow(m.buf, min(len(dict)+size+maxMatch+16, maxBuffer))
	d.head = grow(m.head, 1<<hashBits)[:1<<hashBits]
	for i := range d.head {
		d.head[i] = -1
	}
	// No clearing: a chain link is read only after its position was
	// inserted into this stream.
	d.prev = grow(m.prev, winSize)[:winSize]
	// Blocks end after blockSyms symbols, or sooner for a small input
	// (its tokens then fit a smaller array); never by the pool's state.
	d.blockLimit = min(blockSyms, size+1)
	d.tokens = grow(m.tokens, d.blockLimit+2)
	d.bw.out = grow(m.out, min(64<<10, size/2+1024))
	if len(dict) > winSize {
		dict = dict[len(dict)-winSize:]
	}
	d.buf = append(d.buf, dict...)
	for i := 0; i+8 <= len(dict); i++ {
		d.insert(i)
	}
	d.pos, d.blockStart, d.covered = len(dict), len(dict), len(dict)
	return d
}

// deflaterMem is a deflater's memory, reused through deflaterPool.
type deflaterMem struct {
	buf    []byte
	head   []int32
	prev   []int32
	tokens []uint32
	out    []byte
}

var deflaterPool sync.Pool

// grow returns s emptied, with capacity at least n.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, 0, n)
	}
	return s[:0]
}

// release returns the deflater's memory to the pool; d is not used after.
func (d *deflater) release() {
	if d.mem == nil {
		return
	}
	m := d.mem
	m.buf, m.head, m.prev, m.tokens, m.out = d.buf, d.head, d.prev, d.tokens, d.bw.out
	d.mem, d.buf, d.head, d.prev, d.tokens, d.bw.out = nil, nil, nil, nil, nil, nil
	deflaterPool.Put(m)
}

// hashAt hashes the hashLen bytes at i; i+8 <= len(buf).
func hashAt(buf []byte, i int) uint32 {
	return uint32(((binary.LittleEndian.Uint64(buf[i:]) << (64 - 8*hashLen)) * 0x9e3779b97f4a7c15) >> (64 - hashBits))
}

// insert adds position i (i+8 <= len(buf)) to the hash chains.
func (d *deflater) insert(i int) {
	h := hashAt(d.buf, i)
	d.prev[i&winMask] = d.head[h]
	d.head[h] = int32(i)
}

// Write adds input; it compresses whenever enough is buffered.
func (d *deflater) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 && d.err == nil {
		k := min(len(b), eagerBytes)
		d.wrote(append(d.room(k), b[:k]...))
		b = b[k:]
	}
	return n, d.err
}

// eagerBytes is how much new input is taken before compressing it.
const eagerBytes = 32 << 10

// maxRoom is the most room may be asked for.
const maxRoom = 256 << 10

// room returns an empty slice of the input buffer with capacity for n
// more bytes (n <= maxRoom): a caller that produces the input (the PNG
// row filter) appends to it in place and passes the result to wrote,
// saving Write's copy.
func (d *deflater) room(n int) []byte {
	for cap(d.buf)-len(d.buf) < n {
		if cap(d.buf) < maxBuffer {
			c := min(max(2*cap(d.buf), len(d.buf)+n), maxBuffer)
			d.buf = append(d.buf, make([]byte, c-len(d.buf))...)[:len(d.buf)]
		} else {
			d.compress(len(d.buf) - maxMatch - 8)
			d.slide()
		}
	}
	return d.buf[len(d.buf):len(d.buf)]
}

// wrote takes b, appended by the caller to a slice from room, as input,
// and compresses while the new input is still in cache.
func (d *deflater) wrote(b []byte) {
	if !inBuffer(d.buf, b) {
		panic("codec: deflater.wrote given bytes outside its buffer")
	}
	d.buf = d.buf[:len(d.buf)+len(b)]
	if len(d.buf)-d.pos >= eagerBytes+maxMatch+8 {
		d.compress(len(d.buf) - maxMatch - 8)
	}
}

// slide drops input more than a window behind pos, keeping positions
// multiples of winSize apart from before so the chain table stays valid.
func (d *deflater) slide() {
	keep := (d.pos - winSize) &^ winMask
	if keep <= 0 {
		return
	}
	if d.blockStart < keep {
		d.writeBlock(false)
	}
	n := copy(d.buf, d.buf[keep:])
	d.buf = d.buf[:n]
	d.pos -= keep
	d.blockStart -= keep
	d.covered -= keep
	k := int32(keep)
	for i, v := range d.head {
		d.head[i] = max(v-k, -1)
	}
	for i, v := range d.prev {
		d.prev[i] = max(v-k, -1)
	}
}

// Flush compresses all input and ends at a byte boundary with an empty
// stored block (a sync flush), so a stream may continue after it.
func (d *deflater) Flush() error {
	d.compress(len(d.buf))
	d.writeBlock(false)
	d.bw.syncFlush()
	d.drain()
	return d.err
}

// Close compresses all input and writes the final block.
func (d *deflater) Close() error {
	d.compress(len(d.buf))
	d.writeBlock(true)
	d.bw.align()
	d.drain()
	return d.err
}

func (d *deflater) drain() {
	if d.err == nil && len(d.bw.out) > 0 {
		_, d.err = d.w.Write(d.bw.out)
	}
	d.bw.out = d.bw.out[:0]
}

func (d *deflater) compress(end int) {
	if end > d.pos {
		d.deflateLazy(end)
	}
}

// matchLen returns how many bytes at a and b agree, up to limit; b > a
// and b+limit <= len(buf). The first eight bytes are compared inline (most
// matches are short); long ones continue 32 bytes a step with AVX2.
func matchLen(buf []byte, a, b, limit int) int {
	if limit >= 8 {
		x := binary.LittleEndian.Uint64(buf[a:]) ^ binary.LittleEndian.Uint64(buf[b:])
		if x != 0 {
			return bits.TrailingZeros64(x) >> 3
		}
		n := 8
		if haveAVX2 && limit-n >= 32 {
			k := matchLenBlocks(buf[a+n:], buf[b+n:], limit-n)
			if n += k; k&31 != 0 {
				return n
			}
			// All whole blocks agree or one differs at its first byte: the
			// tail finds out.
		}
		return n + matchLenTail(buf, a+n, b+n, limit-n)
	}
	return matchLenTail(buf, a, b, limit)
}

// matchLenTail is matchLen eight bytes a step.
func matchLenTail(buf []byte, a, b, limit int) int {
	n := 0
	for n+8 <= limit {
		x := binary.LittleEndian.Uint64(buf[a+n:]) ^ binary.LittleEndian.Uint64(buf[b+n:])
		if x != 0 {
			return n + bits.TrailingZeros64(x)>>3
		}
		n += 8
	}
	for n < limit && buf[a+n] == buf[b+n] {
		n++
	}
	return n
}

// deflateLazy encodes positions up to end: at each position the longest
// match among a few hash-chain candidates, emitted only if the next
// position's is not longer (zlib's lazy evaluation).
func (d *deflater) deflateLazy(end int) {
	buf := d.buf
	head := (*[1 << hashBits]int32)(d.head)
	prev := (*[winSize]int32)(d.prev)
	tk := d.tokens[:cap(d.tokens)]
	blockLimit := d.blockLimit
	nt := len(d.tokens)
	prevLen, prevDist, prevAvail := d.prevLen, d.prevDist, d.prevAvail
	p := d.pos
	st := &d.lazy
	if haveLazyAsm {
		st.buf, st.bufLen = unsafe.SliceData(buf), len(buf)
		st.head, st.prev, st.tokens = &head[0], &prev[0], &tk[0]
		st.blockLimit, st.end = blockLimit, end
		st.litFreq, st.distFreq = &d.litFreq[0], &d.distFreq[0]
		st.lengthCode, st.distCodes = &lengthCode[0], &distCodes[0]
	}
	for p < end {
		if nt >= blockLimit {
			d.tokens = tk[:nt]
			d.covered = p
			if prevAvail {
				d.covered = p - 1
			}
			d.writeBlock(false)
			nt = 0
		}
		if haveLazyAsm {
			st.nt, st.p, st.prevLen, st.prevDist = nt, p, prevLen, prevDist
			st.prevAvail = 0
			if prevAvail {
				st.prevAvail = 1
			}
			lazyBlocks(st)
			nt, p, prevLen, prevDist, prevAvail = st.nt, st.p, st.prevLen, st.prevDist, st.prevAvail != 0
			continue
		}
		curLen, curDist := 0, 0
		if p+8 <= len(buf) {
			x := binary.LittleEndian.Uint64(buf[p:])
			h := hashAt(buf, p)
			first := head[h]
			prev[p&winMask] = first
			head[h] = int32(p)
			limit := min(maxMatch, len(buf)-p)
			if best := max(prevLen, minMatch-1); prevLen < lazyMaxLazy && best < limit {
				chain := lazyChain
				if prevLen >= lazyGood {
					chain = 1
				}
				lo := max(p-winSize, -1)
				for cand := int(first); cand > lo; cand = int(prev[cand&winMask]) {
					// The byte that would make the match longer than best must agree.
					if buf[cand+best] == buf[p+best] && binary.LittleEndian.Uint32(buf[cand:]) == uint32(x) {
						l := minMatch + matchLen(buf, cand+minMatch, p+minMatch, limit-minMatch)
						if l > best {
							best, curLen, curDist = l, l, p-cand
							if l >= lazyNice || l == limit {
								break
							}
						}
					}
					if chain--; chain == 0 {
						break
					}
				}
			}
		}
		if prevLen >= minMatch && curLen <= prevLen {
			// Emit the match that started at p-1.
			tk[nt] = matchFlag | uint32(prevDist-1)<<9 | uint32(256+prevLen-3)
			nt++
			d.litFreq[257+int(lengthCode[prevLen-3])]++
			d.distFreq[distCodes[prevDist-1]]++
			q := p - 1 + prevLen
			i := p + 1
			if prevLen > lazyInsert {
				i = q - 2
			}
			for ; i < q && i+8 <= len(buf); i++ {
				h := hashAt(buf, i)
				prev[i&winMask] = head[h]
				head[h] = int32(i)
			}
			p = q
			prevLen, prevAvail = 0, false
			continue
		}
		if prevAvail {
			c := buf[p-1]
			tk[nt] = uint32(c)
			nt++
			d.litFreq[c]++
		}
		prevLen, prevDist, prevAvail = curLen, curDist, true
		p++
	}
	if end == len(buf) && prevAvail {
		// End of input: the pending position has no successor.
		if prevLen >= minMatch {
			tk[nt] = matchFlag | uint32(prevDist-1)<<9 | uint32(256+prevLen-3)
			nt++
			d.litFreq[257+int(lengthCode[prevLen-3])]++
			d.distFreq[distCodes[prevDist-1]]++
			p = p - 1 + prevLen
		} else {
			tk[nt] = uint32(buf[p-1])
			nt++
			d.litFreq[buf[p-1]]++
		}
		prevLen, prevAvail = 0, false
	}
	d.tokens = tk[:nt]
	d.prevLen, d.prevDist, d.prevAvail = prevLen, prevDist, prevAvail
	d.pos, d.covered = p, p
	if prevAvail {
		d.covered = p - 1
	}
}

// lazyState is deflateLazy's state as its assembly loop (lazyBlocks)
// reads and updates it; the assembly knows this layout.
type lazyState struct {
	buf        *byte
	bufLen     int
	head       *int32
	prev       *int32
	tokens     *uint32
	nt         int
	blockLimit int
	p          int
	end        int
	prevLen    int
	prevDist   int
	prevAvail  int
	litFreq    *uint32
	distFreq   *uint32
	lengthCode *uint8
	distCodes  *uint8
	chain      int // scratch
	limit8     int // scratch
}

// Lengths 3–258 and distances 1–32768 as codes and extra bits.
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	lengthCode  [256]uint8     // by length-3
	distCodes   [winSize]uint8 // by dist-1
	clOrder     = [numCL]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

func init() {
	for c := 0; c < 29; c++ {
		for l := int(lengthBase[c]); l < int(lengthBase[c])+1<<lengthExtra[c] && l <= 258; l++ {
			lengthCode[l-3] = uint8(c)
		}
	}
	lengthCode[255] = 28 // 258 has its own code
	for c := 0; c < 30; c++ {
		for d := int(distBase[c]) - 1; d < int(distBase[c])-1+1<<distExtra[c]; d++ {
			distCodes[d] = uint8(c)
		}
	}
}

// writeBlock writes the pending tokens as one block: dynamic Huffman,
// fixed Huffman or stored, whichever is smallest.
func (d *deflater) writeBlock(final bool) {
	raw := d.buf[d.blockStart:d.covered]
	d.blockStart = d.covered
	if len(d.tokens) == 0 && !final {
		return
	}
	var bp blockPlan
	bp.plan(&d.litFreq, &d.distFreq, len(raw), 15)
	if bp.start(&d.bw, raw, final, &d.litCode, &d.distCode) {
		d.writeTokens()
	}
	d.tokens = d.tokens[:0]
	d.litFreq = [numLit]uint32{}
	d.distFreq = [numDist]uint32{}
	if len(d.bw.out) >= 32<<10 {
		d.drain()
	}
}

// blockPlan is the cheapest encoding of a block: its code lengths and
// whether it is stored, fixed or dynamic.
type blockPlan struct {
	litLen  [numLit]uint8
	distLen [numDist]uint8
	hdr     header
	stored  bool
	fixed   bool
}

// plan chooses among dynamic Huffman, fixed Huffman and stored for a block
// of rawLen input bytes with these symbol frequencies, literal/length codes
// at most litMax bits long; it counts the end of block into litFreq.
func (bp *blockPlan) plan(litFreq *[numLit]uint32, distFreq *[numDist]uint32, rawLen, litMax int) {
	litFreq[eob]++
	huffLengths(litFreq[:], bp.litLen[:], litMax)
	huffLengths(distFreq[:], bp.distLen[:], 15)
	bp.hdr = buildHeader(bp.litLen[:], bp.distLen[:])

	dynBits := 3 + bp.hdr.bits
	fixBits := 3
	for s, f := range litFreq {
		if f == 0 {
			continue
		}
		fl := 8
		switch {
		case s >= 280:
		case s >= 256:
			fl = 7
		case s >= 144:
			fl = 9
		}
		dynBits += int(f) * int(bp.litLen[s])
		fixBits += int(f) * fl
		if s > eob {
			eb := int(f) * int(lengthExtra[s-257])
			dynBits += eb
			fixBits += eb
		}
	}
	for s, f := range distFreq {
		eb := int(f) * int(distExtra[s])
		dynBits += int(f)*int(bp.distLen[s]) + eb
		fixBits += int(f)*5 + eb
	}
	storedBits := (rawLen + 4 + 1) * 8 // worst case alignment
	if rawLen > 0xffff {
		storedBits += (rawLen / 0xffff) * 5 * 8
	}
	bp.stored = rawLen > 0 && storedBits < dynBits && storedBits < fixBits
	bp.fixed = !bp.stored && fixBits <= dynBits
}

// start writes a stored block of raw whole and returns false, or writes a
// Huffman block's header, sets the codes and returns true: the caller
// then writes the symbols and the end of block.
func (bp *blockPlan) start(bw *lsbWriter, raw []byte, final bool, litCode *[numLit]hcode, distCode *[numDist]hcode) bool {
	var fb uint64
	if final {
		fb = 1
	}
	switch {
	case bp.stored:
		for len(raw) > 0 {
			n := min(len(raw), 0xffff)
			last := uint64(0)
			if fb == 1 && n == len(raw) {
				last = 1
			}
			bw.writeBits(last, 3)
			bw.align()
			bw.out = append(bw.out, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
			bw.out = append(bw.out, raw[:n]...)
			raw = raw[n:]
		}
		return false
	case bp.fixed:
		bw.writeBits(fb|1<<1, 3)
		setFixed(litCode, distCode)
	default:
		bw.writeBits(fb|2<<1, 3)
		bp.hdr.write(bw, bp.litLen[:], bp.distLen[:])
		setCodes(litCode[:], bp.litLen[:])
		setCodes(distCode[:], bp.distLen[:])
	}
	return true
}

// setFixed sets the fixed Huffman codes (RFC 1951 3.2.6).
func setFixed(litCode *[numLit]hcode, distCode *[numDist]hcode) {
	var l [numLit + 2]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	// The fixed code counts symbols 286 and 287 too (RFC 1951 3.2.6).
	var c [numLit + 2]hcode
	setCodes(c[:], l[:])
	copy(litCode[:], c[:])
	var dl [numDist]uint8
	for i := range dl {
		dl[i] = 5
	}
	setCodes(distCode[:], dl[:])
}

// tokenCodes are a block's codes as the token writers read them (the
// assembly knows this layout).
type tokenCodes struct {
	sym   [512]uint32 // by token key: literals 0–255, lengths 3–258 with extra bits
	symN  [512]uint8
	dist  [32]uint32 // distance code bits by code
	distN [32]uint8  // their length
	distX [32]uint8  // extra bits
	distB [32]uint32 // distBase-1, subtracted from dist-1 for the extra bits
}

// writeTokens writes the block's symbols with the codes set in litCode
// and distCode, then the end of block.
func (d *deflater) writeTokens() {
	t := &d.codes
	for c := 0; c < 256; c++ {
		t.sym[c], t.symN[c] = uint32(d.litCode[c].code), d.litCode[c].len
	}
	for l := 0; l < 256; l++ {
		code := lengthCode[l]
		c := d.litCode[257+int(code)]
		t.sym[256+l] = uint32(c.code) | uint32(l+3-int(lengthBase[code]))<<c.len
		t.symN[256+l] = c.len + lengthExtra[code]
	}
	for c := range numDist {
		t.dist[c], t.distN[c] = uint32(d.distCode[c].code), d.distCode[c].len
		t.distX[c], t.distB[c] = distExtra[c], uint32(distBase[c])-1
	}
	bw := &d.bw
	bw.flushBytes()
	out := bw.out
	o := len(out)
	// At most 20 + 28 bits a token, 8 bytes stored at a time.
	if need := o + 6*len(d.tokens) + 16; need > cap(out) {
		out = append(out[:cap(out)], make([]byte, need-cap(out))...)
	}
	out = out[:cap(out)]
	if haveBMI2 {
		o, bw.acc, bw.n = writeTokensBMI2(out, o, bw.acc, bw.n, d.tokens, t, &distCodes)
	} else {
		o, bw.acc, bw.n = writeTokensGo(out, o, bw.acc, bw.n, d.tokens, t)
	}
	bw.out = out[:o]
	c := d.litCode[eob]
	bw.writeBits(uint64(c.code), uint(c.len))
}

// writeTokensGo writes tokens with the codes t into out from o, the bit
// accumulator acc holding n < 8 bits; it returns the new o, acc and n.
// Each token's bits (at most 48: length code, extra, distance code, extra)
// go into the accumulator at once and whole bytes are stored eight at a
// time. There is no branch on the token kind (literals and matches
// alternate unpredictably): a literal's distance part is computed and
// masked off.
func writeTokensGo(out []byte, o int, acc uint64, n uint, tokens []uint32, t *tokenCodes) (int, uint64, uint) {
	for _, tk := range tokens {
		key := tk & 0x1ff
		acc |= uint64(t.sym[key]) << n
		n += uint(t.symN[key])
		dist := (tk >> 9) & 0x7fff
		dc := distCodes[dist] & 31
		dn := uint(t.distN[dc])
		db := uint64(t.dist[dc]) | uint64(dist-t.distB[dc])<<dn
		m := -uint64(tk >> 31)
		acc |= (db & m) << n
		n += (dn + uint(t.distX[dc])) & uint(m)
		o, acc, n = store8(out, o, acc, n)
	}
	return o, acc, n
}

// lsbWriter packs bits LSB first.
type lsbWriter struct {
	acc uint64
	n   uint
	out []byte
}

// writeBits writes the low n bits of v; n <= 32.
func (bw *lsbWriter) writeBits(v uint64, n uint) {
	bw.acc |= v << bw.n
	bw.n += n
	if bw.n >= 32 {
		bw.out = binary.LittleEndian.AppendUint32(bw.out, uint32(bw.acc))
		bw.acc >>= 32
		bw.n -= 32
	}
}

// flushBytes moves whole bytes of the accumulator out.
func (bw *lsbWriter) flushBytes() {
	for bw.n >= 8 {
		bw.out = append(bw.out, byte(bw.acc))
		bw.acc >>= 8
		bw.n -= 8
	}
}

// syncFlush writes an empty stored block (BFINAL 0, BTYPE 00, aligned,
// LEN 0, NLEN ffff): the stream ends at a byte boundary and may continue.
func (bw *lsbWriter) syncFlush() {
	bw.writeBits(0, 3)
	bw.align()
	bw.out = append(bw.out, 0, 0, 0xff, 0xff)
}

// store8 stores the accumulator's eight bytes at out[o:] and keeps only
// its bits after the whole bytes among its n: the bit writers' step.
func store8(out []byte, o int, acc uint64, n uint) (int, uint64, uint) {
	binary.LittleEndian.PutUint64(out[o:], acc)
	k := n >> 3
	return o + int(k), acc >> (k << 3), n & 7
}

// inBuffer reports whether b, given to wrote, lies at the end of buf
// within its capacity (appended to a slice from room).
func inBuffer(buf, b []byte) bool {
	k := len(buf)
	return len(b) <= cap(buf)-k && (len(b) == 0 || &b[0] == &buf[k : k+1][0])
}

// align pads to a byte boundary and moves all whole bytes out.
func (bw *lsbWriter) align() {
	for bw.n > 0 {
		bw.out = append(bw.out, byte(bw.acc))
		bw.acc >>= 8
		bw.n = uint(max(int(bw.n)-8, 0))
	}
	bw.acc = 0
}

// header is a dynamic block's code-length encoding.
type header struct {
	nlit, ndist, ncl int
	clLen            [numCL]uint8
	rle              []uint16 // symbol | extra<<8
	bits             int
}

func buildHeader(litLen, distLen []uint8) header {
	var h header
	h.nlit = numLit
	for h.nlit > 257 && litLen[h.nlit-1] == 0 {
		h.nlit--
	}
	h.ndist = numDist
	for h.ndist > 1 && distLen[h.ndist-1] == 0 {
		h.ndist--
	}
	all := make([]uint8, 0, h.nlit+h.ndist)
	all = append(all, litLen[:h.nlit]...)
	all = append(all, distLen[:h.ndist]...)
	var clFreq [numCL]uint32
	for i := 0; i < len(all); {
		v := all[i]
		run := 1
		for i+run < len(all) && all[i+run] == v {
			run++
		}
		i += run
		if v == 0 {
			for run >= 11 {
				n := min(run, 138)
				h.rle = append(h.rle, 18|uint16(n-11)<<8)
				clFreq[18]++
				run -= n
			}
			if run >= 3 {
				h.rle = append(h.rle, 17|uint16(run-3)<<8)
				clFreq[17]++
				run = 0
			}
		} else {
			h.rle = append(h.rle, uint16(v))
			clFreq[v]++
			run--
			for run >= 3 {
				n := min(run, 6)
				h.rle = append(h.rle, 16|uint16(n-3)<<8)
				clFreq[16]++
				run -= n
			}
		}
		for ; run > 0; run-- {
			h.rle = append(h.rle, uint16(v))
			clFreq[v]++
		}
	}
	huffLengths(clFreq[:], h.clLen[:], 7)
	h.ncl = numCL
	for h.ncl > 4 && h.clLen[clOrder[h.ncl-1]] == 0 {
		h.ncl--
	}
	h.bits = 14 + 3*h.ncl
	for s, f := range clFreq {
		h.bits += int(f) * int(h.clLen[s])
	}
	h.bits += int(clFreq[16])*2 + int(clFreq[17])*3 + int(clFreq[18])*7
	return h
}

func (h *header) write(bw *lsbWriter, litLen, distLen []uint8) {
	bw.writeBits(uint64(h.nlit-257)|uint64(h.ndist-1)<<5|uint64(h.ncl-4)<<10, 14)
	for i := 0; i < h.ncl; i++ {
		bw.writeBits(uint64(h.clLen[clOrder[i]]), 3)
	}
	var cl [numCL]hcode
	setCodes(cl[:], h.clLen[:])
	for _, r := range h.rle {
		s := r & 0xff
		c := cl[s]
		bw.writeBits(uint64(c.code), uint(c.len))
		switch s {
		case 16:
			bw.writeBits(uint64(r>>8), 2)
		case 17:
			bw.writeBits(uint64(r>>8), 3)
		case 18:
			bw.writeBits(uint64(r>>8), 7)
		}
	}
}

// setCodes assigns canonical codes (bit-reversed for LSB-first writing)
// to the code lengths.
func setCodes(codes []hcode, lens []uint8) {
	var count [16]uint16
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	var next [16]uint16
	c := uint16(0)
	for l := 1; l < 16; l++ {
		c = (c + count[l-1]) << 1
		next[l] = c
	}
	for s, l := range lens {
		if l == 0 {
			codes[s] = hcode{}
			continue
		}
		codes[s] = hcode{code: bits.Reverse16(next[l]) >> (16 - l), len: l}
		next[l]++
	}
}

// huffLengths sets lens to Huffman code lengths of at most maxBits for
// the frequencies freq. At least two symbols get codes (decoders require
// it of distance codes and it costs nothing elsewhere).
func huffLengths(freq []uint32, lens []uint8, maxBits int) {
	// Symbols sorted by frequency, then symbol: frequency<<16 | symbol.
	var store [numLit]uint64
	syms := store[:0]
	for s, f := range freq {
		lens[s] = 0
		if f > 0 {
			syms = append(syms, uint64(f)<<16|uint64(s))
		}
	}
	for i := 0; len(syms) < 2; i++ {
		if freq[i] == 0 {
			syms = append(syms, uint64(i))
		}
	}
	slices.Sort(syms)
	n := len(syms)
	// In-place code lengths (Moffat and Katajainen) on the sorted weights.
	var aStore [numLit]int
	a := aStore[:n]
	for i, x := range syms {
		a[i] = int(x >> 16)
	}
	a[0] += a[1]
	root, leaf := 0, 2
	for next := 1; next < n-1; next++ {
		if leaf >= n || a[root] < a[leaf] {
			a[next] = a[root]
			a[root] = next
			root++
		} else {
			a[next] = a[leaf]
			leaf++
		}
		if leaf >= n || (root < next && a[root] < a[leaf]) {
			a[next] += a[root]
			a[root] = next
			root++
		} else {
			a[next] += a[leaf]
			leaf++
		}
	}
	a[n-2] = 0
	for next := n - 3; next >= 0; next-- {
		a[next] = a[a[next]] + 1
	}
	avail, used, depth := 1, 0, 0
	root = n - 2
	next := n - 1
	for avail > 0 {
		for root >= 0 && a[root] == depth {
			used++
			root--
		}
		for avail > used {
			a[next] = depth
			next--
			avail--
		}
		avail = 2 * used
		depth++
		used = 0
	}
	// a[i] is now the length of syms[i]; a is non-increasing. Limit the
	// lengths to maxBits and repair the Kraft sum by lengthening codes.
	var count [64]int
	for _, l := range a {
		count[min(l, maxBits)]++
	}
	total := 0
	for l := 1; l <= maxBits; l++ {
		total += count[l] << (maxBits - l)
	}
	for total > 1<<maxBits {
		count[maxBits]--
		for l := maxBits - 1; l > 0; l-- {
			if count[l] > 0 {
				count[l]--
				count[l+1] += 2
				break
			}
		}
		total--
	}
	// Longest codes to the least frequent symbols.
	i := 0
	for l := maxBits; l > 0; l-- {
		for k := 0; k < count[l]; k++ {
			lens[uint16(syms[i])] = uint8(l)
			i++
		}
	}
}
