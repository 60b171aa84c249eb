package codec

func adler32New() uint32 { return 1 }

// adler32Update continues the Adler-32 a over b. Sums are reduced every
// 5552 bytes, the most that cannot overflow 32 bits.
func adler32Update(a uint32, b []byte) uint32 {
	s1, s2 := a&0xffff, a>>16
	for len(b) > 0 {
		n := min(len(b), 5552)
		q := b[:n]
		b = b[n:]
		// Eight bytes a step: s2 gains 8·s1 plus the bytes weighted
		// 8..1, so the chain of dependent additions is short.
		for len(q) >= 8 {
			b := q[:8:8]
			b0, b1, b2, b3 := uint32(b[0]), uint32(b[1]), uint32(b[2]), uint32(b[3])
			b4, b5, b6, b7 := uint32(b[4]), uint32(b[5]), uint32(b[6]), uint32(b[7])
			s2 += 8*s1 + 8*b0 + 7*b1 + 6*b2 + 5*b3 + 4*b4 + 3*b5 + 2*b6 + b7
			s1 += b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7
			q = q[8:]
		}
		for _, c := range q {
			s1 += uint32(c)
			s2 += s1
		}
		s1 %= adlerMod
		s2 %= adlerMod
	}
	return s2<<16 | s1
}
