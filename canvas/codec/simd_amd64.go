//go:build amd64 && !purego

package codec

import "golang.org/x/sys/cpu"

var (
	haveAVX2    = cpu.X86.HasAVX2
	haveBMI2    = cpu.X86.HasBMI2
	haveLazyAsm = true // baseline amd64
)

// withoutAVX2 runs f on the portable paths (tests compare the two).
func withoutAVX2(f func()) {
	defer func(v, w, l bool) { haveAVX2, haveBMI2, haveLazyAsm = v, w, l }(haveAVX2, haveBMI2, haveLazyAsm)
	haveAVX2, haveBMI2, haveLazyAsm = false, false, false
	f()
}

// adler32Blocks sums the len(p)/32 whole blocks of p (see the assembly).
//
//go:noescape
func adler32Blocks(p []byte) (sum, weighted, prefix uint64)

// subAbsBlocks writes a - b for the whole 32-byte blocks of out and
// returns the sum of the outputs' absolute values as signed bytes (see the
// assembly).
//
//go:noescape
func subAbsBlocks(out, a, b []byte) int

// matchLenBlocks returns the common prefix length of a and b, compared 32
// bytes at a time up to the last whole block within limit (see the
// assembly): the result is exact if below that block boundary.
//
//go:noescape
func matchLenBlocks(a, b []byte, limit int) int

// rgbDiffBlocks writes the RGB bytes of a - b for blocks of 8 RGBA pixels
// (see the assembly) and returns the pixels done.
//
//go:noescape
func rgbDiffBlocks(dst, a, b []byte) int

// alphaAllFF reports whether the alpha bytes of the whole 32-byte blocks
// of the RGBA bytes p are all 0xff.
//
//go:noescape
func alphaAllFF(p []byte) bool

// unpremulBlocks unpremultiplies the whole 8-pixel blocks of src into dst
// exactly as the unpremul table (see the assembly); it returns the pixels
// done.
//
//go:noescape
func unpremulBlocks(dst, src []byte) int

// subBlocks writes a - b for the whole 32-byte blocks of out and returns
// the bytes done.
//
//go:noescape
func subBlocks(out, a, b []byte) int

// scanBlocks is fastDeflater.scan's loop 29 positions a step (see the
// assembly).
//
//go:noescape
func scanBlocks(buf []byte, i, lit, lim, near, far int, seqs []fseq) (ni, nlit, n int)

// writeSeqsBMI2 is writeSeqsGo with BMI2 shifts (see the assembly).
//
//go:noescape
func writeSeqsBMI2(out []byte, o int, acc uint64, n uint, seqs []fseq, raw []byte, t *seqCodes) (int, uint64, uint)

// writeTokensBMI2 is writeTokensGo with BMI2 shifts (see the assembly).
//
//go:noescape
func writeTokensBMI2(out []byte, o int, acc uint64, n uint, tokens []uint32, t *tokenCodes, dc *[winSize]uint8) (int, uint64, uint)

// lazyBlocks is deflateLazy's loop (see the assembly).
//
//go:noescape
func lazyBlocks(s *lazyState)

// fdctAVX2 is fdct eight lanes at a time (see the assembly).
//
//go:noescape
func fdctAVX2(q *[64]int32, src []float32, stride int, scale *[64]float32) uint64

// cells420 is loadRow's 4:2:0 conversion eight cells a step (see the
// assembly).
//
//go:noescape
func cells420(ya, yb, cb, cr []float32, ra, rb []byte, n int) int

// pixels444 is loadRow's 4:4:4 conversion eight pixels a step (see the
// assembly).
//
//go:noescape
func pixels444(y, cb, cr []float32, src []byte, n int) int
