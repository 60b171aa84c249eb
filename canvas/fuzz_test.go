package canvas

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRenderScene decodes and renders arbitrary scene files on a small
// canvas: no panic, no hang, and premultiplied pixels stay valid (every
// colour channel ≤ alpha). Seeds are the golden corpus.
func FuzzRenderScene(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "golden", "testdata", "*.json"))
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"width":10,"height":10,"commands":[{"method":"arc","args":[5,5,1e9,0,1e9]},{"method":"fill"},{"method":"draw"}]}`))
	f.Add([]byte(`{"width":1e9,"height":1,"commands":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseScene(data)
		if err != nil {
			return
		}
		if len(s.Commands) > 300 {
			return
		}
		// Render on a small canvas whatever the scene asks for: the fuzz
		// target is the decoder and the rasterizer, not allocation.
		w, h := min(s.Width, 64), min(s.Height, 64)
		ctx, err := New(w, h, WithLimits(Limits{MaxSide: 64, MaxArea: 4096, MaxCommands: 2000, MaxSegments: 20000, MaxSaveDepth: 64}))
		if err != nil {
			return
		}
		_ = NewSceneRun(ctx).Run(s)
		p := ctx.Pixmap()
		for i := 0; i+3 < len(p.Pix); i += 4 {
			a := p.Pix[i+3]
			if p.Pix[i] > a || p.Pix[i+1] > a || p.Pix[i+2] > a {
				t.Fatalf("pixel %d not premultiplied: %v", i/4, p.Pix[i:i+4])
			}
		}
	})
}
