package codec

import "encoding/binary"

func adler32New() uint32 { return 1 }

// adler32Update continues the Adler-32 a over b. Sums are reduced every
// 5552 bytes, the most that cannot overflow 32 bits.
func adler32Update(a uint32, b []byte) uint32 {
	s1, s2 := a&0xffff, a>>16
	for len(b) > 0 {
		n := min(len(b), 5552)
		q := b[:n]
		b = b[n:]
		if haveAVX2 && n >= 64 {
			// Whole 32-byte blocks in vector lanes (at most 5536 bytes, so
			// no lane overflows), combined here in 64 bits: each block
			// adds 32·s1 (s1 as it stood before it) and its weighted
			// bytes to s2.
			m := min(n, 5536) &^ 31
			sum, weighted, prefix := adler32Blocks(q[:m])
			s2 = uint32((uint64(s2) + uint64(m)*uint64(s1) + 32*prefix + weighted) % adlerMod)
			s1 = uint32((uint64(s1) + sum) % adlerMod)
			q = q[m:]
		}
		// Eight bytes a step: s2 gains 8·s1 plus the bytes weighted
		// 8..1, s1 their sum. The sums are taken in 16-bit lanes: bytes
		// 0,2,4,6 and 1,3,5,7, multiplied by weight constants so the top
		// lane collects the weighted sum (at most 255·20, no carries in).
		// Sixteen bytes a step the same way: the first word's weights are
		// 16..9 (top lanes at most 255·52), the second's 8..1.
		for len(q) >= 16 {
			v := binary.LittleEndian.Uint64(q)
			w := binary.LittleEndian.Uint64(q[8:16])
			lo := v & 0x00ff00ff00ff00ff
			hi := (v >> 8) & 0x00ff00ff00ff00ff
			lo2 := w & 0x00ff00ff00ff00ff
			hi2 := (w >> 8) & 0x00ff00ff00ff00ff
			s2 += 16*s1 + uint32((lo*0x0010000e000c000a)>>48) + uint32((hi*0x000f000d000b0009)>>48) +
				uint32((lo2*0x0008000600040002)>>48) + uint32((hi2*0x0007000500030001)>>48)
			s1 += uint32(((lo + hi + lo2 + hi2) * 0x0001000100010001) >> 48)
			q = q[16:]
		}
		for len(q) >= 8 {
			v := binary.LittleEndian.Uint64(q)
			lo := v & 0x00ff00ff00ff00ff
			hi := (v >> 8) & 0x00ff00ff00ff00ff
			s2 += 8*s1 + uint32((lo*0x0008000600040002)>>48) + uint32((hi*0x0007000500030001)>>48)
			s1 += uint32(((lo + hi) * 0x0001000100010001) >> 48)
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
