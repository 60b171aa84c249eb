//go:build amd64 && !purego

package raster

// haveAVX2 reports whether the CPU and OS support AVX2.
var haveAVX2 = detectAVX2()

func detectAVX2() bool {
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, avx = 1 << 27, 1 << 28
	if ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if eax, _ := xgetbv(); eax&6 != 6 { // the OS saves XMM and YMM state
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

//go:noescape
func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)

//go:noescape
func xgetbv() (eax, edx uint32)

// overConstAVX2 composites src (packed premultiplied RGBA) with inverse
// alpha ia over the first len(d)/32*32 bytes of d, 8 pixels a step, with
// exactly overConstGo's arithmetic: (d·ia + 255) >> 8 per channel, plus src.
//
//go:noescape
func overConstAVX2(d []byte, src uint32, ia uint32)

// overConstSIMD composites the bulk of d and returns how many bytes it did.
func overConstSIMD(d []byte, c Color) int {
	if !haveAVX2 || len(d) < 32 {
		return 0
	}
	n := len(d) &^ 31
	src := uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | uint32(c.A)<<24
	overConstAVX2(d[:n], src, uint32(255-c.A))
	return n
}

// overMaskAVX2 composites the solid colour src (channels widened to
// 16-bit words, r lowest) through the coverage m over d, for the first
// len(m)/8*8 pixels, with exactly maskNoClip's arithmetic.
//
//go:noescape
func overMaskAVX2(d []byte, m []byte, src uint64)

// overMaskSIMD composites the bulk of a solid colour's mask span and
// returns how many pixels it did.
func overMaskSIMD(d []byte, m []uint8, c Color) int {
	if !haveAVX2 || len(m) < 8 {
		return 0
	}
	n := len(m) &^ 7
	src := uint64(c.R) | uint64(c.G)<<16 | uint64(c.B)<<32 | uint64(c.A)<<48
	overMaskAVX2(d[:4*n], m[:n], src)
	return n
}
