package bench

import (
	"encoding/json"
	"image"
	"os"
	"testing"

	"github.com/fogleman/gg"

	"github.com/postercanvas/postercanvas/golden"
)

// polylineScene is S7 read for gg: the polyline's points and the pen. The
// scene is one path of a moveTo and 500 lineTos, stroked with lineWidth 8,
// round joins, butt caps, rgba(30,144,255,0.85). x/image/vector has no
// stroker, so S7 has no vector peer.
type polylineScene struct {
	pts []float64
}

func loadPolyline(tb testing.TB) polylineScene {
	data, err := os.ReadFile(scenePath("s7-polyline-stroke.json"))
	if err != nil {
		tb.Fatal(err)
	}
	// Only the path's numbers matter here; commands with string
	// arguments fail to decode into []float64 and are skipped.
	var loose struct {
		Commands []json.RawMessage `json:"commands"`
	}
	if err := json.Unmarshal(data, &loose); err != nil {
		tb.Fatal(err)
	}
	var ps polylineScene
	for _, c := range loose.Commands {
		var cmd struct {
			Method string    `json:"method"`
			Args   []float64 `json:"args"`
		}
		if json.Unmarshal(c, &cmd) != nil {
			continue
		}
		if cmd.Method == "moveTo" || cmd.Method == "lineTo" {
			ps.pts = append(ps.pts, cmd.Args[0], cmd.Args[1])
		}
	}
	if len(ps.pts) != 2*501 {
		tb.Fatalf("S7: %d points, want 501", len(ps.pts)/2)
	}
	return ps
}

func renderGGPolyline(ps polylineScene) *image.RGBA {
	dc := gg.NewContext(1080, 1920)
	dc.SetRGBA(30.0/255, 144.0/255, 1, 0.85)
	dc.SetLineWidth(8)
	dc.SetLineJoinRound()
	dc.SetLineCapButt()
	dc.MoveTo(ps.pts[0], ps.pts[1])
	for i := 2; i < len(ps.pts); i += 2 {
		dc.LineTo(ps.pts[i], ps.pts[i+1])
	}
	dc.Stroke()
	return dc.Image().(*image.RGBA)
}

func BenchmarkS7PolylineStroke(b *testing.B) {
	ours := loadOurScene(b, "s7-polyline-stroke.json")
	peer := loadPolyline(b)
	b.Run("postercanvas", func(b *testing.B) { benchOurs(b, ours) })
	b.Run("gg", func(b *testing.B) { benchLoop(b, func() { renderGGPolyline(peer) }) })
}

// gg's stroke of S7 must look like ours, so the benchmark compares like
// with like.
func TestPolylinePeerLooksAlike(t *testing.T) {
	ours, err := renderOurs(loadOurScene(t, "s7-polyline-stroke.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := golden.Compare(ours, renderGGPolyline(loadPolyline(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("gg: %s", r)
	if r.PSNR <= 25 || opaqueShare(ours) < 0.01 {
		t.Errorf("gg's S7 differs from ours: %s", r)
	}
}
