package gradient

import (
	"encoding/binary"
	"math"
	"os"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/raster"
)

type kern func(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int

// variant: no sqrt
func vNoSqrt(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	wy2 := float32(float64(g.wy * g.wy))
	ux := g.ux
	bx := g.wx + float64(float64(k0)*ux)
	var rd [8]uint64
	var off [8]float32
	gm, gk := gatherMask, gatherMul
	for i := range rd {
		rd[i] = dd[(x+i)&7]
		off[i] = float32(float64(i) * ux)
	}
	sq := func(wx float32) float32 { return (float32(wx*wx) + wy2) * (1.0 / 8192) }
	at := func(d float32) uint64 { return cells[int(d)&(tableSize-1)] }
	n := len(dst) / 4
	i := 0
	for ; i+8 <= n; i += 8 {
		b := float32(bx + float64(float64(i)*ux))
		d0, d1, d2, d3 := sq(b+off[0]), sq(b+off[1]), sq(b+off[2]), sq(b+off[3])
		d4, d5, d6, d7 := sq(b+off[4]), sq(b+off[5]), sq(b+off[6]), sq(b+off[7])
		c0, c1, c2, c3 := at(d0), at(d1), at(d2), at(d3)
		c4, c5, c6, c7 := at(d4), at(d5), at(d6), at(d7)
		if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
			c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
			break
		}
		d := (*[32]byte)(dst[4*i : 4*i+32])
		binary.LittleEndian.PutUint32(d[0:], gather(c0+rd[0], gm, gk))
		binary.LittleEndian.PutUint32(d[4:], gather(c1+rd[1], gm, gk))
		binary.LittleEndian.PutUint32(d[8:], gather(c2+rd[2], gm, gk))
		binary.LittleEndian.PutUint32(d[12:], gather(c3+rd[3], gm, gk))
		binary.LittleEndian.PutUint32(d[16:], gather(c4+rd[4], gm, gk))
		binary.LittleEndian.PutUint32(d[20:], gather(c5+rd[5], gm, gk))
		binary.LittleEndian.PutUint32(d[24:], gather(c6+rd[6], gm, gk))
		binary.LittleEndian.PutUint32(d[28:], gather(c7+rd[7], gm, gk))
	}
	return i
}

// variant: magic int
func vMagic(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	wy2 := float32(float64(g.wy * g.wy))
	ux := g.ux
	bx := g.wx + float64(float64(k0)*ux)
	var rd [8]uint64
	var off [8]float32
	gm, gk := gatherMask, gatherMul
	for i := range rd {
		rd[i] = dd[(x+i)&7]
		off[i] = float32(float64(i) * ux)
	}
	sq := func(wx float32) float32 { return (float32(wx*wx) + wy2) * (1.0 / 8192) }
	at := func(d float32) uint64 { return cells[math.Float32bits(d+8388608)&(tableSize-1)] }
	n := len(dst) / 4
	i := 0
	for ; i+8 <= n; i += 8 {
		b := float32(bx + float64(float64(i)*ux))
		d0, d1, d2, d3 := sq(b+off[0]), sq(b+off[1]), sq(b+off[2]), sq(b+off[3])
		d4, d5, d6, d7 := sq(b+off[4]), sq(b+off[5]), sq(b+off[6]), sq(b+off[7])
		c0, c1, c2, c3 := at(d0), at(d1), at(d2), at(d3)
		c4, c5, c6, c7 := at(d4), at(d5), at(d6), at(d7)
		if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
			c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
			break
		}
		d := (*[32]byte)(dst[4*i : 4*i+32])
		binary.LittleEndian.PutUint32(d[0:], gather(c0+rd[0], gm, gk))
		binary.LittleEndian.PutUint32(d[4:], gather(c1+rd[1], gm, gk))
		binary.LittleEndian.PutUint32(d[8:], gather(c2+rd[2], gm, gk))
		binary.LittleEndian.PutUint32(d[12:], gather(c3+rd[3], gm, gk))
		binary.LittleEndian.PutUint32(d[16:], gather(c4+rd[4], gm, gk))
		binary.LittleEndian.PutUint32(d[20:], gather(c5+rd[5], gm, gk))
		binary.LittleEndian.PutUint32(d[24:], gather(c6+rd[6], gm, gk))
		binary.LittleEndian.PutUint32(d[28:], gather(c7+rd[7], gm, gk))
	}
	return i
}

