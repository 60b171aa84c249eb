package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for the template image loader
	_ "image/png"
	"io"
	"os"
	"path/filepath"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/template"
)

// templateJob compiles and renders templates with one loader and font set.
type templateJob struct {
	images canvas.ImageSource
	scale  float64 // 0: the template's pixelRatio
	opts   []canvas.Option
}

func (j *templateJob) compile(tree, data any) (*template.Compiled, error) {
	t, err := template.ParseValue(tree, data)
	if err != nil {
		return nil, err
	}
	return template.Compile(t, template.Options{Images: j.images, PixelRatio: j.scale})
}

func (j *templateJob) render(c *template.Compiled) (*image.RGBA, error) {
	opts := append([]canvas.Option{canvas.Images(j.images)}, j.opts...)
	ctx, err := template.Render(c, opts...)
	if err != nil {
		return nil, err
	}
	return ctx.Image(), nil
}

func readTemplateAndData(tmplPath, dataPath string) (tree, data any, err error) {
	b, err := readLimited(tmplPath, template.MaxTemplateBytes)
	if err != nil {
		return nil, nil, err
	}
	if tree, err = template.DecodeJSON(b); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", tmplPath, err)
	}
	data = map[string]any{}
	if dataPath != "" {
		d, err := readLimited(dataPath, template.MaxDataBytes)
		if err != nil {
			return nil, nil, err
		}
		if data, err = template.DecodeJSON(d); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", dataPath, err)
		}
	}
	return tree, data, nil
}

func cmdCompile(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataPath := fs.String("data", "", "JSON data object bound into the template's {{placeholders}}")
	scale := fs.Float64("scale", 0, "pixel ratio QR modules are aligned for (default: the template's pixelRatio)")
	out := fs.String("o", "", "write the scene here instead of standard output")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "compile: give one template")
		return 2
	}
	tmplPath := fs.Arg(0)
	tree, data, err := readTemplateAndData(tmplPath, *dataPath)
	if err != nil {
		fmt.Fprintf(stderr, "compile: %v\n", err)
		return 1
	}
	j := &templateJob{images: imagesFor(filepath.Dir(tmplPath)), scale: *scale}
	c, err := j.compile(tree, data)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", tmplPath, err)
		return 1
	}
	if *out != "" {
		err = os.WriteFile(*out, c.JSON(), 0o644)
	} else {
		_, err = stdout.Write(c.JSON())
	}
	if err != nil {
		fmt.Fprintf(stderr, "compile: %v\n", err)
		return 1
	}
	return 0
}

// renderTemplate renders one template file for `render`.
func (j renderJob) renderTemplate(data []byte) ([]string, error) {
	if j.legacy {
		return nil, errors.New("--legacy-colors does not apply to templates")
	}
	tree, err := template.DecodeJSON(data)
	if err != nil {
		return nil, err
	}
	var d any = map[string]any{}
	if len(j.data) > 0 {
		if d, err = template.DecodeJSON(j.data); err != nil {
			return nil, fmt.Errorf("--data: %v", err)
		}
	}
	tj := &templateJob{images: imagesFor(filepath.Dir(j.scene)), scale: j.templateScale, opts: []canvas.Option{canvas.WithLimits(j.limits)}}
	c, err := tj.compile(tree, d)
	if err != nil {
		return nil, err
	}
	m, err := tj.render(c)
	if err != nil {
		return nil, err
	}
	return nil, j.write(j.target, m)
}
