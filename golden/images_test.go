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
	p = premultiplied(m)
	t.mu.Lock()
	t.pix[src] = p
	t.mu.Unlock()
	return p, nil
}

// corpusImages loads the corpus's images (testdata/assets/…), shared by
// the golden and round-trip tests.
var corpusImages = newTestImages("testdata")

// premultiplied converts a decoded image to premultiplied RGBA rounding
// as Chromium's decoders do, round(c·a/255) (image/draw truncates
// differently: 19,622 of the 65,536 (c, a) pairs come out one lower).
func premultiplied(m image.Image) *raster.Pixmap {
	b := m.Bounds()
	n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(n, n.Rect, m, b.Min, draw.Src)
	for i := 0; i < len(n.Pix); i += 4 {
		a := uint32(n.Pix[i+3])
		if a == 255 {
			continue
		}
		for k := 0; k < 3; k++ {
			v := uint32(n.Pix[i+k])*a + 128
			n.Pix[i+k] = uint8((v + v>>8) >> 8)
		}
	}
	return &raster.Pixmap{Width: b.Dx(), Height: b.Dy(), Stride: n.Stride, Pix: n.Pix}
}
