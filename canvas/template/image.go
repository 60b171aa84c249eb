package template

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/boombuler/barcode/qr"

	"github.com/postercanvas/postercanvas/canvas"
)

// parsePosition reads an object-position: keywords (left, center, right,
// top, bottom) or percentages, x first; default centre.
func parsePosition(s string) (fx, fy float64, err error) {
	fx, fy = 0.5, 0.5
	toks := strings.Fields(s)
	if len(toks) > 2 {
		return 0, 0, fmt.Errorf("position %q: want one or two of left/center/right/top/bottom/NN%%", s)
	}
	xSet := false
	for i, t := range toks {
		switch t {
		case "left":
			fx, xSet = 0, true
		case "right":
			fx, xSet = 1, true
		case "top":
			fy = 0
		case "bottom":
			fy = 1
		case "center":
		default:
			if !strings.HasSuffix(t, "%") {
				return 0, 0, fmt.Errorf("position %q: %q is not a keyword or a percentage", s, t)
			}
			v, perr := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
			if perr != nil || !finite(v) {
				return 0, 0, fmt.Errorf("position %q: bad percentage %q", s, t)
			}
			if i == 0 && !xSet {
				fx, xSet = v/100, true
			} else {
				fy = v / 100
			}
		}
	}
	return fx, fy, nil
}

// imagePlacement returns where the whole image lands for a fit mode in
// the box (x, y, w, h): its rectangle may be larger than the box (cover,
// none) and is then cropped.
func imagePlacement(fit string, iw, ih, x, y, w, h, fx, fy float64) (px, py, pw, ph float64) {
	switch fit {
	case "fill":
		return x, y, w, h
	case "contain":
		s := math.Min(w/iw, h/ih)
		pw, ph = iw*s, ih*s
	case "none":
		pw, ph = iw, ih
	default: // cover
		s := math.Max(w/iw, h/ih)
		pw, ph = iw*s, ih*s
	}
	return x + (w-pw)*fx, y + (h-ph)*fy, pw, ph
}

func (c *compiler) drawImage(n *node) error {
	el := n.el
	fit := el.Fit
	if fit == "" {
		fit = "cover"
	}
	fx, fy, err := parsePosition(el.Position)
	if err != nil {
		return c.fail(el, "%v", err)
	}
	r := c.radii(el, n.w, n.h)
	// A shadow is cast by the box's shape, filled opaque under the image.
	if el.Shadow != nil {
		if _, err := c.shadow(el, el.Shadow); err != nil {
			return err
		}
		bg := el.Background
		if bg == "" {
			bg = "#fff"
		}
		if err := c.fillShape(el, bg, n, r); err != nil {
			return err
		}
		c.noShadow()
	} else if el.Background != "" {
		if err := c.fillShape(el, el.Background, n, r); err != nil {
			return err
		}
	}
	img := canvas.Image{Src: el.Src}
	if n.img == [2]int{} {
		// fill with both sizes given: no natural size needed.
		if r != [4]float64{} {
			c.e.call("save")
			c.roundRect(n.x, n.y, n.w, n.h, r)
			c.e.call("clip")
		}
		c.e.call("drawImage", img, n.x, n.y, n.w, n.h)
		if r != [4]float64{} {
			c.e.call("restore")
		}
		return c.border(el, n.x, n.y, n.w, n.h, r)
	}
	iw, ih := float64(n.img[0]), float64(n.img[1])
	px, py, pw, ph := imagePlacement(fit, iw, ih, n.x, n.y, n.w, n.h, fx, fy)
	// Crop the placement to the box; map the crop back to the source.
	x0, y0 := math.Max(px, n.x), math.Max(py, n.y)
	x1, y1 := math.Min(px+pw, n.x+n.w), math.Min(py+ph, n.y+n.h)
	if x1 > x0 && y1 > y0 {
		sx, sy := iw/pw, ih/ph
		if r != [4]float64{} {
			c.e.call("save")
			c.roundRect(n.x, n.y, n.w, n.h, r)
			c.e.call("clip")
		}
		if x0 == px && y0 == py && x1 == px+pw && y1 == py+ph {
			c.e.call("drawImage", img, px, py, pw, ph)
		} else {
			c.e.call("drawImage", img, (x0-px)*sx, (y0-py)*sy, (x1-x0)*sx, (y1-y0)*sy, x0, y0, x1-x0, y1-y0)
		}
		if r != [4]float64{} {
			c.e.call("restore")
		}
	}
	return c.border(el, n.x, n.y, n.w, n.h, r)
}

