package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/codec"
	"github.com/postercanvas/postercanvas/canvas/imagesrc"
	"github.com/postercanvas/postercanvas/canvas/script"
	"github.com/postercanvas/postercanvas/canvas/template"
)

// maxSceneBytes bounds a scene file read from disk.
const maxSceneBytes = 64 << 20

func cmdRender(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scale := fs.Float64("scale", 1, "pixel ratio: output is size × N")
	format := fs.String("format", "", "png or jpg (default: from -o's extension, else png)")
	quality := fs.Float64("quality", 0.92, "JPEG quality in (0, 1]")
	out := fs.String("o", "", "output file (one scene)")
	outDir := fs.String("out-dir", "", "output directory: NAME.json (or NAME.js) becomes DIR/NAME.png")
	everyDraw := fs.Bool("every-draw", false, "write one image per draw() call: NAME-000.png, NAME-001.png, …")
	legacy := fs.Bool("legacy-colors", false, "parse colours as the base library's checkColor")
	size := fs.String("size", "300x150", "scripts: the page canvas size in logical px, WxH")
	dataFile := fs.String("data", "", "scripts: a JSON file exposed to the script as the global `data`; templates: the data bound to {{placeholders}}")
	timeout := fs.Duration("timeout", script.DefaultLimits.Timeout, "scripts: wall-clock limit of one script")
	pngLevel := fs.String("png-level", "default", "PNG compression: fast, default or best")
	chroma := fs.String("chroma", "auto", "JPEG chroma subsampling: auto (4:4:4 at quality 1, else 4:2:0, as Chromium), 420 or 444")
	workers := fs.Int("encode-workers", 0, "goroutines encoding one image (0: all cores)")
	limits := canvas.DefaultLimits
	fs.IntVar(&limits.MaxSide, "max-side", limits.MaxSide, "largest output side in device pixels")
	fs.IntVar(&limits.MaxArea, "max-area", limits.MaxArea, "largest output area in device pixels")
	fs.IntVar(&limits.MaxCommands, "max-commands", limits.MaxCommands, "most commands one render may record")
	fs.BoolVar(&skipBadImages, "skip-bad-images", false, "draw nothing (with a warning) for an image that cannot be loaded, instead of failing")
	fs.BoolVar(&imageConfig.HTTP, "http-images", true, "fetch http(s) image URLs (public addresses only)")
	fs.BoolVar(&imageConfig.AllowPrivate, "allow-private-images", false, "let image URLs reach loopback and private addresses (development only)")
	// Flags may follow the inputs (render poster.js -o poster.png).
	var scenes []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		scenes = append(scenes, rest[0])
		rest = rest[1:]
	}
	// A template renders at its own pixelRatio unless --scale is given.
	templateScale := 0.0
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "scale" {
			templateScale = *scale
		}
	})
	if len(scenes) == 0 {
		fmt.Fprintln(stderr, "render: no scene given")
		return 2
	}
	if (*out == "") == (*outDir == "") {
		fmt.Fprintln(stderr, "render: give exactly one of -o OUT or --out-dir DIR")
		return 2
	}
	if *out != "" && len(scenes) > 1 {
		fmt.Fprintln(stderr, "render: -o takes one scene; use --out-dir for several")
		return 2
	}
	ft := strings.ToLower(*format)
	if ft == "" {
		ft = "png"
		if e := strings.ToLower(filepath.Ext(*out)); e == ".jpg" || e == ".jpeg" {
			ft = "jpg"
		}
	}
	if ft == "jpeg" {
		ft = "jpg"
	}
	if ft != "png" && ft != "jpg" {
		fmt.Fprintf(stderr, "render: --format %q: want png or jpg\n", *format)
		return 2
	}
	lvl, err := codec.ParsePNGLevel(*pngLevel)
	if err != nil {
		fmt.Fprintf(stderr, "render: --png-level: %v\n", err)
		return 2
	}
	ch, err := codec.ParseChroma(*chroma)
	if err != nil {
		fmt.Fprintf(stderr, "render: --chroma: %v\n", err)
		return 2
	}
	if *workers < 0 {
		fmt.Fprintf(stderr, "render: --encode-workers %d: want 0 (all cores) or more\n", *workers)
		return 2
	}
	if !(*quality > 0 && *quality <= 1) {
		fmt.Fprintf(stderr, "render: --quality %v: want a number in (0, 1]\n", *quality)
		return 2
	}
	w, h, err := parseSize(*size)
	if err != nil {
		fmt.Fprintf(stderr, "render: --size %q: %v\n", *size, err)
		return 2
	}
	var data []byte
	if *dataFile != "" {
		if data, err = readLimited(*dataFile, maxSceneBytes); err != nil {
			fmt.Fprintf(stderr, "render: --data: %v\n", err)
			return 2
		}
	}
	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			fmt.Fprintf(stderr, "render: %v\n", err)
			return 1
		}
	}
	status := 0
	for _, scene := range scenes {
		target := *out
		if *outDir != "" {
			name := strings.TrimSuffix(filepath.Base(scene), filepath.Ext(scene))
			target = filepath.Join(*outDir, name+"."+ft)
		}
		o := renderJob{scene: scene, target: target, fileType: ft, quality: *quality, scale: *scale, everyDraw: *everyDraw, legacy: *legacy, limits: limits,
			width: w, height: h, data: data, timeout: *timeout, console: stderr, templateScale: templateScale,
			png: codec.PNGOptions{Level: lvl, Workers: *workers}, chroma: ch}
		run := o.run
		if strings.EqualFold(filepath.Ext(scene), ".js") {
			run = o.runScript
		}
		warnings, err := run()
		for _, w := range warnings {
			fmt.Fprintf(stderr, "%s: warning: %s\n", scene, w)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", scene, err)
			status = 1
		}
	}
	return status
}

