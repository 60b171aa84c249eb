package raster

import (
	"math/rand/v2"
	"testing"
)

// overRef is the obviously correct source-over for one premultiplied
// pixel with coverage f: s' = s·f, d = s' + d·(255 - s'.a), all divisions
// by 255 rounded as Skia's (x + 255) >> 8... except where the fast path
// documents otherwise.
func overRef(d, s [4]uint8, f uint32) [4]uint8 {
	var sc [4]uint32
	for i := range sc {
		sc[i] = uint32(s[i])
	}
	if f != 255 {
		for i := range sc {
			sc[i] = (sc[i]*f + 255) >> 8
		}
	}
	ia := 255 - sc[3]
	var out [4]uint8
	for i := range out {
		out[i] = uint8(sc[i] + (uint32(d[i])*ia+255)>>8)
	}
	return out
}

func randPremul(rng *rand.Rand) [4]uint8 {
	a := uint8(rng.IntN(256))
	if rng.IntN(4) == 0 {
		a = 255
	}
	if rng.IntN(8) == 0 {
		a = 0
	}
	c := [4]uint8{0, 0, 0, a}
	for i := 0; i < 3; i++ {
		c[i] = uint8(rng.IntN(int(a) + 1))
	}
	return c
}

// The SWAR fast paths must equal the per-pixel reference.
func TestOverFastPathsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for n := 1; n < 40; n++ {
		for trial := 0; trial < 50; trial++ {
			d := make([]byte, 4*n)
			for i := 0; i < n; i++ {
				p := randPremul(rng)
				copy(d[4*i:], p[:])
			}
			s := randPremul(rng)
			got := append([]byte(nil), d...)
			overConst(got, Color{s[0], s[1], s[2], s[3]})
			for i := 0; i < n; i++ {
				want := overRef([4]uint8(d[4*i:4*i+4]), s, 255)
				if [4]uint8(got[4*i:4*i+4]) != want {
					t.Fatalf("overConst n=%d px %d: got %v want %v (d %v s %v)", n, i, got[4*i:4*i+4], want, d[4*i:4*i+4], s)
				}
			}
			// overSpan with a span of random colours and a coverage factor.
			span := make([]byte, 4*n)
			for i := 0; i < n; i++ {
				p := randPremul(rng)
				copy(span[4*i:], p[:])
			}
			for _, f := range []uint32{255, 128, 1, uint32(rng.IntN(256))} {
				got := append([]byte(nil), d...)
				overSpan(got, span, f)
				for i := 0; i < n; i++ {
					want := overRef([4]uint8(d[4*i:4*i+4]), [4]uint8(span[4*i:4*i+4]), f)
					if f == 0 {
						want = [4]uint8(d[4*i : 4*i+4])
					}
					if [4]uint8(got[4*i:4*i+4]) != want {
						t.Fatalf("overSpan f=%d n=%d px %d: got %v want %v", f, n, i, got[4*i:4*i+4], want)
					}
				}
			}
		}
	}
}

// The opaque row copy must equal compositing an opaque colour.
func TestFillRowMatchesOver(t *testing.T) {
	dst, _ := NewPixmap(37, 3)
	ref, _ := NewPixmap(37, 3)
	r := NewRasterizer()
	p := Paint{Color: Color{10, 200, 30, 255}, Alpha: 1}
	r.Fill(dst, rectPath(0, 0, 37, 3), NonZero, &p, nil)
	for i := 0; i < len(ref.Pix); i += 4 {
		copy(ref.Pix[i:], []byte{10, 200, 30, 255})
	}
	for i := range dst.Pix {
		if dst.Pix[i] != ref.Pix[i] {
			t.Fatalf("byte %d: %d vs %d", i, dst.Pix[i], ref.Pix[i])
		}
	}
}

func BenchmarkOverConst(b *testing.B) {
	d := make([]byte, 4*1080)
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		overConst(d, Color{100, 5, 15, 128})
	}
}

// The assembly and the pure-Go source-over give identical pixels.
func TestOverConstSIMDMatchesGo(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2 here")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := 0; trial < 2000; trial++ {
		n := rng.IntN(100)
		d := make([]byte, 4*n)
		for i := 0; i < n; i++ {
			p := randPremul(rng)
			copy(d[4*i:], p[:])
		}
		s := randPremul(rng)
		c := Color{s[0], s[1], s[2], s[3]}
		want := append([]byte(nil), d...)
		overConstGo(want, c)
		got := append([]byte(nil), d...)
		k := overConstSIMD(got, c)
		overConstGo(got[k:], c)
		if string(got) != string(want) {
			t.Fatalf("trial %d n=%d colour %v: SIMD differs from Go", trial, n, c)
		}
	}
}

func BenchmarkOverConstGo(b *testing.B) {
	d := make([]byte, 4*1080)
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		overConstGo(d, Color{100, 5, 15, 128})
	}
}

// The assembly and the pure-Go mask blend give identical pixels, for
// masks with zero, full and partial coverage runs.
func TestOverMaskSIMDMatchesGo(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2 here")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := 0; trial < 4000; trial++ {
		n := rng.IntN(80)
		d := make([]byte, 4*n)
		m := make([]uint8, n)
		for i := 0; i < n; i++ {
			p := randPremul(rng)
			copy(d[4*i:], p[:])
			switch rng.IntN(4) {
			case 0:
				m[i] = 0
			case 1:
				m[i] = 255
			default:
				m[i] = uint8(rng.IntN(256))
			}
		}
		if trial%5 == 0 && n >= 8 {
			clear(m[:8]) // a step the kernel skips
		}
		s := randPremul(rng)
		c := Color{s[0], s[1], s[2], s[3]}
		if trial%3 == 0 {
			c = Color{s[0] | 1, s[1], s[2], 255}
			c.R, c.G, c.B = uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256))
		}
		want := append([]byte(nil), d...)
		overMaskGo(want, m, c)
		got := append([]byte(nil), d...)
		k := overMaskSIMD(got, m, c)
		overMaskGo(got[4*k:], m[k:], c)
		if string(got) != string(want) {
			t.Fatalf("trial %d n=%d colour %v: SIMD differs from Go", trial, n, c)
		}
	}
}

func BenchmarkOverMask(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	d := make([]byte, 4*1024)
	m := make([]uint8, 1024)
	for i := range m {
		m[i] = uint8(rng.IntN(256))
	}
	c := Color{20, 30, 40, 255}
	b.Run("go", func(b *testing.B) {
		b.SetBytes(int64(len(d)))
		for b.Loop() {
			overMaskGo(d, m, c)
		}
	})
	b.Run("simd", func(b *testing.B) {
		b.SetBytes(int64(len(d)))
		for b.Loop() {
			k := overMaskSIMD(d, m, c)
			overMaskGo(d[4*k:], m[k:], c)
		}
	})
}
