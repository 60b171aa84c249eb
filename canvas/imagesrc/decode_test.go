package imagesrc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/postercanvas/postercanvas/raster"
)

var testLimits = limits{maxPixels: DefaultMaxPixels, maxSide: DefaultMaxSide}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gradientNRGBA has every combination of colour and alpha ramps.
func gradientNRGBA(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetNRGBA(x, y, color.NRGBA{uint8(x * 255 / (w - 1)), uint8(y * 255 / (h - 1)), uint8((x + y) * 7), uint8((x*13 + y*29) % 256)})
		}
	}
	return m
}

// premul is the reference: round(c·a/255) in floating point.
func premul(c, a uint8) uint8 { return uint8(math.Round(float64(c) * float64(a) / 255)) }

func pixel(p *raster.Pixmap, x, y int) [4]byte {
	i := y*p.Stride + 4*x
	return [4]byte(p.Pix[i : i+4])
}

func TestDecodePNGPremultipliesExactly(t *testing.T) {
	src := gradientNRGBA(64, 48)
	pm, info, err := decode("g.png", encodePNG(t, src), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if info != (Info{Width: 64, Height: 48, Format: FormatPNG, Orientation: 1}) {
		t.Fatalf("info %+v", info)
	}
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			c := src.NRGBAAt(x, y)
			want := [4]byte{premul(c.R, c.A), premul(c.G, c.A), premul(c.B, c.A), c.A}
			if got := pixel(pm, x, y); got != want {
				t.Fatalf("(%d,%d): %v, want %v (from %v)", x, y, got, want, c)
			}
		}
	}
	// mul255 equals the float reference on every input.
	for a := 0; a < 256; a++ {
		for c := 0; c < 256; c++ {
			if mul255(uint8(c), uint8(a)) != premul(uint8(c), uint8(a)) {
				t.Fatalf("mul255(%d,%d)", c, a)
			}
		}
	}
}

