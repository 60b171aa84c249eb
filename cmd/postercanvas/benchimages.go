package main

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // bench scenes use JPEG and PNG
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/postercanvas/postercanvas/raster"
)

// benchImages is the bench command's image source: files relative to the
// scene, decoded once and shared by every frame (as a service's image
// cache would), so frames time drawing and decode is reported apart.
// The full loader is package canvas/imagesrc.
type benchImages struct {
	root     string
	mu       sync.Mutex
	pix      map[string]*raster.Pixmap
	decodeMS float64
}

func (b *benchImages) LoadImage(_ context.Context, src string) (*raster.Pixmap, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.pix[src]; ok {
		return p, nil
	}
	if filepath.IsAbs(src) || strings.Contains(src, "..") {
		return nil, fmt.Errorf("image path %q leaves the scene's directory", src)
	}
	data, err := os.ReadFile(filepath.Join(b.root, filepath.FromSlash(src)))
	if err != nil {
		return nil, err
	}
	t := time.Now()
	m, _, err := image.Decode(strings.NewReader(string(data)))
	if err != nil {
		return nil, err
	}
	r := image.NewRGBA(image.Rect(0, 0, m.Bounds().Dx(), m.Bounds().Dy()))
	draw.Draw(r, r.Rect, m, m.Bounds().Min, draw.Src)
	b.decodeMS += float64(time.Since(t).Nanoseconds()) / 1e6
	p := raster.FromImage(r)
	if b.pix == nil {
		b.pix = map[string]*raster.Pixmap{}
	}
	b.pix[src] = p
	return p, nil
}
