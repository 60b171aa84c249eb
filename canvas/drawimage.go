package canvas

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/postercanvas/postercanvas/gradient"
	"github.com/postercanvas/postercanvas/raster"
)

// ImageQuality selects how drawImage and patterns sample images.
type ImageQuality uint8

const (
	// QualityDefault is Chromium's default smoothing (imageSmoothingEnabled
	// true, imageSmoothingQuality "low"), measured against the oracle:
	// bilinear with Skia's 4-bit weights, and when the image is shrunk
	// at ½ and below the nearest mipmap level (box-filtered halvings) is
	// sampled instead of the full image, so strong downscaling does not
	// alias.
	QualityDefault ImageQuality = iota
	// QualityNearest is imageSmoothingEnabled = false: the nearest texel.
	QualityNearest
	// QualityBilinear is bilinear on the full image at every scale (no
	// mipmaps: cheaper, aliases when shrinking by more than 2).
	QualityBilinear
	// QualityHigh is imageSmoothingQuality "high": bicubic (Catmull-Rom)
	// when enlarging, mipmaps blended between the two nearest levels when
	// shrinking.
	QualityHigh
)

// ImageSmoothing sets the sampling of drawImage and patterns.
func ImageSmoothing(q ImageQuality) Option { return func(o *options) { o.quality = q } }

// ImagePolicy says what Draw does with an image that cannot be loaded.
type ImagePolicy uint8

const (
	// ImageFail stops the batch with a *CommandError naming the command and
	// the source (the default).
	ImageFail ImagePolicy = iota
	// ImageSkip draws nothing for that command (a drawImage, or a fill or
	// stroke with that pattern), records a warning and goes on.
	ImageSkip
)

// OnImageError sets the policy for images that cannot be loaded.
func OnImageError(p ImagePolicy) Option { return func(o *options) { o.imagePolicy = p } }

// ErrNoImageSource is the error of drawImage and pattern fills on a
// Context made without the Images option.
var ErrNoImageSource = errors.New("no image source configured (canvas.Images)")

// loaded is the outcome of loading one src.
type loaded struct {
	pix *raster.Pixmap
	err error
}

// filter returns the gradient filter of the Context's quality.
func (c *Context) filter() gradient.Filter {
	switch c.opt.quality {
	case QualityNearest:
		return gradient.FilterNearest
	case QualityBilinear:
		return gradient.FilterBilinear
	case QualityHigh:
		return gradient.FilterHigh
	}
	return gradient.FilterMipmap
}

// maxParallelLoads bounds the concurrent LoadImage calls of one preload.
const maxParallelLoads = 8

// PreloadImages loads the given sources (those not loaded yet) through the
// Context's ImageSource, concurrently. Draw calls it for the sources of
// its batch; scene and actions runners call it once for the whole input so
// that all images of a render load in parallel. Failures are kept and
// reported by the command that uses the image.
func (c *Context) PreloadImages(srcs []string) {
	if c.opt.images == nil {
		return
	}
	if c.imgs == nil {
		c.imgs = map[string]loaded{}
	}
	var todo []string
	seen := map[string]bool{}
	for _, s := range srcs {
		if _, ok := c.imgs[s]; ok || seen[s] {
			continue
		}
		seen[s] = true
		todo = append(todo, s)
	}
	if len(todo) == 0 {
		return
	}
	res := make([]loaded, len(todo))
	if len(todo) == 1 {
		res[0] = c.load(todo[0])
	} else {
		var wg sync.WaitGroup
		sem := make(chan struct{}, maxParallelLoads)
		for i, s := range todo {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				res[i] = c.load(s)
			}()
		}
		wg.Wait()
	}
	for i, s := range todo {
		c.imgs[s] = res[i]
	}
}

