package codec

import (
	"bytes"
	"compress/flate"
	"fmt"
	"github.com/postercanvas/postercanvas/raster"
	"io"
	"math/rand/v2"
	"testing"
)

// deflateInputs are byte streams of the kinds PNG rows produce, plus
// noise and the edge cases of the window and the buffer.
func deflateInputs(r *rand.Rand) map[string][]byte {
	in := map[string][]byte{
		"empty": nil,
		"one":   {7},
		"three": {1, 2, 3},
	}
	noise := make([]byte, 200_000)
	for i := range noise {
		noise[i] = byte(r.Uint32())
	}
	in["noise"] = noise
	zeros := make([]byte, 3<<20) // longer than maxBuffer: slides
	in["zeros"] = zeros
	// Rows that repeat the one above with small changes, and runs.
	rows := make([]byte, 0, 2_500_000)
	row := make([]byte, 4321)
	for y := 0; len(rows)+len(row) <= cap(rows); y++ {
		for k := 0; k < 5; k++ {
			i := r.IntN(len(row))
			row[i] = byte(r.IntN(4))
		}
		if y%97 == 0 {
			for i := range row {
				row[i] = byte(i / 37 * y)
			}
		}
		rows = append(rows, row...)
	}
	in["rows"] = rows
	small := make([]byte, 70_000)
	for i := range small {
		small[i] = byte(r.IntN(3)) * 40
	}
	in["small-alphabet"] = small
	// Distances right at the window's edge.
	edge := make([]byte, 0, 200_000)
	blk := make([]byte, winSize)
	for i := range blk {
		blk[i] = byte(r.Uint32())
	}
	edge = append(edge, blk...)
	edge = append(edge, blk[:1000]...)
	edge = append(edge, blk[1:3000]...)
	edge = append(edge, blk...)
	in["window-edge"] = edge
	return in
}

func inflate(t *testing.T, z []byte, dict []byte) []byte {
	t.Helper()
	fr := flate.NewReaderDict(bytes.NewReader(z), dict)
	out, err := io.ReadAll(fr)
	if err != nil {
		t.Fatalf("inflate: %v", err)
	}
	return out
}

func TestDeflateRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for name, in := range deflateInputs(r) {
		{
			for _, chunk := range []int{1 << 30, 64 << 10, 777} {
				t.Run(fmt.Sprintf("%s/%d", name, chunk), func(t *testing.T) {
					var z bytes.Buffer
					d := newDeflater(&z, nil)
					for b := in; len(b) > 0; {
						k := min(chunk, len(b))
						d.Write(b[:k])
						b = b[k:]
					}
					if err := d.Close(); err != nil {
						t.Fatal(err)
					}
					if out := inflate(t, z.Bytes(), nil); !bytes.Equal(out, in) {
						t.Fatalf("round trip differs: %d bytes in, %d out", len(in), len(out))
					}
					if name == "noise" && z.Len() > len(in)+len(in)/1000+64 {
						t.Errorf("noise grew to %d bytes from %d (stored blocks should bound it)", z.Len(), len(in))
					}
				})
			}
		}
	}
}

// Bands compressed apart, each primed with what precedes it and ended at
// a sync flush, concatenate into one stream (the parallel PNG writer).
func TestDeflateBandsConcatenate(t *testing.T) {
	in := deflateInputs(rand.New(rand.NewPCG(3, 4)))["rows"]
	checkBands(t, in, func(w io.Writer, dict []byte, n int) compressor { return newDeflater(w, dict) })
}

