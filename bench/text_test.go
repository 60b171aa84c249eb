package bench

import (
	"image/color"
	"os"
	"testing"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"github.com/postercanvas/postercanvas/canvas"
)

// The text scenes: 30 lines of 32 px text on a 1080×1920 canvas over a
// white background.
const (
	sceneT1 = "t1-text-latin.json"
	sceneT2 = "t2-text-mixed.json"
)

// textLine is one fillText of a text scene.
type textLine struct {
	text string
	x, y float64
}

// sceneLines extracts the fillText calls of a text scene for gg.
func sceneLines(tb testing.TB, s *canvas.Scene) []textLine {
	tb.Helper()
	var lines []textLine
	for _, c := range s.Commands {
		if c.Method != "fillText" {
			continue
		}
		t, _ := c.Args[0].(string)
		x, _ := c.Args[1].(float64)
		y, _ := c.Args[2].(float64)
		lines = append(lines, textLine{t, x, y})
	}
	if len(lines) != 30 {
		tb.Fatalf("text scene has %d lines, want 30", len(lines))
	}
	return lines
}

// ggFace opens the face gg draws with, as gg.LoadFontFace does, at 32 px (gg measures in points at
// 72 dpi, so 32 pt is 32 px). gg has no per-character fallback, so the
// mixed scene uses WenQuanYi Micro Hei, which covers both scripts.
func ggFace(tb testing.TB, file string) font.Face {
	tb.Helper()
	data, err := os.ReadFile("../canvas/fonts/embedded/" + file)
	if err != nil {
		tb.Fatal(err)
	}
	// gg.LoadFontFace's own path: freetype's parser (which reads the
	// first face of a collection) and face, at 72 dpi.
	f, err := truetype.Parse(data)
	if err != nil {
		tb.Fatal(err)
	}
	face := truetype.NewFace(f, &truetype.Options{Size: 32, DPI: 72, Hinting: font.HintingNone})
	return face
}

// benchText times a text scene: postercanvas with its glyph and line
// caches warm (the steady state of a service) and cold (emptied before
// every frame), and gg's DrawString (x/image's opentype rasterizer, no
// cache of its own beyond the face's glyph cache).
func benchText(b *testing.B, name, faceFile string) {
	ours := loadOurScene(b, name)
	lines := sceneLines(b, ours)
	face := ggFace(b, faceFile)
	b.Run("postercanvas-warm", func(b *testing.B) { benchOurs(b, ours) })
	b.Run("postercanvas-cold", func(b *testing.B) {
		benchLoop(b, func() {
			canvas.FlushTextCaches()
			ctx, _ := canvas.New(ours.Width, ours.Height)
			_ = canvas.NewSceneRun(ctx).Run(ours)
		})
	})
	b.Run("gg", func(b *testing.B) {
		benchLoop(b, func() {
			dc := gg.NewContext(int(ours.Width), int(ours.Height))
			dc.SetColor(color.White)
			dc.Clear()
			dc.SetFontFace(face)
			dc.SetColor(color.RGBA{0x22, 0x22, 0x22, 0xff})
			for _, l := range lines {
				dc.DrawString(l.text, l.x, l.y)
			}
		})
	})
}

func BenchmarkT1TextLatin(b *testing.B) { benchText(b, sceneT1, "DejaVuSans.ttf") }
func BenchmarkT2TextMixed(b *testing.B) { benchText(b, sceneT2, "wqy-microhei.ttc") }
