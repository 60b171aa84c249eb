package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/codec"
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
	outDir := fs.String("out-dir", "", "output directory: NAME.json becomes DIR/NAME.png")
	everyDraw := fs.Bool("every-draw", false, "write one image per draw() call: NAME-000.png, NAME-001.png, …")
	legacy := fs.Bool("legacy-colors", false, "parse colours as the base library's checkColor")
	pngLevel := fs.String("png-level", "default", "PNG compression: fast, default or best")
	chroma := fs.String("chroma", "auto", "JPEG chroma subsampling: auto (4:4:4 at quality 1, else 4:2:0, as Chromium), 420 or 444")
	workers := fs.Int("encode-workers", 0, "goroutines encoding one image (0: all cores)")
	limits := canvas.DefaultLimits
	fs.IntVar(&limits.MaxSide, "max-side", limits.MaxSide, "largest output side in device pixels")
	fs.IntVar(&limits.MaxArea, "max-area", limits.MaxArea, "largest output area in device pixels")
	fs.IntVar(&limits.MaxCommands, "max-commands", limits.MaxCommands, "most commands one render may record")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	scenes := fs.Args()
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
			png: codec.PNGOptions{Level: lvl, Workers: *workers}, chroma: ch}
		warnings, err := o.run()
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
	png           codec.PNGOptions
	chroma        codec.Chroma
}

func (j renderJob) run() ([]string, error) {
	data, err := readLimited(j.scene, maxSceneBytes)
	if err != nil {
		return nil, err
	}
	opts := canvas.RenderOptions{Scale: j.scale, Options: []canvas.Option{canvas.WithLimits(j.limits)}}
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
