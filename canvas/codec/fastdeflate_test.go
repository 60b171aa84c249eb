package codec

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// fastShapes are match distances as PNG gives them: indexed, RGB and RGBA
// rows, a row too long for the window (far falls back to near), and
// distances that are not a pixel and a row.
var fastShapes = []struct{ near, far int }{
	{1, 1081}, {3, 3241}, {4, 4321}, {4, 40_000}, {3, 7}, {1, 1},
}

// fastCompress deflates in with the fast compressor primed with dict: in
// pieces of chunk bytes through Write, or through room/wrote when inPlace.
func fastCompress(in, dict []byte, near, far, chunk int, inPlace bool) []byte {
	var z bytes.Buffer
	f := newFastDeflater(&z, dict, near, far, len(in)/2)
	for b := in; len(b) > 0; {
		k := min(chunk, len(b))
		if inPlace {
			f.wrote(append(f.room(k), b[:k]...))
		} else {
			f.Write(b[:k])
		}
		b = b[k:]
	}
	f.Close()
	f.release()
	return z.Bytes()
}

// fastInputs adds to deflateInputs rows built for the fast matcher: pixels
// that repeat the one before and rows that repeat the one above (filtered
// bytes of flat fills and of shapes continuing down), with runs of every
// length around the 258-byte piece limit.
func fastInputs(r *rand.Rand) map[string][]byte {
	in := deflateInputs(r)
	for _, bpp := range []int{1, 3, 4} {
		w := 300 + r.IntN(50)
		stride := 1 + bpp*w
		var b []byte
		row := make([]byte, stride)
		for y := 0; y < 400; y++ {
			switch y % 4 {
			case 0: // runs of one pixel of every length
				px := make([]byte, bpp)
				for i := 0; i < stride; {
					n := r.IntN(270)
					for k := range px {
						px[k] = byte(r.IntN(3))
					}
					for j := 0; j < n && i < stride; j, i = j+1, i+1 {
						row[i] = px[(i-1+bpp)%bpp]
					}
				}
			case 1: // a few changes: mostly the row above
				for k := 0; k < 3; k++ {
					row[r.IntN(stride)] = byte(r.Uint32())
				}
			case 2: // noise with short repeats
				for i := range row {
					row[i] = byte(r.IntN(6))
				}
			}
			b = append(b, row...)
		}
		in[fmt.Sprintf("pixel-rows-%d", bpp)] = b
	}
	for _, n := range []int{258, 259, 260, 261, 516, 517, 518} {
		b := append([]byte{9, 8, 7, 6}, make([]byte, n+4)...)
		in[fmt.Sprintf("run-%d", n)] = append(b, 5, 4, 3, 2, 1)
	}
	return in
}

func TestFastDeflateRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for name, in := range fastInputs(r) {
		for _, sh := range fastShapes {
			for _, chunk := range []int{1 << 30, 64 << 10, 777} {
				for _, inPlace := range []bool{false, true} {
					if inPlace && chunk > maxRoom {
						continue
					}
					z := fastCompress(in, nil, sh.near, sh.far, chunk, inPlace)
					if out := inflate(t, z, nil); !bytes.Equal(out, in) {
						t.Fatalf("%s near %d far %d chunk %d in place %v: %d bytes in, %d out", name, sh.near, sh.far, chunk, inPlace, len(in), len(out))
					}
					if name == "noise" && len(z) > len(in)+len(in)/1000+64 {
						t.Errorf("noise grew to %d bytes from %d (stored blocks should bound it)", len(z), len(in))
					}
				}
			}
		}
	}
}

// Bands compressed apart, each primed with what precedes it and ended at
// a sync flush, concatenate into one stream.
func TestFastDeflateBandsConcatenate(t *testing.T) {
	in := fastInputs(rand.New(rand.NewPCG(13, 14)))["rows"]
	checkBands(t, in, func(w io.Writer, dict []byte, n int) compressor { return newFastDeflater(w, dict, 4, 4321, n) })
}

// The assembly scan and writer give the portable code's bytes, and pooled
// memory does not change them.
func TestFastDeflateVectorIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	for name, in := range fastInputs(r) {
		for _, sh := range fastShapes {
			got := fastCompress(in, nil, sh.near, sh.far, 64<<10, true)
			var want []byte
			withoutAVX2(func() { want = fastCompress(in, nil, sh.near, sh.far, 64<<10, true) })
			if !bytes.Equal(got, want) {
				t.Fatalf("%s near %d far %d: vector output differs from portable (%d vs %d bytes)", name, sh.near, sh.far, len(got), len(want))
			}
			var fresh bytes.Buffer
			f := newFastDeflaterMem(&fresh, nil, sh.near, sh.far, len(in)/2, new(fastMem))
			f.Write(in)
			f.Close()
			if !bytes.Equal(got, fresh.Bytes()) {
				t.Fatalf("%s near %d far %d: pooled output differs from fresh", name, sh.near, sh.far)
			}
		}
	}
}

// A match piece is at most maxMatch and never leaves a piece under 3.
func TestMatchPiece(t *testing.T) {
	for l := 3; l < 2000; l++ {
		n, rest := 0, l
		for rest > 0 {
			k := matchPiece(rest)
			if k < 3 || k > maxMatch {
				t.Fatalf("length %d: piece %d", l, k)
			}
			rest -= k
			n++
		}
		if want := (l + maxMatch - 1) / maxMatch; n > want+1 {
			t.Fatalf("length %d: %d pieces", l, n)
		}
	}
}

func FuzzFastDeflate(f *testing.F) {
	f.Add([]byte("hello hello hello hello"), uint8(3), uint16(40))
	f.Add(make([]byte, 1000), uint8(4), uint16(17))
	f.Fuzz(func(t *testing.T, in []byte, near uint8, far uint16) {
		nr := 1 + int(near%4)
		fr := max(nr, int(far))
		z := fastCompress(in, nil, nr, fr, 1<<30, false)
		if out := inflate(t, z, nil); !bytes.Equal(out, in) {
			t.Fatal("round trip differs")
		}
		var want []byte
		withoutAVX2(func() { want = fastCompress(in, nil, nr, fr, 1<<30, false) })
		if !bytes.Equal(z, want) {
			t.Fatal("vector output differs from portable")
		}
	})
}
