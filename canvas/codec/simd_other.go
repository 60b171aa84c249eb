//go:build !amd64 || purego

package codec

const (
	haveAVX2    = false
	haveBMI2    = false
	haveLazyAsm = false
)

func withoutAVX2(f func()) { f() }

func adler32Blocks(p []byte) (sum, weighted, prefix uint64) { panic("no vector Adler-32") }

func subAbsBlocks(out, a, b []byte) int { panic("no vector filter") }

func matchLenBlocks(a, b []byte, limit int) int { panic("no vector match length") }

func rgbDiffBlocks(dst, a, b []byte) int { panic("no vector filter") }

func alphaAllFF(p []byte) bool { panic("no vector alpha test") }

func unpremulBlocks(dst, src []byte) int { panic("no vector unpremultiply") }

func subBlocks(out, a, b []byte) int { panic("no vector filter") }

func scanBlocks(buf []byte, i, lit, lim, near, far int, seqs []fseq) (ni, nlit, n int) {
	panic("no vector match scan")
}

func writeSeqsBMI2(out []byte, o int, acc uint64, n uint, seqs []fseq, raw []byte, t *seqCodes) (int, uint64, uint) {
	panic("no BMI2 sequence writer")
}

func writeTokensBMI2(out []byte, o int, acc uint64, n uint, tokens []uint32, t *tokenCodes, dc *[winSize]uint8) (int, uint64, uint) {
	panic("no BMI2 token writer")
}

func lazyBlocks(s *lazyState) { panic("no assembly lazy matcher") }

func fdctAVX2(q *[64]int32, src []float32, stride int, scale *[64]float32) uint64 {
	panic("no vector DCT")
}

func cells420(ya, yb, cb, cr []float32, ra, rb []byte, n int) int {
	panic("no vector colour conversion")
}

func pixels444(y, cb, cr []float32, src []byte, n int) int { panic("no vector colour conversion") }
