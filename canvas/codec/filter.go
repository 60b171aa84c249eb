package codec

import (
	"encoding/binary"
	"slices"
)

// filterScratch filters rows with one strategy; adaptive filtering keeps a
// candidate row per filter type.
type filterScratch struct {
	mode int
	cand [5][]byte
}

func newFilterScratch(mode, rowBytes int) *filterScratch {
	fs := &filterScratch{mode: mode}
	if mode >= ftAdaptive {
		for i := ftSub; i <= ftPaeth; i++ {
			fs.cand[i] = make([]byte, rowBytes)
		}
	}
	return fs
}

// filterRow appends the filter type byte and the filtered row cur (the
// row above is prev, all zero for the first row) to dst.
func (fs *filterScratch) filterRow(dst, cur, prev []byte, bpp int) []byte {
	n := len(cur)
	if fs.mode < ftAdaptive {
		dst = append(dst, byte(fs.mode))
		k := len(dst)
		dst = slices.Grow(dst, n)[:k+n]
		switch fs.mode {
		case ftNone:
			copy(dst[k:], cur)
		case ftUp:
			subBytes(dst[k:], cur, prev)
		case ftSub:
			m := min(bpp, n)
			copy(dst[k:k+m], cur[:m])
			subBytes(dst[k+m:], cur[m:], cur)
		default:
			filterInto(fs.mode, dst[k:], cur, prev, bpp)
		}
		return dst
	}
	// libpng's heuristic: the filter whose output has the least sum of
	// absolute values (bytes read as signed); None only for indexed rows
	// (bpp 1), where it is the usual winner, as it almost never wins on
	// truecolour rows and costs a pass.
	best, bestSum := ftNone, 1<<62
	if bpp == 1 {
		bestSum = sumAbs(cur)
	}
	for f := ftSub; f <= ftPaeth; f++ {
		if fs.mode == ftAdaptiveSU && f > ftUp || fs.mode == ftAdaptiveSUP && f == ftAvg {
			continue
		}
		var s int
		switch c := fs.cand[f]; f {
		case ftUp:
			s = subAbs(c, cur, prev)
		case ftSub:
			m := min(bpp, len(cur))
			copy(c[:m], cur[:m])
			s = sumAbs(c[:m]) + subAbs(c[m:], cur[m:], cur)
		default:
			s = filterInto(f, c, cur, prev, bpp)
		}
		if s < bestSum {
			best, bestSum = f, s
		}
	}
	dst = append(dst, byte(best))
	if best == ftNone {
		return append(dst, cur...)
	}
	return append(dst, fs.cand[best]...)
}

// subBytes sets out[i] = a[i] - b[i] (mod 256) for i < len(out), eight
// bytes at a time: per-byte subtraction without borrows between bytes.
func subBytes(out, a, b []byte) {
	n := len(out)
	a, b = a[:n], b[:n]
	const hi = 0x8080808080808080
	i := 0
	if haveAVX2 {
		i = subBlocks(out, a, b)
	}
	for ; i+8 <= n; i += 8 {
		x := binary.LittleEndian.Uint64(a[i:])
		y := binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(out[i:], ((x|hi)-(y&^hi))^((x^^y)&hi))
	}
	for ; i < n; i++ {
		out[i] = a[i] - b[i]
	}
}

// subAbs is subBytes(out, a, b) returning sumAbs(out).
func subAbs(out, a, b []byte) int {
	s := 0
	if haveAVX2 {
		s = subAbsBlocks(out, a, b)
		k := len(out) &^ 31
		out, a, b = out[k:], a[k:], b[k:]
	}
	subBytes(out, a, b)
	return s + sumAbs(out)
}

// sumAbs returns the sum of |int8(v)| over b, eight bytes at a time.
func sumAbs(b []byte) int {
	const hi, lo = 0x8080808080808080, 0x0101010101010101
	const even = 0x00ff00ff00ff00ff
	s := 0
	i := 0
	for ; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:])
		m := (v & hi) >> 7 * 0xff // 0xff in each negative byte
		x := v ^ m                // |v| - 1 in negative bytes
		// + 1 in negative bytes (no carry out: x ≤ 0x7f there).
		a := x + (m & lo)
		w := a&even + (a>>8)&even                // four 16-bit sums ≤ 510
		s += int((w * 0x0001000100010001) >> 48) // their total ≤ 2040
	}
	for _, v := range b[i:] {
		s += absTab[v]
	}
	return s
}

// absTab[v] is |int8(v)|.
var absTab = func() (t [256]int) {
	for i := range t {
		v := int(int8(i))
		if v < 0 {
			v = -v
		}
		t[i] = v
	}
	return
}()

// filterInto writes the row cur filtered with filter f to out and returns
// the sum of |signed output bytes|.
func filterInto(f int, out, cur, prev []byte, bpp int) int {
	n := len(cur)
	out, prev = out[:n], prev[:n]
	s := 0
	switch f {
	case ftNone:
		copy(out, cur)
		return sumAbs(cur)
	case ftSub:
		for i := 0; i < bpp && i < n; i++ {
			out[i] = cur[i]
			s += absTab[out[i]]
		}
		for i := bpp; i < n; i++ {
			v := cur[i] - cur[i-bpp]
			out[i] = v
			s += absTab[v]
		}
	case ftUp:
		for i := 0; i < n; i++ {
			v := cur[i] - prev[i]
			out[i] = v
			s += absTab[v]
		}
	case ftAvg:
		for i := 0; i < bpp && i < n; i++ {
			v := cur[i] - prev[i]/2
			out[i] = v
			s += absTab[v]
		}
		for i := bpp; i < n; i++ {
			v := cur[i] - uint8((int(cur[i-bpp])+int(prev[i]))>>1)
			out[i] = v
			s += absTab[v]
		}
	case ftPaeth:
		for i := 0; i < bpp && i < n; i++ {
			v := cur[i] - prev[i]
			out[i] = v
			s += absTab[v]
		}
		for i := bpp; i < n; i++ {
			a, b, c := int(cur[i-bpp]), int(prev[i]), int(prev[i-bpp])
			pa := b - c
			pb := a - c
			pc := pa + pb
			if pa < 0 {
				pa = -pa
			}
			if pb < 0 {
				pb = -pb
			}
			if pc < 0 {
				pc = -pc
			}
			if pb < pa {
				pa, a = pb, b
			}
			if pc < pa {
				a = c
			}
			v := cur[i] - uint8(a)
			out[i] = v
			s += absTab[v]
		}
	}
	return s
}
