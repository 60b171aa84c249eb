package codec

import (
	"bytes"
	"image/jpeg"
	"os"
	"path/filepath"
	"syscall"
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

func cpuNow() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

// BenchmarkPalette compares indexed output with RGB/RGBA output (one
// worker) on $PC_ENCODE_FILE, reporting CPU ms per encode and bytes.
func BenchmarkPalette(b *testing.B) {
	p := loadPremul(b, string(benchImage(b)))
	for _, c := range []struct {
		name string
		pm   PaletteMode
	}{{"auto", PaletteAuto}, {"never", PaletteNever}} {
		for _, l := range []PNGLevel{PNGFast, PNGDefault} {
			b.Run(c.name+"-"+l.String(), func(b *testing.B) {
				var buf bytes.Buffer
				c0 := cpuNow()
				for i := 0; i < b.N; i++ {
					buf.Reset()
					if err := EncodePNG(&buf, p, &PNGOptions{Level: l, Workers: 1, Palette: c.pm}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric((cpuNow()-c0)/float64(b.N), "cpu-ms")
				b.ReportMetric(float64(buf.Len()), "bytes")
			})
		}
	}
}
