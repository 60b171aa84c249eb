package fonts

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestEmbeddedFaces(t *testing.T) {
	r := New()
	fam := r.Families()
	// The WenQuanYi collection also holds its Mono face.
	if len(fam) != 3 || fam[0] != "DejaVu Sans" || fam[1] != "WenQuanYi Micro Hei" || fam[2] != "WenQuanYi Micro Hei Mono" {
		t.Fatalf("families %v", fam)
	}
	m := r.Resolve([]string{"PingFang SC", "sans-serif"}, 400, false)
	if len(m) != 2 || m[0].Family != "DejaVu Sans" || m[1].Family != "WenQuanYi Micro Hei" {
		t.Fatalf("resolve: %+v", m)
	}
	if !m[0].Has('A') || m[0].Has('海') || !m[1].Has('海') {
		t.Error("coverage of the embedded faces")
	}
	b := r.Resolve([]string{"WenQuanYi Micro Hei"}, 700, true)
	if !b[0].SynthBold || !b[0].SynthItalic {
		t.Errorf("WenQuanYi has no bold or italic face: want synthesis, got %+v", b[0])
	}
}

func TestBadFonts(t *testing.T) {
	r := New()
	for _, data := range [][]byte{nil, []byte("not a font"), make([]byte, 1000), append([]byte("ttcf"), make([]byte, 64)...)} {
		if err := r.AddBytes(data, "bad"); err == nil {
			t.Errorf("%q accepted", data)
		}
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "broken.ttf")
	os.WriteFile(p, dejaVuSans[:5000], 0o644)
	if err := r.AddFile(p); err == nil {
		t.Error("truncated font accepted")
	}
	if err := r.AddFile(filepath.Join(dir, "missing.ttf")); err == nil {
		t.Error("missing file accepted")
	}
}

// Fonts are shared read-only between concurrent renders.
func TestConcurrentResolve(t *testing.T) {
	r := New()
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				m := r.Resolve([]string{"sans-serif"}, 400, false)
				f := m[0].NewFace()
				if _, ok := f.NominalGlyph('x'); !ok {
					t.Error("no x")
				}
			}
		}()
	}
	wg.Wait()
}
