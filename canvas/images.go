package canvas

import (
	"context"

	"github.com/postercanvas/postercanvas/raster"
)

// ImageSource loads the images a drawing names (drawImage's and
// createPattern's src, getImageInfo's path). An implementation resolves
// src — a path under its root, a data: URI, an http(s) URL — decodes it
// and returns premultiplied pixels. The pixmap may be shared between
// concurrent renders: callers only read it. Package canvas/imagesrc has
// the standard implementation.
type ImageSource interface {
	LoadImage(ctx context.Context, src string) (*raster.Pixmap, error)
}

// Images makes the Context load images through s. Without an ImageSource,
// drawImage and createPattern fail with an error naming the command.
func Images(s ImageSource) Option { return func(o *options) { o.images = s } }

// LoadContext makes image loads run under ctx (cancellation, deadlines);
// the default is context.Background().
func LoadContext(ctx context.Context) Option { return func(o *options) { o.loadCtx = ctx } }
