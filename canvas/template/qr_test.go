package template

import (
	"fmt"
	"image"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQR reads a QR code from an image with an independent reader
// (a port of ZXing), not the encoder that drew it.
func decodeQR(t *testing.T, m image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(m)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: false})
	if err != nil {
		t.Fatalf("QR not decoded: %v", err)
	}
	return res.GetText()
}

func TestQRDecodesAtPixelRatios(t *testing.T) {
	content := "https://example.com/poster?id=42&from=模板"
	for _, level := range []string{"L", "M", "Q", "H"} {
		for _, ratio := range []float64{1, 3, 1.5} {
			t.Run(fmt.Sprintf("%s@%gx", level, ratio), func(t *testing.T) {
				// A fractional position and size: modules must still
				// land on whole device pixels.
				tmpl := fmt.Sprintf(`{"width": 240, "height": 240, "pixelRatio": %g, "background": "#fff", "elements": [
					{"type": "qrcode", "left": 20.3, "top": 19.7, "size": 190.5, "content": "{{url}}", "level": %q, "color": "#123", "background": "#fefefe", "quietZone": 4}]}`, ratio, level)
				c := compileT(t, tmpl, fmt.Sprintf(`{"url": %q}`, content), Options{})
				ctx, err := Render(c)
				if err != nil {
					t.Fatal(err)
				}
				img := ctx.Image()
				if got := decodeQR(t, img); got != content {
					t.Fatalf("decoded %q, want %q", got, content)
				}
				// Crisp: inside the code every pixel is one of the two
				// colours, no antialiased grey.
				x0, y0 := int(20.3*ratio)+1, int(19.7*ratio)+1
				x1, y1 := int((20.3+190.5)*ratio)-1, int((19.7+190.5)*ratio)-1
				fg, bg := [3]uint8{0x11, 0x22, 0x33}, [3]uint8{0xfe, 0xfe, 0xfe}
				bad := 0
				for y := y0; y < y1; y++ {
					for x := x0; x < x1; x++ {
						o := img.PixOffset(x, y)
						p := [3]uint8{img.Pix[o], img.Pix[o+1], img.Pix[o+2]}
						if p != fg && p != bg {
							bad++
						}
					}
				}
				if bad > 0 {
					t.Errorf("%d pixels inside the QR code are neither colour (modules not on device pixels)", bad)
				}
			})
		}
	}
}

func TestQRModulesAreWholeDevicePixels(t *testing.T) {
	c := compileT(t, `{"width": 200, "height": 200, "elements": [{"type": "qrcode", "left": 10.25, "top": 10, "size": 101, "content": "hello", "quietZone": 1}]}`, "", Options{PixelRatio: 2})
	rects := calls(c, "rect")
	if len(rects) == 0 {
		t.Fatal("no modules")
	}
	for _, r := range rects {
		for _, a := range r.Args {
			if f := a.(float64); f != float64(int(f)) {
				t.Fatalf("module rect %v not on whole device pixels", r.Args)
			}
		}
	}
	if s := calls(c, "scale"); len(s) != 1 || s[0].Args[0] != 0.5 {
		t.Errorf("modules not drawn in device space: %v", s)
	}
	// Version 1 (21 modules) + 2 quiet = 23; 202 device px → 8 px modules.
	if w := rects[0].Args[3].(float64); w != 8 {
		t.Errorf("module size %v device px, want 8", w)
	}
}
