package script

import (
	"fmt"
	"image"
	"math"
	"path"
	"strings"

	"github.com/dop251/goja"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/raster"
)

// wxObject makes the global wx.
func (r *runner) wxObject() *goja.Object {
	vm := r.vm
	wx := vm.NewObject()
	_ = wx.Set("createCanvasContext", func(call goja.FunctionCall) goja.Value {
		id := call.Argument(0)
		if goja.IsUndefined(id) {
			r.throw("TypeError", "wx.createCanvasContext: canvasId is required")
		}
		lc := r.legacyContext(id.String())
		if lc == nil {
			return goja.Undefined()
		}
		return lc.obj
	})
	_ = wx.Set("canvasToTempFilePath", r.canvasToTempFilePath)
	_ = wx.Set("canvasGetImageData", r.canvasGetImageData)
	_ = wx.Set("canvasPutImageData", r.canvasPutImageData)
	_ = wx.Set("getImageInfo", func(call goja.FunctionCall) goja.Value {
		return r.loadAPI("getImageInfo", "src", call)
	})
	_ = wx.Set("downloadFile", func(call goja.FunctionCall) goja.Value {
		return r.loadAPI("downloadFile", "url", call)
	})
	info := func() *goja.Object {
		o := vm.NewObject()
		_ = o.Set("pixelRatio", r.o.Scale)
		_ = o.Set("windowWidth", r.o.Width)
		_ = o.Set("windowHeight", r.o.Height)
		_ = o.Set("screenWidth", r.o.Width)
		_ = o.Set("screenHeight", r.o.Height)
		_ = o.Set("platform", "devtools")
		_ = o.Set("SDKVersion", "2.30.0")
		return o
	}
	_ = wx.Set("getSystemInfoSync", func(goja.FunctionCall) goja.Value { return info() })
	_ = wx.Set("getWindowInfo", func(goja.FunctionCall) goja.Value { return info() })
	_ = wx.Set("getSystemInfo", func(call goja.FunctionCall) goja.Value {
		return r.respond("getSystemInfo", r.optionsArg(call), info(), nil)
	})
	_ = wx.Set("createOffscreenCanvas", func(call goja.FunctionCall) goja.Value {
		w, h := call.Argument(0), call.Argument(1)
		if o, ok := w.(*goja.Object); ok {
			if t := o.Get("type"); t != nil && !goja.IsUndefined(t) && t.String() != "2d" {
				r.throw("TypeError", "wx.createOffscreenCanvas: only type '2d' is supported")
			}
			w, h = o.Get("width"), o.Get("height")
			if w == nil {
				w = goja.Undefined()
			}
			if h == nil {
				h = goja.Undefined()
			}
		}
		return r.newOffscreen(w, h).obj
	})
	_ = wx.Set("createSelectorQuery", func(goja.FunctionCall) goja.Value { return r.selectorQuery() })
	return wx
}

// optionsArg returns the API's options object (an empty one if missing).
func (r *runner) optionsArg(call goja.FunctionCall) *goja.Object {
	if o, ok := call.Argument(0).(*goja.Object); ok {
		return o
	}
	return r.vm.NewObject()
}

// respond ends an asynchronous wx API call as WeChat does: success(res)
// or fail(res), then complete(res), all queued; with no callback at all it
// returns a Promise instead.
func (r *runner) respond(api string, opts *goja.Object, res *goja.Object, err error) goja.Value {
	vm := r.vm
	if res == nil {
		res = vm.NewObject()
	}
	if err != nil {
		_ = res.Set("errMsg", api+":fail "+err.Error())
	} else {
		_ = res.Set("errMsg", api+":ok")
	}
	fn := func(name string) (goja.Callable, bool) {
		v := opts.Get(name)
		if v == nil {
			return nil, false
		}
		return goja.AssertFunction(v)
	}
	success, hasS := fn("success")
	fail, hasF := fn("fail")
	complete, hasC := fn("complete")
	if !hasS && !hasF && !hasC {
		p, resolve, reject := vm.NewPromise()
		r.enqueue(0, api, func() error {
			if err != nil {
				return reject(res)
			}
			return resolve(res)
		})
		return vm.ToValue(p)
	}
	r.enqueue(0, api, func() error {
		if err == nil && hasS {
			if _, e := success(goja.Undefined(), res); e != nil {
				return e
			}
		}
		if err != nil && hasF {
			if _, e := fail(goja.Undefined(), res); e != nil {
				return e
			}
		}
		if hasC {
			_, e := complete(goja.Undefined(), res)
			return e
		}
		return nil
	})
	if err != nil && !hasF && !hasC {
		r.warns = append(r.warns, res.Get("errMsg").String())
	}
	return goja.Undefined()
}