// variant: no conversion (bits)
func vNoCvt(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	wy2 := float32(float64(g.wy * g.wy))
	ux := g.ux
	bx := g.wx + float64(float64(k0)*ux)
	var rd [8]uint64
	var off [8]float32
	gm, gk := gatherMask, gatherMul
	for i := range rd {
		rd[i] = dd[(x+i)&7]
		off[i] = float32(float64(i) * ux)
	}
	sq := func(wx float32) float32 { return (float32(wx*wx) + wy2) * (1.0 / 8192) }
	at := func(d float32) uint64 { return cells[math.Float32bits(d)&(tableSize-1)] }
	n := len(dst) / 4
	i := 0
	for ; i+8 <= n; i += 8 {
		b := float32(bx + float64(float64(i)*ux))
		d0, d1, d2, d3 := sq(b+off[0]), sq(b+off[1]), sq(b+off[2]), sq(b+off[3])
		d4, d5, d6, d7 := sq(b+off[4]), sq(b+off[5]), sq(b+off[6]), sq(b+off[7])
		c0, c1, c2, c3 := at(d0), at(d1), at(d2), at(d3)
		c4, c5, c6, c7 := at(d4), at(d5), at(d6), at(d7)
		if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
			c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
			break
		}
		d := (*[32]byte)(dst[4*i : 4*i+32])
		binary.LittleEndian.PutUint32(d[0:], gather(c0+rd[0], gm, gk))
		binary.LittleEndian.PutUint32(d[4:], gather(c1+rd[1], gm, gk))
		binary.LittleEndian.PutUint32(d[8:], gather(c2+rd[2], gm, gk))
		binary.LittleEndian.PutUint32(d[12:], gather(c3+rd[3], gm, gk))
		binary.LittleEndian.PutUint32(d[16:], gather(c4+rd[4], gm, gk))
		binary.LittleEndian.PutUint32(d[20:], gather(c5+rd[5], gm, gk))
		binary.LittleEndian.PutUint32(d[24:], gather(c6+rd[6], gm, gk))
		binary.LittleEndian.PutUint32(d[28:], gather(c7+rd[7], gm, gk))
	}
	return i
}

// variant: two passes
func vTwoPass(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	wy2 := float32(float64(g.wy * g.wy))
	ux := g.ux
	bx := g.wx + float64(float64(k0)*ux)
	var rd [8]uint64
	var off [8]float32
	gm, gk := gatherMask, gatherMul
	for i := range rd {
		rd[i] = dd[(x+i)&7]
		off[i] = float32(float64(i) * ux)
	}
	var idx [256]uint16
	n := len(dst) / 4
	done := 0
	for done+8 <= n {
		m := min(n-done, 256) &^ 7
		b64 := bx + float64(float64(done)*ux)
		for i := 0; i < m; i += 8 {
			b := float32(b64)
			b64 += 8 * ux
			p := (*[8]uint16)(idx[i : i+8])
			p[0] = uint16(int(float32(math.Sqrt(float64(float32((b+off[0])*(b+off[0])) + wy2)))))
			p[1] = uint16(int(float32(math.Sqrt(float64(float32((b+off[1])*(b+off[1])) + wy2)))))
			p[2] = uint16(int(float32(math.Sqrt(float64(float32((b+off[2])*(b+off[2])) + wy2)))))
			p[3] = uint16(int(float32(math.Sqrt(float64(float32((b+off[3])*(b+off[3])) + wy2)))))
			p[4] = uint16(int(float32(math.Sqrt(float64(float32((b+off[4])*(b+off[4])) + wy2)))))
			p[5] = uint16(int(float32(math.Sqrt(float64(float32((b+off[5])*(b+off[5])) + wy2)))))
			p[6] = uint16(int(float32(math.Sqrt(float64(float32((b+off[6])*(b+off[6])) + wy2)))))
			p[7] = uint16(int(float32(math.Sqrt(float64(float32((b+off[7])*(b+off[7])) + wy2)))))
		}
		out := dst[4*done : 4*(done+m)]
		for i := 0; i < m; i += 8 {
			p := (*[8]uint16)(idx[i : i+8])
			c0, c1, c2, c3 := cells[p[0]&(tableSize-1)], cells[p[1]&(tableSize-1)], cells[p[2]&(tableSize-1)], cells[p[3]&(tableSize-1)]
			c4, c5, c6, c7 := cells[p[4]&(tableSize-1)], cells[p[5]&(tableSize-1)], cells[p[6]&(tableSize-1)], cells[p[7]&(tableSize-1)]
			if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
				c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
				return done + i
			}
			d := (*[32]byte)(out[4*i : 4*i+32])
			binary.LittleEndian.PutUint32(d[0:], gather(c0+rd[0], gm, gk))
			binary.LittleEndian.PutUint32(d[4:], gather(c1+rd[1], gm, gk))
			binary.LittleEndian.PutUint32(d[8:], gather(c2+rd[2], gm, gk))
			binary.LittleEndian.PutUint32(d[12:], gather(c3+rd[3], gm, gk))
			binary.LittleEndian.PutUint32(d[16:], gather(c4+rd[4], gm, gk))
			binary.LittleEndian.PutUint32(d[20:], gather(c5+rd[5], gm, gk))
			binary.LittleEndian.PutUint32(d[24:], gather(c6+rd[6], gm, gk))
			binary.LittleEndian.PutUint32(d[28:], gather(c7+rd[7], gm, gk))
		}
		done += m
	}
	return done
}

