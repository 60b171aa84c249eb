package canvas

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/raster"
)

// memImages is a test ImageSource of in-memory pixmaps.
type memImages struct {
	pix   map[string]*raster.Pixmap
	calls atomic.Int32
}

func (m *memImages) LoadImage(_ context.Context, src string) (*raster.Pixmap, error) {
	m.calls.Add(1)
	if p, ok := m.pix[src]; ok {
		return p, nil
	}
	return nil, errors.New("no such image")
}

// solidImage is a w×h pixmap of one premultiplied colour.
func solidImage(w, h int, c [4]byte) *raster.Pixmap {
	p, _ := raster.NewPixmap(w, h)
	for i := 0; i < len(p.Pix); i += 4 {
		copy(p.Pix[i:], c[:])
	}
	return p
}

func pixel(c *Context, x, y int) [4]byte {
	p := c.pix
	o := y*p.Stride + 4*x
	return [4]byte(p.Pix[o : o+4])
}

func newImageCtx(t *testing.T, w, h float64, opts ...Option) (*Context, *memImages) {
	t.Helper()
	src := &memImages{pix: map[string]*raster.Pixmap{
		"red.png":  solidImage(4, 4, [4]byte{255, 0, 0, 255}),
		"half.png": solidImage(2, 2, [4]byte{0, 0, 128, 128}),
	}}
	c, err := New(w, h, append([]Option{Images(src)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c, src
}

func TestDrawImageForms(t *testing.T) {
	c, _ := newImageCtx(t, 40, 20)
	c.DrawImage("red.png", 1, 1)                       // 4×4 at (1, 1)
	c.DrawImage("red.png", 10, 0, 8, 6)                // scaled
	c.DrawImage("red.png", 0, 0, 2, 2, 20, 10, 6, 6)   // source rectangle
	c.DrawImage("red.png", 30, 10, -4, -4)             // negative size: (26, 6) 4×4
	c.DrawImage("red.png", 0, 0, 4, 4, 0, 15, 0, 3)    // zero width: nothing
	c.DrawImage("red.png", 8, 8, 4, 4, 0, 15, 3, 3)    // source outside the image: nothing
	c.DrawImage("red.png", -2, -2, 4, 4, 34, 14, 4, 4) // clipped source: (36, 16) 2×2
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	red := [4]byte{255, 0, 0, 255}
	for _, p := range []struct {
		x, y int
		want [4]byte
	}{
		{1, 1, red}, {4, 4, red}, {5, 5, [4]byte{}}, {0, 0, [4]byte{}},
		{10, 0, red}, {17, 5, red}, {18, 5, [4]byte{}},
		{20, 10, red}, {25, 15, red}, {26, 16, [4]byte{}},
		{26, 6, red}, {29, 9, red}, {25, 6, [4]byte{}},
		{0, 15, [4]byte{}}, {1, 16, [4]byte{}},
		{36, 16, red}, {37, 17, red}, {35, 16, [4]byte{}}, {34, 14, [4]byte{}},
	} {
		if got := pixel(c, p.x, p.y); got != p.want {
			t.Errorf("pixel (%d, %d) = %v, want %v", p.x, p.y, got, p.want)
		}
	}
}

func TestDrawImageAlphaAndClip(t *testing.T) {
	c, _ := newImageCtx(t, 20, 20)
	c.SetGlobalAlpha(0.5)
	c.DrawImage("red.png", 0, 0, 20, 20)
	c.SetGlobalAlpha(1)
	c.Rect(10, 10, 10, 10)
	c.Clip()
	c.DrawImage("half.png", 0, 0, 20, 20)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if got := pixel(c, 2, 2); got[0] < 125 || got[0] > 128 || got[3] < 125 || got[3] > 128 {
		t.Errorf("globalAlpha 0.5: %v", got)
	}
	if got := pixel(c, 15, 15); got[2] != 128 || got[3] < 190 {
		t.Errorf("clipped translucent image over red: %v", got)
	}
	if got := pixel(c, 5, 15); got[2] != 0 {
		t.Errorf("outside the clip: %v", got)
	}
}

func TestDrawImageErrors(t *testing.T) {
	// No ImageSource.
	c, err := New(10, 10)
	if err != nil {
		t.Fatal(err)
	}
	c.FillRect(0, 0, 1, 1)
	c.DrawImage("a.png", 0, 0)
	err = c.Draw(false)
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Method != "drawImage" || ce.Index != 1 || !errors.Is(err, ErrNoImageSource) || !strings.Contains(err.Error(), `"a.png"`) {
		t.Errorf("no source: %v", err)
	}
	// A source that fails names the command and the src.
	c, _ = newImageCtx(t, 10, 10)
	c.DrawImage("missing.png", 0, 0)
	if err := c.Draw(false); !errors.As(err, &ce) || ce.Method != "drawImage" || !strings.Contains(err.Error(), `"missing.png"`) || !strings.Contains(err.Error(), "no such image") {
		t.Errorf("missing image: %v", err)
	}
	// A pattern of a missing image fails at the fill that uses it.
	c, _ = newImageCtx(t, 10, 10)
	p, err := c.CreatePattern("missing.png", "repeat")
	if err != nil {
		t.Fatal(err)
	}
	c.SetFillStyle(p)
	c.FillRect(0, 0, 5, 5)
	if err := c.Draw(false); !errors.As(err, &ce) || ce.Method != "fillPath" || !strings.Contains(err.Error(), `"missing.png"`) {
		t.Errorf("missing pattern image: %v", err)
	}
	// Wrong argument counts are reported by the call.
	c, _ = newImageCtx(t, 10, 10)
	c.DrawImage("red.png", 1, 2, 3)
	if err := c.Draw(false); err == nil || !strings.Contains(err.Error(), "3, 5 or 9") {
		t.Errorf("4 arguments: %v", err)
	}
}

func TestImagePolicySkip(t *testing.T) {
	c, _ := newImageCtx(t, 10, 10, OnImageError(ImageSkip))
	c.DrawImage("missing.png", 0, 0, 10, 10)
	p, _ := c.CreatePattern("missing.png", "repeat")
	c.SetFillStyle(p)
	c.FillRect(0, 0, 10, 10)
	c.DrawImage("red.png", 0, 0, 2, 2)
	if err := c.Draw(false); err != nil {
		t.Fatalf("skip policy: %v", err)
	}
	if w := c.Warnings(); len(w) != 2 || !strings.Contains(w[0], "drawImage") || !strings.Contains(w[0], "missing.png") || !strings.Contains(w[1], "fillPath") {
		t.Errorf("warnings: %q", w)
	}
	if got := pixel(c, 5, 5); got != ([4]byte{}) {
		t.Errorf("a skipped image drew %v", got)
	}
	if got := pixel(c, 1, 1); got[0] != 255 {
		t.Errorf("the command after the skipped one did not draw: %v", got)
	}
}

// panicky is an ImageSource that panics or returns nothing.
type panicky struct{}

func (panicky) LoadImage(_ context.Context, src string) (*raster.Pixmap, error) {
	if src == "panic" {
		panic("boom")
	}
	return nil, nil
}

func TestImageSourceMisbehaves(t *testing.T) {
	for _, src := range []string{"panic", "nil"} {
		c, _ := New(10, 10, Images(panicky{}))
		c.DrawImage(src, 0, 0)
		if err := c.Draw(false); err == nil || !strings.Contains(err.Error(), src) {
			t.Errorf("%s: %v", src, err)
		}
	}
}

// gate is an ImageSource whose loads wait until n of them run at once,
// proving that a batch's images load in parallel.
type gate struct {
	n       int
	mu      sync.Mutex
	running int
	ready   chan struct{}
	once    sync.Once
}

func (g *gate) LoadImage(ctx context.Context, src string) (*raster.Pixmap, error) {
	g.mu.Lock()
	g.running++
	if g.running == g.n {
		g.once.Do(func() { close(g.ready) })
	}
	g.mu.Unlock()
	select {
	case <-g.ready:
		return solidImage(2, 2, [4]byte{0, 255, 0, 255}), nil
	case <-time.After(5 * time.Second):
		return nil, errors.New("loads ran one at a time")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func TestImagesLoadInParallel(t *testing.T) {
	g := &gate{n: 3, ready: make(chan struct{})}
	c, _ := New(30, 10, Images(g))
	c.DrawImage("a", 0, 0, 10, 10)
	c.DrawImage("b", 10, 0, 10, 10)
	p, _ := c.CreatePattern("c", "repeat")
	c.SetFillStyle(p)
	c.FillRect(20, 0, 10, 10)
	c.DrawImage("a", 0, 0, 10, 10) // loaded once
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if got := pixel(c, 25, 5); got[1] != 255 {
		t.Errorf("pattern pixel %v", got)
	}
}

func TestImageLoadedOnce(t *testing.T) {
	c, src := newImageCtx(t, 10, 10)
	for i := 0; i < 3; i++ {
		c.DrawImage("red.png", 0, 0)
		if err := c.Draw(true); err != nil {
			t.Fatal(err)
		}
	}
	if n := src.calls.Load(); n != 1 {
		t.Errorf("red.png loaded %d times", n)
	}
}

func TestPatternFollowsTransformAtFill(t *testing.T) {
	// A 2×1 image: left red, right blue. repeat-x under translate(1, 0):
	// device x = 1 is red, 2 blue, 3 red; rows below the image are empty.
	img, _ := raster.NewPixmap(2, 1)
	copy(img.Pix, []byte{255, 0, 0, 255, 0, 0, 255, 255})
	c, _ := New(8, 4, Images(&memImages{pix: map[string]*raster.Pixmap{"rb": img}}))
	p, _ := c.CreatePattern("rb", "repeat-x")
	c.SetFillStyle(p)
	c.Translate(1, 0)
	c.FillRect(-1, 0, 8, 4)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	for x, want := range map[int]byte{1: 255, 2: 0, 3: 255, 0: 0} {
		if got := pixel(c, x, 0); got[0] != want || got[3] != 255 {
			t.Errorf("x=%d: %v, want red %d", x, got, want)
		}
	}
	if got := pixel(c, 2, 2); got != ([4]byte{}) {
		t.Errorf("below a repeat-x row: %v", got)
	}
}

func TestImageQualityNearest(t *testing.T) {
	img, _ := raster.NewPixmap(2, 1)
	copy(img.Pix, []byte{255, 0, 0, 255, 0, 0, 255, 255})
	src := &memImages{pix: map[string]*raster.Pixmap{"rb": img}}
	for _, q := range []ImageQuality{QualityNearest, QualityDefault} {
		c, _ := New(8, 1, Images(src), ImageSmoothing(q))
		c.DrawImage("rb", 0, 0, 8, 1)
		if err := c.Draw(false); err != nil {
			t.Fatal(err)
		}
		mid := pixel(c, 3, 0)
		if q == QualityNearest && mid != ([4]byte{255, 0, 0, 255}) {
			t.Errorf("nearest: %v", mid)
		}
		if q == QualityDefault && (mid[0] == 255 || mid[2] == 0) {
			t.Errorf("bilinear should blend at x=3: %v", mid)
		}
	}
}

func TestDrawImageExtremes(t *testing.T) {
	c, _ := newImageCtx(t, 20, 20)
	c.DrawImage("red.png", -1e300, -1e300, 2e300, 2e300)
	c.DrawImage("red.png", 0, 0, 1e-300, 1e-300)
	c.DrawImage("red.png", 1e9, 1e9, 1, 1)
	c.DrawImage("red.png", 0, 0, 4, 4, 0, 0, 1e9, 3)
	c.Save()
	c.Scale(0, 1) // singular: nothing
	c.DrawImage("red.png", 0, 0, 10, 10)
	c.Restore()
	c.Save()
	c.Rotate(0.3)
	c.DrawImage("red.png", 0, 0, 4, 4, 0, 0, 1e-7, 1e-7)
	c.Restore()
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	if got := pixel(c, 10, 10); got != ([4]byte{255, 0, 0, 255}) {
		t.Errorf("huge destination: %v", got)
	}
}

// TestConcurrentImageRenders: renders sharing decoded images (and so
// their cached mipmap levels) from many goroutines agree; run with -race.
func TestConcurrentImageRenders(t *testing.T) {
	big := solidImage(300, 200, [4]byte{10, 120, 200, 255})
	for i := 0; i < len(big.Pix); i += 28 {
		big.Pix[i] = byte(i)
	}
	src := &memImages{pix: map[string]*raster.Pixmap{"big": big}}
	// The reference renders a copy, so that the goroutines below build
	// the shared image's mipmap levels concurrently.
	ref := &memImages{pix: map[string]*raster.Pixmap{"big": big.Clone()}}
	render := func(src ImageSource) []byte {
		c, _ := New(60, 40, Images(src))
		c.DrawImage("big", 0, 0, 30, 20) // level 3
		c.DrawImage("big", 30, 0, 15, 10)
		p, _ := c.CreatePattern("big", "repeat")
		c.SetFillStyle(p)
		c.Scale(0.2, 0.2)
		c.FillRect(0, 100, 300, 100)
		if err := c.Draw(false); err != nil {
			t.Error(err)
		}
		return c.pix.Pix
	}
	want := render(ref)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 5; k++ {
				if got := render(src); string(got) != string(want) {
					t.Error("concurrent render differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestPatternText(t *testing.T) {
	c, _ := newImageCtx(t, 80, 30)
	p, _ := c.CreatePattern("red.png", "repeat")
	c.SetFillStyle(p)
	c.SetFontSize(24)
	c.FillText("HH", 5, 25)
	if err := c.Draw(false); err != nil {
		t.Fatal(err)
	}
	red := 0
	for y := 0; y < 30; y++ {
		for x := 0; x < 80; x++ {
			if pixel(c, x, y) == ([4]byte{255, 0, 0, 255}) {
				red++
			}
		}
	}
	if red < 50 {
		t.Errorf("pattern text: %d red pixels", red)
	}
}