// load calls the ImageSource once, turning a panic or a nil pixmap into an
// error.
func (c *Context) load(src string) (l loaded) {
	defer func() {
		if r := recover(); r != nil {
			l = loaded{err: fmt.Errorf("image source panicked: %v", r)}
		}
	}()
	ctx := c.opt.loadCtx
	if ctx == nil {
		ctx = context.Background()
	}
	p, err := c.opt.images.LoadImage(ctx, src)
	if err == nil && (p == nil || p.Width <= 0 || p.Height <= 0 || len(p.Pix) < (p.Height-1)*p.Stride+4*p.Width) {
		err = errors.New("image source returned no pixels")
	}
	if err != nil {
		return loaded{err: err}
	}
	return loaded{pix: p}
}

// image returns the pixels of src, loading it if no preload did.
func (c *Context) image(src string) (loaded, error) {
	if c.opt.images == nil {
		return loaded{}, fmt.Errorf("image %q: %w", src, ErrNoImageSource)
	}
	l, ok := c.imgs[src]
	if !ok {
		c.PreloadImages([]string{src})
		l = c.imgs[src]
	}
	if l.err != nil {
		return loaded{}, fmt.Errorf("image %q: %w", src, l.err)
	}
	return l, nil
}

// batchImages lists the image sources a batch uses.
func batchImages(ops []op) []string {
	var srcs []string
	for i := range ops {
		o := &ops[i]
		switch {
		case o.method == "drawImage":
			srcs = append(srcs, o.str)
		case o.style != nil && o.style.kind == stylePattern:
			srcs = append(srcs, o.style.image)
		}
	}
	return srcs
}

// imageFailed applies the policy to an image that did not load: nil (and
// a warning) when skipping.
func (c *Context) imageFailed(o *op, err error) error {
	if c.opt.imagePolicy == ImageSkip {
		c.warn(o.call, o.method, "%v; skipped", err)
		return nil
	}
	return err
}

// normRect makes a rectangle's size non-negative, as HTML does for
// drawImage's source and destination.
func normRect(x, y, w, h float64) (float64, float64, float64, float64) {
	if w < 0 {
		x, w = x+w, -w
	}
	if h < 0 {
		y, h = y+h, -h
	}
	return x, y, w, h
}

// drawImage replays a drawImage op: a fill of the destination rectangle
// with the image shader, through the same paint path as shapes.
func (c *Context) drawImage(st *drawState, o *op, tmp *pathBuilder) error {
	l, err := c.image(o.str)
	if err != nil {
		return c.imageFailed(o, err)
	}
	img := l.pix
	iw, ih := float64(img.Width), float64(img.Height)
	a := o.num
	var dx, dy, dw, dh float64
	sx, sy, sw, sh := 0.0, 0.0, iw, ih
	switch len(a) {
	case 2:
		dx, dy, dw, dh = a[0], a[1], iw, ih
	case 4:
		dx, dy, dw, dh = a[0], a[1], a[2], a[3]
	case 8:
		dx, dy, dw, dh = a[0], a[1], a[2], a[3]
		sx, sy, sw, sh = a[4], a[5], a[6], a[7]
	default:
		return fmt.Errorf("takes 3, 5 or 9 arguments, got %d", len(a)+1)
	}
	sx, sy, sw, sh = normRect(sx, sy, sw, sh)
	dx, dy, dw, dh = normRect(dx, dy, dw, dh)
	if sw == 0 || sh == 0 || dw == 0 || dh == 0 {
		return nil // HTML: nothing is drawn
	}
	// The source rectangle is clipped to the image and the destination
	// shrunk in proportion (HTML; Blink's ClipRectsToImageRect).
	kx, ky := dw/sw, dh/sh
	if x0, x1 := max(sx, 0), min(sx+sw, iw); x0 != sx || x1 != sx+sw {
		dx += (x0 - sx) * kx
		dw = (x1 - x0) * kx
		sx, sw = x0, x1-x0
	}
	if y0, y1 := max(sy, 0), min(sy+sh, ih); y0 != sy || y1 != sy+sh {
		dy += (y0 - sy) * ky
		dh = (y1 - y0) * ky
		sy, sh = y0, y1-y0
	}
	if !(sw > 0 && sh > 0) {
		return nil
	}
	toUser := rectToRect32(sx, sy, sw, sh, dx, dy, dw, dh)
	sh0, ok := gradient.NewImage(img, st.ctm.Mul(toUser), c.filter(), gradient.TileClamp, gradient.TileClamp)
	if !ok {
		return nil // a singular transform draws nothing
	}
	tmp.reset()
	if imageAntialiased(st.ctm, dw, dh) {
		tmp.rect(st.ctm, dx, dy, dw, dh)
	} else {
		// Skia fills a non-anti-aliased rectangle by rounding its device
		// edges, halves up (SkScan::FillRect): a left edge at 0.5 leaves
		// pixel 0 out, a right edge at 64.5 takes pixel 64 in (golden 790).
		x0, y0 := st.ctm.Apply(dx, dy)
		x1, y1 := st.ctm.Apply(dx+dw, dy+dh)
		rx0, rx1 := math.Floor(min(x0, x1)+0.5), math.Floor(max(x0, x1)+0.5)
		ry0, ry1 := math.Floor(min(y0, y1)+0.5), math.Floor(max(y0, y1)+0.5)
		if rx1 <= rx0 || ry1 <= ry0 {
			return nil
		}
		tmp.rect(raster.Identity, rx0, ry0, rx1-rx0, ry1-ry0)
	}
	s := &style{kind: styleShader, shader: sh0}
	return c.fill(st, s, &tmp.p, raster.NonZero)
}

