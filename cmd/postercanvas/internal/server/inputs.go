package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/fonts"
	"github.com/postercanvas/postercanvas/canvas/script"
	"github.com/postercanvas/postercanvas/canvas/template"
)

// An inputKind is one format POST /render accepts. Adding a format is one
// entry in inputKinds: a name (the "kind" of the envelope and the query),
// how a request selects it, and a render that turns a job into an output.
type inputKind struct {
	name string
	// mediaTypes select the kind by the request's Content-Type; a kind
	// with media types takes its input as the raw body (a script's source).
	mediaTypes []string
	// detect selects the kind of a JSON input by its top-level keys when
	// neither the request nor its Content-Type names one.
	detect func(keys map[string]json.RawMessage) bool
	// render turns the input into a canvas or a finished image. It must
	// honour ctx (cancellation, the request deadline) and may fill the
	// phases it owns in t (decode and raster are filled from the output by
	// the caller).
	render func(ctx context.Context, j *job, t *Timings) (*output, error)
	// takesSize and takesData: the kind reads options.size/width/height
	// and the envelope's data (others refuse them rather than ignore them).
	takesSize, takesData bool
}

// A job is one input to render with the server's shared resources.
type job struct {
	src    []byte          // the input: JSON text, or a script's source
	data   json.RawMessage // the request's data object (templates, scripts); nil when absent
	opt    *requestOptions
	scale  float64         // the request's scale; 0: the input's own (1 for scenes)
	copts  []canvas.Option // limits and fonts for every canvas.New
	fonts  *fonts.Registry
	images canvas.ImageSource // the request-facing image policy
	// maxSource bounds a script's source (the body limit).
	maxSource int
}

// output is what a kind produced: a canvas exported with the request's
// options, or a finished image (a script's canvasToTempFilePath).
type output struct {
	canvas.Result             // Context: the canvas; Decode: time spent parsing
	image         *image.RGBA // set instead of Context: the finished image
	fileType      string      // the finished image's own format and quality,
	quality       float64     // used unless the request names its own
	warnings      []string
}

// inputKinds are the formats this build accepts, tried in order by detect.
var inputKinds = []inputKind{
	{
		name:   string(canvas.FormatScene),
		detect: func(k map[string]json.RawMessage) bool { _, ok := k["commands"]; return ok },
		render: renderCanvasJSON(canvas.FormatScene),
	},
	{
		name: string(canvas.FormatActions),
		detect: func(k map[string]json.RawMessage) bool {
			_, d := k["draws"]
			_, a := k["actions"]
			return d || a
		},
		render: renderCanvasJSON(canvas.FormatActions),
	},
	{
		name:       "script",
		mediaTypes: []string{"application/javascript", "text/javascript"},
		render:     renderScript,
		takesSize:  true, takesData: true,
	},
	{
		name: "template",
		detect: func(k map[string]json.RawMessage) bool {
			_, e := k["elements"]
			return e
		},
		render:    renderTemplate,
		takesData: true,
	},
}

// renderCanvasJSON renders the two formats canvas.Render reads, checking
// that the input is the kind asked for.
func renderCanvasJSON(want canvas.Format) func(context.Context, *job, *Timings) (*output, error) {
	return func(ctx context.Context, j *job, _ *Timings) (*output, error) {
		if f, err := canvas.DetectFormat(j.src); err == nil && f != want {
			return nil, badInput("input is %s, not %s", f, want)
		}
		res, err := canvas.Render(j.src, canvas.RenderOptions{
			Scale: j.scale, Context: ctx,
			Options: append(j.copts[:len(j.copts):len(j.copts)], canvas.Images(j.images)),
		})
		if res == nil {
			return nil, err
		}
		out := &output{Result: *res}
		if res.Context != nil {
			out.warnings = append(out.warnings, res.Context.Warnings()...)
		}
		if res.Pending > 0 {
			out.warnings = append(out.warnings, fmt.Sprintf("%d command(s) after the last draw() were not rendered", res.Pending))
		}
		if res.Draws == 0 {
			out.warnings = append(out.warnings, "the input never calls draw(); the image is blank")
		}
		return out, err
	}
}

// scriptFile names a posted script in its errors (script.js:LINE:COLUMN).
const scriptFile = "script.js"

