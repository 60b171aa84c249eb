// Package golden compares rendered images with reference images, the way
// the canvas oracle's compare tool (shared/oracle/compare) does, so that a
// Go test can assert a render against a golden PNG with the same numbers
// the tool prints.
//
// Pixels are compared as premultiplied 8-bit RGBA, each image converted
// exactly as color.RGBAModel converts a colour; two fully transparent
// pixels are therefore equal whatever colour they carry. Typical use:
//
//	want, err := golden.ReadPNG("testdata/scene.png")
//	...
//	r, err := golden.Compare(got, want)
//	...
//	if err := (golden.Tolerance{MinPSNR: 40, MaxPct16: 0.5}).Check(r); err != nil {
//		t.Errorf("%s: %v", r, err)
//		if m, err := golden.Heatmap(got, want); err == nil {
//			_ = golden.WritePNG(filepath.Join(t.TempDir(), "diff.png"), m)
//		}
//	}
package golden

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Result is one comparison of two images of the same size.
type Result struct {
	Width, Height int
	// PSNR is the peak signal-to-noise ratio in dB over the four
	// premultiplied channels of every pixel: 10·log10(255² / MSE). It is
	// +Inf when the images are identical.
	PSNR float64
	// MaxDiff is the largest single channel difference, 0-255.
	MaxDiff int
	// Pct2 is the percentage (0-100) of pixels whose largest channel
	// difference is over 2/255.
	Pct2 float64
	// Pct16 is the percentage (0-100) of pixels whose largest channel
	// difference is over 16/255.
	Pct16 float64
	// BBox bounds the pixels whose largest channel difference is over
	// 2/255, in coordinates relative to the images' top-left corner, with
	// the usual exclusive Max; it is empty when there are none. (The
	// oracle tool prints the same box with inclusive corners, as String
	// does.)
	BBox image.Rectangle
}

// String formats r as the oracle tool prints a single pair:
//
//	300x200  psnr=41.27 dB  max=37  >2/255=0.515%  >16/255=0.102%  bbox=10,12-250,180
//
// with psnr=inf for identical images, and bbox (inclusive corners) only
// when some pixel is over 2/255.
func (r Result) String() string {
	psnr := "inf"
	if !math.IsInf(r.PSNR, 1) {
		psnr = fmt.Sprintf("%.2f", r.PSNR)
	}
	s := fmt.Sprintf("%dx%d  psnr=%s dB  max=%d  >2/255=%.3f%%  >16/255=%.3f%%",
		r.Width, r.Height, psnr, r.MaxDiff, r.Pct2, r.Pct16)
	if !r.BBox.Empty() {
		s += fmt.Sprintf("  bbox=%d,%d-%d,%d", r.BBox.Min.X, r.BBox.Min.Y, r.BBox.Max.X-1, r.BBox.Max.Y-1)
	}
	return s
}

// Compare compares a and b pixel by pixel, premultiplied by alpha as the
// oracle's compare does (so two transparent pixels are equal whatever
// colour they carry). The images may have different Bounds().Min; pixels
// are paired by their offset from it. Images of different sizes are an
// error. Two empty images compare as identical (PSNR +Inf).
//
// *image.RGBA and *image.NRGBA (what png.Decode returns for RGBA PNGs)
// are read from Pix directly and *image.Paletted through its converted
// palette; other images are converted pixel by pixel, through RGBA64At
// when they have it, else through At and color.RGBAModel.
func Compare(a, b image.Image) (Result, error) {
	w, h, err := sameSize(a, b)
	if err != nil {
		return Result{}, err
	}
	r := Result{Width: w, Height: h, PSNR: math.Inf(1)}
	if w == 0 || h == 0 {
		return r, nil
	}
	sa, sb := newRowSource(a), newRowSource(b)
	var st stats
	st.bx0, st.by0, st.bx1, st.by1 = w, h, -1, -1
	for y := range h {
		if sa.sameRaw(sb, y) {
			continue
		}
		ra, rb := sa.row(y), sb.row(y)
		// Most pixels of a golden comparison match: skip equal runs of
		// 16 pixels with one memory compare each.
		const run = 64
		for c := 0; c < len(ra); c += run {
			e := min(c+run, len(ra))
			if !bytes.Equal(ra[c:e], rb[c:e]) {
				st.add(ra[c:e], rb[c:e], c/4, y)
			}
		}
	}
	// The same expressions, in the same order, as the oracle tool, so that
	// the float64 results are bit-identical. st.sq is the sum of integers
	// that the tool accumulates, exactly, in a float64 (below 2^53).
	r.MaxDiff = st.maxDiff
	total := float64(w * h)
	mse := float64(st.sq) / (total * 4)
	if mse != 0 {
		r.PSNR = 10 * math.Log10(255*255/mse)
	}
	r.Pct2 = 100 * float64(st.n2) / total
	r.Pct16 = 100 * float64(st.n16) / total
	if st.bx1 >= 0 {
		r.BBox = image.Rect(st.bx0, st.by0, st.bx1+1, st.by1+1)
	}
	return r, nil
}

