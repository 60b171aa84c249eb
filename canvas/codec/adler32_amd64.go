//go:build amd64 && !purego

package codec

import "golang.org/x/sys/cpu"

var haveAVX2 = cpu.X86.HasAVX2

// adler32Blocks sums the len(p)/32 whole blocks of p (see the assembly).
//
//go:noescape
func adler32Blocks(p []byte) (sum, weighted, prefix uint64)
