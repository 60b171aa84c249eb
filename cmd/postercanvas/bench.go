package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/codec"
	"github.com/postercanvas/postercanvas/raster"
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
	EncodeJPGMS float64 `json:"encode_jpg_ms"`
	JPGBytes    int     `json:"jpg_bytes"`
	// CPU time of one encode (all threads of the process, median), less
	// disturbed than the clock when the machine is shared.
	EncodePNGCPUMS float64 `json:"encode_png_cpu_ms"`
	EncodeJPGCPUMS float64 `json:"encode_jpg_cpu_ms"`
	AllocsFrame    uint64  `json:"allocs_per_frame"`
	BytesFrame     uint64  `json:"bytes_per_frame"`
	DecodeMS       float64 `json:"decode_ms,omitempty"` // first load of the scene's images
	// With --stdlib: image/png (default compression, from the same
	// pixels, unpremultiplied as before) and image/jpeg (4:2:0).
	StdPNGMS    *float64 `json:"std_encode_png_ms,omitempty"`
	StdPNGBytes *int     `json:"std_png_bytes,omitempty"`
	StdJPGMS    *float64 `json:"std_encode_jpg_ms,omitempty"`
	StdJPGBytes *int     `json:"std_jpg_bytes,omitempty"`
	StdPNGCPUMS *float64 `json:"std_encode_png_cpu_ms,omitempty"`
	StdJPGCPUMS *float64 `json:"std_encode_jpg_cpu_ms,omitempty"`
}

// encodeSettings are bench's encoder options.
type encodeSettings struct {
	png     codec.PNGOptions
	jpeg    codec.JPEGOptions
	encodes int
	stdlib  bool
}

func cmdBench(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	frames := fs.Int("frames", 15, "timed frames per scene (fewer if they take over --max-time)")
	maxTime := fs.Duration("max-time", 1500*time.Millisecond, "stop timing a scene after this long (at least 5 frames)")
	scale := fs.Float64("scale", 1, "pixel ratio")
	asJSON := fs.Bool("json", false, "print one JSON object per scene")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed frames to this file")
	pngLevel := fs.String("png-level", "default", "PNG compression timed: fast, default or best")
	quality := fs.Float64("quality", 0.9, "JPEG quality timed, in (0, 1]")
	chroma := fs.String("chroma", "auto", "JPEG chroma subsampling: auto, 420 or 444")
	workers := fs.Int("encode-workers", 0, "goroutines encoding one image (0: all cores)")
	encodes := fs.Int("encodes", 5, "timed encodes of each format (median reported)")
	stdlib := fs.Bool("stdlib", false, "also time image/png and image/jpeg on the same pixels")
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
	es := encodeSettings{encodes: *encodes, stdlib: *stdlib}
	var err error
	if es.png.Level, err = codec.ParsePNGLevel(*pngLevel); err != nil {
		fmt.Fprintf(stderr, "bench: --png-level: %v\n", err)
		return 2
	}
	if es.jpeg.Chroma, err = codec.ParseChroma(*chroma); err != nil {
		fmt.Fprintf(stderr, "bench: --chroma: %v\n", err)
		return 2
	}
	if !(*quality > 0 && *quality <= 1) || *workers < 0 || *encodes < 1 {
		fmt.Fprintln(stderr, "bench: --quality must be in (0, 1], --encode-workers at least 0, --encodes at least 1")
		return 2
	}
	es.jpeg.Quality = *quality
	es.png.Workers, es.jpeg.Workers = *workers, *workers
	status := 0
	if !*asJSON {
		fmt.Fprintf(stdout, "%-28s %11s %7s %10s %13s %10s %13s %10s %12s %12s\n", "scene", "size", "frames", "render_ms", "encode_png_ms", "png_bytes", "encode_jpg_ms", "jpg_bytes", "allocs/frame", "bytes/frame")
	}
	for _, path := range fs.Args() {
		r, err := benchScene(path, *frames, *maxTime, *scale, &es)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", path, err)
			status = 1
			continue
		}
		if *asJSON {
			b, _ := json.Marshal(r)
			fmt.Fprintln(stdout, string(b))
		} else {
			fmt.Fprintf(stdout, "%-28s %11s %7d %10.3f %13.3f %10d %13.3f %10d %12d %12d\n", r.Scene, fmt.Sprintf("%dx%d", r.Width, r.Height), r.Frames, r.RenderMS, r.EncodePNGMS, r.PNGBytes, r.EncodeJPGMS, r.JPGBytes, r.AllocsFrame, r.BytesFrame)
		}
	}
	return status
}

