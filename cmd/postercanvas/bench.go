package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
)

// benchResult is one scene's timing; with --json it is printed as one
// object per line, with the field names of the Skia peer's script.
type benchResult struct {
	Scene       string  `json:"scene"`
	Width       int     `json:"width"`
	Height      int     `json:"height"`
	Frames      int     `json:"frames"`
	RenderMS    float64 `json:"render_ms"`
	EncodePNGMS float64 `json:"encode_png_ms"`
	PNGBytes    int     `json:"png_bytes"`
	AllocsFrame uint64  `json:"allocs_per_frame"`
	BytesFrame  uint64  `json:"bytes_per_frame"`
	DecodeMS    float64 `json:"decode_ms,omitempty"`
}

func cmdBench(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	frames := fs.Int("frames", 15, "timed frames per scene (fewer if they take over --max-time)")
	maxTime := fs.Duration("max-time", 1500*time.Millisecond, "stop timing a scene after this long (at least 5 frames)")
	scale := fs.Float64("scale", 1, "pixel ratio")
	asJSON := fs.Bool("json", false, "print one JSON object per scene")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed frames to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "bench: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "bench: no scene given")
		return 2
	}
	if *frames < 1 {
		fmt.Fprintln(stderr, "bench: --frames must be at least 1")
		return 2
	}
	status := 0
	if !*asJSON {
		fmt.Fprintf(stdout, "%-28s %11s %7s %10s %13s %12s %12s\n", "scene", "size", "frames", "render_ms", "encode_png_ms", "allocs/frame", "bytes/frame")
	}
	for _, path := range fs.Args() {
		r, err := benchScene(path, *frames, *maxTime, *scale)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", path, err)
			status = 1
			continue
		}
		if *asJSON {
			b, _ := json.Marshal(r)
			fmt.Fprintln(stdout, string(b))
		} else {
			fmt.Fprintf(stdout, "%-28s %11s %7d %10.3f %13.3f %12d %12d\n", r.Scene, fmt.Sprintf("%dx%d", r.Width, r.Height), r.Frames, r.RenderMS, r.EncodePNGMS, r.AllocsFrame, r.BytesFrame)
		}
	}
	return status
}

// benchScene times a scene the way the Skia peer does: the scene is
// decoded once and the canvas made once; each frame resets the canvas
// (untimed, as the peer's canvas.width = canvas.width) and replays the
// commands onto it (timed); two
// untimed warm-up frames; then frames until n or maxTime (at least 5);
// the median frame is reported. PNG encoding is timed apart.
func benchScene(path string, n int, maxTime time.Duration, scale float64) (*benchResult, error) {
	data, err := readLimited(path, maxSceneBytes)
	if err != nil {
		return nil, err
	}
	if f, err := canvas.DetectFormat(data); err != nil {
		return nil, err
	} else if f != canvas.FormatScene {
		return nil, fmt.Errorf("bench takes scene files")
	}
	scene, err := canvas.ParseScene(data)
	if err != nil {
		return nil, err
	}
	imgs := &benchImages{root: filepath.Dir(path)}
	last, err := canvas.New(scene.Width, scene.Height, canvas.PixelRatio(scale), canvas.Images(imgs))
	if err != nil {
		return nil, err
	}
	frame := func() error { return canvas.NewSceneRun(last).Run(scene) }
	for i := 0; i < 2; i++ {
		last.Reset()
		if err := frame(); err != nil {
			return nil, err
		}
	}
	var times []float64
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	for len(times) < n && (len(times) < 5 || time.Since(start) < maxTime) {
		last.Reset()
		t := time.Now()
		if err := frame(); err != nil {
			return nil, err
		}
		times = append(times, float64(time.Since(t).Nanoseconds())/1e6)
	}
	runtime.ReadMemStats(&ms1)
	img := last.Image()
	var enc []float64
	var size int
	for i := 0; i < 3; i++ {
		var buf bytes.Buffer
		t := time.Now()
		if err := canvas.EncodePNG(&buf, img); err != nil {
			return nil, err
		}
		enc = append(enc, float64(time.Since(t).Nanoseconds())/1e6)
		size = buf.Len()
	}
	k := uint64(len(times))
	return &benchResult{
		Scene:       path,
		Width:       img.Rect.Dx(),
		Height:      img.Rect.Dy(),
		Frames:      len(times),
		RenderMS:    median(times),
		EncodePNGMS: median(enc),
		PNGBytes:    size,
		AllocsFrame: (ms1.Mallocs - ms0.Mallocs) / k,
		BytesFrame:  (ms1.TotalAlloc - ms0.TotalAlloc) / k,
		DecodeMS:    imgs.decodeMS,
	}, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
