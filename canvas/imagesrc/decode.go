package imagesrc

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"

	"github.com/postercanvas/postercanvas/raster"
)

// Image formats, as wx.getImageInfo names them.
const (
	FormatPNG  = "png"
	FormatJPEG = "jpeg"
	FormatGIF  = "gif"
	FormatWebP = "webp"
)

// Info is what wx.getImageInfo reports about an image.
type Info struct {
	// Width and Height are the stored size, before the EXIF orientation is
	// applied ("不考虑旋转", as wx.getImageInfo documents).
	Width, Height int
	Format        string // FormatPNG, FormatJPEG, FormatGIF or FormatWebP
	// Orientation is the EXIF orientation, 1–8: from a JPEG's APP1 or a
	// PNG's eXIf chunk, 1 when absent (WebP's is ignored, as Chromium
	// does). LoadImage returns the pixels with it applied.
	Orientation int
}

// OrientationName is the orientation as wx.getImageInfo spells it: up,
// up-mirrored, down, down-mirrored, left-mirrored, right, right-mirrored,
// left (EXIF 1–8).
func (i Info) OrientationName() string {
	names := [...]string{"up", "up", "up-mirrored", "down", "down-mirrored", "left-mirrored", "right", "right-mirrored", "left"}
	if i.Orientation < 1 || i.Orientation > 8 {
		return "up"
	}
	return names[i.Orientation]
}

// DrawSize is the size of the pixels LoadImage returns: Width×Height, or
// Height×Width when the orientation turns the image by 90°.
func (i Info) DrawSize() (w, h int) {
	if i.Orientation >= 5 {
		return i.Height, i.Width
	}
	return i.Width, i.Height
}

// sniff names the format by magic bytes. For formats we recognize but do not
// decode it returns their name and ok=false.
func sniff(b []byte) (format string, ok bool) {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG, true
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return FormatJPEG, true
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return FormatGIF, true
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return FormatWebP, true
	case bytes.HasPrefix(b, []byte("BM")):
		return "bmp", false
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return "tiff", false
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		return "heif/avif", false
	case bytes.HasPrefix(b, []byte{0, 0, 1, 0}):
		return "ico", false
	}
	t := bytes.TrimLeft(b, " \t\r\n\ufeff")
	if bytes.HasPrefix(t, []byte("<svg")) || bytes.HasPrefix(t, []byte("<?xml")) {
		return "svg", false
	}
	if bytes.HasPrefix(t, []byte("<")) {
		return "html/xml", false
	}
	return "", false
}

type limits struct {
	maxPixels int64
	maxSide   int
}

// decode turns encoded bytes into premultiplied pixels, EXIF orientation
// applied. It sniffs the format, reads the header with the format's own
// DecodeConfig, checks the size against the limits and only then decodes,
// so a 34-byte header claiming 65535×65535 never allocates. Decoder panics
// become ErrCorrupt.
func decode(src string, data []byte, lim limits) (pm *raster.Pixmap, info Info, err error) {
	format, ok := sniff(data)
	if !ok {
		if format == "" {
			if len(data) == 0 {
				return nil, info, newErr(src, ErrCorrupt, "empty", nil)
			}
			return nil, info, newErr(src, ErrUnsupportedFormat, "unrecognized data", nil)
		}
		return nil, info, newErr(src, ErrUnsupportedFormat, format+" is not supported (png, jpeg, gif, webp are)", nil)
	}
	info.Format = format
	info.Orientation = 1

	var decodeConfig func(io.Reader) (image.Config, error)
	var decodeFn func(io.Reader) (image.Image, error)
	switch format {
	case FormatPNG:
		decodeConfig, decodeFn = png.DecodeConfig, png.Decode
		info.Orientation = pngOrientation(data)
	case FormatJPEG:
		decodeConfig, decodeFn = jpeg.DecodeConfig, jpeg.Decode
		info.Orientation = jpegOrientation(data)
	case FormatGIF:
		decodeConfig, decodeFn = gif.DecodeConfig, gif.Decode // first frame only
	case FormatWebP:
		decodeConfig, decodeFn = webp.DecodeConfig, webp.Decode
	}

	defer func() {
		if r := recover(); r != nil {
			pm, err = nil, newErr(src, ErrCorrupt, fmt.Sprintf("%s decoder failed: %v", format, r), nil)
		}
	}()

	cfg, err := decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, info, corrupt(src, format, err)
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, info, newErr(src, ErrCorrupt, fmt.Sprintf("%s header says %d×%d", format, cfg.Width, cfg.Height), nil)
	}
	if cfg.Width > lim.maxSide || cfg.Height > lim.maxSide || int64(cfg.Width)*int64(cfg.Height) > lim.maxPixels {
		return nil, info, newErr(src, ErrTooManyPixels,
			fmt.Sprintf("%d×%d exceeds the limit (%d px a side, %d px in all)", cfg.Width, cfg.Height, lim.maxSide, lim.maxPixels), nil)
	}
	img, err := decodeFn(bytes.NewReader(data))
	if err != nil {
		return nil, info, corrupt(src, format, err)
	}
	full := image.Rect(0, 0, cfg.Width, cfg.Height)
	switch b := img.Bounds(); {
	case b == full:
		pm = toPixmap(img, format)
	case format == FormatGIF && b.In(full) && !b.Empty():
		// A GIF's first frame may cover part of the logical screen; the
		// rest is transparent, as browsers draw it.
		pm = newPixmap(cfg.Width, cfg.Height)
		fr := toPixmap(img, format)
		for y := 0; y < fr.Height; y++ {
			copy(pm.Pix[(b.Min.Y+y)*pm.Stride+4*b.Min.X:], fr.Pix[y*fr.Stride:][:4*fr.Width])
		}
	default:
		// Never trust a decoder's output size over the size we checked.
		return nil, info, newErr(src, ErrCorrupt, fmt.Sprintf("decoded %v, header said %d×%d", b, cfg.Width, cfg.Height), nil)
	}
	if p := profileOf(format, data); p != nil {
		if t := newColorTransform(p); t != nil {
			t.apply(pm)
		}
	}
	pm = orient(pm, info.Orientation)
	return pm, info, nil
}

func corrupt(src, format string, err error) error {
	detail := err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		detail = "truncated " + format + " data (" + detail + ")"
	}
	return newErr(src, ErrCorrupt, detail, err)
}
