// Package script runs the drawing JavaScript of a WeChat mini program on
// the server, in an embedded pure-Go engine (goja), and renders what it
// draws.
//
// The script sees the globals a mini program page would give it:
//
//   - wx: createCanvasContext(id) (the legacy CanvasContext: set* methods,
//     recorded calls, draw(reserve, callback)), canvasToTempFilePath,
//     canvasGetImageData, canvasPutImageData, getImageInfo,
//     getSystemInfoSync, createSelectorQuery (the page canvas node) and
//     createOffscreenCanvas;
//   - canvas: the page's <canvas type="2d"> node, and createCanvas(w, h) for
//     an offscreen one: getContext('2d') gives a web-standard context with
//     immediate semantics (properties read back, createImage, toDataURL);
//   - data: the input data (Options.Data), parsed from JSON;
//   - console, setTimeout/clearTimeout (virtual time: callbacks run in
//     order of their delay, without waiting).
//
// Every context method, in both dialects, is bound through the canvas
// package's one method table (canvas.Context.Call), so a method added
// there is available to scripts, scenes and actions at once.
//
// Callbacks (draw's, success/fail/complete, image onload, timers) are
// asynchronous, as in the mini program runtime: they run from a job queue
// drained after the script body. The wx APIs return a Promise when given
// no callback.
//
// Safety: one goja runtime per Run; a wall-clock limit (Limits.Timeout,
// enforced with Interrupt); the canvas limits on recorded commands; caps
// on the strings and arrays builtins may build (String.prototype.repeat,
// padStart, padEnd, concat, Array.prototype.join, fill, the Array and
// typed-array constructors) and a heap watchdog for the rest; no file
// system or network access except through Options.Images. Errors carry the
// script's file:line:column.
package script

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
)

// Options configure Run.
type Options struct {
	// Width and Height are the page canvas's size in logical (CSS)
	// pixels, as the <canvas> element's style gives it; 300×150 when zero.
	Width, Height float64
	// Scale is the device pixel ratio (wx.getSystemInfoSync().pixelRatio);
	// the legacy canvas renders at it. Default 1.
	Scale float64
	// Data is exposed to the script as the global `data`: JSON bytes
	// ([]byte, json.RawMessage, string) are parsed, anything else is
	// marshalled to JSON first. Nil gives an empty object.
	Data any
	// Images loads drawImage, createPattern, createImage and getImageInfo
	// sources (files relative to the script, data: URIs, URLs: whatever
	// the source allows). Nil: no image can be loaded.
	Images canvas.ImageSource
	// Limits bound the run; zero fields take DefaultLimits' values.
	Limits Limits
	// CanvasOptions are passed to every canvas.New (LegacyColors, Fonts,
	// WithLimits, …). PixelRatio is set from Scale.
	CanvasOptions []canvas.Option
	// Context cancels the run (interrupting the script) when done.
	Context context.Context
	// OnCanvas, when set, is called with every canvas the script makes
	// (name: the legacy canvas id, "page canvas", "offscreen canvas N"),
	// as it is made: to inspect what was recorded even when the run fails.
	OnCanvas func(name string, c *canvas.Context)
}

// Limits bound one run.
type Limits struct {
	// Timeout is the wall-clock limit of the whole run: the script body,
	// the callbacks and the renders they trigger. A render in progress
	// finishes before the script is stopped.
	Timeout time.Duration
	// MaxStringLength bounds, in UTF-16 units, the strings that repeat,
	// padStart, padEnd, concat and join may build, and the length the
	// Array and typed-array constructors and fill may allocate.
	MaxStringLength int
	// MaxHeapGrowth stops the run when the Go heap grows by more than this
	// many bytes while it runs (a process-wide backstop for allocations
	// the caps above do not see: strings doubled by +, huge objects).
	MaxHeapGrowth uint64
	// MaxCallStack bounds the JavaScript call depth (runaway recursion).
	MaxCallStack int
	// MaxJobs bounds the callbacks and timers run after the script body.
	MaxJobs int
	// MaxCanvases bounds the canvases and contexts a script may create.
	MaxCanvases int
	// MaxExports bounds canvasToTempFilePath and toDataURL calls.
	MaxExports int
	// MaxSourceBytes bounds the script's size.
	MaxSourceBytes int
}

