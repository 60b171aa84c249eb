package template

import (
	"bytes"
	"encoding/json"

	"github.com/postercanvas/postercanvas/canvas"
)

// IsTemplate reports whether data looks like a template (a JSON object
// with "elements" and no scene "commands" or actions "draws"/"actions").
func IsTemplate(data []byte) bool {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(bytes.TrimSpace(data), &probe); err != nil {
		return false
	}
	_, e := probe["elements"]
	_, c := probe["commands"]
	_, d := probe["draws"]
	_, a := probe["actions"]
	return e && !c && !d && !a
}

// Render draws a compiled template at its pixel ratio with the given
// Context options (fonts, images, limits) and returns the Context holding
// the poster.
func Render(c *Compiled, opts ...canvas.Option) (*canvas.Context, error) {
	ctx, err := canvas.New(c.Width, c.Height, append([]canvas.Option{canvas.PixelRatio(c.PixelRatio)}, opts...)...)
	if err != nil {
		return nil, err
	}
	if err := canvas.NewSceneRun(ctx).Run(c.Scene); err != nil {
		return ctx, err
	}
	return ctx, nil
}

// RenderBytes parses a template, binds data, compiles and renders it:
// the one call a service needs. o.Fonts and o.Images are also given to
// the renderer, so text is measured and drawn with the same fonts.
func RenderBytes(tmpl, data []byte, o Options, opts ...canvas.Option) (*canvas.Context, *Compiled, error) {
	t, err := Parse(tmpl, data)
	if err != nil {
		return nil, nil, err
	}
	c, err := Compile(t, o)
	if err != nil {
		return nil, nil, err
	}
	ro := []canvas.Option{}
	if o.Fonts != nil {
		ro = append(ro, canvas.Fonts(o.Fonts))
	}
	if o.Images != nil {
		ro = append(ro, canvas.Images(o.Images))
	}
	ctx, err := Render(c, append(ro, opts...)...)
	return ctx, c, err
}
