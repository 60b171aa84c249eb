package script

import (
	"bytes"
	"container/heap"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/raster"
)

// runner is one run: a goja runtime and everything the script made.
type runner struct {
	file string
	o    Options
	lim  Limits
	vm   *goja.Runtime

	// runCtx is cancelled when the run is stopped (timeout, cancellation,
	// a limit): the script's canvases render under it, so a draw() in
	// progress stops between commands too.
	runCtx    context.Context
	cancelRun context.CancelFunc

	images *overlay

	legacy   map[string]*legacyCtx // by canvas id
	order    []*legacyCtx          // in creation order
	page     *canvas2D             // the page's 2D canvas node (made on first use)
	canvases int                   // canvases and contexts made

	jobs    jobQueue
	jobSeq  int
	jobsRun int
	now     float64 // virtual time of timers, ms

	rendering time.Duration // in Draw and Flush

	exports  []Export
	exported int // canvasToTempFilePath and toDataURL calls
	log      []string
	warns    []string
	draws    int

	fatalMu sync.Mutex
	fatal   error // the error that stopped the script (set before Interrupt)

	wrapped map[*goja.Object]any // JS objects standing for Go values (gradients, patterns, images)

	rangeError goja.Value
}

func newRunner(file string, o Options) (*runner, error) {
	if o.Width == 0 && o.Height == 0 {
		o.Width, o.Height = 300, 150 // the <canvas> element's default size
	}
	if !(o.Width > 0 && o.Height > 0) {
		return nil, fmt.Errorf("script: canvas size %v×%v must be positive", o.Width, o.Height)
	}
	if o.Scale == 0 {
		o.Scale = 1
	}
	if !(o.Scale > 0 && o.Scale <= 64) {
		return nil, fmt.Errorf("script: scale %v out of range (0, 64]", o.Scale)
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	runCtx, cancelRun := context.WithCancel(o.Context)
	r := &runner{
		runCtx: runCtx, cancelRun: cancelRun,
		file:    file,
		o:       o,
		lim:     o.Limits.withDefaults(),
		legacy:  map[string]*legacyCtx{},
		wrapped: map[*goja.Object]any{},
		images:  &overlay{base: o.Images, mem: map[string]*raster.Pixmap{}},
	}
	return r, nil
}

// canvasOptions are the options of every canvas the script makes.
func (r *runner) canvasOptions(ratio float64, dialect2D bool) []canvas.Option {
	opts := append([]canvas.Option{canvas.PixelRatio(ratio), canvas.Images(r.images)}, r.o.CanvasOptions...)
	opts = append(opts, canvas.WithContext(r.runCtx))
	if dialect2D {
		opts = append(opts, canvas.Canvas2D())
	}
	return opts
}

func (r *runner) run(src string) (res *Result, err error) {
	if len(src) > r.lim.MaxSourceBytes {
		return nil, &Error{File: r.file, Msg: fmt.Sprintf("script is %d bytes, over the limit of %d", len(src), r.lim.MaxSourceBytes), Err: ErrLimit}
	}
	ast, err := parser.ParseFile(nil, r.file, src, 0)
	if err != nil {
		return nil, r.compileError(err)
	}
	prg, err := goja.CompileAST(ast, false)
	if err != nil {
		return nil, r.compileError(err)
	}
	r.vm = goja.New()
	r.vm.SetMaxCallStackSize(r.lim.MaxCallStack)
	// Math.random is seeded: the same script draws the same poster.
	rnd := rand.New(rand.NewSource(1))
	r.vm.SetRandSource(rnd.Float64)
	if err := r.install(); err != nil {
		return nil, fmt.Errorf("script: setting up the runtime: %w", err)
	}

	stop := r.watch()
	defer stop()
	defer r.cancelRun()

	_, err = r.vm.RunProgram(prg)
	if err == nil {
		err = r.drain()
	}
	if err != nil {
		return nil, r.runError(err)
	}
	return r.result()
}

// watch starts the timeout, cancellation and heap watchdog; the returned
// function stops them.
func (r *runner) watch() func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		timer := time.NewTimer(r.lim.Timeout)
		defer timer.Stop()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(sample)
		base := sample[0].Value.Uint64()
		for {
			select {
			case <-done:
				return
			case <-timer.C:
				r.stop(fmt.Errorf("%w after %v", ErrTimeout, r.lim.Timeout))
				return
			case <-r.o.Context.Done():
				r.stop(fmt.Errorf("%w: %v", ErrCanceled, r.o.Context.Err()))
				return
			case <-tick.C:
				metrics.Read(sample)
				if h := sample[0].Value.Uint64(); h > base && h-base > r.lim.MaxHeapGrowth {
					r.stop(fmt.Errorf("%w: the heap grew by more than %d bytes", ErrLimit, r.lim.MaxHeapGrowth))
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// stop ends the script with err at its next instruction; the error cannot
// be caught by the script.
func (r *runner) stop(err error) {
	r.fatalMu.Lock()
	if r.fatal == nil {
		r.fatal = err
	}
	r.fatalMu.Unlock()
	r.vm.Interrupt(err)
	r.cancelRun()
}

func (r *runner) fatalErr() error {
	r.fatalMu.Lock()
	defer r.fatalMu.Unlock()
	return r.fatal
}

// ---- the job queue: callbacks and timers ----

type job struct {
	at   float64 // virtual time, ms
	seq  int
	fn   func() error
	name string
}

type jobQueue []*job

func (q jobQueue) Len() int { return len(q) }
func (q jobQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q jobQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *jobQueue) Push(x any)   { *q = append(*q, x.(*job)) }
func (q *jobQueue) Pop() any {
	old := *q
	n := len(old)
	j := old[n-1]
	*q = old[:n-1]
	return j
}

// enqueue schedules fn after delay ms of virtual time.
func (r *runner) enqueue(delay float64, name string, fn func() error) int {
	if !(delay > 0) {
		delay = 0
	}
	r.jobSeq++
	heap.Push(&r.jobs, &job{at: r.now + delay, seq: r.jobSeq, fn: fn, name: name})
	return r.jobSeq
}

// callLater schedules a JavaScript callback.
func (r *runner) callLater(delay float64, fn goja.Callable, args ...goja.Value) int {
	return r.enqueue(delay, "", func() error {
		_, err := fn(goja.Undefined(), args...)
		return err
	})
}

func (r *runner) cancelJob(id int) {
	for i, j := range r.jobs {
		if j.seq == id {
			heap.Remove(&r.jobs, i)
			return
		}
	}
}

// drain runs the queued jobs in order of time, then of queueing, until
// none is left.
func (r *runner) drain() error {
	for r.jobs.Len() > 0 {
		// A run stopped between jobs still runs the next one: the VM is
		// interrupted, so its first JavaScript instruction throws with a
		// position (the error then names the line), and no script code
		// runs.
		r.jobsRun++
		if r.jobsRun > r.lim.MaxJobs {
			return fmt.Errorf("%w: more than %d callbacks and timers", ErrLimit, r.lim.MaxJobs)
		}
		j := heap.Pop(&r.jobs).(*job)
		if j.at > r.now {
			r.now = j.at
		}
		if err := j.fn(); err != nil {
			return err
		}
	}
	return r.fatalErr()
}

// ---- errors ----

func (r *runner) compileError(err error) error {
	var pl parser.ErrorList
	if errors.As(err, &pl) && len(pl) > 0 {
		p := pl[0].Position
		return &Error{File: r.file, Line: p.Line, Column: p.Column, Msg: "SyntaxError: " + pl[0].Message, Err: err}
	}
	var pe *parser.Error
	if errors.As(err, &pe) {
		return &Error{File: r.file, Line: pe.Position.Line, Column: pe.Position.Column, Msg: "SyntaxError: " + pe.Message, Err: err}
	}
	var se *goja.CompilerSyntaxError
	if errors.As(err, &se) {
		e := &Error{File: r.file, Msg: "SyntaxError: " + se.Message, Err: err}
		if se.File != nil {
			p := se.File.Position(se.Offset)
			e.Line, e.Column = p.Line, p.Column
		}
		return e
	}
	return &Error{File: r.file, Msg: err.Error(), Err: err}
}

// runError turns what RunProgram or a callback returned into an *Error at
// the script position where it happened.
func (r *runner) runError(err error) error {
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	e := &Error{File: r.file, Msg: err.Error(), Err: err}
	var ie *goja.InterruptedError
	var ex *goja.Exception
	var so *goja.StackOverflowError
	switch {
	case errors.As(err, &so):
		e.Msg = fmt.Sprintf("RangeError: call stack exceeds %d frames (runaway recursion?)", r.lim.MaxCallStack)
		e.Err = fmt.Errorf("%w: call stack", ErrLimit)
		r.position(e, so.Stack())
	case errors.As(err, &ie):
		if v, ok := ie.Value().(error); ok {
			var inner *Error
			if errors.As(v, &inner) {
				return inner
			}
			e.Msg, e.Err = v.Error(), v
		} else {
			e.Msg = fmt.Sprint(ie.Value())
		}
		r.position(e, ie.Stack())
	case errors.As(err, &ex):
		if v := ex.Value(); v != nil {
			e.Msg = v.String()
		}
		if inner := ex.Unwrap(); inner != nil {
			e.Err = inner
		}
		r.position(e, ex.Stack())
	default:
		var goErr *Error
		if errors.As(err, &goErr) {
			return goErr
		}
	}
	return e
}

// position sets e's line and column from the innermost script frame.
func (r *runner) position(e *Error, stack []goja.StackFrame) {
	for _, f := range stack {
		if p := f.Position(); p.Line > 0 && f.SrcName() == r.file {
			e.Line, e.Column = p.Line, p.Column
			return
		}
	}
}

// here returns the script position of the current native call.
func (r *runner) here() (line, col int) {
	var buf [8]goja.StackFrame
	for _, f := range r.vm.CaptureCallStack(8, buf[:0]) {
		if p := f.Position(); p.Line > 0 && f.SrcName() == r.file {
			return p.Line, p.Column
		}
	}
	return 0, 0
}

// throw raises a JavaScript error the script may catch; the message
// names the call.
func (r *runner) throw(kind string, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	ctor := r.vm.Get(kind)
	obj, err := r.vm.New(ctor, r.vm.ToValue(msg))
	if err != nil {
		panic(r.vm.NewTypeError(msg))
	}
	panic(obj)
}

// countExport counts an export against the limit; false: the script was
// stopped.
func (r *runner) countExport() bool {
	r.exported++
	if r.exported > r.lim.MaxExports {
		r.fail(fmt.Errorf("%w: more than %d exports", ErrLimit, r.lim.MaxExports))
		return false
	}
	return true
}

// fail stops the script with an error it cannot catch, at the current
// position: bad renders and limits are not the script's to swallow.
func (r *runner) fail(err error) goja.Value {
	line, col := r.here()
	r.stop(&Error{File: r.file, Line: line, Column: col, Msg: err.Error(), Err: err})
	return goja.Undefined()
}

// ---- data ----

func (r *runner) dataValue() (goja.Value, error) {
	var raw []byte
	switch d := r.o.Data.(type) {
	case nil:
		raw = []byte("{}")
	case []byte:
		raw = d
	case json.RawMessage:
		raw = d
	case string:
		raw = []byte(d)
	default:
		b, err := json.Marshal(d)
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		raw = b
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	if !json.Valid(raw) {
		return nil, errors.New("data: not valid JSON")
	}
	parse, _ := goja.AssertFunction(r.vm.Get("JSON").ToObject(r.vm).Get("parse"))
	return parse(goja.Undefined(), r.vm.ToValue(string(raw)))
}

// ---- the result ----

func (r *runner) result() (*Result, error) {
	res := &Result{Draws: r.draws, Log: r.log, Exports: r.exports}
	defer func() { res.RenderTime = r.rendering }()
	res.Warnings = append(res.Warnings, r.warns...)
	for _, lc := range r.order {
		for _, w := range lc.ctx.Warnings() {
			res.Warnings = append(res.Warnings, fmt.Sprintf("canvas %q: %s", lc.id, w))
		}
		switch {
		case lc.draws == 0:
			res.Warnings = append(res.Warnings, fmt.Sprintf("canvas %q: ctx.draw() was never called: %d call(s) not rendered, the canvas is blank", lc.id, lc.pending))
		case lc.pending > 0:
			res.Warnings = append(res.Warnings, fmt.Sprintf("canvas %q: %d call(s) after the last ctx.draw() were not rendered", lc.id, lc.pending))
		}
	}
	if r.page != nil && r.page.ctx != nil {
		if err := r.page.flush(); err != nil {
			return nil, r.runError(err)
		}
		for _, w := range r.page.ctx.Warnings() {
			res.Warnings = append(res.Warnings, "page canvas: "+w)
		}
	}
	switch {
	case len(r.exports) > 0:
		res.Image = r.exports[len(r.exports)-1].Image
	case len(r.order) > 0:
		res.Canvas = r.order[0].ctx
	case r.page != nil:
		c, err := r.page.context()
		if err != nil {
			return nil, &Error{File: r.file, Msg: err.Error(), Err: err}
		}
		res.Canvas = c
	default:
		c, err := canvas.New(r.o.Width, r.o.Height, r.canvasOptions(r.o.Scale, false)...)
		if err != nil {
			return nil, &Error{File: r.file, Msg: err.Error(), Err: err}
		}
		res.Canvas = c
		res.Warnings = append(res.Warnings, "the script made no canvas (wx.createCanvasContext or canvas.getContext): the image is blank")
	}
	if res.Canvas != nil {
		res.Image = res.Canvas.Image()
	}
	return res, nil
}