// Every decoded image type matches image/draw's generic conversion (which
// calls At per pixel) to within the 1/255 its 16-bit truncation loses.
func TestConvertMatchesGenericPath(t *testing.T) {
	opaque := image.NewRGBA(image.Rect(0, 0, 33, 17))
	gray := image.NewGray(image.Rect(0, 0, 33, 17))
	pal := image.NewPaletted(image.Rect(0, 0, 33, 17), append(color.Palette{color.NRGBA{10, 20, 30, 0}, color.NRGBA{200, 100, 50, 128}}, palette.Plan9[:200]...))
	for y := 0; y < 17; y++ {
		for x := 0; x < 33; x++ {
			opaque.SetRGBA(x, y, color.RGBA{uint8(x * 7), uint8(y * 15), 99, 255})
			gray.SetGray(x, y, color.Gray{uint8(x*7 + y)})
			pal.SetColorIndex(x, y, uint8((x+y*33)%len(pal.Palette)))
		}
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, gradientNRGBA(33, 17), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	jimg, err := jpeg.Decode(bytes.NewReader(jb.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	ycc := jimg.(*image.YCbCr)
	nycca := &image.NYCbCrA{YCbCr: *ycc, A: make([]byte, 33*17), AStride: 33}
	for i := range nycca.A {
		nycca.A[i] = uint8(i * 5)
	}
	sub := gradientNRGBA(40, 30).SubImage(image.Rect(3, 5, 36, 22))
	for name, m := range map[string]image.Image{
		"RGBA": opaque, "Gray": gray, "Paletted": pal, "YCbCr": ycc, "NYCbCrA": nycca,
		"NRGBA": gradientNRGBA(33, 17), "NRGBA sub-image": sub,
		"YCbCr 4:4:4": ycbcrRatio(image.YCbCrSubsampleRatio444), "YCbCr 4:2:2": ycbcrRatio(image.YCbCrSubsampleRatio422),
		"YCbCr 4:4:0": ycbcrRatio(image.YCbCrSubsampleRatio440), "YCbCr 4:1:1": ycbcrRatio(image.YCbCrSubsampleRatio411),
		"YCbCr 4:1:0": ycbcrRatio(image.YCbCrSubsampleRatio410),
	} {
		pm := toPixmap(m, "")
		b := m.Bounds()
		if pm.Width != b.Dx() || pm.Height != b.Dy() {
			t.Fatalf("%s: size %dx%d", name, pm.Width, pm.Height)
		}
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				// Exact reference from the image's own colour model.
				n := color.NRGBAModel.Convert(m.At(b.Min.X+x, b.Min.Y+y)).(color.NRGBA)
				want := [4]byte{premul(n.R, n.A), premul(n.G, n.A), premul(n.B, n.A), n.A}
				got := pixel(pm, x, y)
				for k := range 4 {
					if d := int(got[k]) - int(want[k]); d < -1 || d > 1 {
						t.Fatalf("%s (%d,%d): %v, want %v", name, x, y, got, want)
					}
				}
			}
		}
	}
}

// ycbcrRatio builds a YCbCr image with an odd origin, so chroma indexing
// is tested off the (0,0) grid.
func ycbcrRatio(r image.YCbCrSubsampleRatio) *image.YCbCr {
	m := image.NewYCbCr(image.Rect(3, 1, 30, 20), r)
	for i := range m.Y {
		m.Y[i] = uint8(i * 3)
	}
	for i := range m.Cb {
		m.Cb[i] = uint8(i * 11)
		m.Cr[i] = uint8(255 - i*7)
	}
	return m
}

func TestDecodeFormats(t *testing.T) {
	// GIF: first frame of an animation.
	pal := color.Palette{color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}, color.RGBA{0, 0, 0, 0}}
	f1 := image.NewPaletted(image.Rect(0, 0, 4, 4), pal)
	f2 := image.NewPaletted(image.Rect(0, 0, 4, 4), pal)
	for i := range f2.Pix {
		f2.Pix[i] = 1
	}
	f1.Pix[5] = 2 // one transparent pixel at (1,1)
	var gb bytes.Buffer
	if err := gif.EncodeAll(&gb, &gif.GIF{Image: []*image.Paletted{f1, f2}, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	pm, info, err := decode("a.gif", gb.Bytes(), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != FormatGIF || pixel(pm, 0, 0) != [4]byte{255, 0, 0, 255} || pixel(pm, 1, 1) != [4]byte{} {
		t.Errorf("gif: %+v %v %v", info, pixel(pm, 0, 0), pixel(pm, 1, 1))
	}

	// A first frame smaller than the logical screen sits at its offset,
	// transparent around it.
	var pb bytes.Buffer
	small := image.NewPaletted(image.Rect(2, 3, 6, 5), pal)
	if err := gif.EncodeAll(&pb, &gif.GIF{Image: []*image.Paletted{small}, Delay: []int{0},
		Config: image.Config{ColorModel: pal, Width: 8, Height: 8}}); err != nil {
		t.Fatal(err)
	}
	pm, _, err = decode("partial.gif", pb.Bytes(), testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if pm.Width != 8 || pm.Height != 8 || pixel(pm, 2, 3) != [4]byte{255, 0, 0, 255} || pixel(pm, 5, 4) != [4]byte{255, 0, 0, 255} ||
		pixel(pm, 1, 3) != [4]byte{} || pixel(pm, 6, 4) != [4]byte{} || pixel(pm, 2, 5) != [4]byte{} {
		t.Errorf("partial first frame: %dx%d", pm.Width, pm.Height)
	}

	// WebP files encoded by Chromium: 16×12, quadrants red, green, blue
	// and 50 % white.
	for _, name := range []string{"lossless.webp", "lossy-alpha.webp"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		pm, info, err := decode(name, data, testLimits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if info.Format != FormatWebP || pm.Width != 16 || pm.Height != 12 {
			t.Fatalf("%s: %+v", name, info)
		}
		tol := 0
		if strings.Contains(name, "lossy") {
			tol = 24
		}
		for _, c := range []struct {
			x, y int
			want [4]byte
		}{{2, 2, [4]byte{255, 0, 0, 255}}, {13, 2, [4]byte{0, 255, 0, 255}}, {2, 9, [4]byte{0, 0, 255, 255}}, {13, 9, [4]byte{128, 128, 128, 128}}} {
			got := pixel(pm, c.x, c.y)
			for k := range 4 {
				if d := int(got[k]) - int(c.want[k]); d < -tol-1 || d > tol+1 {
					t.Errorf("%s (%d,%d): %v, want %v", name, c.x, c.y, got, c.want)
					break
				}
			}
		}
	}
}

// gifBomb is a well-formed 34-byte GIF whose logical screen and first
// image claim 65535×65535 (golang/go#79063: image/gif's Decode allocates
// 4 GiB for it).
func gifBomb() []byte {
	return []byte("GIF89a\xff\xff\xff\xff\x80\x00\x00" + // header, screen 65535×65535, 2-colour table
		"\x00\x00\x00\xff\xff\xff" + // colour table
		",\x00\x00\x00\x00\xff\xff\xff\xff\x00" + // image 65535×65535 at (0,0)
		"\x02\x01\x44\x00;") // LZW data, trailer
}

func TestDecompressionBombRejectedBeforeDecoding(t *testing.T) {
	bomb := gifBomb()
	if len(bomb) != 34 {
		t.Fatalf("bomb is %d bytes", len(bomb))
	}
	if c, err := gif.DecodeConfig(bytes.NewReader(bomb)); err != nil || c.Width != 65535 || c.Height != 65535 {
		t.Fatalf("bomb header: %+v %v", c, err)
	}
	var before, after runtimeMem
	before.read()
	_, _, err := decode("bomb.gif", bomb, testLimits)
	after.read()
	if !errors.Is(err, ErrTooManyPixels) || !strings.Contains(err.Error(), "bomb.gif") || !strings.Contains(err.Error(), "65535×65535") {
		t.Fatalf("err = %v", err)
	}
	if d := after.total - before.total; d > 1<<20 {
		t.Errorf("rejecting the bomb allocated %d bytes", d)
	}

	// Within the side limit but over the pixel limit, per format.
	big := image.NewGray(image.Rect(0, 0, 300, 200))
	if _, _, err := decode("big.png", encodePNG(t, big), limits{maxPixels: 59_999, maxSide: 1000}); !errors.Is(err, ErrTooManyPixels) {
		t.Errorf("png over pixel limit: %v", err)
	}
	if _, _, err := decode("big.png", encodePNG(t, big), limits{maxPixels: 1e6, maxSide: 299}); !errors.Is(err, ErrTooManyPixels) {
		t.Errorf("png over side limit: %v", err)
	}
	if _, _, err := decode("big.png", encodePNG(t, big), limits{maxPixels: 60_000, maxSide: 300}); err != nil {
		t.Errorf("png at the limits: %v", err)
	}
	// A WebP lossless header claiming 16384×16384 (28 bytes).
	vp8l := []byte("RIFF\x14\x00\x00\x00WEBPVP8L\x08\x00\x00\x00\x2f")
	vp8l = binary.LittleEndian.AppendUint32(vp8l, (16383)|(16383<<14))
	vp8l = append(vp8l, 0, 0, 0)
	if _, _, err := decode("bomb.webp", vp8l[:28], testLimits); !errors.Is(err, ErrTooManyPixels) {
		t.Errorf("webp bomb: %v", err)
	}
	// A JPEG whose SOF claims 65500×65500.
	var jb bytes.Buffer
	jpeg.Encode(&jb, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	j := jb.Bytes()
	if i := bytes.Index(j, []byte{0xff, 0xc0}); i > 0 {
		binary.BigEndian.PutUint16(j[i+5:], 65500)
		binary.BigEndian.PutUint16(j[i+7:], 65500)
	}
	if _, _, err := decode("bomb.jpg", j, testLimits); !errors.Is(err, ErrTooManyPixels) {
		t.Errorf("jpeg bomb: %v", err)
	}
}

func TestDecodeBadData(t *testing.T) {
	good := encodePNG(t, gradientNRGBA(40, 30))
	for _, tc := range []struct {
		name string
		data []byte
		kind error
		text string
	}{
		{"truncated.png", good[:len(good)/2], ErrCorrupt, "png"},
		{"cut-in-chunk.png", good[:40], ErrCorrupt, "truncated png"},
		{"header-only.png", good[:20], ErrCorrupt, ""},
		{"empty.png", nil, ErrCorrupt, "empty"},
		{"crc.png", corruptCRC(good), ErrCorrupt, "checksum"},
		{"a.bmp", []byte("BM\x00\x00\x00\x00"), ErrUnsupportedFormat, "bmp"},
		{"a.tiff", []byte("II*\x00\x08\x00\x00\x00"), ErrUnsupportedFormat, "tiff"},
		{"a.svg", []byte(`<?xml version="1.0"?><svg/>`), ErrUnsupportedFormat, "svg"},
		{"page.html", []byte("<!doctype html><p>hi"), ErrUnsupportedFormat, "html"},
		{"noise", []byte("hello world"), ErrUnsupportedFormat, "unrecognized"},
		{"zero.gif", []byte("GIF89a\x00\x00\x00\x00\x00\x00\x00;"), ErrCorrupt, "0×0"},
	} {
		_, _, err := decode(tc.name, tc.data, testLimits)
		var e *Error
		if !errors.Is(err, tc.kind) || !errors.As(err, &e) || !strings.Contains(err.Error(), `"`+tc.name+`"`) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%s: %v, want %v mentioning %q", tc.name, err, tc.kind, tc.text)
		}
	}
}

func corruptCRC(b []byte) []byte {
	c := bytes.Clone(b)
	c[29] ^= 0xff // inside IHDR's CRC
	return c
}

// ---- EXIF orientation ----

// withExif inserts an APP1 Exif segment holding orientation o after SOI.
func withExif(jpg []byte, o int, order binary.AppendByteOrder) []byte {
	var tiff []byte
	if order == binary.AppendByteOrder(binary.LittleEndian) {
		tiff = []byte("II")
	} else {
		tiff = []byte("MM")
	}
	tiff = order.AppendUint16(tiff, 42)
	tiff = order.AppendUint32(tiff, 8)
	tiff = order.AppendUint16(tiff, 2) // two entries: a decoy, then orientation
	tiff = order.AppendUint16(tiff, 0x010f)
	tiff = order.AppendUint16(tiff, 2)
	tiff = order.AppendUint32(tiff, 4)
	tiff = append(tiff, 'A', 'B', 'C', 0)
	tiff = order.AppendUint16(tiff, 0x0112)
	tiff = order.AppendUint16(tiff, 3)
	tiff = order.AppendUint32(tiff, 1)
	tiff = order.AppendUint16(tiff, uint16(o))
	tiff = append(tiff, 0, 0)
	tiff = order.AppendUint32(tiff, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xff, 0xd8, 0xff, 0xe1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// quadrants: a 48×32 JPEG with flat red, green, blue and white quadrants
// (top-left, top-right, bottom-left, bottom-right as stored).
func quadrantsJPEG(t *testing.T) []byte {
	m := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 48; x++ {
			c := color.RGBA{255, 0, 0, 255}
			switch {
			case x >= 24 && y < 16:
				c = color.RGBA{0, 255, 0, 255}
			case x < 24 && y >= 16:
				c = color.RGBA{0, 0, 255, 255}
			case x >= 24 && y >= 16:
				c = color.RGBA{255, 255, 255, 255}
			}
			m.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestExifOrientation(t *testing.T) {
	jpg := quadrantsJPEG(t)
	// The EXIF definition: where stored row 0 and stored column 0 end up
	// when the image is displayed.
	sides := map[int][2]string{
		1: {"top", "left"}, 2: {"top", "right"}, 3: {"bottom", "right"}, 4: {"bottom", "left"},
		5: {"left", "top"}, 6: {"right", "top"}, 7: {"right", "bottom"}, 8: {"left", "bottom"},
	}
	opposite := map[string]string{"top": "bottom", "bottom": "top", "left": "right", "right": "left"}
	// corner names the displayed corner where two sides meet.
	corner := func(a, b string) string {
		v, h := a, b
		if a == "left" || a == "right" {
			v, h = b, a
		}
		return v + "-" + h
	}
	colours := map[string][4]byte{"red": {255, 0, 0, 255}, "green": {0, 255, 0, 255}, "blue": {0, 0, 255, 255}, "white": {255, 255, 255, 255}}
	for o := 1; o <= 8; o++ {
		row0, col0 := sides[o][0], sides[o][1]
		want := map[string]string{ // displayed corner -> colour
			corner(row0, col0):                     "red",   // stored (row 0, col 0)
			corner(row0, opposite[col0]):           "green", // stored (row 0, last col)
			corner(opposite[row0], col0):           "blue",  // stored (last row, col 0)
			corner(opposite[row0], opposite[col0]): "white",
		}
		for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
			data := withExif(jpg, o, order)
			if got := jpegOrientation(data); got != o {
				t.Fatalf("orientation %d (%v): parsed %d", o, order, got)
			}
			pm, info, err := decode("o.jpg", data, testLimits)
			if err != nil {
				t.Fatal(err)
			}
			if info.Orientation != o || info.Width != 48 || info.Height != 32 {
				t.Fatalf("info %+v", info)
			}
			w, h := info.DrawSize()
			if pm.Width != w || pm.Height != h || (o >= 5) != (w == 32) {
				t.Fatalf("orientation %d: pixmap %dx%d, DrawSize %dx%d", o, pm.Width, pm.Height, w, h)
			}
			at := map[string][2]int{"top-left": {2, 2}, "top-right": {w - 3, 2}, "bottom-left": {2, h - 3}, "bottom-right": {w - 3, h - 3}}
			for c, name := range want {
				p := at[c]
				got := pixel(pm, p[0], p[1])
				for k := range 4 {
					if d := int(got[k]) - int(colours[name][k]); d < -8 || d > 8 {
						t.Errorf("orientation %d: %s is %v, want %s", o, c, got, name)
						break
					}
				}
			}
		}
	}
	names := []string{"up", "up-mirrored", "down", "down-mirrored", "left-mirrored", "right", "right-mirrored", "left"}
	for o, n := range names {
		if got := (Info{Orientation: o + 1}).OrientationName(); got != n {
			t.Errorf("OrientationName(%d) = %s", o+1, got)
		}
	}
	// Malformed EXIF is ignored, never a crash.
	for _, bad := range [][]byte{
		withExif(jpg, 9, binary.BigEndian),
		withExif(jpg, 0, binary.LittleEndian),
		append([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10}, []byte("Exif\x00\x00MM\x00\x2a\xff\xff\xff\xff")...),
		append([]byte{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff}, []byte("Exif\x00\x00")...),
		{0xff, 0xd8},
	} {
		if o := jpegOrientation(bad); o != 1 {
			t.Errorf("malformed EXIF gave orientation %d", o)
		}
	}
}

// orient agrees with a per-pixel statement of the EXIF mapping on an
// image whose pixels are all distinct.
func TestOrientMapping(t *testing.T) {
	W, H := 5, 3
	p := newPixmap(W, H)
	for i := range p.Pix {
		p.Pix[i] = uint8(i)
	}
	for o := 1; o <= 8; o++ {
		q := orient(p, o)
		for y := 0; y < H; y++ {
			for x := 0; x < W; x++ {
				var dx, dy int
				switch o {
				case 1:
					dx, dy = x, y
				case 2:
					dx, dy = W-1-x, y
				case 3:
					dx, dy = W-1-x, H-1-y
				case 4:
					dx, dy = x, H-1-y
				case 5:
					dx, dy = y, x
				case 6:
					dx, dy = H-1-y, x
				case 7:
					dx, dy = H-1-y, W-1-x
				case 8:
					dx, dy = y, W-1-x
				}
				if pixel(q, dx, dy) != pixel(p, x, y) {
					t.Fatalf("orientation %d: stored (%d,%d) not at (%d,%d)", o, x, y, dx, dy)
				}
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(gifBomb())
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add(withExif([]byte{0xff, 0xd8, 0xff, 0xd9}, 6, binary.BigEndian))
	for _, name := range []string{"lossless.webp", "p3.jpg", "p3.png", "exif6.png"} {
		if b, err := os.ReadFile("testdata/" + name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pm, info, err := decode("fuzz", b, limits{maxPixels: 1 << 20, maxSide: 4096})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		w, h := info.DrawSize()
		if pm.Width != w || pm.Height != h || len(pm.Pix) < pm.Stride*(h-1)+4*w {
			t.Fatalf("pixmap %dx%d for %+v", pm.Width, pm.Height, info)
		}
	})
}

// A PNG's eXIf orientation is applied: Chromium draws testdata/exif6.png
// (16×12 stored, orientation 6) as 12×16.
func TestPNGExifOrientation(t *testing.T) {
	data, err := os.ReadFile("testdata/exif6.png")
	if err != nil {
		t.Fatal(err)
	}
	pm, info, err := decode("exif6.png", data, testLimits)
	if err != nil {
		t.Fatal(err)
	}
	if info.Orientation != 6 || info.Width != 16 || pm.Width != 12 || pm.Height != 16 {
		t.Fatalf("info %+v, pixmap %dx%d", info, pm.Width, pm.Height)
	}
	// Stored (0,0) is red 0, green 0; orientation 6 puts it top-right.
	if got := pixel(pm, 11, 0); got != [4]byte{0, 0, 0, 255} {
		t.Fatalf("top-right %v", got)
	}
	if got := pixel(pm, 0, 0); got != [4]byte{0, 220, 0, 255} { // stored (0, 11)
		t.Fatalf("top-left %v", got)
	}
	if _, maxDiff := compareToChromium(t, "testdata/exif6.png", "testdata/exif6.chromium.png"); maxDiff != 0 {
		t.Fatalf("differs from Chromium's decode by up to %d", maxDiff)
	}
}
