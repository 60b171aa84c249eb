package canvas

import (
	"image"
	"math"
	"sync"

	gofont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"

	"github.com/postercanvas/postercanvas/canvas/fonts"
	"github.com/postercanvas/postercanvas/raster"
)

// glyphKey names one rasterized glyph: face, glyph, device size, and the
// quarter-pixel x offset of its origin.
type glyphKey struct {
	f      *fonts.Font
	gid    gofont.GID
	size   float64
	sub    uint8
	italic bool
}

// GlyphCacheBytes bounds the coverage masks kept for all renders of the
// process; when full, the cache is emptied and refills.
const GlyphCacheBytes = 64 << 20

// glyphCache holds glyph coverage masks, shared by every render (masks
// are never changed once made). Mask coordinates are relative to the
// glyph's whole-pixel origin.
var glyphCache = struct {
	sync.Mutex
	m     map[glyphKey]*raster.Mask
	bytes int
}{m: map[glyphKey]*raster.Mask{}}

// glyphMask returns the cached mask of a glyph at device size size with
// its origin at x = sub/4 px, making it on a miss.
func (e *textEngine) glyphMask(r *raster.Rasterizer, g *glyph, size float64, sub uint8) *raster.Mask {
	key := glyphKey{g.m.Font, g.gid, size, sub, g.m.SynthItalic}
	glyphCache.Lock()
	m, ok := glyphCache.m[key]
	glyphCache.Unlock()
	if ok {
		return m
	}
	s := size / g.m.Upem()
	skew := 0.0
	if g.m.SynthItalic {
		skew = synthItalicSkew
	}
	ox := float64(sub) / 4
	var p raster.Path
	pt := func(q ot.SegmentPoint) (float64, float64) {
		fx, fy := float64(q.X)*s, float64(q.Y)*s
		return ox + fx + skew*fy, -fy
	}
	appendOutline(&p, e.outline(g.m, g.gid), pt)
	m = &raster.Mask{}
	if x0, y0, x1, y1, ok := p.Bounds(); ok {
		bx, by := int(math.Floor(x0)), int(math.Floor(y0))
		w, h := int(math.Ceil(x1))-bx, int(math.Ceil(y1))-by
		if w > 0 && h > 0 {
			// Rows a multiple of 8 wide: FillMask's vector kernel then
			// blends whole rows with no scalar tail (the padding is
			// zero coverage, which leaves pixels as they are).
			w = (w + 7) &^ 7
			p.Transform(raster.Matrix{A: 1, D: 1, E: float64(-bx), F: float64(-by)})
			m = r.Clip(w, h, &p, raster.NonZero, nil)
			m.Rect = m.Rect.Add(image.Point{bx, by})
		}
	}
	glyphCache.Lock()
	if glyphCache.bytes+len(m.Alpha) > GlyphCacheBytes {
		clear(glyphCache.m)
		glyphCache.bytes = 0
	}
	glyphCache.m[key] = m
	glyphCache.bytes += len(m.Alpha) + 64
	glyphCache.Unlock()
	return m
}

// fillGlyphsCached draws a line from cached coverage masks when the
// transform is a translation plus a uniform positive scale, there is no
// squeeze and no synthetic bold: the glyphs then look the same wherever
// they are, up to the quarter-pixel x offset Skia's cache also keys on.
// It reports false, drawing nothing, otherwise.
func (c *Context) fillGlyphsCached(st *drawState, ln *line, x, y, sx float64, size float64) (bool, error) {
	m := st.ctm
	if sx != 1 || m.B != 0 || m.C != 0 || m.A <= 0 || m.A != m.D {
		return false, nil
	}
	for i := range ln.glyphs {
		if ln.glyphs[i].m.SynthBold {
			return false, nil
		}
	}
	paint, ok, err := c.paint(st, st.fill)
	if err != nil || !ok {
		return true, err
	}
	e := c.textEngine()
	dsize := size * m.A
	// With a shadow or an unbounded operator the line is one shape: its
	// glyphs are gathered into one mask first.
	whole := c.shadowed(st) || paint.Op.Unbounded()
	var masks []*raster.Mask
	var offs []image.Point
	for i := range ln.glyphs {
		g := &ln.glyphs[i]
		dx, dy := m.Apply(x+g.x, y+g.y)
		fx, sub := subpixel(dx)
		iy := math.Floor(dy + 0.5)
		if !finite(fx, iy) || math.Abs(fx) > 1<<24 || math.Abs(iy) > 1<<24 {
			continue
		}
		mask := e.glyphMask(c.r, g, dsize, sub)
		if whole {
			masks = append(masks, mask)
			offs = append(offs, image.Point{int(fx), int(iy)})
			continue
		}
		c.r.FillMask(c.pix, mask, int(fx), int(iy), &paint, st.clip)
	}
	if !whole {
		return true, nil
	}
	u := unionMask(masks, offs)
	if c.shadowed(st) {
		c.drawShadow(st, &paint, func(dx, dy float64, rect image.Rectangle) *raster.Mask {
			return moveMask(u, int(math.Round(dx)), int(math.Round(dy)), rect)
		})
	}
	if paint.Op.Unbounded() {
		c.r.FillMask(c.pix, u, 0, 0, &paint, st.clip)
		return true, nil
	}
	for i, mask := range masks {
		c.r.FillMask(c.pix, mask, offs[i].X, offs[i].Y, &paint, st.clip)
	}
	return true, nil
}

// FlushTextCaches empties the process-wide caches of glyph coverage masks
// and laid-out lines, to give their memory back or to time text drawing
// from cold. Renders in flight are not disturbed: they refill what they
// need.
func FlushTextCaches() {
	glyphCache.Lock()
	clear(glyphCache.m)
	glyphCache.bytes = 0
	glyphCache.Unlock()
	lineCache.mu.Lock()
	clear(lineCache.m)
	lineCache.mu.Unlock()
}
