package script

import "testing"

// BenchmarkRunEmpty is the fixed cost of a run: a runtime with the
// globals and the builtin caps.
func BenchmarkRunEmpty(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Run("1", "x.js", Options{Width: 10, Height: 10}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunCalls adds 1000 context calls (recorded, not drawn).
func BenchmarkRunCalls(b *testing.B) {
	src := "const ctx = wx.createCanvasContext('c'); for (let i = 0; i < 1000; i++) ctx.fillRect(i, 0.5, 1, 1);"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Run(src, "x.js", Options{Width: 10, Height: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