// renderScript runs mini-program JavaScript (canvas/script). The output
// is the script's last canvasToTempFilePath, else its page canvas. The
// script's wall-clock limit is what is left of the request deadline.
func renderScript(ctx context.Context, j *job, t *Timings) (*output, error) {
	w, h, err := j.opt.canvasSize()
	if err != nil {
		return nil, badInput("%v", err)
	}
	lim := script.Limits{MaxSourceBytes: j.maxSource}
	if d, ok := ctx.Deadline(); ok {
		if lim.Timeout = time.Until(d); lim.Timeout <= 0 {
			return nil, context.DeadlineExceeded
		}
	}
	o := script.Options{
		Width: w, Height: h, Scale: j.scale, Images: j.images, Limits: lim,
		// WithContext: a long draw() also stops at the deadline, between commands.
		CanvasOptions: append(j.copts[:len(j.copts):len(j.copts)], canvas.WithContext(ctx)), Context: ctx,
	}
	if len(j.data) > 0 {
		o.Data = j.data
	}
	start := time.Now()
	res, err := script.Run(string(j.src), scriptFile, o)
	elapsed := time.Since(start)
	if err != nil {
		t.Script = elapsed
		return nil, scriptError(ctx, err)
	}
	t.Script = max(0, elapsed-res.RenderTime-t.Fetch())
	out := &output{warnings: res.Warnings}
	out.Draws = res.Draws
	if n := len(res.Exports); n > 0 {
		e := res.Exports[n-1]
		out.image, out.fileType, out.quality = e.Image, e.FileType, e.Quality
		return out, nil
	}
	out.Context = res.Canvas
	return out, nil
}

// scriptError maps a script failure to its answer: the script's own
// errors (syntax, exceptions, bad calls) are 422 script_error with the
// script's file:line:column; its timeout is the request's 503.
func scriptError(ctx context.Context, err error) error {
	// The script's own timer and the request deadline fire together;
	// either way the answer is the timeout, with where the script was.
	timedOut := errors.Is(err, script.ErrTimeout) || errors.Is(ctx.Err(), context.DeadlineExceeded)
	switch {
	case timedOut:
		return &apiError{status: http.StatusServiceUnavailable, code: "timeout",
			msg: "the script did not finish within the request timeout: " + err.Error()}
	case errors.Is(err, script.ErrCanceled):
		if ce := ctx.Err(); ce != nil {
			return ce
		}
	case errors.Is(err, script.ErrLimit):
		return &apiError{status: http.StatusUnprocessableEntity, code: "limit_exceeded", msg: err.Error()}
	}
	e := classify(err)
	if e.code == "bad_input" || e.code == "bad_command" {
		e.status, e.code, e.msg = http.StatusUnprocessableEntity, "script_error", err.Error()
	}
	return e
}

// renderTemplate binds the request's data into a poster template
// (canvas/template), lays it out with the server's fonts and images, and
// renders it at the request's scale (default: the template's pixelRatio).
// Parsing, binding and layout count as the decode phase.
func renderTemplate(ctx context.Context, j *job, _ *Timings) (*output, error) {
	start := time.Now()
	tp, err := template.Parse(j.src, j.data)
	if err != nil {
		return nil, templateError(err)
	}
	c, err := template.Compile(tp, template.Options{Fonts: j.fonts, Images: j.images, Context: ctx, PixelRatio: j.scale})
	decode := time.Since(start)
	if err != nil {
		if ce := ctx.Err(); ce != nil {
			return nil, ce
		}
		return nil, templateError(err)
	}
	cc, err := template.Render(c, append(j.copts[:len(j.copts):len(j.copts)], canvas.Images(j.images), canvas.WithContext(ctx))...)
	out := &output{Result: canvas.Result{Context: cc, Draws: 1, Decode: decode}}
	if cc != nil {
		out.warnings = cc.Warnings()
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// templateError: a template that does not bind (a placeholder without a
// value, named with where it is) or lay out (the element named) is 422
// template_error; limits, images and timeouts keep their own answers.
func templateError(err error) error {
	e := classify(err)
	if e.code == "bad_input" {
		e.status, e.code = http.StatusUnprocessableEntity, "template_error"
	}
	return e
}

func kindByName(name string) *inputKind {
	for i := range inputKinds {
		if inputKinds[i].name == name {
			return &inputKinds[i]
		}
	}
	return nil
}

func kindByMediaType(contentType string) *inputKind {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return nil
	}
	for i := range inputKinds {
		for _, m := range inputKinds[i].mediaTypes {
			if strings.EqualFold(m, mt) {
				return &inputKinds[i]
			}
		}
	}
	return nil
}

func kindByKeys(keys map[string]json.RawMessage) *inputKind {
	for i := range inputKinds {
		if d := inputKinds[i].detect; d != nil && d(keys) {
			return &inputKinds[i]
		}
	}
	return nil
}

func kindNames() string {
	var n []string
	for _, k := range inputKinds {
		n = append(n, k.name)
	}
	return strings.Join(n, ", ")
}
