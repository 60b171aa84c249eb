package codec

import (
	"bytes"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkPNG encodes $PC_ENCODE_IMAGES/s8-poster.png (skipped without it).
func benchImage(b *testing.B) []byte {
	dir := os.Getenv("PC_ENCODE_IMAGES")
	if dir == "" {
		b.Skip("set PC_ENCODE_IMAGES")
	}
	name := os.Getenv("PC_ENCODE_FILE")
	if name == "" {
		name = "s8-poster.png"
	}
	return []byte(filepath.Join(dir, name))
}

func BenchmarkPNG(b *testing.B) {
	p := loadPremul(b, string(benchImage(b)))
	for _, c := range []struct {
		name string
		l    PNGLevel
		w    int
	}{{"fast1", PNGFast, 1}, {"default1", PNGDefault, 1}, {"default2", PNGDefault, 2}, {"best1", PNGBest, 1}} {
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			for i := 0; i < b.N; i++ {
				buf.Reset()
				if err := EncodePNG(&buf, p, &PNGOptions{Level: c.l, Workers: c.w}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
		})
	}
}

func BenchmarkJPEG(b *testing.B) {
	p := loadPremul(b, string(benchImage(b)))
	for _, c := range []struct {
		name string
		ch   Chroma
		w    int
	}{{"420-1", Chroma420, 1}, {"420-2", Chroma420, 2}, {"444-1", Chroma444, 1}} {
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			for i := 0; i < b.N; i++ {
				buf.Reset()
				if err := EncodeJPEG(&buf, p, &JPEGOptions{Quality: 0.9, Chroma: c.ch, Workers: c.w}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes")
		})
	}
	b.Run("stdlib", func(b *testing.B) {
		m := p.Image()
		var buf bytes.Buffer
		for i := 0; i < b.N; i++ {
			buf.Reset()
			jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90})
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
}