// imageAntialiased is Blink's ShouldDrawImageAntialiased: images are drawn
// with aliased edges unless the transform rotates or skews, or the
// destination is under one device pixel on a side.
func imageAntialiased(m raster.Matrix, dw, dh float64) bool {
	if !(m.B == 0 && m.C == 0) && !(m.A == 0 && m.D == 0) {
		return true
	}
	var wx, hx float64
	if m.B == 0 && m.C == 0 {
		wx, hx = m.A, m.D
	} else {
		wx, hx = m.B, m.C
	}
	return dw*math.Abs(wx) < 1 || dh*math.Abs(hx) < 1
}

// patternShader makes the shader of a pattern style under the transform
// in force at fill time; ok is false when it paints nothing.
func (c *Context) patternShader(st *drawState, s *style) (raster.Shader, bool, error) {
	l, err := c.image(s.image)
	if err != nil {
		return nil, false, err
	}
	tx, ty := gradient.TileRepeat, gradient.TileRepeat
	switch s.rep {
	case "repeat-x":
		ty = gradient.TileDecal
	case "repeat-y":
		tx = gradient.TileDecal
	case "no-repeat":
		tx, ty = gradient.TileDecal, gradient.TileDecal
	}
	sh, ok := gradient.NewImage(l.pix, st.ctm, c.filter(), tx, ty)
	return sh, ok, nil
}

// rectToRect32 is the source-to-destination map as Blink and Skia compute
// it, in float32: the rectangles become SkRects (right = left + width,
// rounded), the scale is the ratio of their widths and the translation
// left − srcLeft·scale (SkMatrix::RectToRect). Its roundings decide 4-bit
// filter weights far from the origin (golden x234).
func rectToRect32(sx, sy, sw, sh, dx, dy, dw, dh float64) raster.Matrix {
	l, t := float32(dx), float32(dy)
	r, b := l+float32(dw), t+float32(dh)
	sl, st := float32(sx), float32(sy)
	sr, sb := sl+float32(sw), st+float32(sh)
	kx, ky := (r-l)/(sr-sl), (b-t)/(sb-st)
	if !(kx != 0 && ky != 0) || !finite(float64(kx), float64(ky)) {
		// float32 under- or overflow: the float64 map
		kx64, ky64 := dw/sw, dh/sh
		return raster.Matrix{A: kx64, D: ky64, E: dx - sx*kx64, F: dy - sy*ky64}
	}
	ex := l - float32(sl*kx)
	ey := t - float32(st*ky)
	return raster.Matrix{A: float64(kx), D: float64(ky), E: float64(ex), F: float64(ey)}
}