// numField reads a numeric option; ok is false when it is missing.
func numField(o *goja.Object, name string) (float64, bool) {
	v := o.Get(name)
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return 0, false
	}
	return v.ToFloat(), true
}

// target finds the canvas an API call names: canvasId (legacy) or canvas
// (a 2D node).
func (r *runner) target(opts *goja.Object) (*canvas.Context, *binding, error) {
	if v := opts.Get("canvas"); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
		o, _ := v.(*goja.Object)
		cv, ok := r.wrapped[o].(*canvas2D)
		if !ok {
			return nil, nil, fmt.Errorf("canvas is not a canvas node")
		}
		if err := cv.flush(); err != nil {
			return nil, nil, err
		}
		return cv.ctx, cv.b, nil
	}
	v := opts.Get("canvasId")
	if v == nil || goja.IsUndefined(v) {
		return nil, nil, fmt.Errorf("canvasId or canvas is required")
	}
	lc, ok := r.legacy[v.String()]
	if !ok {
		return nil, nil, fmt.Errorf("canvas %q not found (no wx.createCanvasContext for it)", v.String())
	}
	return lc.ctx, lc.b, nil
}

// canvasToTempFilePath exports a canvas per the options (x, y, width,
// height, destWidth, destHeight, fileType, quality); the image is kept in
// Result.Exports and can be drawn again from its tempFilePath.
func (r *runner) canvasToTempFilePath(call goja.FunctionCall) goja.Value {
	const api = "canvasToTempFilePath"
	opts := r.optionsArg(call)
	c, _, err := r.target(opts)
	if err != nil {
		if se, ok := err.(*Error); ok {
			r.stop(se)
			return goja.Undefined()
		}
		return r.respond(api, opts, nil, err)
	}
	if !r.countExport() {
		return goja.Undefined()
	}
	var eo canvas.ExportOptions
	eo.X, _ = numField(opts, "x")
	eo.Y, _ = numField(opts, "y")
	eo.Width, _ = numField(opts, "width")
	eo.Height, _ = numField(opts, "height")
	eo.DestWidth, _ = numField(opts, "destWidth")
	eo.DestHeight, _ = numField(opts, "destHeight")
	eo.FileType = "png"
	if v := opts.Get("fileType"); v != nil && strings.EqualFold(v.String(), "jpg") {
		eo.FileType = "jpg"
	}
	eo.Quality = 1
	if q, ok := numField(opts, "quality"); ok && q > 0 && q <= 1 {
		eo.Quality = q
	}
	m, err := c.ExportImage(eo)
	if err != nil {
		return r.respond(api, opts, nil, err)
	}
	m = copyRGBA(m) // the canvas may be drawn on again
	name := fmt.Sprintf("wxfile://tmp/canvas-%d.%s", len(r.exports)+1, eo.FileType)
	r.exports = append(r.exports, Export{TempFilePath: name, FileType: eo.FileType, Quality: eo.Quality, Image: m})
	r.images.put(name, raster.FromImage(m))
	res := r.vm.NewObject()
	_ = res.Set("tempFilePath", name)
	return r.respond(api, opts, res, nil)
}

func copyRGBA(m *image.RGBA) *image.RGBA {
	out := image.NewRGBA(image.Rect(0, 0, m.Rect.Dx(), m.Rect.Dy()))
	for y := 0; y < out.Rect.Dy(); y++ {
		copy(out.Pix[y*out.Stride:y*out.Stride+4*out.Rect.Dx()], m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y+y):])
	}
	return out
}

// canvasGetImageData reads pixels through the method table's
// getImageData (logical resolution, as wx.canvasGetImageData).
func (r *runner) canvasGetImageData(call goja.FunctionCall) goja.Value {
	const api = "canvasGetImageData"
	opts := r.optionsArg(call)
	var v [4]float64
	for i, k := range []string{"x", "y", "width", "height"} {
		f, ok := numField(opts, k)
		if !ok || math.IsNaN(f) {
			return r.respond(api, opts, nil, fmt.Errorf("parameter %s is required and must be a number", k))
		}
		v[i] = f
	}
	if v[2] == 0 {
		return r.respond(api, opts, nil, fmt.Errorf("the source width is 0"))
	}
	if v[3] == 0 {
		return r.respond(api, opts, nil, fmt.Errorf("the source height is 0"))
	}
	c, b, err := r.target(opts)
	if err != nil {
		return r.respond(api, opts, nil, err)
	}
	if !canvas.HasMethod("getImageData") {
		return r.respond(api, opts, nil, fmt.Errorf("not available in this build (the canvas package has no getImageData method)"))
	}
	got, err := c.Call(b.mark(), canvas.Call{Method: "getImageData", Args: []any{v[0], v[1], v[2], v[3]}})
	if err != nil {
		return r.respond(api, opts, nil, err)
	}
	d, _ := r.jsValue(b, got).(*goja.Object)
	if d == nil {
		return r.respond(api, opts, nil, fmt.Errorf("getImageData returned %T", got))
	}
	return r.respond(api, opts, d, nil)
}

