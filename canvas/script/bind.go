package script

import (
	"errors"
	"fmt"
	"image"
	"reflect"
	"strconv"

	"github.com/dop251/goja"

	"github.com/postercanvas/postercanvas/canvas"
)

// binding is one JavaScript context object's link to its canvas.Context:
// call indexes and the script position of every call, so an error found
// when the calls are rendered names the script line that made it.
type binding struct {
	r         *runner
	name      string // for messages: `canvas "poster"`, `page canvas`
	dialect2D bool
	get       func() (*canvas.Context, error)
	calls     int
	frames    []goja.StackFrame
	frame     [2]goja.StackFrame // scratch for CaptureCallStack
	maxCalls  int
}

// mark assigns the index of the call being made and remembers where in
// the script it was made.
func (b *binding) mark() int {
	i := b.calls
	b.calls++
	fr := b.r.vm.CaptureCallStack(2, b.frame[:0])
	var f goja.StackFrame
	for k := range fr {
		if fr[k].SrcName() == b.r.file {
			f = fr[k]
			break
		}
	}
	b.frames = append(b.frames, f)
	return i
}

// at returns the script position of call i.
func (b *binding) at(i int) (line, col int) {
	if i < 0 || i >= len(b.frames) {
		return 0, 0
	}
	p := b.frames[i].Position()
	return p.Line, p.Column
}

// renderError turns a render error into an *Error at the script line of
// the call it names.
func (b *binding) renderError(err error) *Error {
	e := &Error{File: b.r.file, Msg: fmt.Sprintf("%s: %v", b.name, err), Err: err}
	var ce *canvas.CommandError
	if errors.As(err, &ce) {
		e.Line, e.Column = b.at(ce.Index)
	}
	if e.Line == 0 {
		e.Line, e.Column = b.r.here()
	}
	return e
}

// method returns the JavaScript function of the table method name.
func (b *binding) method(name string) func(goja.FunctionCall) goja.Value {
	r := b.r
	return func(call goja.FunctionCall) goja.Value {
		c, err := b.get()
		if err != nil {
			r.throw("Error", "ctx.%s: %v", name, err)
		}
		args := make([]any, len(call.Arguments))
		for k, a := range call.Arguments {
			args[k] = r.goValue(a)
		}
		i := b.mark()
		if b.calls > b.maxCalls {
			return r.fail(fmt.Errorf("%w: %s: more than %d calls", ErrLimit, b.name, b.maxCalls))
		}
		res, err := c.Call(i, canvas.Call{Method: name, Args: args})
		if err != nil {
			r.throw("TypeError", "ctx.%s: %v", name, err)
		}
		if res == nil {
			return goja.Undefined()
		}
		return r.jsValue(b, res)
	}
}

// setter returns the setter function of a property.
func (b *binding) setter(name string) func(goja.FunctionCall) goja.Value {
	r := b.r
	return func(call goja.FunctionCall) goja.Value {
		c, err := b.get()
		if err != nil {
			r.throw("Error", "ctx.%s: %v", name, err)
		}
		v := r.goValue(call.Argument(0))
		i := b.mark()
		if b.calls > b.maxCalls {
			return r.fail(fmt.Errorf("%w: %s: more than %d calls", ErrLimit, b.name, b.maxCalls))
		}
		if err := c.SetProperty(i, name, v); err != nil {
			r.throw("TypeError", "ctx.%s = …: %v", name, err)
		}
		return goja.Undefined()
	}
}

var (
	typeInt64   = reflect.TypeOf(int64(0))
	typeFloat64 = reflect.TypeOf(float64(0))
	typeString  = reflect.TypeOf("")
)

// goValue converts a JavaScript argument to what the method table takes.
func (r *runner) goValue(v goja.Value) any {
	if o, ok := v.(*goja.Object); ok {
		if w, ok := r.wrapped[o]; ok {
			switch x := w.(type) {
			case *jsImage:
				return canvas.Image{Src: x.src}
			case *canvas2D:
				name, err := x.snapshot()
				if err != nil {
					r.throw("Error", "drawing a canvas: %v", err)
				}
				return canvas.Image{Src: name}
			}
			return w
		}
		switch o.ClassName() {
		case "Array":
			n := int(o.Get("length").ToInteger())
			if n > r.lim.MaxStringLength {
				r.throw("RangeError", "array of %d elements is too long", n)
			}
			out := make([]any, n)
			for i := range out {
				out[i] = r.goValue(o.Get(strconv.Itoa(i)))
			}
			return out
		}
		return o.Export()
	}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil
	}
	switch v.ExportType() {
	case typeInt64, typeFloat64: // the common case, without boxing twice
		return v.ToFloat()
	case typeString:
		return v.String()
	}
	switch e := v.Export().(type) {
	case int64:
		return float64(e)
	default:
		return e
	}
}

