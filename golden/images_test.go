package golden

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/postercanvas/postercanvas/raster"
)

// testImages is the test-only canvas.ImageSource of the golden tests: files
// under root, decoded with image.Decode and premultiplied (the decoded
// pixmaps are shared by every render of the test binary). The standard
// loader is package canvas/imagesrc.
type testImages struct {
	root string
	mu   sync.Mutex
	pix  map[string]*raster.Pixmap
}

func newTestImages(root string) *testImages {
	return &testImages{root: root, pix: map[string]*raster.Pixmap{}}
}

func (t *testImages) LoadImage(_ context.Context, src string) (*raster.Pixmap, error) {
	if filepath.IsAbs(src) || strings.Contains(src, "..") {
		return nil, fmt.Errorf("path %q leaves the test root", src)
	}
	t.mu.Lock()
	p, ok := t.pix[src]
	t.mu.Unlock()
	if ok {
		return p, nil
	}
	f, err := os.Open(filepath.Join(t.root, filepath.FromSlash(src)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, _, err := image.Decode(f)
	if err != nil {
		return nil, err
	}
	b := m.Bounds()
	rgba := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Rect, m, b.Min, draw.Src) // image.RGBA is premultiplied
	p = raster.FromImage(rgba)
	t.mu.Lock()
	t.pix[src] = p
	t.mu.Unlock()
	return p, nil
}

// corpusImages loads the corpus's images (testdata/assets/…), shared by
// the golden and round-trip tests.
var corpusImages = newTestImages("testdata")
