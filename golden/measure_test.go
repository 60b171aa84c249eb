package golden

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/postercanvas/postercanvas/canvas"
)

// TestMeasureTextMatchesChromium checks measureText widths against the
// widths Chromium measured for 50 strings (Latin, CJK, mixed; 10–72 px),
// recorded with the oracle in testdata/text/measuretext.json: within
// 0.5 px each.
func TestMeasureTextMatchesChromium(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "text", "measuretext.json"))
	if err != nil {
		t.Fatal(err)
	}
	var table []struct {
		Font  string  `json:"font"`
		Text  string  `json:"text"`
		Width float64 `json:"width"`
	}
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatal(err)
	}
	reg := testFonts(t)
	for _, row := range table {
		c, err := canvas.New(10, 10, canvas.Fonts(reg), canvas.Canvas2D())
		if err != nil {
			t.Fatal(err)
		}
		c.SetFont(row.Font)
		m, err := c.MeasureText(row.Text)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(m.Width-row.Width) > 0.5 {
			t.Errorf("%s %q: width %.3f, Chromium %.3f", row.Font, row.Text, m.Width, row.Width)
		}
	}
}
