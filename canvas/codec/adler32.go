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
		for len(q) >= 8 {
			s1 += uint32(q[0])
			s2 += s1
			s1 += uint32(q[1])
			s2 += s1
			s1 += uint32(q[2])
			s2 += s1
			s1 += uint32(q[3])
			s2 += s1
			s1 += uint32(q[4])
			s2 += s1
			s1 += uint32(q[5])
			s2 += s1
			s1 += uint32(q[6])
			s2 += s1
			s1 += uint32(q[7])
			s2 += s1
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
