package raster

import (
	"errors"
	"image"
)

// Pixmap is a premultiplied RGBA8 raster: Pix holds Height rows of Stride
// bytes, 4 bytes per pixel in R, G, B, A order. Its layout is exactly that
// of *image.RGBA (which is also premultiplied), so Image returns a view
// without copying.
type Pixmap struct {
	Width, Height int
	Stride        int
	Pix           []byte
}

// ErrPixmapSize is returned by NewPixmap for a non-positive or overflowing
// size.
var ErrPixmapSize = errors.New("raster: invalid pixmap size")

// NewPixmap returns a transparent w×h pixmap.
func NewPixmap(w, h int) (*Pixmap, error) {
	if w <= 0 || h <= 0 || w > 1<<20 || h > 1<<20 || int64(w)*int64(h) > 1<<31 {
		return nil, ErrPixmapSize
	}
	return &Pixmap{Width: w, Height: h, Stride: 4 * w, Pix: make([]byte, 4*w*h)}, nil
}

// Clear makes every pixel transparent black.
func (p *Pixmap) Clear() { clear(p.Pix) }

// Image returns an *image.RGBA that shares p's pixels. No copy is made.
func (p *Pixmap) Image() *image.RGBA {
	return &image.RGBA{Pix: p.Pix, Stride: p.Stride, Rect: image.Rect(0, 0, p.Width, p.Height)}
}

// FromImage wraps an *image.RGBA whose origin is (0, 0) as a Pixmap sharing
// its pixels.
func FromImage(m *image.RGBA) *Pixmap {
	b := m.Bounds()
	return &Pixmap{Width: b.Dx(), Height: b.Dy(), Stride: m.Stride, Pix: m.Pix[m.PixOffset(b.Min.X, b.Min.Y):]}
}

// Clone returns a deep copy of p.
func (p *Pixmap) Clone() *Pixmap {
	q := *p
	q.Pix = append([]byte(nil), p.Pix...)
	return &q
}

// IsOpaque reports whether every pixel has alpha 255.
func (p *Pixmap) IsOpaque() bool {
	for y := 0; y < p.Height; y++ {
		row := p.Pix[y*p.Stride : y*p.Stride+4*p.Width]
		for i := 3; i < len(row); i += 4 {
			if row[i] != 0xff {
				return false
			}
		}
	}
	return true
}

// ToNRGBA returns a non-premultiplied copy of p, as PNG stores it. Each
// channel is rounded to nearest: c' = (c*255 + a/2) / a.
func (p *Pixmap) ToNRGBA() *image.NRGBA {
	out := image.NewNRGBA(image.Rect(0, 0, p.Width, p.Height))
	for y := 0; y < p.Height; y++ {
		src := p.Pix[y*p.Stride : y*p.Stride+4*p.Width]
		dst := out.Pix[y*out.Stride : y*out.Stride+4*p.Width]
		for i := 0; i < len(src); i += 4 {
			a := uint32(src[i+3])
			switch a {
			case 0xff:
				copy(dst[i:i+4], src[i:i+4])
			case 0:
				dst[i], dst[i+1], dst[i+2], dst[i+3] = 0, 0, 0, 0
			default:
				dst[i+0] = uint8((uint32(src[i+0])*255 + a/2) / a)
				dst[i+1] = uint8((uint32(src[i+1])*255 + a/2) / a)
				dst[i+2] = uint8((uint32(src[i+2])*255 + a/2) / a)
				dst[i+3] = uint8(a)
			}
		}
	}
	return out
}