// jsValue converts a method's result for the script.
func (r *runner) jsValue(b *binding, v any) goja.Value {
	vm := r.vm
	switch x := v.(type) {
	case *canvas.Gradient:
		obj := vm.NewObject()
		_ = obj.Set("addColorStop", func(call goja.FunctionCall) goja.Value {
			off := call.Argument(0)
			if _, ok := r.goValue(off).(float64); !ok {
				r.throw("TypeError", "addColorStop: argument 1 (offset): want a number, got %s", off.String())
			}
			col := call.Argument(1)
			s, ok := r.goValue(col).(string)
			if !ok {
				r.throw("TypeError", "addColorStop: argument 2 (color): want a colour string, got %s", col.String())
			}
			x.AddColorStop(off.ToFloat(), s)
			return goja.Undefined()
		})
		r.wrapped[obj] = x
		return obj
	case *canvas.Pattern:
		obj := vm.NewObject()
		r.wrapped[obj] = x
		return obj
	case canvas.TextMetrics:
		obj := vm.NewObject()
		_ = obj.Set("width", x.Width)
		if b.dialect2D {
			_ = obj.Set("actualBoundingBoxLeft", x.ActualBoundingBoxLeft)
			_ = obj.Set("actualBoundingBoxRight", x.ActualBoundingBoxRight)
			_ = obj.Set("actualBoundingBoxAscent", x.ActualBoundingBoxAscent)
			_ = obj.Set("actualBoundingBoxDescent", x.ActualBoundingBoxDescent)
			_ = obj.Set("fontBoundingBoxAscent", x.FontBoundingBoxAscent)
			_ = obj.Set("fontBoundingBoxDescent", x.FontBoundingBoxDescent)
		}
		return obj
	case []float64:
		items := make([]any, len(x))
		for i, f := range x {
			items[i] = f
		}
		return vm.NewArray(items...)
	case *image.NRGBA:
		return r.imageData(x.Rect.Dx(), x.Rect.Dy(), x.Pix, x.Stride)
	case *image.RGBA:
		n := image.NewNRGBA(image.Rect(0, 0, x.Rect.Dx(), x.Rect.Dy()))
		for y := 0; y < n.Rect.Dy(); y++ {
			for xx := 0; xx < n.Rect.Dx(); xx++ {
				n.Set(xx, y, x.At(x.Rect.Min.X+xx, x.Rect.Min.Y+y))
			}
		}
		return r.imageData(n.Rect.Dx(), n.Rect.Dy(), n.Pix, n.Stride)
	}
	return vm.ToValue(v)
}

// imageData makes an ImageData object {width, height, data} from
// non-premultiplied RGBA rows.
func (r *runner) imageData(w, h int, pix []byte, stride int) goja.Value {
	buf := make([]byte, 4*w*h)
	for y := 0; y < h; y++ {
		copy(buf[4*w*y:4*w*(y+1)], pix[stride*y:stride*y+4*w])
	}
	vm := r.vm
	arr, err := vm.New(vm.Get("Uint8ClampedArray"), vm.ToValue(vm.NewArrayBuffer(buf)))
	if err != nil {
		panic(err)
	}
	obj := vm.NewObject()
	_ = obj.Set("width", w)
	_ = obj.Set("height", h)
	_ = obj.Set("data", arr)
	return obj
}

// nrgbaFrom reads an ImageData-like value (data as Uint8ClampedArray, or
// any array of numbers) into an *image.NRGBA of w × h.
func (r *runner) nrgbaFrom(data goja.Value, w, h int) (*image.NRGBA, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("invalid data format: size %d×%d", w, h)
	}
	if w*h > 1<<26 {
		return nil, fmt.Errorf("invalid data format: %d×%d is too large", w, h)
	}
	var b []byte
	switch x := data.Export().(type) {
	case []byte:
		b = x
	case goja.ArrayBuffer:
		b = x.Bytes()
	default:
		obj, ok := data.(*goja.Object)
		if !ok {
			return nil, errors.New("data argument must be an Uint8ClampedArray")
		}
		n := int(obj.Get("length").ToInteger())
		if n != 4*w*h {
			return nil, fmt.Errorf("invalid data format: %d bytes for %d×%d", n, w, h)
		}
		b = make([]byte, n)
		for i := range b {
			b[i] = byte(min(max(obj.Get(strconv.Itoa(i)).ToInteger(), 0), 255))
		}
	}
	if len(b) != 4*w*h {
		return nil, fmt.Errorf("invalid data format: %d bytes for %d×%d", len(b), w, h)
	}
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	copy(m.Pix, b)
	return m, nil
}