// DefaultLimits are the limits Run uses for zero fields. The timeout is
// the service ceiling of docs/reliability (5 s); a string of 16 Mi units
// is 32 MiB in goja.
var DefaultLimits = Limits{
	Timeout:         5 * time.Second,
	MaxStringLength: 1 << 24,
	MaxHeapGrowth:   512 << 20,
	MaxCallStack:    1024,
	MaxJobs:         100_000,
	MaxCanvases:     32,
	MaxExports:      32,
	MaxSourceBytes:  4 << 20,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.Timeout > 0 {
		d.Timeout = l.Timeout
	}
	if l.MaxStringLength > 0 {
		d.MaxStringLength = l.MaxStringLength
	}
	if l.MaxHeapGrowth > 0 {
		d.MaxHeapGrowth = l.MaxHeapGrowth
	}
	if l.MaxCallStack > 0 {
		d.MaxCallStack = l.MaxCallStack
	}
	if l.MaxJobs > 0 {
		d.MaxJobs = l.MaxJobs
	}
	if l.MaxCanvases > 0 {
		d.MaxCanvases = l.MaxCanvases
	}
	if l.MaxExports > 0 {
		d.MaxExports = l.MaxExports
	}
	if l.MaxSourceBytes > 0 {
		d.MaxSourceBytes = l.MaxSourceBytes
	}
	return d
}

// Result is what a run produced.
type Result struct {
	// Image is the output: the last canvasToTempFilePath's image when the
	// script exported one, else the page canvas (the first legacy context
	// made, or the 2D page canvas) as it stands at the end. Premultiplied;
	// it may share a canvas's pixels.
	Image *image.RGBA
	// Exports lists every canvasToTempFilePath, in call order.
	Exports []Export
	// Canvas is the context behind Image when no export was made (nil when
	// the script made no canvas).
	Canvas *canvas.Context
	// Draws counts legacy draw() calls.
	Draws int
	// Warnings are what the script should know: draw() never called,
	// commands left after the last draw(), the canvases' own warnings.
	Warnings []string
	// Log is the console output (capped).
	Log []string
	// RenderTime is the time spent rendering (draw, and the 2D canvases'
	// flushes); the rest of a run is the script and the JavaScript layer.
	RenderTime time.Duration
}

// Export is one canvasToTempFilePath: its image (already cropped and
// scaled per the options) and the file type and quality to encode with.
type Export struct {
	TempFilePath string // the path the script was given
	FileType     string // "png" or "jpg"
	Quality      float64
	Image        *image.RGBA
}

// Encode writes the export as its file type.
func (e *Export) Encode(w io.Writer) error {
	if e.FileType == "jpg" {
		q := e.Quality
		if !(q > 0 && q <= 1) {
			q = 1
		}
		return canvas.EncodeJPEG(w, e.Image, q)
	}
	return canvas.EncodePNG(w, e.Image)
}

// Error is a script failure at a place in the script.
type Error struct {
	File         string
	Line, Column int // 1-based; 0 when unknown
	Msg          string
	Err          error // the underlying error (a *canvas.CommandError, ErrTimeout, …), if any
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

var (
	// ErrTimeout: the run took longer than Limits.Timeout.
	ErrTimeout = errors.New("script timed out")
	// ErrLimit: the script went past a limit (string size, heap, jobs,
	// canvases, exports).
	ErrLimit = errors.New("script limit exceeded")
	// ErrCanceled: Options.Context was done.
	ErrCanceled = errors.New("script canceled")
)

// Run runs the script src (named filename in errors) and returns what it
// drew. A script that fails returns a nil Result and an *Error.
func Run(src, filename string, o Options) (*Result, error) {
	r, err := newRunner(filename, o)
	if err != nil {
		return nil, err
	}
	return r.run(src)
}
