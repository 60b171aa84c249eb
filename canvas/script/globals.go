package script

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/raster"
)

// overlay is the image source the script's canvases load through: images
// the run itself made (canvasToTempFilePath files, canvases drawn onto
// canvases) by their names, then Options.Images.
type overlay struct {
	base canvas.ImageSource
	mu   sync.Mutex
	mem  map[string]*raster.Pixmap
}

var errNoImages = errors.New("no image source is configured")

func (o *overlay) LoadImage(ctx context.Context, src string) (*raster.Pixmap, error) {
	o.mu.Lock()
	p, ok := o.mem[src]
	o.mu.Unlock()
	if ok {
		return p, nil
	}
	if o.base == nil {
		return nil, fmt.Errorf("image %q: %w", src, errNoImages)
	}
	return o.base.LoadImage(ctx, src)
}

func (o *overlay) put(name string, p *raster.Pixmap) {
	o.mu.Lock()
	o.mem[name] = p
	o.mu.Unlock()
}

// install makes the globals: wx, canvas, createCanvas, data, console,
// setTimeout/clearTimeout, and the builtins' size caps.
func (r *runner) install() error {
	vm := r.vm
	r.rangeError = vm.Get("RangeError")
	if err := r.capBuiltins(); err != nil {
		return err
	}
	data, err := r.dataValue()
	if err != nil {
		return err
	}
	g := vm.GlobalObject()
	set := func(name string, v any) {
		if err == nil {
			err = g.Set(name, v)
		}
	}
	set("data", data)
	set("wx", r.wxObject())
	set("console", r.consoleObject())
	set("setTimeout", func(call goja.FunctionCall) goja.Value {
		fn, ok := goja.AssertFunction(call.Argument(0))
		if !ok {
			r.throw("TypeError", "setTimeout: the first argument must be a function")
		}
		delay := call.Argument(1).ToFloat()
		return vm.ToValue(r.callLater(delay, fn, call.Arguments[min(2, len(call.Arguments)):]...))
	})
	set("clearTimeout", func(call goja.FunctionCall) goja.Value {
		r.cancelJob(int(call.Argument(0).ToInteger()))
		return goja.Undefined()
	})
	set("createCanvas", func(call goja.FunctionCall) goja.Value {
		return r.newOffscreen(call.Argument(0), call.Argument(1)).obj
	})
	// The page's <canvas type="2d"> node, made when first touched.
	if err == nil {
		// Assigning it (var canvas = …) replaces it, as with any global.
		err = g.DefineAccessorProperty("canvas", vm.ToValue(func(goja.FunctionCall) goja.Value {
			return r.pageCanvas().obj
		}), vm.ToValue(func(call goja.FunctionCall) goja.Value {
			_ = g.DefineDataProperty("canvas", call.Argument(0), goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
			return goja.Undefined()
		}), goja.FLAG_TRUE, goja.FLAG_TRUE)
	}
	return err
}

func (r *runner) consoleObject() *goja.Object {
	obj := r.vm.NewObject()
	logf := func(level string) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			if len(r.log) >= 1000 {
				return goja.Undefined()
			}
			parts := make([]string, len(call.Arguments))
			for i, a := range call.Arguments {
				parts[i] = a.String()
			}
			line := strings.Join(parts, " ")
			if len(line) > 4096 {
				line = line[:4096] + "…"
			}
			if level != "log" {
				line = level + ": " + line
			}
			r.log = append(r.log, line)
			return goja.Undefined()
		}
	}
	for _, l := range []string{"log", "info", "warn", "error", "debug"} {
		_ = obj.Set(l, logf(l))
	}
	return obj
}

