//go:build !amd64 || purego

package raster

const haveAVX2 = false

// overConstSIMD has no vector version here: everything goes to
// overConstGo.
func overConstSIMD(d []byte, c Color) int { return 0 }

// overMaskSIMD has no vector version here: maskNoClip does every pixel.
func overMaskSIMD(d []byte, m []uint8, c Color) int { return 0 }
