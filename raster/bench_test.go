package raster

import (
	"image"
	"math/rand/v2"
	"testing"
)

func benchFill(b *testing.B, w, h int, paths []*Path, paint Paint) {
	dst, _ := NewPixmap(w, h)
	r := NewRasterizer()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range paths {
			r.Fill(dst, p, NonZero, &paint, nil)
		}
	}
}

func BenchmarkFillOpaqueFullCanvas(b *testing.B) {
	benchFill(b, 1080, 1920, []*Path{rectPath(0, 0, 1080, 1920)}, Paint{Color: Color{200, 10, 30, 255}, Alpha: 1})
}

func BenchmarkFillAlphaFullCanvas(b *testing.B) {
	benchFill(b, 1080, 1920, []*Path{rectPath(0, 0, 1080, 1920)}, Paint{Color: Color{100, 5, 15, 128}, Alpha: 1})
}

func BenchmarkFill200Circles(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	var ps []*Path
	for i := 0; i < 200; i++ {
		ps = append(ps, circlePath(rng.Float64()*1080, rng.Float64()*1920, 10+rng.Float64()*80))
	}
	benchFill(b, 1080, 1920, ps, Paint{Color: Color{100, 5, 15, 200}, Alpha: 1})
}

// The cost of a small shape does not depend on the canvas size.
func BenchmarkSmallCircleCanvas100(b *testing.B) {
	benchFill(b, 100, 100, []*Path{circlePath(50, 50, 5)}, Paint{Color: Color{0, 0, 0, 255}, Alpha: 1})
}

func BenchmarkSmallCircleCanvas4096(b *testing.B) {
	benchFill(b, 4096, 4096, []*Path{circlePath(2000, 2000, 5)}, Paint{Color: Color{0, 0, 0, 255}, Alpha: 1})
}

// The blur of the s8 poster's card shadow (σ 12 over a 1000×1000 rounded
// rectangle).
func BenchmarkBlurCard(b *testing.B) {
	r := NewRasterizer()
	m := r.Coverage(roundRectPath(40, 888, 1000, 1000, 32), NonZero, image.Rect(-40, -40, 1120, 1960))
	m = cloneMask(m)
	b.ResetTimer()
	for b.Loop() {
		r.Blur(m, 12, image.Rect(-40, -40, 1120, 1960))
	}
}

// Compositing that shadow's blurred mask in black at alpha 0.3.
func BenchmarkFillMaskShadow(b *testing.B) {
	r := NewRasterizer()
	m := r.Coverage(roundRectPath(40, 888, 1000, 1000, 32), NonZero, image.Rect(-40, -40, 1120, 1960))
	bl := cloneMask(r.Blur(cloneMask(m), 12, image.Rect(0, 0, 1080, 1920)))
	dst, _ := NewPixmap(1080, 1920)
	b.ResetTimer()
	for b.Loop() {
		r.FillMask(dst, bl, 0, 0, &Paint{Color: Color{0, 0, 0, 77}, Alpha: 1}, nil)
	}
}

// A full-canvas fill with a blend mode and with a Porter-Duff operator
// (the generic compositor's full-coverage loops).
func BenchmarkFillMultiplyFullCanvas(b *testing.B) {
	benchFill(b, 1080, 1920, []*Path{rectPath(0, 0, 1080, 1920)}, Paint{Color: Color{150, 70, 20, 153}, Alpha: 1, Op: OpMultiply})
}

func BenchmarkFillSourceAtopFullCanvas(b *testing.B) {
	benchFill(b, 1080, 1920, []*Path{rectPath(0, 0, 1080, 1920)}, Paint{Color: Color{0, 0, 0, 77}, Alpha: 1, Op: OpSourceAtop})
}
