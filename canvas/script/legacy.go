package script

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/dop251/goja"

	"github.com/postercanvas/postercanvas/canvas"
)

// legacyCtx is a wx.createCanvasContext(id) context: calls are recorded
// and ctx.draw(reserve, callback) renders them.
type legacyCtx struct {
	id      string
	ctx     *canvas.Context
	obj     *goja.Object
	b       *binding
	pending int // calls since the last draw
	draws   int
}

// legacyContext returns the context of canvas id, making it on first use.
// All ids share the page's size: the script cannot resize a legacy canvas.
func (r *runner) legacyContext(id string) *legacyCtx {
	if lc, ok := r.legacy[id]; ok {
		return lc
	}
	if r.canvases >= r.lim.MaxCanvases {
		r.fail(fmt.Errorf("%w: more than %d canvases", ErrLimit, r.lim.MaxCanvases))
		return nil
	}
	r.canvases++
	c, err := canvas.New(r.o.Width, r.o.Height, r.canvasOptions(r.o.Scale, false)...)
	if err != nil {
		r.fail(err)
		return nil
	}
	if r.o.OnCanvas != nil {
		r.o.OnCanvas(id, c)
	}
	lc := &legacyCtx{id: id, ctx: c}
	lc.b = &binding{r: r, name: fmt.Sprintf("canvas %q", id), get: func() (*canvas.Context, error) { return c, nil }, maxCalls: c.Limits().MaxCommands}
	vm := r.vm
	obj := vm.NewObject()
	for _, name := range canvas.MethodNames(false) {
		f := lc.b.method(name)
		_ = obj.Set(name, func(call goja.FunctionCall) goja.Value {
			lc.pending++
			return f(call)
		})
	}
	// Properties are setters only, except font (API reference §1.5).
	for _, name := range canvas.PropertyNames() {
		set := lc.b.setter(name)
		var get goja.Value
		if name == "font" {
			get = vm.ToValue(func(goja.FunctionCall) goja.Value { return vm.ToValue(c.Font()) })
		}
		_ = obj.DefineAccessorProperty(name, get, vm.ToValue(func(call goja.FunctionCall) goja.Value {
			lc.pending++
			return set(call)
		}), goja.FLAG_TRUE, goja.FLAG_TRUE)
	}
	_ = obj.Set("draw", lc.draw)
	// The base library's undocumented getActions()/clearActions() (the
	// pre-1.0 wx.drawCanvas protocol): the batch as actions JSON.
	_ = obj.Set("getActions", func(goja.FunctionCall) goja.Value {
		acts, err := c.GetActions()
		if err != nil {
			r.throw("Error", "ctx.getActions: %v", err)
		}
		lc.pending = 0
		b, err := json.Marshal(acts)
		if err != nil {
			r.throw("Error", "ctx.getActions: %v", err)
		}
		v, err := vm.RunString("(" + string(b) + ")")
		if err != nil {
			r.throw("Error", "ctx.getActions: %v", err)
		}
		return v
	})
	_ = obj.Set("clearActions", func(goja.FunctionCall) goja.Value {
		c.ClearActions()
		lc.pending = 0
		return goja.Undefined()
	})
	_ = obj.Set("canvasId", id)
	lc.obj = obj
	r.legacy[id] = lc
	r.order = append(r.order, lc)
	return lc
}

// draw renders the recorded calls (reserve keeps the pixels) and queues
// the callback with {errMsg: "drawCanvas:ok"}. A render error stops the
// script at the line of the call that caused it.
func (lc *legacyCtx) draw(call goja.FunctionCall) goja.Value {
	r := lc.b.r
	reserve := call.Argument(0).ToBoolean()
	lc.b.mark()
	t0 := time.Now()
	err := lc.ctx.Draw(reserve)
	r.rendering += time.Since(t0)
	if err != nil {
		r.stop(lc.b.renderError(err))
		return goja.Undefined()
	}
	lc.pending = 0
	lc.draws++
	r.draws++
	if fn, ok := goja.AssertFunction(call.Argument(1)); ok {
		res := r.vm.NewObject()
		_ = res.Set("errMsg", "drawCanvas:ok")
		r.callLater(0, fn, res)
	}
	return goja.Undefined()
}
