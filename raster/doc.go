// Package raster turns device-space paths into pixels. It knows nothing of
// WeChat or of HTML canvas state: it takes a path, a fill rule, a paint and
// an optional clip mask, and composites anti-aliased coverage into a
// premultiplied RGBA8 Pixmap.
//
// Pipeline for one fill:
//
//	Path (device space, lines + quads + cubics)
//	  -> flatten (curves to lines, FlattenTolerance)
//	  -> clip segments to the pixmap (x < 0 folds onto x = 0, rows outside are dropped)
//	  -> signed-area accumulation into cells sized to the shape's bounds
//	  -> sweep: constant-coverage runs and partial-coverage masks per row
//	  -> × clip mask × paint alpha
//	  -> shade span (Shader) -> composite (Op) into the Pixmap
//
// Conventions: y grows downwards; pixel (x, y) covers [x, x+1) × [y, y+1)
// and is sampled at its centre (x+0.5, y+0.5) by shaders; colours are
// premultiplied 8-bit RGBA in R, G, B, A byte order.
package raster
