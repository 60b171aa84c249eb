package codec

const adlerMod = 65521

// adler32Combine returns the Adler-32 of the concatenation A‖B from the
// checksums of A and B and the length of B. Adler-32 is (s2<<16 | s1) with
// s1 = 1 + Σ bytes and s2 = Σ of every running s1, mod 65521. Appending B to
// A adds B's byte sum to s1 (minus the 1 both start from) and, to s2, B's
// own s2 plus len(B) times the (A's s1 - 1) every running sum of B carries.
func adler32Combine(a, b uint32, lenB int64) uint32 {
	a1, a2 := uint64(a&0xffff), uint64(a>>16)
	b1, b2 := uint64(b&0xffff), uint64(b>>16)
	n := uint64(lenB % adlerMod)
	s1 := (a1 + b1 + adlerMod - 1) % adlerMod
	s2 := (a2 + b2 + n*((a1+adlerMod-1)%adlerMod)) % adlerMod
	return uint32(s2<<16 | s1)
}
