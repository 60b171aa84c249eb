package script

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math"
	"path"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/raster"
)

// canvas2D is a <canvas type="2d"> node or an offscreen canvas. Its
// context records, and flushes (canvas.Context.Flush) whenever pixels are
// observed: toDataURL, getImageData, export, drawing it onto another
// canvas, the end of the run. The state carries over, so the script sees
// a web canvas's immediate semantics.
type canvas2D struct {
	r      *runner
	name   string
	w, h   float64 // canvas.width/height as the script sees them
	ratio  float64 // device pixels per unit of w, h
	ctx    *canvas.Context
	obj    *goja.Object
	ctxObj *goja.Object
	b      *binding
	shots  int // snapshots taken (drawn onto other canvases)
}

func (r *runner) pageCanvas() *canvas2D {
	if r.page == nil {
		r.page = r.newCanvas2D("page canvas", r.o.Width, r.o.Height, r.o.Scale)
	}
	return r.page
}

// newOffscreen makes createCanvas(w, h) / wx.createOffscreenCanvas.
func (r *runner) newOffscreen(wv, hv goja.Value) *canvas2D {
	w, h := 300.0, 150.0
	if !goja.IsUndefined(wv) {
		w = math.Floor(wv.ToFloat())
	}
	if !goja.IsUndefined(hv) {
		h = math.Floor(hv.ToFloat())
	}
	return r.newCanvas2D(fmt.Sprintf("offscreen canvas %d", r.canvases+1), w, h, 1)
}

func (r *runner) newCanvas2D(name string, w, h, ratio float64) *canvas2D {
	if r.canvases >= r.lim.MaxCanvases {
		r.fail(fmt.Errorf("%w: more than %d canvases", ErrLimit, r.lim.MaxCanvases))
		panic(r.vm.NewGoError(ErrLimit))
	}
	r.canvases++
	cv := &canvas2D{r: r, name: name, w: w, h: h, ratio: ratio}
	cv.b = &binding{r: r, name: name, dialect2D: true, get: cv.context, maxCalls: canvas.DefaultLimits.MaxCommands}
	vm := r.vm
	obj := vm.NewObject()
	r.wrapped[obj] = cv
	size := func(field *float64) (goja.Value, goja.Value) {
		get := vm.ToValue(func(goja.FunctionCall) goja.Value { return vm.ToValue(*field) })
		set := vm.ToValue(func(call goja.FunctionCall) goja.Value {
			v := call.Argument(0).ToFloat()
			if !(v >= 0) || math.IsInf(v, 0) {
				v = 0
			}
			// HTML: setting width or height resets the canvas; the
			// backing store is then exactly what was set.
			*field = math.Floor(v)
			cv.ratio = 1
			cv.ctx = nil
			return goja.Undefined()
		})
		return get, set
	}
	g, s := size(&cv.w)
	_ = obj.DefineAccessorProperty("width", g, s, goja.FLAG_TRUE, goja.FLAG_TRUE)
	g, s = size(&cv.h)
	_ = obj.DefineAccessorProperty("height", g, s, goja.FLAG_TRUE, goja.FLAG_TRUE)
	_ = obj.Set("getContext", func(call goja.FunctionCall) goja.Value {
		if kind := call.Argument(0).String(); kind != "2d" {
			if kind == "webgl" || kind == "webgl2" {
				return goja.Null()
			}
			r.throw("TypeError", "getContext(%q): only '2d' is supported", kind)
		}
		return cv.contextObject()
	})
	_ = obj.Set("createImage", func(goja.FunctionCall) goja.Value { return r.newImage() })
	_ = obj.Set("toDataURL", cv.toDataURL)
	_ = obj.Set("requestAnimationFrame", func(call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			r.throw("TypeError", "requestAnimationFrame: want a function")
		}
		return vm.ToValue(r.callLater(16, fn, vm.ToValue(r.now+16)))
	})
	_ = obj.Set("cancelAnimationFrame", func(call goja.FunctionCall) goja.Value {
		r.cancelJob(int(call.Argument(0).ToInteger()))
		return goja.Undefined()
	})
	cv.obj = obj
	return cv
}

