package golden

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postercanvas/postercanvas/canvas"
)

// TestActionsRoundTrip checks, on the whole corpus and in both colour
// modes, that calls → actions JSON → render gives the same pixels as
// rendering the calls directly.
func TestActionsRoundTrip(t *testing.T) {
	scenes, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, scene := range scenes {
		for _, legacy := range []bool{false, true} {
			name := strings.TrimSuffix(filepath.Base(scene), ".json")
			if legacy {
				name += "/legacy"
			}
			t.Run(name, func(t *testing.T) {
				data, err := os.ReadFile(scene)
				if err != nil {
					t.Fatal(err)
				}
				opts := []canvas.Option{canvas.Images(corpusImages)}
				if legacy {
					opts = append(opts, canvas.LegacyColors())
				}
				direct, err := canvas.Render(data, canvas.RenderOptions{Options: opts})
				if err != nil {
					t.Fatal(err)
				}
				rec, err := direct.Context.Recording()
				if err != nil {
					t.Fatal(err)
				}
				js, err := json.Marshal(rec)
				if err != nil {
					t.Fatal(err)
				}
				replayed, err := canvas.Render(js, canvas.RenderOptions{Options: opts})
				if err != nil {
					t.Fatalf("replaying the actions: %v", err)
				}
				if !bytes.Equal(direct.Context.Image().Pix, replayed.Context.Image().Pix) {
					r, _ := Compare(direct.Context.Image(), replayed.Context.Image())
					t.Errorf("actions round trip changed pixels: %s", r)
				}
			})
		}
	}
}
