package imagesrc

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"testing"
	"time"
)

// benchPhoto is a 1200×900 image with smooth gradients and grain, like a
// product photo.
func benchPhoto() *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, 1200, 900))
	seed := uint32(1)
	for y := 0; y < 900; y++ {
		for x := 0; x < 1200; x++ {
			seed = seed*1664525 + 1013904223
			n := uint8(seed >> 28)
			m.SetNRGBA(x, y, color.NRGBA{uint8(x*255/1199) ^ n, uint8(y*255/899) + n, uint8((x+y)/9) - n, 255})
		}
	}
	return m
}

func benchJPEG(b *testing.B) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, benchPhoto(), &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// The whole load of a 1200×900 JPEG: sniff, DecodeConfig, decode,
// libjpeg-style conversion.
func BenchmarkDecodeJPEG1200x900(b *testing.B) {
	data := benchJPEG(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := decode("bench.jpg", data, testLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// image/jpeg's Decode alone, for the share of the conversion above.
func BenchmarkStdJPEGDecode1200x900(b *testing.B) {
	data := benchJPEG(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func benchYCbCr(b *testing.B) *image.YCbCr {
	img, err := jpeg.Decode(bytes.NewReader(benchJPEG(b)))
	if err != nil {
		b.Fatal(err)
	}
	return img.(*image.YCbCr)
}

func BenchmarkConvertYCbCrJPEG(b *testing.B) {
	m := benchYCbCr(b)
	for b.Loop() {
		toPixmap(m, FormatJPEG)
	}
}

func BenchmarkConvertYCbCrNearest(b *testing.B) {
	m := benchYCbCr(b)
	for b.Loop() {
		toPixmap(m, "")
	}
}

// What a straightforward conversion costs: image/draw into an RGBA.
func BenchmarkConvertYCbCrImageDraw(b *testing.B) {
	m := benchYCbCr(b)
	for b.Loop() {
		dst := image.NewRGBA(m.Rect)
		draw.Draw(dst, dst.Rect, m, image.Point{}, draw.Src)
	}
}

func BenchmarkConvertNRGBA(b *testing.B) {
	m := benchPhoto()
	for i := range len(m.Pix) / 4 {
		m.Pix[4*i+3] = uint8(i)
	}
	for b.Loop() {
		toPixmap(m, FormatPNG)
	}
}

func BenchmarkConvertNRGBAImageDraw(b *testing.B) {
	m := benchPhoto()
	for i := range len(m.Pix) / 4 {
		m.Pix[4*i+3] = uint8(i)
	}
	for b.Loop() {
		dst := image.NewRGBA(m.Rect)
		draw.Draw(dst, dst.Rect, m, image.Point{}, draw.Src)
	}
}

func BenchmarkDecodePNG1200x900(b *testing.B) {
	var buf bytes.Buffer
	png.Encode(&buf, benchPhoto())
	data := buf.Bytes()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := decode("bench.png", data, testLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConvertInterleaved times the load of a 1200×900 JPEG (sniff,
// DecodeConfig, decode, conversion) against image/jpeg's Decode alone, and
// each conversion against image/draw's, in alternation, and reports the
// fastest run of each (ms), so the ratios hold on a loaded machine:
//
//	go test -run '^$' -bench ConvertInterleaved -benchtime 25x ./canvas/imagesrc
func BenchmarkConvertInterleaved(b *testing.B) {
	m := benchYCbCr(b)
	n := benchPhoto()
	for i := range len(n.Pix) / 4 {
		n.Pix[4*i+3] = uint8(i)
	}
	jpg := benchJPEG(b)
	fns := []struct {
		name string
		f    func()
	}{
		{"load-jpeg-ms", func() { decode("b.jpg", jpg, testLimits) }},
		{"stdlib-jpeg-decode-ms", func() { jpeg.Decode(bytes.NewReader(jpg)) }},
		{"ycc-libjpeg-ms", func() { toPixmap(m, FormatJPEG) }},
		{"ycc-imagedraw-ms", func() { d := image.NewRGBA(m.Rect); draw.Draw(d, d.Rect, m, image.Point{}, draw.Src) }},
		{"nrgba-premul-ms", func() { toPixmap(n, FormatPNG) }},
		{"nrgba-imagedraw-ms", func() { d := image.NewRGBA(n.Rect); draw.Draw(d, d.Rect, n, image.Point{}, draw.Src) }},
	}
	best := make([]time.Duration, len(fns))
	for r := 0; b.Loop(); r++ {
		for i, f := range fns {
			s := time.Now()
			f.f()
			if d := time.Since(s); r == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	for i, f := range fns {
		b.ReportMetric(best[i].Seconds()*1000, f.name)
	}
	b.ReportMetric(0, "ns/op")
}