// capBuiltins replaces the builtins that can build a huge string or
// array in one native call (which Interrupt cannot stop) by wrappers that
// check the size first.
func (r *runner) capBuiltins() error {
	vm := r.vm
	maxLen := float64(r.lim.MaxStringLength)
	tooLong := func(what string, n float64) {
		r.throw("RangeError", "%s: a length of %.0f exceeds the script limit of %d", what, n, r.lim.MaxStringLength)
	}
	strLen := func(v goja.Value) float64 {
		if s, ok := v.ToString().(goja.String); ok {
			return float64(s.Length())
		}
		return float64(len(v.String()))
	}
	wrap := func(proto *goja.Object, name string, check func(call goja.FunctionCall)) error {
		orig, ok := goja.AssertFunction(proto.Get(name))
		if !ok {
			return fmt.Errorf("%s is not a function", name)
		}
		return proto.DefineDataProperty(name, vm.ToValue(func(call goja.FunctionCall) goja.Value {
			check(call)
			v, err := orig(call.This, call.Arguments...)
			if err != nil {
				panic(err)
			}
			return v
		}), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	strProto := vm.Get("String").ToObject(vm).Get("prototype").ToObject(vm)
	arrProto := vm.Get("Array").ToObject(vm).Get("prototype").ToObject(vm)
	var err error
	do := func(e error) {
		if err == nil {
			err = e
		}
	}
	do(wrap(strProto, "repeat", func(call goja.FunctionCall) {
		if n := strLen(call.This) * call.Argument(0).ToFloat(); n > maxLen {
			tooLong("String.prototype.repeat", n)
		}
	}))
	for _, name := range []string{"padStart", "padEnd"} {
		do(wrap(strProto, name, func(call goja.FunctionCall) {
			if n := call.Argument(0).ToFloat(); n > maxLen {
				tooLong("String.prototype."+name, n)
			}
		}))
	}
	do(wrap(strProto, "concat", func(call goja.FunctionCall) {
		n := strLen(call.This)
		for _, a := range call.Arguments {
			n += strLen(a)
		}
		if n > maxLen {
			tooLong("String.prototype.concat", n)
		}
	}))
	do(wrap(arrProto, "join", func(call goja.FunctionCall) {
		obj := call.This.ToObject(vm)
		n := obj.Get("length").ToFloat()
		if n > maxLen {
			tooLong("Array.prototype.join", n)
		}
		sep := 1.0
		if a := call.Argument(0); !goja.IsUndefined(a) {
			sep = strLen(a)
		}
		total := sep * math.Max(n-1, 0)
		for i := 0; i < int(n); i++ {
			if v := obj.Get(strconv.Itoa(i)); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
				if _, isObj := v.(*goja.Object); !isObj {
					total += strLen(v)
				}
			}
			if total > maxLen {
				tooLong("Array.prototype.join", total)
			}
		}
	}))
	do(wrap(arrProto, "fill", func(call goja.FunctionCall) {
		if n := call.This.ToObject(vm).Get("length").ToFloat(); n > maxLen {
			tooLong("Array.prototype.fill", n)
		}
	}))
	if err != nil {
		return err
	}
	// Constructors taking a length: Array(n), new Uint8Array(n), ….
	wrapCtors, err := capCtors()
	if err != nil {
		return err
	}
	f, err := r.vm.RunProgram(wrapCtors)
	if err != nil {
		return err
	}
	fn, _ := goja.AssertFunction(f)
	_, err = fn(goja.Undefined(), vm.ToValue(r.lim.MaxStringLength))
	return err
}

// capCtors is compiled once: a function of the length limit that wraps the
// constructors taking a length.
var capCtors = sync.OnceValues(func() (*goja.Program, error) {
	return goja.Compile("caps", `(function (max) {
  var names = ['Array', 'ArrayBuffer', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
    'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array'];
  names.forEach(function (name) {
    var C = globalThis[name];
    if (typeof C !== 'function') return;
    var W = function () {
      var n = arguments[0];
      if (typeof n === 'number' && n > max) {
        throw new RangeError(name + ': a length of ' + n + ' exceeds the script limit of ' + max);
      }
      var args = Array.prototype.slice.call(arguments);
      return Reflect.construct(C, args, new.target || C);
    };
    Object.setPrototypeOf(W, C);
    Object.defineProperty(W, 'prototype', {value: C.prototype});
    Object.defineProperty(W, 'name', {value: name});
    Object.defineProperty(C.prototype, 'constructor', {value: W, writable: true, configurable: true});
    Object.defineProperty(globalThis, name, {value: W, writable: true, configurable: true});
  });
})`, true)
})