// context returns the canvas.Context, making it after a resize.
func (cv *canvas2D) context() (*canvas.Context, error) {
	if cv.ctx != nil {
		return cv.ctx, nil
	}
	if cv.w < 1 || cv.h < 1 {
		return nil, fmt.Errorf("%s is %v×%v: a canvas needs at least one pixel", cv.name, cv.w, cv.h)
	}
	c, err := canvas.New(cv.w, cv.h, cv.r.canvasOptions(cv.ratio, true)...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cv.name, err)
	}
	cv.ctx = c
	cv.b.maxCalls = c.Limits().MaxCommands
	if cv.r.o.OnCanvas != nil {
		cv.r.o.OnCanvas(cv.name, c)
	}
	return c, nil
}

// flush renders what was recorded; the error names the script line.
func (cv *canvas2D) flush() error {
	c, err := cv.context()
	if err != nil {
		return &Error{File: cv.r.file, Msg: err.Error(), Err: err}
	}
	t0 := time.Now()
	err = c.Flush()
	cv.r.rendering += time.Since(t0)
	if err != nil {
		return cv.b.renderError(err)
	}
	return nil
}

// mustFlush flushes from inside a native call, stopping the script on a
// render error.
func (cv *canvas2D) mustFlush() bool {
	if err := cv.flush(); err != nil {
		cv.r.stop(err)
		return false
	}
	return true
}

// snapshot flushes the canvas and registers a copy of its pixels as an
// image the other canvases can draw.
func (cv *canvas2D) snapshot() (string, error) {
	if err := cv.flush(); err != nil {
		return "", err
	}
	cv.shots++
	name := fmt.Sprintf("canvas:%p/%d", cv, cv.shots)
	src := cv.ctx.Pixmap()
	cp := &raster.Pixmap{Width: src.Width, Height: src.Height, Stride: src.Stride, Pix: bytes.Clone(src.Pix)}
	cv.r.images.put(name, cp)
	return name, nil
}

