package canvas

import (
	"errors"
	"fmt"
	"math"
)

// ImageData is what GetImageData returns: Width × Height pixels of
// non-premultiplied RGBA, row by row (wx.canvasGetImageData's
// Uint8ClampedArray).
type ImageData struct {
	Width, Height int
	Data          []byte
}

// imageDataRect checks and converts a pixel-access rectangle in logical
// px, as wx.canvasGetImageData / wx.canvasPutImageData take it.
func (c *Context) imageDataRect(x, y, w, h float64) (int, int, int, int, error) {
	if !finite(x, y, w, h) {
		return 0, 0, 0, 0, fmt.Errorf("x, y, width and height must be finite numbers, got %v, %v, %v, %v", x, y, w, h)
	}
	ix, iy, iw, ih := int(math.Trunc(x)), int(math.Trunc(y)), math.Trunc(w), math.Trunc(h)
	if iw == 0 {
		return 0, 0, 0, 0, errors.New("the source width is 0")
	}
	if ih == 0 {
		return 0, 0, 0, 0, errors.New("the source height is 0")
	}
	if iw < 0 || ih < 0 {
		return 0, 0, 0, 0, fmt.Errorf("width and height must be positive, got %v×%v", w, h)
	}
	if math.Abs(x) > 1<<30 || math.Abs(y) > 1<<30 || iw*ih > float64(c.opt.limits.MaxArea) || iw > float64(c.opt.limits.MaxSide) || ih > float64(c.opt.limits.MaxSide) {
		return 0, 0, 0, 0, fmt.Errorf("%v×%v at (%v, %v) exceeds the canvas limits", w, h, x, y)
	}
	return ix, iy, int(iw), int(ih), nil
}

// GetImageData returns the w × h pixels at (x, y), in logical px, as
// non-premultiplied RGBA (wx.canvasGetImageData). At a pixel ratio r the
// canvas is read at logical resolution: each returned pixel averages the
// device pixels it covers. Pixels outside the canvas are transparent
// black. It reads the canvas as the last Draw left it. A width or height
// of 0 fails ("the source width is 0", as WeChat); fractions are
// truncated.
func (c *Context) GetImageData(x, y, w, h float64) (*ImageData, error) {
	ix, iy, iw, ih, err := c.imageDataRect(x, y, w, h)
	if err != nil {
		return nil, fmt.Errorf("canvasGetImageData: %w", err)
	}
	out := &ImageData{Width: iw, Height: ih, Data: make([]byte, 4*iw*ih)}
	r := c.opt.ratio
	pw, ph := c.pix.Width, c.pix.Height
	for j := 0; j < ih; j++ {
		// device rows of logical row iy+j
		dy0 := int(math.Floor(float64(iy+j) * r))
		dy1 := max(int(math.Floor(float64(iy+j+1)*r)), dy0+1)
		for i := 0; i < iw; i++ {
			dx0 := int(math.Floor(float64(ix+i) * r))
			dx1 := max(int(math.Floor(float64(ix+i+1)*r)), dx0+1)
			var s [4]uint32
			n := uint32((dy1 - dy0) * (dx1 - dx0))
			for yy := max(dy0, 0); yy < min(dy1, ph); yy++ {
				row := c.pix.Pix[yy*c.pix.Stride:]
				for xx := max(dx0, 0); xx < min(dx1, pw); xx++ {
					p := row[4*xx : 4*xx+4]
					s[0] += uint32(p[0])
					s[1] += uint32(p[1])
					s[2] += uint32(p[2])
					s[3] += uint32(p[3])
				}
			}
			d := out.Data[4*(j*iw+i):]
			a := (s[3] + n/2) / n
			if a == 0 {
				continue
			}
			// un-premultiply the averaged colour, rounding to nearest
			for k := 0; k < 3; k++ {
				d[k] = uint8(min((s[k]*255+s[3]/2)/s[3], 255))
			}
			d[3] = uint8(a)
		}
	}
	return out, nil
}

// PutImageData writes w × h non-premultiplied RGBA pixels at (x, y), in
// logical px, replacing what is there (no compositing, no clip, no
// transform: wx.canvasPutImageData). h ≤ 0 means len(data)/w/4, as
// WeChat's default. It fails with "invalid data format" unless
// w·h·4 = len(data). At a pixel ratio r each pixel fills the device
// pixels of its logical square. Pixels outside the canvas are dropped.
// The next Draw(false) clears them like any drawing.
func (c *Context) PutImageData(data []byte, x, y, w, h float64) error {
	if finite(w) && w != 0 && h <= 0 && finite(h) {
		h = math.Trunc(float64(len(data)) / math.Trunc(w) / 4)
	}
	ix, iy, iw, ih, err := c.imageDataRect(x, y, w, h)
	if err != nil {
		return fmt.Errorf("canvasPutImageData: %w", err)
	}
	if iw*ih*4 != len(data) {
		return fmt.Errorf("canvasPutImageData: invalid data format: %d×%d×4 = %d bytes, data has %d", iw, ih, iw*ih*4, len(data))
	}
	r := c.opt.ratio
	pw, ph := c.pix.Width, c.pix.Height
	for j := 0; j < ih; j++ {
		dy0 := max(int(math.Floor(float64(iy+j)*r)), 0)
		dy1 := min(int(math.Floor(float64(iy+j+1)*r)), ph)
		for i := 0; i < iw; i++ {
			dx0 := max(int(math.Floor(float64(ix+i)*r)), 0)
			dx1 := min(int(math.Floor(float64(ix+i+1)*r)), pw)
			if dx0 >= dx1 || dy0 >= dy1 {
				continue
			}
			s := data[4*(j*iw+i):]
			px := premul(RGBA{s[0], s[1], s[2], s[3]})
			for yy := dy0; yy < dy1; yy++ {
				row := c.pix.Pix[yy*c.pix.Stride:]
				for xx := dx0; xx < dx1; xx++ {
					row[4*xx], row[4*xx+1], row[4*xx+2], row[4*xx+3] = px.R, px.G, px.B, px.A
				}
			}
		}
	}
	c.painted = true
	return nil
}