type renderJob struct {
	scene, target string
	fileType      string
	quality       float64
	scale         float64
	everyDraw     bool
	legacy        bool
	limits        canvas.Limits
	// scripts
	width, height float64
	data          []byte
	timeout       time.Duration
	console       io.Writer // the script's console output, as NAME: console: LINE
	// templates
	templateScale float64 // --scale when given (templates default to their pixelRatio)
	// encoders
	png    codec.PNGOptions
	chroma codec.Chroma
}

// skipBadImages is --skip-bad-images: the image policy of this run.
var skipBadImages bool

// imageConfig is the image-source policy of this run (flags).
var imageConfig = imagesrc.Config{HTTP: true, PackagePaths: true}

var (
	loadersMu sync.Mutex
	loaders   = map[string]*imagesrc.Loader{}
)

// imagesFor returns the image source of a scene, script or template in dir: paths
// resolve relative to that directory (a leading "/" too, as a mini
// program's package paths), data: URIs decode, and http(s) URLs are
// fetched under the SSRF guard. One loader (and cache) per directory.
func imagesFor(dir string) canvas.ImageSource {
	loadersMu.Lock()
	defer loadersMu.Unlock()
	if l, ok := loaders[dir]; ok {
		return l
	}
	cfg := imageConfig
	cfg.Root = dir
	l := imagesrc.New(cfg)
	loaders[dir] = l
	return l
}