func (cv *canvas2D) toDataURL(call goja.FunctionCall) goja.Value {
	r := cv.r
	if !r.countExport() || !cv.mustFlush() {
		return goja.Undefined()
	}
	o := canvas.ExportOptions{FileType: "png"}
	mime := "image/png"
	if t := strings.ToLower(call.Argument(0).String()); t == "image/jpeg" || t == "image/jpg" {
		o.FileType, mime = "jpg", "image/jpeg"
		o.Quality = 0.92
		if q := call.Argument(1); !goja.IsUndefined(q) {
			if f := q.ToFloat(); f > 0 && f <= 1 {
				o.Quality = f
			}
		}
	}
	var buf bytes.Buffer
	if err := cv.ctx.Export(&buf, o); err != nil {
		r.throw("Error", "toDataURL: %v", err)
	}
	return r.vm.ToValue("data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
}

// contextObject returns the canvas's CanvasRenderingContext2D.
func (cv *canvas2D) contextObject() *goja.Object {
	if cv.ctxObj != nil {
		return cv.ctxObj
	}
	r, vm := cv.r, cv.r.vm
	obj := vm.NewObject()
	for _, name := range canvas.MethodNames(true) {
		_ = obj.Set(name, cv.b.method(name))
	}
	for _, name := range canvas.PropertyNames() {
		name := name
		get := vm.ToValue(func(goja.FunctionCall) goja.Value {
			c, err := cv.context()
			if err != nil {
				r.throw("Error", "%v", err)
			}
			v, _ := c.Property(name)
			switch x := v.(type) {
			case *canvas.Gradient, *canvas.Pattern:
				for o, w := range r.wrapped {
					if w == x {
						return o
					}
				}
			}
			return vm.ToValue(v)
		})
		_ = obj.DefineAccessorProperty(name, get, vm.ToValue(cv.b.setter(name)), goja.FLAG_TRUE, goja.FLAG_TRUE)
	}
	_ = obj.Set("canvas", cv.obj)
	_ = obj.Set("createImageData", func(call goja.FunctionCall) goja.Value {
		w, h := call.Argument(0), call.Argument(1)
		if o, ok := w.(*goja.Object); ok && goja.IsUndefined(h) {
			w, h = o.Get("width"), o.Get("height")
		}
		iw, ih := int(math.Abs(w.ToFloat())), int(math.Abs(h.ToFloat()))
		if iw < 1 || ih < 1 || iw*ih > 1<<26 {
			r.throw("RangeError", "createImageData: bad size %v×%v", w, h)
		}
		return r.imageData(iw, ih, make([]byte, 4*iw*ih), 4*iw)
	})
	// Pixel access goes through the method table too; the canvas is
	// flushed first so the pixels are the ones drawn so far.
	getImageData := cv.b.method("getImageData")
	_ = obj.Set("getImageData", func(call goja.FunctionCall) goja.Value {
		if !canvas.HasMethod("getImageData") {
			r.throw("Error", "ctx.getImageData is not available in this build (the canvas package has no getImageData method)")
		}
		if !cv.mustFlush() {
			return goja.Undefined()
		}
		return getImageData(call)
	})
	putImageData := cv.b.method("putImageData")
	_ = obj.Set("putImageData", func(call goja.FunctionCall) goja.Value {
		if !canvas.HasMethod("putImageData") {
			r.throw("Error", "ctx.putImageData is not available in this build (the canvas package has no putImageData method)")
		}
		d, ok := call.Argument(0).(*goja.Object)
		if !ok {
			r.throw("TypeError", "putImageData: argument 1 must be an ImageData")
		}
		m, err := r.nrgbaFrom(d.Get("data"), int(d.Get("width").ToInteger()), int(d.Get("height").ToInteger()))
		if err != nil {
			r.throw("TypeError", "putImageData: %v", err)
		}
		if !cv.mustFlush() {
			return goja.Undefined()
		}
		args := append([]goja.Value{vm.ToValue(m)}, call.Arguments[1:]...)
		v := putImageData(goja.FunctionCall{This: call.This, Arguments: args})
		cv.mustFlush()
		return v
	})
	cv.ctxObj = obj
	return obj
}

// jsImage is canvas.createImage(): setting src loads it (asynchronously,
// through the image source) and calls onload or onerror.
type jsImage struct {
	src           string
	width, height int
	complete      bool
}

func (r *runner) newImage() goja.Value {
	vm := r.vm
	img := &jsImage{}
	obj := vm.NewObject()
	r.wrapped[obj] = img
	_ = obj.Set("onload", goja.Null())
	_ = obj.Set("onerror", goja.Null())
	num := func(p *int) goja.Value {
		return vm.ToValue(func(goja.FunctionCall) goja.Value { return vm.ToValue(*p) })
	}
	_ = obj.DefineAccessorProperty("width", num(&img.width), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
	_ = obj.DefineAccessorProperty("height", num(&img.height), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
	_ = obj.DefineAccessorProperty("naturalWidth", num(&img.width), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
	_ = obj.DefineAccessorProperty("naturalHeight", num(&img.height), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
	_ = obj.DefineAccessorProperty("complete", vm.ToValue(func(goja.FunctionCall) goja.Value { return vm.ToValue(img.complete) }), nil, goja.FLAG_TRUE, goja.FLAG_TRUE)
	_ = obj.DefineAccessorProperty("src",
		vm.ToValue(func(goja.FunctionCall) goja.Value { return vm.ToValue(img.src) }),
		vm.ToValue(func(call goja.FunctionCall) goja.Value {
			img.src = call.Argument(0).String()
			img.complete = false
			src := img.src
			r.enqueue(0, "image load", func() error {
				p, err := r.images.LoadImage(r.o.Context, src)
				if img.src != src {
					return nil // replaced before it loaded
				}
				img.complete = true
				handler := "onload"
				var arg goja.Value = vm.NewObject()
				if err != nil {
					handler = "onerror"
					e := vm.NewObject()
					_ = e.Set("errMsg", err.Error())
					_ = e.Set("message", err.Error())
					arg = e
					r.warns = append(r.warns, fmt.Sprintf("createImage: %q did not load: %v", path.Base(src), err))
				} else {
					img.width, img.height = p.Width, p.Height
				}
				if fn, ok := goja.AssertFunction(obj.Get(handler)); ok {
					_, err := fn(obj, arg)
					return err
				}
				return nil
			})
			return goja.Undefined()
		}), goja.FLAG_TRUE, goja.FLAG_TRUE)
	return obj
}
