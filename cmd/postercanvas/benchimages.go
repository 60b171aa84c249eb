package main

import (
	"context"
	"sync"
	"time"

	"github.com/postercanvas/postercanvas/canvas/imagesrc"
	"github.com/postercanvas/postercanvas/raster"
)

// benchImages is the bench command's image source: the standard loader
// (canvas/imagesrc, files relative to the scene, decoded as render
// decodes them), with the first load of each image timed — read, decode,
// convert — so frames time drawing and decode_ms is reported apart.
type benchImages struct {
	root     string
	once     sync.Once
	loader   *imagesrc.Loader
	mu       sync.Mutex
	pix      map[string]*raster.Pixmap
	decodeMS float64
}

func (b *benchImages) LoadImage(ctx context.Context, src string) (*raster.Pixmap, error) {
	b.once.Do(func() {
		b.loader = imagesrc.New(imagesrc.Config{Root: b.root})
		b.pix = map[string]*raster.Pixmap{}
	})
	b.mu.Lock()
	defer b.mu.Unlock()
	if p, ok := b.pix[src]; ok {
		return p, nil
	}
	t := time.Now()
	p, err := b.loader.LoadImage(ctx, src)
	if err != nil {
		return nil, err
	}
	b.decodeMS += float64(time.Since(t).Nanoseconds()) / 1e6
	b.pix[src] = p
	return p, nil
}
