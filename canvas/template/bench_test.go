package template

import (
	"os"
	"path/filepath"
	"testing"
)

func benchExample(b *testing.B, name, data string, render bool) {
	examples := filepath.Join("..", "..", "examples", "template")
	tmpl, err := os.ReadFile(filepath.Join(examples, name+".json"))
	if err != nil {
		b.Fatal(err)
	}
	d, err := os.ReadFile(filepath.Join(examples, data))
	if err != nil {
		b.Fatal(err)
	}
	tree, err := DecodeJSON(tmpl)
	if err != nil {
		b.Fatal(err)
	}
	dv, err := DecodeJSON(d)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		t, err := ParseValue(CloneValue(tree), dv)
		if err != nil {
			b.Fatal(err)
		}
		c, err := Compile(t, Options{Fonts: testFonts})
		if err != nil {
			b.Fatal(err)
		}
		if render {
			if _, err := Render(c); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCompileCoupon times parse + bind + layout + emit.
func BenchmarkCompileCoupon(b *testing.B) { benchExample(b, "coupon", "coupon.data.json", false) }

// BenchmarkRenderCoupon adds the render at the template's pixel ratio.
func BenchmarkRenderCoupon(b *testing.B) { benchExample(b, "coupon", "coupon.data.json", true) }
