package canvas

import (
	"fmt"
	"image"
	"io"
	"math"

	xdraw "golang.org/x/image/draw"

	"github.com/postercanvas/postercanvas/canvas/codec"
	"github.com/postercanvas/postercanvas/raster"
)

// ExportOptions are the options of wx.canvasToTempFilePath. Zero values
// take the documented defaults.
type ExportOptions struct {
	// X, Y, Width, Height select the source rectangle in logical pixels:
	// x and y out of range reset to 0, width and height default to (and
	// are clamped to) the canvas size minus x, y.
	X, Y, Width, Height float64
	// DestWidth and DestHeight are the output size in pixels; they default
	// to Width and Height times the pixel ratio.
	DestWidth, DestHeight float64
	// FileType is "png" (default) or "jpg"; anything else means png.
	FileType string
	// Quality is the JPEG quality in (0, 1]; outside that range it is 1.
	Quality float64

	// Encoder settings (not part of WeChat's API; zero values are the
	// defaults): the PNG compression level, the JPEG chroma subsampling,
	// and how many goroutines encode one image (0: all cores).
	PNGLevel      codec.PNGLevel
	Chroma        codec.Chroma
	EncodeWorkers int
}

// ExportImage returns the image canvasToTempFilePath would write: the
// source rectangle scaled to the destination size, premultiplied. When
// nothing is cropped or scaled it shares the canvas pixels.
func (c *Context) ExportImage(o ExportOptions) (*image.RGBA, error) {
	w, h := c.width, c.height
	x, y := o.X, o.Y
	if !finite(x) || x < 0 || x >= w {
		x = 0
	}
	if !finite(y) || y < 0 || y >= h {
		y = 0
	}
	sw, sh := o.Width, o.Height
	if !finite(sw) || sw <= 0 || sw > w-x {
		sw = w - x
	}
	if !finite(sh) || sh <= 0 || sh > h-y {
		sh = h - y
	}
	r := c.opt.ratio
	dw, dh := o.DestWidth, o.DestHeight
	if !finite(dw) || dw <= 0 {
		dw = sw * r
	}
	if !finite(dh) || dh <= 0 {
		dh = sh * r
	}
	dw, dh = math.Round(dw), math.Round(dh)
	if dw < 1 || dh < 1 {
		return nil, fmt.Errorf("export: destination %v×%v is under one pixel", dw, dh)
	}
	lim := c.opt.limits
	if dw > float64(lim.MaxSide) || dh > float64(lim.MaxSide) || dw*dh > float64(lim.MaxArea) {
		return nil, fmt.Errorf("export: destination %v×%v exceeds the limits (side %d, area %d)", dw, dh, lim.MaxSide, lim.MaxArea)
	}
	src := c.pix.Image()
	sr := image.Rect(int(math.Round(x*r)), int(math.Round(y*r)), int(math.Round((x+sw)*r)), int(math.Round((y+sh)*r))).Intersect(src.Rect)
	if sr.Empty() {
		return nil, fmt.Errorf("export: empty source rectangle")
	}
	if sr == src.Rect && int(dw) == sr.Dx() && int(dh) == sr.Dy() {
		return src, nil
	}
	dst := image.NewRGBA(image.Rect(0, 0, int(dw), int(dh)))
	if int(dw) == sr.Dx() && int(dh) == sr.Dy() {
		xdraw.Copy(dst, image.Point{}, src, sr, xdraw.Src, nil)
		return dst, nil
	}
	// Catmull-Rom on premultiplied pixels: a proper filter for both
	// directions (it widens its support when shrinking).
	xdraw.CatmullRom.Scale(dst, dst.Rect, src, sr, xdraw.Src, nil)
	return dst, nil
}

// Export writes the canvas as PNG or JPEG with the canvasToTempFilePath
// options.
func (c *Context) Export(w io.Writer, o ExportOptions) error {
	m, err := c.ExportImage(o)
	if err != nil {
		return err
	}
	if o.FileType == "jpg" || o.FileType == "jpeg" {
		q := o.Quality
		if !(q > 0 && q <= 1) {
			q = 1
		}
		return EncodeJPEGWith(w, m, &codec.JPEGOptions{Quality: q, Chroma: o.Chroma, Workers: o.EncodeWorkers})
	}
	return EncodePNGWith(w, m, &codec.PNGOptions{Level: o.PNGLevel, Workers: o.EncodeWorkers})
}

// EncodePNG writes a premultiplied image as PNG at the default level:
// indexed when it has at most 256 distinct pixels, else 8-bit RGB when
// every pixel is opaque, else straight-alpha 8-bit RGBA unpremultiplied as
// Chromium's toDataURL does.
func EncodePNG(w io.Writer, m *image.RGBA) error { return EncodePNGWith(w, m, nil) }

// EncodePNGWith is EncodePNG with encoder options (nil: defaults).
func EncodePNGWith(w io.Writer, m *image.RGBA, o *codec.PNGOptions) error {
	return codec.EncodePNG(w, raster.FromImage(m), o)
}

// EncodeJPEG writes a premultiplied image as JPEG at quality q in (0, 1],
// composited over a white matte (JPEG has no alpha), with Chromium's
// chroma subsampling (4:4:4 at q = 1, else 4:2:0).
func EncodeJPEG(w io.Writer, m *image.RGBA, q float64) error {
	return EncodeJPEGWith(w, m, &codec.JPEGOptions{Quality: q})
}

// EncodeJPEGWith is EncodeJPEG with encoder options.
func EncodeJPEGWith(w io.Writer, m *image.RGBA, o *codec.JPEGOptions) error {
	return codec.EncodeJPEG(w, raster.FromImage(m), o)
}
