package codec

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

// The AVX2 DCT gives the portable one's coefficients exactly: both do the
// same float32 operations in the same order (fdct's products are
// converted to float32 explicitly so no build fuses them).
func TestFDCTVectorIdentical(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(21, 22))
	e := newJPEGEnc(&raster.Pixmap{Width: 8, Height: 8, Stride: 32, Pix: make([]byte, 256)}, 90, false)
	for trial := 0; trial < 20000; trial++ {
		stride := 8 + r.IntN(40)
		src := make([]float32, 7*stride+8)
		amp := []float32{0.5, 4, 128, 255, 3000}[trial%5]
		for i := range src {
			src[i] = (r.Float32()*2 - 1) * amp
			if trial%7 == 0 {
				src[i] = float32(int(src[i])) // integer samples, as the planes hold
			}
		}
		scale := &e.scale[trial%2]
		var want, got [64]int32
		var blk [64]float32
		mw := fdct(&want, &blk, src, stride, scale)
		mg := fdctAVX2(&got, src, stride, scale)
		if got != want || mg != mw {
			t.Fatalf("trial %d (stride %d, amplitude %v): vector DCT differs\n got %v %x\nwant %v %x", trial, stride, amp, got, mg, want, mw)
		}
	}
}

// Whole JPEG files are byte-identical with and without the vector paths.
func TestJPEGVectorIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	for _, sz := range [][2]int{{1, 1}, {17, 9}, {64, 48}, {301, 203}} {
		p, err := raster.NewPixmap(sz[0], sz[1])
		if err != nil {
			t.Fatal(err)
		}
		for y := 0; y < p.Height; y++ {
			for x := 0; x < p.Width; x++ {
				i := y*p.Stride + 4*x
				a := byte(255)
				if (x/7+y/5)%3 == 0 {
					a = byte(r.IntN(256))
				}
				for k := 0; k < 3; k++ {
					v := byte((x*(k+1) + y*3 + r.IntN(9)) & 255)
					p.Pix[i+k] = byte(int(v) * int(a) / 255)
				}
				p.Pix[i+3] = a
			}
		}
		for _, ch := range []Chroma{Chroma420, Chroma444} {
			for _, q := range []float64{0.3, 0.9, 1} {
				enc := func() []byte {
					var b bytes.Buffer
					if err := EncodeJPEG(&b, p, &JPEGOptions{Quality: q, Chroma: ch, Workers: 1}); err != nil {
						t.Fatal(err)
					}
					return b.Bytes()
				}
				got := enc()
				var want []byte
				withoutAVX2(func() { want = enc() })
				if !bytes.Equal(got, want) {
					t.Fatalf("%v chroma %v quality %v: vector JPEG differs from portable", sz, ch, q)
				}
			}
		}
	}
}