// variant: no float at all: index from i
func vNoFloat(dst []byte, x, k0 int, g *concGeom, cells *[tableSize]uint64, dd *[8]uint64) int {
	var rd [8]uint64
	gm, gk := gatherMask, gatherMul
	for i := range rd {
		rd[i] = dd[(x+i)&7]
	}
	at := func(d int) uint64 { return cells[d&(tableSize-1)] }
	n := len(dst) / 4
	i := 0
	for ; i+8 <= n; i += 8 {
		b := i * 5
		c0, c1, c2, c3 := at(b), at(b+5), at(b+10), at(b+15)
		c4, c5, c6, c7 := at(b+20), at(b+25), at(b+30), at(b+35)
		if c0 == exactCell || c1 == exactCell || c2 == exactCell || c3 == exactCell ||
			c4 == exactCell || c5 == exactCell || c6 == exactCell || c7 == exactCell {
			break
		}
		d := (*[32]byte)(dst[4*i : 4*i+32])
		binary.LittleEndian.PutUint32(d[0:], gather(c0+rd[0], gm, gk))
		binary.LittleEndian.PutUint32(d[4:], gather(c1+rd[1], gm, gk))
		binary.LittleEndian.PutUint32(d[8:], gather(c2+rd[2], gm, gk))
		binary.LittleEndian.PutUint32(d[12:], gather(c3+rd[3], gm, gk))
		binary.LittleEndian.PutUint32(d[16:], gather(c4+rd[4], gm, gk))
		binary.LittleEndian.PutUint32(d[20:], gather(c5+rd[5], gm, gk))
		binary.LittleEndian.PutUint32(d[24:], gather(c6+rd[6], gm, gk))
		binary.LittleEndian.PutUint32(d[28:], gather(c7+rd[7], gm, gk))
	}
	_ = math.Sqrt
	return i
}

func TestZZVariants(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	s, _ := NewRadial(0, 0, 0, 0, 0, 1e6, benchStops, raster.Identity)
	r := s.(*radial)
	dst := make([]byte, 4*1024)
	cells := (*[tableSize]uint64)(r.tab[1 : tableSize+1])
	g := concGeom{wx: -511.5 * 1.7, wy: 200, ux: 1.7, uy: 0}
	vs := []struct {
		n string
		f kern
	}{{"innerRow", innerRow}, {"sym", innerRowSym}, {"noSqrt", vNoSqrt}, {"noFloat", vNoFloat}, {"magic", vMagic}, {"noCvt", vNoCvt}, {"twoPass", vTwoPass}}
	best := make([]time.Duration, len(vs))
	for i := range best {
		best[i] = time.Hour
	}
	for rep := 0; rep < 9; rep++ {
		for vi, v := range vs {
			c0 := cpuTimeZ()
			for i := 0; i < 3000; i++ {
				v.f(dst, 0, 0, &g, cells, &ditherTab[i&7])
			}
			best[vi] = min(best[vi], (cpuTimeZ()-c0)/3000)
		}
	}
	for vi, v := range vs {
		t.Logf("%-10s %.2f ns/px", v.n, float64(best[vi].Nanoseconds())/1024)
	}
}