// checkBands compresses in as bands cut at fixed places, each by a new
// compressor primed with everything before it, and inflates the whole.
func checkBands(t *testing.T, in []byte, newc func(w io.Writer, dict []byte, n int) compressor) {
	t.Helper()
	var z bytes.Buffer
	cuts := []int{0, 100, 40_000, 1_300_000, len(in)}
	for i := 0; i+1 < len(cuts); i++ {
		c := newc(&z, in[:cuts[i]], cuts[i+1]-cuts[i])
		c.Write(in[cuts[i]:cuts[i+1]])
		var err error
		if i+2 == len(cuts) {
			err = c.Close()
		} else {
			err = c.Flush()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if out := inflate(t, z.Bytes(), nil); !bytes.Equal(out, in) {
		t.Fatal("concatenated bands differ")
	}
}

func TestHuffLengthsLimit(t *testing.T) {
	// Fibonacci frequencies give the deepest trees.
	freq := make([]uint32, numLit)
	a, b := uint32(1), uint32(1)
	for i := 0; i < 40; i++ {
		freq[i] = a
		a, b = b, a+b
	}
	lens := make([]uint8, numLit)
	for _, maxBits := range []int{7, 14, 15} {
		huffLengths(freq, lens, maxBits)
		kraft := 0.0
		for _, l := range lens {
			if l > uint8(maxBits) {
				t.Fatalf("length %d over %d", l, maxBits)
			}
			if l > 0 {
				kraft += 1 / float64(uint64(1)<<l)
			}
		}
		if kraft != 1 {
			t.Fatalf("Kraft sum %v, want 1", kraft)
		}
	}
}

func FuzzDeflate(f *testing.F) {
	f.Add([]byte("hello hello hello hello"))
	f.Add(make([]byte, 1000))
	f.Fuzz(func(t *testing.T, in []byte) {
		comp := func() []byte {
			var z bytes.Buffer
			// A size hint under the input's: the buffer grows.
			d := newDeflaterSize(&z, nil, len(in)/2)
			d.Write(in)
			if err := d.Close(); err != nil {
				t.Fatal(err)
			}
			return z.Bytes()
		}
		z := comp()
		if out := inflate(t, z, nil); !bytes.Equal(out, in) {
			t.Fatal("round trip differs")
		}
		var want []byte
		withoutAVX2(func() { want = comp() })
		if !bytes.Equal(z, want) {
			t.Fatal("assembly output differs from portable")
		}
	})
}

// subAbs (AVX2 blocks on amd64) agrees with the portable subBytes and
// sumAbs at every length and alignment.
func TestSubAbsMatchesPortable(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 500; trial++ {
		n := r.IntN(300)
		a := make([]byte, n+3)
		b := make([]byte, n+3)
		for i := range a {
			a[i], b[i] = byte(r.Uint32()), byte(r.Uint32())
			if trial%4 == 0 {
				b[i] = a[i] ^ 0x80 // every difference ±128
			}
		}
		off := trial % 3
		got := make([]byte, n)
		want := make([]byte, n)
		s := subAbs(got, a[off:], b[off:])
		subBytes(want, a[off:], b[off:])
		if ws := sumAbs(want); s != ws || !bytes.Equal(got, want) {
			t.Fatalf("n %d: sum %d, want %d (bytes equal %v)", n, s, ws, bytes.Equal(got, want))
		}
	}
}

// A deflater built on pooled memory (stale hash heads and chain links of
// an earlier stream) writes exactly what a fresh one writes.
func TestDeflatePoolReuse(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	in := deflateInputs(r)
	{
		fresh := func(b []byte) []byte {
			var z bytes.Buffer
			d := newDeflaterMem(&z, nil, maxBuffer, new(deflaterMem))
			d.Write(b)
			d.Close()
			return z.Bytes()
		}
		for _, pair := range [][2]string{{"rows", "small-alphabet"}, {"noise", "rows"}, {"zeros", "window-edge"}} {
			var z bytes.Buffer
			d := newDeflater(&z, nil)
			d.Write(in[pair[0]])
			d.Close()
			d.release()
			var z2 bytes.Buffer
			d = newDeflater(&z2, nil)
			d.Write(in[pair[1]])
			d.Close()
			d.release()
			if !bytes.Equal(z2.Bytes(), fresh(in[pair[1]])) {
				t.Fatalf("%s after %s: pooled output differs from a fresh deflater's", pair[1], pair[0])
			}
		}
	}
}

// matchLen (AVX2 blocks on amd64) agrees with a byte loop at every length,
// limit and position of the first difference.
func TestMatchLen(t *testing.T) {
	buf := make([]byte, 1200)
	for limit := 0; limit <= 300; limit++ {
		for _, diff := range []int{0, 1, 7, 8, 9, 31, 32, 39, 40, 41, 71, 72, 73, 100, 257, 299, 1000} {
			for i := range buf {
				buf[i] = byte(i % 5)
			}
			a, b := 3, 3+500
			copy(buf[b:b+400], buf[a:a+400])
			if diff < 400 {
				buf[b+diff] ^= 0x40
			}
			want := 0
			for want < limit && buf[a+want] == buf[b+want] {
				want++
			}
			if got := matchLen(buf, a, b, limit); got != want {
				t.Fatalf("limit %d, diff at %d: %d, want %d", limit, diff, got, want)
			}
		}
	}
}

// The AVX2 RGB difference and opacity test give what the portable code
// gives, at every width and position of a non-opaque pixel.
func TestVectorRowKernelsMatchPortable(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for w := 1; w <= 70; w++ {
		a := make([]byte, 4*w)
		b := make([]byte, 4*w)
		for i := range a {
			a[i], b[i] = byte(r.Uint32()), byte(r.Uint32())
		}
		got := make([]byte, 3*w)
		want := make([]byte, 3*w)
		rgbDiffRow(got, a, b)
		withoutAVX2(func() { rgbDiffRow(want, a, b) })
		if !bytes.Equal(got, want) {
			t.Fatalf("width %d: rgbDiffRow differs", w)
		}
		p := &raster.Pixmap{Width: w, Height: 2, Stride: 4*w + 8, Pix: make([]byte, 2*(4*w+8))}
		for i := range p.Pix {
			p.Pix[i] = 0xff
		}
		if !isOpaque(p) {
			t.Fatalf("width %d: opaque image reported translucent", w)
		}
		for x := 0; x < w; x++ {
			for y := 0; y < 2; y++ {
				p.Pix[y*p.Stride+4*x+3] = 0xfe
				var portable bool
				withoutAVX2(func() { portable = isOpaque(p) })
				if isOpaque(p) || portable {
					t.Fatalf("width %d: pixel (%d,%d) translucent, reported opaque", w, x, y)
				}
				p.Pix[y*p.Stride+4*x+3] = 0xff
			}
		}
		// Bytes past the row (stride padding) are not pixels.
		p.Pix[4*w+3], p.Pix[4*w+7] = 0, 0
		if !isOpaque(p) {
			t.Fatalf("width %d: padding read as a pixel", w)
		}
	}
}

// Input written in place (room/wrote, the PNG filter's path) in pieces of
// every size round-trips, through buffer growth and slides.
func TestDeflateRoom(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	in := deflateInputs(r)
	for _, name := range []string{"rows", "zeros", "noise", "small-alphabet"} {
		data := in[name]
		for _, size := range []int{100, 1 << 16, maxBuffer} {
			var b bytes.Buffer
			db := newDeflaterMem(&b, nil, size, new(deflaterMem))
			for rest := data; len(rest) > 0; {
				k := min(len(rest), 1+r.IntN(maxRoom))
				dst := db.room(k)
				dst = append(dst, rest[:k]...)
				db.wrote(dst)
				rest = rest[k:]
			}
			db.Close()
			if out := inflate(t, b.Bytes(), nil); !bytes.Equal(out, data) {
				t.Fatalf("%s size %d: in-place input does not round-trip", name, size)
			}
		}
	}
}

// The AVX2 unpremultiplication gives the table's value for every (c, a),
// and the AVX2 byte difference the portable one's.
func TestVectorUnpremulAndSub(t *testing.T) {
	src := make([]byte, 0, 8*65536+6*96+12)
	for a := 0; a < 256; a++ {
		for c := 0; c < 256; c++ {
			src = append(src, byte(c), byte(c+85), byte(c+170), byte(a))
		}
	}
	// The same pairs again with the alpha varying inside every block of 8
	// (the kernel skips blocks all opaque or all transparent).
	for j := 0; j < 65536; j++ {
		a, c := (j*37+j>>8)&255, j>>8
		src = append(src, byte(c), byte(c+85), byte(c+170), byte(a))
	}
	// Repeated blocks (reused results), around uniform ones.
	for _, px := range [][4]byte{{10, 20, 30, 128}, {0, 0, 0, 0}, {10, 20, 30, 128}, {1, 2, 3, 255}, {10, 20, 30, 128}, {9, 9, 9, 9}} {
		for k := 0; k < 24; k++ {
			src = append(src, px[:]...)
		}
	}
	src = append(src, 1, 2, 3, 200, 4, 5, 6, 255, 0, 0, 0, 0) // a tail
	got := make([]byte, len(src))
	want := make([]byte, len(src))
	rowRGBA(got, src)
	withoutAVX2(func() { rowRGBA(want, src) })
	for i := 0; i+4 <= len(src); i += 4 {
		a := src[i+3]
		for k := 0; k < 3; k++ {
			if w := Unpremultiply(src[i+k], a); got[i+k] != w || want[i+k] != w {
				t.Fatalf("c %d a %d: %d (portable %d), want %d", src[i+k], a, got[i+k], want[i+k], w)
			}
		}
		if got[i+3] != a {
			t.Fatalf("alpha %d became %d", a, got[i+3])
		}
	}
	r := rand.New(rand.NewPCG(15, 16))
	for n := 0; n < 200; n++ {
		x := make([]byte, n)
		y := make([]byte, n)
		for i := range x {
			x[i], y[i] = byte(r.Uint32()), byte(r.Uint32())
		}
		g := make([]byte, n)
		w := make([]byte, n)
		subBytes(g, x, y)
		withoutAVX2(func() { subBytes(w, x, y) })
		if !bytes.Equal(g, w) {
			t.Fatalf("n %d: subBytes differs", n)
		}
	}
}

// The assembly paths (the lazy matcher's loop, match lengths, the BMI2
// token writer) give the portable code's bytes.
func TestDeflateVectorIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for name, in := range fastInputs(r) {
		comp := func() []byte {
			var z bytes.Buffer
			d := newDeflater(&z, nil)
			d.Write(in)
			d.Close()
			d.release()
			return z.Bytes()
		}
		got := comp()
		var want []byte
		withoutAVX2(func() { want = comp() })
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: vector output differs from portable (%d vs %d bytes)", name, len(got), len(want))
		}
	}
}
