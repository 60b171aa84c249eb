package gradient

import (
	"os"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/raster"
)

func TestZZInner(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	s, _ := NewRadial(0, 0, 0, 0, 0, 1e6, benchStops, raster.Identity)
	r := s.(*radial)
	dst := make([]byte, 4*1024)
	cells := (*[tableSize]uint64)(r.tab[1 : tableSize+1])
	g := concGeom{wx: 100, wy: 200, ux: 1.7, uy: 0}
	best := time.Hour
	for rep := 0; rep < 7; rep++ {
		c0 := cpuTimeZ()
		for i := 0; i < 2000; i++ {
			innerRow(dst, 0, 0, &g, cells, &ditherTab[i&7])
		}
		best = min(best, (cpuTimeZ()-c0)/2000)
	}
	t.Logf("innerRow: %v per 1024 px = %.2f ns/px", best, float64(best.Nanoseconds())/1024)
	lin, _ := NewLinear(0, 0, 1e4, 0, benchStops, raster.Identity)
	best = time.Hour
	for rep := 0; rep < 7; rep++ {
		c0 := cpuTimeZ()
		for i := 0; i < 2000; i++ {
			lin.ShadeSpan(0, i, dst)
		}
		best = min(best, (cpuTimeZ()-c0)/2000)
	}
	t.Logf("linear: %v per 1024 px = %.2f ns/px", best, float64(best.Nanoseconds())/1024)
}