// benchScene times a scene the way the Skia peer does: the scene is
// decoded once and the canvas made once; each frame resets the canvas
// (untimed, as the peer's canvas.width = canvas.width) and replays the
// commands onto it (timed); two
// untimed warm-up frames; then frames until n or maxTime (at least 5);
// the median frame is reported. Encoding is timed apart, on the last
// frame. A .png file instead of a scene is not rendered: its pixels are
// only encoded (frames 0), to time the encoders on a reference image.
func benchScene(path string, n int, maxTime time.Duration, scale float64, es *encodeSettings) (*benchResult, error) {
	if strings.EqualFold(filepath.Ext(path), ".png") {
		img, err := loadPNG(path)
		if err != nil {
			return nil, err
		}
		r := &benchResult{Scene: path, Width: img.Rect.Dx(), Height: img.Rect.Dy()}
		return r, benchEncode(r, img, es)
	}
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
	k := uint64(len(times))
	r := &benchResult{
		Scene:       path,
		Width:       img.Rect.Dx(),
		Height:      img.Rect.Dy(),
		Frames:      len(times),
		RenderMS:    median(times),
		AllocsFrame: (ms1.Mallocs - ms0.Mallocs) / k,
		BytesFrame:  (ms1.TotalAlloc - ms0.TotalAlloc) / k,
		DecodeMS:    imgs.decodeMS,
	}
	return r, benchEncode(r, img, es)
}

// timing is one encoder's median wall and CPU time per encode and its
// output size.
type timing struct {
	ms, cpuMS float64
	bytes     int
}

// timeEncode runs enc once untimed, then n times.
func timeEncode(n int, enc func(w io.Writer) error) (timing, error) {
	var buf bytes.Buffer
	var ts, cs []float64
	for i := 0; i <= n; i++ {
		buf.Reset()
		t, c := time.Now(), cpuMS()
		if err := enc(&buf); err != nil {
			return timing{}, err
		}
		if i > 0 {
			ts = append(ts, float64(time.Since(t).Nanoseconds())/1e6)
			cs = append(cs, cpuMS()-c)
		}
	}
	return timing{median(ts), median(cs), buf.Len()}, nil
}

// benchEncode times our PNG and JPEG encoders on img, interleaved with the
// standard library's when es.stdlib is set.
func benchEncode(r *benchResult, img *image.RGBA, es *encodeSettings) error {
	t, err := timeEncode(es.encodes, func(w io.Writer) error { return canvas.EncodePNGWith(w, img, &es.png) })
	if err != nil {
		return err
	}
	r.EncodePNGMS, r.EncodePNGCPUMS, r.PNGBytes = t.ms, t.cpuMS, t.bytes
	if es.stdlib {
		t, err := timeEncode(es.encodes, func(w io.Writer) error { return stdPNG(w, img) })
		if err != nil {
			return err
		}
		r.StdPNGMS, r.StdPNGCPUMS, r.StdPNGBytes = &t.ms, &t.cpuMS, &t.bytes
	}
	t, err = timeEncode(es.encodes, func(w io.Writer) error { return canvas.EncodeJPEGWith(w, img, &es.jpeg) })
	if err != nil {
		return err
	}
	r.EncodeJPGMS, r.EncodeJPGCPUMS, r.JPGBytes = t.ms, t.cpuMS, t.bytes
	if es.stdlib {
		q := int(es.jpeg.Quality*100 + 0.5)
		t, err := timeEncode(es.encodes, func(w io.Writer) error {
			return jpeg.Encode(w, whiteMatte(img), &jpeg.Options{Quality: q})
		})
		if err != nil {
			return err
		}
		r.StdJPGMS, r.StdJPGCPUMS, r.StdJPGBytes = &t.ms, &t.cpuMS, &t.bytes
	}
	return nil
}

// stdPNG is the encoder canvas.EncodePNG used before canvas/codec:
// image/png at its default level, RGB when opaque, else NRGBA.
func stdPNG(w io.Writer, m *image.RGBA) error {
	p := raster.FromImage(m)
	if p.IsOpaque() {
		return png.Encode(w, m)
	}
	return png.Encode(w, p.ToNRGBA())
}

// whiteMatte composites a premultiplied image over white (timed with
// image/jpeg, as the old canvas.EncodeJPEG did).
func whiteMatte(m *image.RGBA) *image.RGBA {
	b := m.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		src := m.Pix[y*m.Stride : y*m.Stride+4*b.Dx()]
		dst := out.Pix[y*out.Stride : y*out.Stride+4*b.Dx()]
		for i := 0; i < len(src); i += 4 {
			k := 255 - src[i+3]
			dst[i], dst[i+1], dst[i+2], dst[i+3] = src[i]+k, src[i+1]+k, src[i+2]+k, 255
		}
	}
	return out
}

// loadPNG decodes a PNG file into a premultiplied image.
func loadPNG(path string) (*image.RGBA, error) {
	data, err := readLimited(path, maxSceneBytes)
	if err != nil {
		return nil, err
	}
	m, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	out := image.NewRGBA(image.Rect(0, 0, m.Bounds().Dx(), m.Bounds().Dy()))
	draw.Draw(out, out.Rect, m, m.Bounds().Min, draw.Src)
	return out, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
