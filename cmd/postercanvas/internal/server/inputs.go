package server

import (
	"context"
	"encoding/json"
	"mime"
	"strings"

	"github.com/postercanvas/postercanvas/canvas"
)

// An inputKind is one format POST /render accepts. Adding a format (the
// JavaScript of canvas/script, the templates of canvas/template) is one
// entry in inputKinds:
//
//	{name: "script", mediaTypes: []string{"application/javascript", "text/javascript"},
//	 render: func(ctx context.Context, src []byte, o canvas.RenderOptions, t *Timings) (*canvas.Result, error) {
//		start := time.Now()
//		rec, err := script.Run(ctx, src, …) // records commands
//		t.Script = time.Since(start)
//		…
//	}},
type inputKind struct {
	name string
	// mediaTypes select the kind by the request's Content-Type.
	mediaTypes []string
	// detect selects the kind of a JSON input by its top-level keys when
	// neither the request nor its Content-Type names one.
	detect func(keys map[string]json.RawMessage) bool
	// render turns the input into a canvas. src is the input's bytes: the
	// JSON text of a JSON input, the source text of a script. It must
	// honour o.Context (cancellation) and may fill the phases it owns in t
	// (decode and raster are filled from the Result by the caller).
	render func(ctx context.Context, src []byte, o canvas.RenderOptions, t *Timings) (*canvas.Result, error)
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
	// "script" (canvas/script) and "template" (canvas/template) plug in here.
}

// renderCanvasJSON renders the two formats canvas.Render reads, checking
// that the input is the kind asked for.
func renderCanvasJSON(want canvas.Format) func(context.Context, []byte, canvas.RenderOptions, *Timings) (*canvas.Result, error) {
	return func(_ context.Context, src []byte, o canvas.RenderOptions, _ *Timings) (*canvas.Result, error) {
		if f, err := canvas.DetectFormat(src); err == nil && f != want {
			return nil, badInput("input is %s, not %s", f, want)
		}
		return canvas.Render(src, o)
	}
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
