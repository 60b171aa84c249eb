package bench

import (
	"context"
	"fmt"
	"image"
	"image/draw"
	"os"
	"path/filepath"
	"sync"
	"testing"

	xdraw "golang.org/x/image/draw"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/golden"
	"github.com/postercanvas/postercanvas/raster"
)

// Image scenes: a 1200×900 JPEG scaled into 1000×750, and a 400×400
// avatar drawn at 200×200 in a round clip.
const (
	sceneI1 = "i1-photo-scaled.json"
	sceneI2 = "i2-avatar-round.json"
)

// decodeAsset decodes an asset of scenes/assets into premultiplied RGBA.
func decodeAsset(tb testing.TB, name string) *image.RGBA {
	tb.Helper()
	f, err := os.Open(filepath.Join("scenes", "assets", name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	m, _, err := image.Decode(f)
	if err != nil {
		tb.Fatal(err)
	}
	r := image.NewRGBA(image.Rect(0, 0, m.Bounds().Dx(), m.Bounds().Dy()))
	draw.Draw(r, r.Rect, m, m.Bounds().Min, draw.Src)
	return r
}

// assetImages serves decoded assets, decoding each once (a service's
// image cache): the timed frames draw, they do not decode.
type assetImages struct {
	tb  testing.TB
	mu  sync.Mutex
	pix map[string]*raster.Pixmap
}

func (a *assetImages) LoadImage(_ context.Context, src string) (*raster.Pixmap, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if p, ok := a.pix[src]; ok {
		return p, nil
	}
	if filepath.Dir(src) != "assets" {
		return nil, fmt.Errorf("unexpected image %q", src)
	}
	p := raster.FromImage(decodeAsset(a.tb, filepath.Base(src)))
	a.pix[src] = p
	return p, nil
}

func renderWithImages(tb testing.TB, s *canvas.Scene, imgs canvas.ImageSource) *image.RGBA {
	ctx, err := canvas.New(s.Width, s.Height, canvas.Images(imgs))
	if err != nil {
		tb.Fatal(err)
	}
	if err := canvas.NewSceneRun(ctx).Run(s); err != nil {
		tb.Fatal(err)
	}
	return ctx.Image()
}

func benchImageScene(b *testing.B, name string) {
	s := loadOurScene(b, name)
	imgs := &assetImages{tb: b, pix: map[string]*raster.Pixmap{}}
	renderWithImages(b, s, imgs) // decode outside the timing
	b.ResetTimer()
	for b.Loop() {
		renderWithImages(b, s, imgs)
	}
}

// BenchmarkImageI1 renders i1: the decoded photo scaled into a fresh
// 1000×750 canvas.
func BenchmarkImageI1(b *testing.B) { benchImageScene(b, sceneI1) }

// BenchmarkImageI1XDraw is the same picture with x/image/draw's
// ApproxBiLinear scaler into a fresh canvas.
func BenchmarkImageI1XDraw(b *testing.B) {
	photo := decodeAsset(b, "photo.jpg")
	b.ResetTimer()
	for b.Loop() {
		dst := image.NewRGBA(image.Rect(0, 0, 1000, 750))
		xdraw.ApproxBiLinear.Scale(dst, dst.Rect, photo, photo.Rect, xdraw.Over, nil)
	}
}

// BenchmarkImageI2 renders i2: a 400→200 avatar in a round clip.
func BenchmarkImageI2(b *testing.B) { benchImageScene(b, sceneI2) }

// BenchmarkImageDecodeJPEG times the decode of i1's photo (1200×900) to
// premultiplied RGBA, reported apart from drawing.
func BenchmarkImageDecodeJPEG(b *testing.B) {
	for b.Loop() {
		decodeAsset(b, "photo.jpg")
	}
}

// TestImageScenesLookAlike: our i1 and x/image/draw's picture agree (so
// neither times a blank canvas), and i2 is drawn.
func TestImageScenesLookAlike(t *testing.T) {
	imgs := &assetImages{tb: t, pix: map[string]*raster.Pixmap{}}
	ours := renderWithImages(t, loadOurScene(t, sceneI1), imgs)
	photo := decodeAsset(t, "photo.jpg")
	peer := image.NewRGBA(image.Rect(0, 0, 1000, 750))
	xdraw.ApproxBiLinear.Scale(peer, peer.Rect, photo, photo.Rect, xdraw.Over, nil)
	r, err := golden.Compare(ours, peer)
	if err != nil {
		t.Fatal(err)
	}
	if r.PSNR < 30 {
		t.Errorf("i1 against x/image/draw: %s", r)
	}
	av := renderWithImages(t, loadOurScene(t, sceneI2), imgs)
	if c := av.RGBAAt(120, 120); c == av.RGBAAt(5, 5) {
		t.Errorf("i2: the avatar's centre %v is the background", c)
	}
}