func (c *compiler) fillShape(el *Element, fill string, n *node, r [4]float64) error {
	p, err := parsePaint(fill)
	if err != nil {
		return c.fail(el, "background: %v", err)
	}
	c.emitPaint("setFillStyle", p, n.x, n.y, n.w, n.h)
	if r == [4]float64{} {
		c.e.call("fillRect", n.x, n.y, n.w, n.h)
	} else {
		c.roundRect(n.x, n.y, n.w, n.h, r)
		c.e.call("fill")
	}
	return nil
}

// QR error-correction levels by name.
var qrLevels = map[string]qr.ErrorCorrectionLevel{"": qr.M, "L": qr.L, "M": qr.M, "Q": qr.Q, "H": qr.H}

// MaxQRContent bounds a QR code's content (version 40 holds at most
// 2,953 bytes at level L).
const MaxQRContent = 2953

// qrModules encodes content and returns its module matrix (true: dark).
func qrModules(content, level string) ([][]bool, error) {
	lv, ok := qrLevels[strings.ToUpper(level)]
	if !ok {
		return nil, fmt.Errorf("level %q: want L, M, Q or H", level)
	}
	if len(content) > MaxQRContent {
		return nil, fmt.Errorf("content of %d bytes: more than a QR code holds (%d)", len(content), MaxQRContent)
	}
	code, err := qr.Encode(content, lv, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("encoding: %v", err)
	}
	b := code.Bounds()
	m := make([][]bool, b.Dy())
	for y := range m {
		m[y] = make([]bool, b.Dx())
		for x := range m[y] {
			r, g, bl, _ := code.At(b.Min.X+x, b.Min.Y+y).RGBA()
			m[y][x] = r+g+bl < 3*0x8000
		}
	}
	return m, nil
}

// drawQR draws a QR code: its background over the element box, then the
// dark modules as one path of rectangles. When aligned (no rotation
// around it), the modules are whole device pixels at the compile pixel
// ratio: the code is drawn under scale(1/ratio) at integer coordinates.
func (c *compiler) drawQR(n *node, aligned bool) error {
	el := n.el
	mods, err := qrModules(el.Content.S, el.Level)
	if err != nil {
		return c.fail(el, "qrcode: %v", err)
	}
	quiet := 2
	if el.QuietZone != nil {
		quiet = *el.QuietZone
		if quiet < 0 || quiet > 40 {
			return c.fail(el, "quietZone %d: want 0 to 40 modules", quiet)
		}
	}
	fg, bg := el.Color, el.Background
	if fg == "" {
		fg = "#000"
	}
	if bg == "" {
		bg = "#fff"
	}
	for _, col := range []string{fg, bg} {
		if !canvas.ValidColor(col) {
			return c.fail(el, "qrcode colour %q is not a CSS colour", col)
		}
	}
	total := len(mods) + 2*quiet
	ratio := c.ratio
	if !aligned {
		ratio = 1
	}
	sizeDev := n.w * ratio
	x0, y0 := n.x*ratio, n.y*ratio
	var m float64
	if aligned {
		m = math.Floor(sizeDev / float64(total))
		if m < 1 {
			return c.fail(el, "qrcode of %d modules needs at least %d device px, has %.0f", total, total, sizeDev)
		}
		x0 = math.Round(x0 + (sizeDev-m*float64(total))/2)
		y0 = math.Round(y0 + (sizeDev-m*float64(total))/2)
	} else {
		m = sizeDev / float64(total)
	}
	if bg != "transparent" {
		if _, err := c.shadow(el, el.Shadow); err != nil {
			return err
		}
		c.e.call("setFillStyle", bg)
		c.e.call("fillRect", n.x, n.y, n.w, n.h)
		if el.Shadow != nil {
			c.noShadow()
		}
	}
	if aligned && ratio != 1 {
		c.e.call("scale", exact(1/ratio), exact(1/ratio))
	}
	c.e.call("setFillStyle", fg)
	c.e.call("beginPath")
	for y, row := range mods {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			k := x
			for k < len(row) && row[k] {
				k++
			}
			c.e.call("rect", x0+float64(quiet+x)*m, y0+float64(quiet+y)*m, float64(k-x)*m, m)
			x = k
		}
	}
	c.e.call("fill")
	return nil
}