// stats accumulates the comparison of premultiplied pixels.
type stats struct {
	sq                 uint64 // sum of squared channel differences
	maxDiff, n2, n16   int
	bx0, by0, bx1, by1 int // inclusive bounds of the pixels over 2/255
}

// add compares the premultiplied pixels ra and rb, the first of which is
// pixel (x0, y).
func (st *stats) add(ra, rb []uint8, x0, y int) {
	rb = rb[:len(ra)]
	for i := 0; i+4 <= len(ra); i += 4 {
		pa, pb := ra[i:i+4:i+4], rb[i:i+4:i+4]
		if binary.LittleEndian.Uint32(pa) == binary.LittleEndian.Uint32(pb) {
			continue
		}
		d0 := absDiff(pa[0], pb[0])
		d1 := absDiff(pa[1], pb[1])
		d2 := absDiff(pa[2], pb[2])
		d3 := absDiff(pa[3], pb[3])
		st.sq += uint64(d0*d0 + d1*d1 + d2*d2 + d3*d3)
		d := max(d0, d1, d2, d3)
		st.maxDiff = max(st.maxDiff, d)
		if d > 2 {
			x := x0 + i/4
			st.n2++
			st.bx0, st.by0 = min(st.bx0, x), min(st.by0, y)
			st.bx1, st.by1 = max(st.bx1, x), max(st.by1, y)
			if d > 16 {
				st.n16++
			}
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func sameSize(a, b image.Image) (w, h int, err error) {
	sa, sb := a.Bounds().Size(), b.Bounds().Size()
	if sa != sb {
		return 0, 0, fmt.Errorf("golden: size differs: %dx%d vs %dx%d", sa.X, sa.Y, sb.X, sb.Y)
	}
	return sa.X, sa.Y, nil
}

// rowSource yields the rows of an image as premultiplied 8-bit RGBA bytes,
// converted exactly as color.RGBAModel.Convert(m.At(x, y)) would.
type rowSource struct {
	min  image.Point
	w    int
	buf  []uint8 // scratch row for converted pixels
	rgba *image.RGBA
	nrgb *image.NRGBA
	pal  *image.Paletted
	lut  []color.RGBA // pal's palette, converted
	r64  image.RGBA64Image
	img  image.Image
}

func newRowSource(m image.Image) *rowSource {
	b := m.Bounds()
	s := &rowSource{min: b.Min, w: b.Dx()}
	switch m := m.(type) {
	case *image.RGBA:
		s.rgba = m
		return s // rows are sliced from Pix; no scratch row
	case *image.NRGBA:
		s.nrgb = m
	case *image.Paletted:
		s.pal = m
		s.lut = make([]color.RGBA, 256)
		for i, c := range m.Palette {
			if i < len(s.lut) && c != nil {
				s.lut[i] = color.RGBAModel.Convert(c).(color.RGBA)
			}
		}
	case image.RGBA64Image:
		// Its contract: RGBA64At(x, y) returns At(x, y).RGBA() without
		// the allocation.
		s.r64 = m
	default:
		s.img = m
	}
	s.buf = make([]uint8, 4*s.w)
	return s
}

// sameRaw reports whether row y of s and t holds the same bytes in the
// same pixel format, so that their converted rows are equal too.
func (s *rowSource) sameRaw(t *rowSource, y int) bool {
	switch {
	case s.rgba != nil && t.rgba != nil:
		i, j := s.rgba.PixOffset(s.min.X, s.min.Y+y), t.rgba.PixOffset(t.min.X, t.min.Y+y)
		return bytes.Equal(s.rgba.Pix[i:i+4*s.w], t.rgba.Pix[j:j+4*t.w])
	case s.nrgb != nil && t.nrgb != nil:
		i, j := s.nrgb.PixOffset(s.min.X, s.min.Y+y), t.nrgb.PixOffset(t.min.X, t.min.Y+y)
		return bytes.Equal(s.nrgb.Pix[i:i+4*s.w], t.nrgb.Pix[j:j+4*t.w])
	}
	return false
}

// row returns row y (0-based from the top of the bounds). The slice is
// valid until the next call.
func (s *rowSource) row(y int) []uint8 {
	y += s.min.Y
	switch {
	case s.rgba != nil:
		i := s.rgba.PixOffset(s.min.X, y)
		return s.rgba.Pix[i : i+4*s.w : i+4*s.w]
	case s.nrgb != nil:
		i := s.nrgb.PixOffset(s.min.X, y)
		premultiplyRow(s.buf, s.nrgb.Pix[i:i+4*s.w:i+4*s.w])
	case s.pal != nil:
		i := s.pal.PixOffset(s.min.X, y)
		for x, ci := range s.pal.Pix[i : i+s.w] {
			c := s.lut[ci] // an index past the palette (At panics) reads as transparent black
			s.buf[4*x], s.buf[4*x+1], s.buf[4*x+2], s.buf[4*x+3] = c.R, c.G, c.B, c.A
		}
	case s.r64 != nil:
		for x := range s.w {
			c := s.r64.RGBA64At(s.min.X+x, y)
			s.buf[4*x], s.buf[4*x+1], s.buf[4*x+2], s.buf[4*x+3] =
				uint8(c.R>>8), uint8(c.G>>8), uint8(c.B>>8), uint8(c.A>>8)
		}
	default:
		for x := range s.w {
			c := color.RGBAModel.Convert(s.img.At(s.min.X+x, y)).(color.RGBA)
			s.buf[4*x], s.buf[4*x+1], s.buf[4*x+2], s.buf[4*x+3] = c.R, c.G, c.B, c.A
		}
	}
	return s.buf
}

// premultiplyRow converts non-premultiplied src into dst with the
// arithmetic of color.NRGBA.RGBA followed by color.RGBAModel's >>8.
func premultiplyRow(dst, src []uint8) {
	tab := premulTable()
	dst = dst[:len(src)]
	for i := 0; i+4 <= len(src); i += 4 {
		p := src[i : i+4 : i+4]
		q := dst[i : i+4 : i+4]
		t := tab[int(p[3])<<8:][:256]
		q[0], q[1], q[2], q[3] = t[p[0]], t[p[1]], t[p[2]], p[3]
	}
}

// premulTable holds at [a<<8 | c] the 8-bit premultiplied value of
// channel c under alpha a: (c·0x101·a/0xff) >> 8, as color.NRGBA.RGBA
// and color.RGBAModel compute it.
var premulTable = sync.OnceValue(func() *[1 << 16]uint8 {
	var t [1 << 16]uint8
	for a := range uint32(256) {
		for c := range uint32(256) {
			t[a<<8|c] = uint8(c * 0x101 * a / 0xff >> 8)
		}
	}
	return &t
})

// Tolerance is a per-case bound on a Result.
//
// A field that is zero (or negative) is not checked, with one exception:
// the zero Tolerance, with every field zero, demands identical images
// (MaxDiff 0). Bounds of zero on single fields are expressed through the
// others: no pixel over 16/255 is MaxDiff 16, no pixel over 2/255 is
// MaxDiff 2, identical images are MinPSNR math.Inf(1).
type Tolerance struct {
	MinPSNR  float64 // fail when PSNR (dB) is below this
	MaxPct16 float64 // fail when more than this % of pixels is over 16/255
	MaxPct2  float64 // fail when more than this % of pixels is over 2/255
	MaxDiff  int     // fail when the largest channel difference exceeds this
}

// Check returns nil when r is within t, else an error naming each bound
// that failed with the measured value, e.g.
//
//	golden: psnr 38.12 dB < 40 dB; >16/255 0.734% > 0.5%
func (t Tolerance) Check(r Result) error {
	var why []string
	if t == (Tolerance{}) {
		if r.MaxDiff > 0 {
			why = append(why, fmt.Sprintf("max diff %d > 0 (the zero Tolerance demands identical images)", r.MaxDiff))
		}
	}
	if t.MinPSNR > 0 && !(r.PSNR >= t.MinPSNR) {
		why = append(why, fmt.Sprintf("psnr %s dB < %s dB", measured(r.PSNR, t.MinPSNR, 2, true), bound(t.MinPSNR)))
	}
	if t.MaxDiff > 0 && r.MaxDiff > t.MaxDiff {
		why = append(why, fmt.Sprintf("max diff %d > %d", r.MaxDiff, t.MaxDiff))
	}
	if t.MaxPct2 > 0 && !(r.Pct2 <= t.MaxPct2) {
		why = append(why, fmt.Sprintf(">2/255 %s%% > %s%%", measured(r.Pct2, t.MaxPct2, 3, false), bound(t.MaxPct2)))
	}
	if t.MaxPct16 > 0 && !(r.Pct16 <= t.MaxPct16) {
		why = append(why, fmt.Sprintf(">16/255 %s%% > %s%%", measured(r.Pct16, t.MaxPct16, 3, false), bound(t.MaxPct16)))
	}
	if len(why) == 0 {
		return nil
	}
	return fmt.Errorf("golden: %s", strings.Join(why, "; "))
}

// measured formats v, which failed a bound (below limit when below is
// true, else above it), with at least prec decimals and with more when
// needed for the printed value to fail the bound too, so that a message
// never reads "40.00 dB < 40 dB" or "0.734% > 0.7344%".
func measured(v, limit float64, prec int, below bool) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	for ; prec <= 12; prec++ {
		s := strconv.FormatFloat(v, 'f', prec, 64)
		if p, _ := strconv.ParseFloat(s, 64); (p < limit) == below && p != limit {
			return s
		}
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func bound(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Heatmap returns the oracle tool's heat map of a against b, with the
// size of the images and origin (0, 0): pixels that are identical show
// image a as a faint grey (composited on white and squeezed into
// 200..255), differing pixels are coloured by their largest channel
// difference: light blue for 1-2/255, yellow to orange for 3-16, red
// darkening to maroon for 17-255. Images of different sizes are an error.
func Heatmap(a, b image.Image) (*image.NRGBA, error) {
	w, h, err := sameSize(a, b)
	if err != nil {
		return nil, err
	}
	heat := image.NewNRGBA(image.Rect(0, 0, w, h))
	if w == 0 || h == 0 {
		return heat, nil
	}
	sa, sb := newRowSource(a), newRowSource(b)
	for y := range h {
		ra, rb := sa.row(y), sb.row(y)
		out := heat.Pix[y*heat.Stride : y*heat.Stride+4*w]
		for x := 0; x < w; x++ {
			pa, pb := ra[4*x:4*x+4:4*x+4], rb[4*x:4*x+4:4*x+4]
			d := max(absDiff(pa[0], pb[0]), absDiff(pa[1], pb[1]),
				absDiff(pa[2], pb[2]), absDiff(pa[3], pb[3]))
			var c color.NRGBA
			if d == 0 {
				c = faintGrey(pa)
			} else {
				c = heatRamp[d]
			}
			o := out[4*x : 4*x+4 : 4*x+4]
			o[0], o[1], o[2], o[3] = c.R, c.G, c.B, c.A
		}
	}
	return heat, nil
}

// faintGrey is the heat-map colour of an unchanged premultiplied pixel p:
// its luma over white, squeezed into 200..255.
func faintGrey(p []uint8) color.NRGBA {
	inv := 255 - int(p[3]) // premultiplied over white: c + (255 - alpha)
	l := (299*(int(p[0])+inv) + 587*(int(p[1])+inv) + 114*(int(p[2])+inv)) / 1000
	g := uint8(200 + l*55/255)
	return color.NRGBA{g, g, g, 255}
}

// heatRamp[d] is the heat-map colour of a pixel whose largest channel
// difference is d > 0.
var heatRamp = func() (ramp [256]color.NRGBA) {
	for d := 1; d < 256; d++ {
		switch {
		case d <= 2:
			ramp[d] = color.NRGBA{150, 190, 255, 255}
		case d <= 16:
			t := float64(d-3) / 13
			ramp[d] = color.NRGBA{255, uint8(220 - 100*t), 0, 255}
		default:
			t := float64(d-17) / (255 - 17)
			ramp[d] = color.NRGBA{uint8(255 - 135*t), 0, uint8(40 * t), 255}
		}
	}
	return ramp
}()

// ReadPNG decodes the PNG file at path.
func ReadPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("golden: %s: %w", path, err)
	}
	return m, nil
}

// WritePNG encodes m as a PNG file at path, replacing any file there.
func WritePNG(path string, m image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, m); err != nil {
		f.Close()
		return fmt.Errorf("golden: %s: %w", path, err)
	}
	return f.Close()
}
