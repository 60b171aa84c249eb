//go:build amd64 && !purego

package codec

import "golang.org/x/sys/cpu"

var haveAVX2 = cpu.X86.HasAVX2

// withoutAVX2 runs f on the portable paths (tests compare the two).
func withoutAVX2(f func()) {
	defer func(v bool) { haveAVX2 = v }(haveAVX2)
	haveAVX2 = false
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