// runScript runs a mini-program drawing script. Its output is what it
// exported with wx.canvasToTempFilePath (each export written: the last to
// the target, earlier ones to NAME-1.ext, NAME-2.ext, …), else the page
// canvas at the end.
func (j renderJob) runScript() ([]string, error) {
	if j.everyDraw {
		return nil, fmt.Errorf("--every-draw applies to scenes, not scripts")
	}
	src, err := readLimited(j.scene, int64(script.DefaultLimits.MaxSourceBytes))
	if err != nil {
		return nil, err
	}
	opts := script.Options{
		Width: j.width, Height: j.height, Scale: j.scale, Data: j.data,
		Images:        imagesFor(filepath.Dir(j.scene)),
		Limits:        script.Limits{Timeout: j.timeout},
		CanvasOptions: []canvas.Option{canvas.WithLimits(j.limits)},
	}
	if j.legacy {
		opts.CanvasOptions = append(opts.CanvasOptions, canvas.LegacyColors())
	}
	res, err := script.Run(string(src), filepath.Base(j.scene), opts)
	if err != nil {
		return nil, err
	}
	warnings := res.Warnings
	if j.console != nil {
		for _, l := range res.Log {
			fmt.Fprintf(j.console, "%s: console: %s\n", j.scene, l)
		}
	}
	if len(res.Exports) == 0 {
		return warnings, j.write(j.target, res.Image)
	}
	ext := filepath.Ext(j.target)
	base := strings.TrimSuffix(j.target, ext)
	for i := range res.Exports {
		e := &res.Exports[i]
		target := j.target
		if i < len(res.Exports)-1 {
			target = fmt.Sprintf("%s-%d%s", base, i+1, ext)
		}
		if e.FileType != j.fileType {
			warnings = append(warnings, fmt.Sprintf("%s is written as %s, the fileType canvasToTempFilePath asked for", target, e.FileType))
		}
		var buf bytes.Buffer
		if err := e.Encode(&buf); err != nil {
			return warnings, err
		}
		if err := os.WriteFile(target, buf.Bytes(), 0o644); err != nil {
			return warnings, err
		}
	}
	return warnings, nil
}

// parseSize reads WxH (logical px).
func parseSize(s string) (w, h float64, err error) {
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err = strconv.ParseFloat(a, 64)
		if err == nil {
			h, err = strconv.ParseFloat(b, 64)
		}
	}
	if !ok || err != nil || !(w > 0 && h > 0) || w > 1e6 || h > 1e6 {
		return 0, 0, fmt.Errorf("want WIDTHxHEIGHT, two positive numbers")
	}
	return w, h, nil
}

func (j renderJob) run() ([]string, error) {
	data, err := readLimited(j.scene, maxSceneBytes)
	if err != nil {
		return nil, err
	}
	if template.IsTemplate(data) {
		if j.everyDraw {
			return nil, errors.New("--every-draw does not apply to templates (one draw)")
		}
		return j.renderTemplate(data)
	}
	opts := canvas.RenderOptions{Scale: j.scale, Options: []canvas.Option{canvas.WithLimits(j.limits), canvas.Images(imagesFor(filepath.Dir(j.scene)))}}
	if skipBadImages {
		opts.Options = append(opts.Options, canvas.OnImageError(canvas.ImageSkip))
	}
	if j.legacy {
		opts.Options = append(opts.Options, canvas.LegacyColors())
	}
	ext := filepath.Ext(j.target)
	base := strings.TrimSuffix(j.target, ext)
	if j.everyDraw {
		opts.OnDraw = func(n int, frame *image.RGBA) error {
			return j.write(fmt.Sprintf("%s-%03d%s", base, n-1, ext), frame)
		}
	}
	res, err := canvas.Render(data, opts)
	var warnings []string
	if res != nil && res.Context != nil {
		warnings = res.Context.Warnings()
		if res.Pending > 0 {
			warnings = append(warnings, fmt.Sprintf("%d command(s) after the last draw() were not rendered", res.Pending))
		}
		if res.Draws == 0 && err == nil {
			warnings = append(warnings, "the scene never calls draw(); the image is blank")
		}
	}
	if err != nil {
		return warnings, err
	}
	if j.everyDraw {
		return warnings, nil
	}
	return warnings, j.write(j.target, res.Context.Image())
}

func (j renderJob) write(path string, m *image.RGBA) error {
	var buf bytes.Buffer
	var err error
	if j.fileType == "jpg" {
		err = canvas.EncodeJPEGWith(&buf, m, &codec.JPEGOptions{Quality: j.quality, Chroma: j.chroma, Workers: j.png.Workers})
	} else {
		err = canvas.EncodePNGWith(&buf, m, &j.png)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return data, nil
}
