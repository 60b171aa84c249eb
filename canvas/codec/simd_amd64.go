//go:build amd64 && !purego

package codec

import "golang.org/x/sys/cpu"

var haveAVX2 = cpu.X86.HasAVX2

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
