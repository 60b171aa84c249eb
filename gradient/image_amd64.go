//go:build amd64 && !purego

package gradient

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

// vblendAVX2 blends len(v)&^3 texels of rows a and c vertically into v
// in 16-bit words in R, G, B, A order: v[t] = a[t]·vy + c[t]·wy. a and c
// hold at least 4·len(v) bytes.
//
//go:noescape
func vblendAVX2(a, c []byte, v []uint64, vy, wy uint64)

// hblendAVX2 writes len(cols) pixels: for entry x0<<4 | wx, the words of
// v[x0]·(16−wx) + v[x0+1]·wx shifted right by 8 and packed to bytes.
// v holds every x0+1; dst at least 4·len(cols) bytes.
//
//go:noescape
func hblendAVX2(cols []uint32, v []uint64, dst []byte, wtab *[16][8]uint16)

// hWeights holds, for each 4-bit weight wx, the words (16−wx)×4, wx×4.
var hWeights = func() (t [16][8]uint16) {
	for w := range t {
		for k := 0; k < 4; k++ {
			t[w][k], t[w][4+k] = uint16(16-w), uint16(w)
		}
	}
	return
}()

func vblendSIMD(a, c []byte, v []uint64, vy, wy uint64) int {
	n := len(v) &^ 3
	if n > 0 {
		vblendAVX2(a, c, v[:n], vy, wy)
	}
	return n
}

func hblendSIMD(cols []uint32, v []uint64, dst []byte) {
	hblendAVX2(cols, v, dst, &hWeights)
}
