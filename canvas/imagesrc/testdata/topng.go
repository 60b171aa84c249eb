//go:build ignore

// topng converts chromium-decode.mjs's raw output (w, h as little-endian uint32, then
// unpremultiplied RGBA as getImageData returns it) to an NRGBA PNG.
//
//	go run topng.go IN.rgba OUT.png
package main

import (
	"encoding/binary"
	"image"
	"image/png"
	"os"
)

func main() {
	b, _ := os.ReadFile(os.Args[1])
	w, h := int(binary.LittleEndian.Uint32(b)), int(binary.LittleEndian.Uint32(b[4:]))
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	copy(m.Pix, b[8:])
	f, _ := os.Create(os.Args[2])
	png.Encode(f, m)
	f.Close()
}
