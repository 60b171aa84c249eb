package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // decoders for the template image loader
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/template"
	"github.com/postercanvas/postercanvas/raster"
)

// dirImages loads template images from files under a directory. It is
// the CLI's stand-in until canvas/imagesrc (URLs, data: URIs, caching,
// pixel limits) is wired in: relative paths only, PNG and JPEG.
type dirImages struct {
	root string
	mu   sync.Mutex
	memo map[string]*raster.Pixmap
}

// maxImagePixels bounds one decoded image.
const maxImagePixels = 40_000_000

func newDirImages(root string) *dirImages {
	return &dirImages{root: root, memo: map[string]*raster.Pixmap{}}
}

func (d *dirImages) LoadImage(_ context.Context, src string) (*raster.Pixmap, error) {
	d.mu.Lock()
	pm, ok := d.memo[src]
	d.mu.Unlock()
	if ok {
		return pm, nil
	}
	if filepath.IsAbs(src) || strings.Contains(src, "://") || strings.HasPrefix(src, "data:") {
		return nil, fmt.Errorf("image %q: only paths relative to the template are supported here", src)
	}
	clean := filepath.Clean(filepath.FromSlash(src))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("image %q: outside the template's directory", src)
	}
	f, err := os.Open(filepath.Join(d.root, clean))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("image %q: %v", src, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxImagePixels {
		return nil, fmt.Errorf("image %q: %d×%d pixels (limit %d)", src, cfg.Width, cfg.Height, maxImagePixels)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	m, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("image %q: %v", src, err)
	}
	rgba := image.NewRGBA(image.Rect(0, 0, m.Bounds().Dx(), m.Bounds().Dy()))
	draw.Draw(rgba, rgba.Bounds(), m, m.Bounds().Min, draw.Src)
	pm = raster.FromImage(rgba)
	d.mu.Lock()
	d.memo[src] = pm
	d.mu.Unlock()
	return pm, nil
}

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
	j := &templateJob{images: templateImages(filepath.Dir(tmplPath)), scale: *scale}
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

// templateImages is the image source of templates in dir (paths relative
// to the template). The coordinator replaces it with canvas/imagesrc.
var templateImages = func(dir string) canvas.ImageSource { return newDirImages(dir) }

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
	tj := &templateJob{images: templateImages(filepath.Dir(j.scene)), scale: j.templateScale, opts: []canvas.Option{canvas.WithLimits(j.limits)}}
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
