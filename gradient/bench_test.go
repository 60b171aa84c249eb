package gradient

import (
	"image/color"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

var benchStops = []Stop{
	{0, color.NRGBA{255, 0, 0, 255}},
	{0.5, color.NRGBA{255, 255, 0, 255}},
	{1, color.NRGBA{0, 0, 255, 255}},
}

const benchW, benchH = 1080, 1920

func benchShader(b *testing.B, s raster.Shader) {
	row := make([]byte, 4*benchW)
	b.SetBytes(4 * benchW * benchH)
	b.ReportAllocs()
	for b.Loop() {
		for y := range benchH {
			s.ShadeSpan(0, y, row)
		}
	}
}

// BenchmarkLinearDiagonal shades a full 1080×1920 canvas with a 3-stop
// linear gradient along its diagonal.
func BenchmarkLinearDiagonal(b *testing.B) {
	s, _ := NewLinear(0, 0, benchW, benchH, benchStops, raster.Identity)
	benchShader(b, s)
}

// BenchmarkRadial shades a full 1080×1920 canvas with a 3-stop
// createCircularGradient-style radial gradient (r0 = 0) centred on it.
func BenchmarkRadial(b *testing.B) {
	s, _ := NewRadial(540, 960, 0, 540, 960, 700, benchStops, raster.Identity)
	benchShader(b, s)
}

// BenchmarkRadialRotated is BenchmarkRadial under a rotation (no row
// symmetry, w moves diagonally along a row).
func BenchmarkRadialRotated(b *testing.B) {
	rot := raster.Matrix{A: 0.8, B: 0.6, C: -0.6, D: 0.8, E: 500, F: -200}
	s, _ := NewRadial(540, 960, 0, 540, 960, 700, benchStops, rot)
	benchShader(b, s)
}

// BenchmarkRadialRing shades a full canvas with concentric circles r0 > 0.
func BenchmarkRadialRing(b *testing.B) {
	s, _ := NewRadial(540, 960, 100, 540, 960, 700, benchStops, raster.Identity)
	benchShader(b, s)
}

// BenchmarkRadialTwoPoint shades a full canvas with a two-circle gradient
// whose circles are not concentric (the general path).
func BenchmarkRadialTwoPoint(b *testing.B) {
	s, _ := NewRadial(400, 800, 50, 540, 960, 700, benchStops, raster.Identity)
	benchShader(b, s)
}

// BenchmarkLinearBuild measures building a linear shader (its table).
func BenchmarkLinearBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewLinear(0, 0, benchW, benchH, benchStops, raster.Identity)
	}
}
