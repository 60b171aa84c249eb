package raster

// Color is a premultiplied 8-bit RGBA colour: R, G, B ≤ A.
type Color struct{ R, G, B, A uint8 }

// Shader produces the colours of a paint, one horizontal span at a time.
// Implementations live in package gradient; raster only calls them.
type Shader interface {
	// ShadeSpan writes the premultiplied RGBA colours of the device pixels
	// (x, y) … (x+n-1, y), n = len(dst)/4, sampled at pixel centres
	// (x+0.5, y+0.5), into dst.
	ShadeSpan(x, y int, dst []byte)
	// Opaque reports whether every colour ShadeSpan writes has alpha 255.
	Opaque() bool
}

// Op is a compositing operator: the Porter-Duff operators and blend modes
// of HTML's globalCompositeOperation (W3C Compositing and Blending Level 1).
// The zero value is source-over. Names and formulas are in composite.go.
type Op uint8

const (
	// OpSourceOver draws the source over the destination.
	OpSourceOver Op = iota
	// OpDestinationOut erases the destination by the source's alpha
	// (clearRect is OpDestinationOut with an opaque source).
	OpDestinationOut
	OpSourceIn
	OpSourceOut
	OpSourceAtop
	OpDestinationOver
	OpDestinationIn
	OpDestinationAtop
	OpLighter
	OpCopy
	OpXor
	OpMultiply
	OpScreen
	OpOverlay
	OpDarken
	OpLighten
	OpColorDodge
	OpColorBurn
	OpHardLight
	OpSoftLight
	OpDifference
	OpExclusion
	OpHue
	OpSaturation
	OpColor
	OpLuminosity
	numOps
)

// Paint describes what a fill puts down.
type Paint struct {
	// Shader paints the shape; nil paints Color.
	Shader Shader
	// Color is the premultiplied solid colour used when Shader is nil.
	Color Color
	// Alpha multiplies the paint (globalAlpha), in [0, 1].
	Alpha float64
	// Op is the compositing operator.
	Op Op
	// Aliased turns anti-aliasing off: a pixel is covered when more than
	// half of it is, which for axis-aligned edges is Skia's non-AA rule
	// (edges rounded to the nearest pixel boundary, halves rounding up).
	// Chromium's clearRect draws this way.
	Aliased bool
}