// canvasPutImageData writes pixels through the method table's
// putImageData: data must be w × h × 4 bytes (height defaults to
// data.length / width / 4).
func (r *runner) canvasPutImageData(call goja.FunctionCall) goja.Value {
	const api = "canvasPutImageData"
	opts := r.optionsArg(call)
	data := opts.Get("data")
	if data == nil || goja.IsUndefined(data) {
		return r.respond(api, opts, nil, fmt.Errorf("data argument must be an Uint8ClampedArray"))
	}
	w, ok := numField(opts, "width")
	if !ok || !(w > 0) {
		return r.respond(api, opts, nil, fmt.Errorf("parameter width is required"))
	}
	h, ok := numField(opts, "height")
	if !ok {
		if d, isObj := data.(*goja.Object); isObj {
			h = math.Floor(d.Get("length").ToFloat() / w / 4)
		}
	}
	x, _ := numField(opts, "x")
	y, _ := numField(opts, "y")
	m, err := r.nrgbaFrom(data, int(w), int(h))
	if err != nil {
		return r.respond(api, opts, nil, err)
	}
	c, b, err := r.target(opts)
	if err != nil {
		return r.respond(api, opts, nil, err)
	}
	if !canvas.HasMethod("putImageData") {
		return r.respond(api, opts, nil, fmt.Errorf("not available in this build (the canvas package has no putImageData method)"))
	}
	if _, err := c.Call(b.mark(), canvas.Call{Method: "putImageData", Args: []any{m, x, y, w, h}}); err != nil {
		return r.respond(api, opts, nil, err)
	}
	return r.respond(api, opts, nil, nil)
}

// loadAPI is getImageInfo({src}) and downloadFile({url}): the image is
// loaded through the image source; getImageInfo answers its size,
// downloadFile a tempFilePath drawImage can use.
func (r *runner) loadAPI(api, field string, call goja.FunctionCall) goja.Value {
	opts := r.optionsArg(call)
	v := opts.Get(field)
	if v == nil || goja.IsUndefined(v) || v.String() == "" {
		return r.respond(api, opts, nil, fmt.Errorf("parameter %s is required", field))
	}
	src := v.String()
	p, err := r.images.LoadImage(r.o.Context, src)
	if err != nil {
		return r.respond(api, opts, nil, err)
	}
	res := r.vm.NewObject()
	if api == "downloadFile" {
		_ = res.Set("tempFilePath", src)
		_ = res.Set("statusCode", 200)
	} else {
		_ = res.Set("width", p.Width)
		_ = res.Set("height", p.Height)
		_ = res.Set("path", src)
		_ = res.Set("orientation", "up")
		t := strings.TrimPrefix(strings.ToLower(path.Ext(src)), ".")
		if t == "jpeg" {
			t = "jpg"
		}
		_ = res.Set("type", t)
	}
	return r.respond(api, opts, res, nil)
}

// selectorQuery is wx.createSelectorQuery() with the one node a poster
// page has: whatever is selected, the page canvas.
func (r *runner) selectorQuery() goja.Value {
	vm := r.vm
	q := vm.NewObject()
	var wants []string
	self := func(goja.FunctionCall) goja.Value { return q }
	_ = q.Set("in", self)
	_ = q.Set("select", self)
	_ = q.Set("selectAll", self)
	_ = q.Set("selectViewport", self)
	add := func(kind string) func(goja.FunctionCall) goja.Value {
		return func(goja.FunctionCall) goja.Value {
			wants = append(wants, kind)
			return q
		}
	}
	_ = q.Set("fields", add("fields"))
	_ = q.Set("node", add("node"))
	_ = q.Set("boundingClientRect", add("rect"))
	_ = q.Set("exec", func(call goja.FunctionCall) goja.Value {
		cv := r.pageCanvas()
		results := make([]any, len(wants))
		for i := range wants {
			o := vm.NewObject()
			_ = o.Set("node", cv.obj)
			_ = o.Set("width", r.o.Width)
			_ = o.Set("height", r.o.Height)
			_ = o.Set("left", 0)
			_ = o.Set("top", 0)
			_ = o.Set("id", "canvas")
			results[i] = o
		}
		if fn, ok := goja.AssertFunction(call.Argument(0)); ok {
			r.callLater(0, fn, vm.NewArray(results...))
		}
		return q
	})
	return q
}
