package canvas

import (
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math"

	xdraw "golang.org/x/image/draw"

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
		return EncodeJPEG(w, m, q)
	}
	return EncodePNG(w, m)
}

// EncodePNG writes a premultiplied image as PNG: 8-bit RGB when every
// pixel is opaque, else non-premultiplied 8-bit RGBA.
func EncodePNG(w io.Writer, m *image.RGBA) error {
	p := raster.FromImage(m)
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if p.IsOpaque() {
		// image/png writes an opaque *image.RGBA as RGB.
		return enc.Encode(w, m)
	}
	return enc.Encode(w, p.ToNRGBA())
}

// EncodeJPEG writes a premultiplied image as JPEG at quality q in (0, 1],
// composited over a white matte (JPEG has no alpha).
func EncodeJPEG(w io.Writer, m *image.RGBA, q float64) error {
	b := m.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		src := m.Pix[(y)*m.Stride : (y)*m.Stride+4*b.Dx()]
		dst := out.Pix[y*out.Stride : y*out.Stride+4*b.Dx()]
		for i := 0; i < len(src); i += 4 {
			k := 255 - src[i+3]
			dst[i] = src[i] + k
			dst[i+1] = src[i+1] + k
			dst[i+2] = src[i+2] + k
			dst[i+3] = 255
		}
	}
	return jpeg.Encode(w, out, &jpeg.Options{Quality: int(math.Round(q * 100))})
}
