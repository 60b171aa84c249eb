//go:build !amd64 || purego

package gradient

const haveAVX2 = false

// vblendSIMD and hblendSIMD have no vector version here.
func vblendSIMD(a, c []byte, v []uint64, vy, wy uint64) int { return 0 }
func hblendSIMD(cols []uint32, v []uint64, dst []byte)      {}
