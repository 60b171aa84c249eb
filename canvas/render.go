package canvas

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"time"
)

// RenderOptions configure Render.
type RenderOptions struct {
	// Scale is the pixel ratio (default 1).
	Scale float64
	// Options are extra Context options (LegacyColors, WithLimits, …).
	Options []Option
	// OnDraw, when set, is called after every draw() with its number
	// (1, 2, …) and the canvas as it stands then (shared, not copied).
	OnDraw func(n int, frame *image.RGBA) error
	// Context, when set, cancels the render: it is checked before parsing
	// and between commands (WithContext), so a cancelled or timed-out
	// render returns an error wrapping ctx.Err() after at most one command.
	Context context.Context
}

// Format names an input format.
type Format string

const (
	FormatScene   Format = "scene"   // the oracle's scene format: {"width","height","commands"}
	FormatActions Format = "actions" // WeChat actions: {"width","height","draws"} or {"actions"}
)

// DetectFormat tells a scene file from an actions envelope.
func DetectFormat(data []byte) (Format, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return "", fmt.Errorf("not a JSON object: %w", err)
	}
	if _, ok := probe["commands"]; ok {
		return FormatScene, nil
	}
	_, d := probe["draws"]
	_, a := probe["actions"]
	if d || a {
		return FormatActions, nil
	}
	return "", errors.New(`unknown input: want a scene ("commands") or an actions envelope ("draws" or "actions")`)
}

// Render renders a scene file or an actions envelope and returns the
// Context holding the final canvas. Commands recorded after the last
// draw() are not rendered; Result.Pending counts them.
func Render(data []byte, o RenderOptions) (*Result, error) {
	f, err := DetectFormat(data)
	if err != nil {
		return nil, err
	}
	if o.Context != nil {
		if err := o.Context.Err(); err != nil {
			return nil, err
		}
	}
	scale := o.Scale
	if scale == 0 {
		scale = 1
	}
	opts := append([]Option{PixelRatio(scale)}, o.Options...)
	if o.Context != nil {
		opts = append(opts, WithContext(o.Context))
	}
	res := &Result{Format: f}
	start := time.Now()
	if f == FormatScene {
		s, err := ParseScene(data)
		res.Decode = time.Since(start)
		if err != nil {
			return nil, err
		}
		ctx, err := New(s.Width, s.Height, opts...)
		if err != nil {
			return nil, err
		}
		res.Context = ctx
		ctx.PreloadImages(s.Images())
		run := NewSceneRun(ctx)
		if o.OnDraw != nil {
			run.OnDraw = func(n int) error { return o.OnDraw(n, ctx.Image()) }
		}
		err = run.Run(s)
		res.Draws, res.Pending = run.Draws(), run.Pending
		return res, err
	}
	rec, err := DecodeRecording(bytes.Clone(data))
	res.Decode = time.Since(start)
	if err != nil {
		return nil, err
	}
	if rec.PixelRatio > 0 && o.Scale == 0 {
		opts = append(opts, PixelRatio(rec.PixelRatio))
	}
	w, h := rec.Width, rec.Height
	if w == 0 && h == 0 {
		w, h = 300, 150 // the <canvas> element's default size
	}
	ctx, err := New(w, h, opts...)
	if err != nil {
		return nil, err
	}
	res.Context = ctx
	var srcs []string
	for _, d := range rec.Draws {
		srcs = append(srcs, ActionImages(d.Actions)...)
	}
	ctx.PreloadImages(srcs)
	for n, d := range rec.Draws {
		if err := ctx.PlayActions(d.Reserve, d.Actions); err != nil {
			return res, err
		}
		res.Draws++
		if o.OnDraw != nil {
			if err := o.OnDraw(n+1, ctx.Image()); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// Result is what Render returns.
type Result struct {
	Context *Context
	Format  Format
	Draws   int // draw() calls rendered
	Pending int // scene commands after the last draw (not rendered)
	// Decode is the time spent parsing the input, before any drawing.
	Decode time.Duration
}

// Images lists the image sources the scene's commands name, in order
// (with repeats), for PreloadImages.
func (s *Scene) Images() []string {
	var srcs []string
	for i := range s.Commands {
		for _, a := range s.Commands[i].Args {
			if im, ok := a.(Image); ok {
				srcs = append(srcs, im.Src)
			}
		}
	}
	return srcs
}

// ActionImages lists the image sources of actions: drawImage's and those
// of pattern styles.
func ActionImages(actions []Action) []string {
	var srcs []string
	for _, a := range actions {
		switch a.Method {
		case "drawImage":
			if len(a.Data) > 0 {
				if s, ok := a.Data[0].(string); ok {
					srcs = append(srcs, s)
				}
			}
		case "setFillStyle", "setStrokeStyle":
			if len(a.Data) == 3 && a.Data[0] == "pattern" {
				if s, ok := a.Data[1].(string); ok {
					srcs = append(srcs, s)
				}
			}
		}
	}
	return srcs
}
