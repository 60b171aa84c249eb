package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/postercanvas/postercanvas/canvas/template"
)

// record is one data record of a batch: its line number (1-based; the
// element number for a JSON array) and its JSON.
type record struct {
	line int
	raw  []byte
	err  error // the line could not be read as JSON
}

type batchStats struct {
	done, skipped, failed atomic.Int64
}

func cmdBatch(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tmplPath := fs.String("template", "", "template file")
	dataPath := fs.String("data", "", "records: JSON lines (one object a line) or a JSON array")
	outDir := fs.String("out-dir", "", "output directory")
	workers := fs.Int("workers", runtime.NumCPU(), "posters rendered at once")
	shard := fs.String("shard", "", "i/n: render only the records whose index ≡ i (mod n); \"/n\" takes i from JOB_COMPLETION_INDEX")
	format := fs.String("format", "png", "png or jpg")
	quality := fs.Float64("quality", 0.92, "JPEG quality in (0, 1]")
	scale := fs.Float64("scale", 0, "pixel ratio (default: the template's pixelRatio)")
	nameField := fs.String("name", "", "field path naming each output (default: the line number)")
	force := fs.Bool("force", false, "render records whose output exists (default: skip them, so a run resumes)")
	progress := fs.String("progress", "auto", "auto, bar, lines or none")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *tmplPath == "" || *dataPath == "" || *outDir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "batch: need --template, --data and --out-dir (and no other arguments)")
		return 2
	}
	ft := strings.ToLower(*format)
	if ft == "jpeg" {
		ft = "jpg"
	}
	if ft != "png" && ft != "jpg" {
		fmt.Fprintf(stderr, "batch: --format %q: want png or jpg\n", *format)
		return 2
	}
	if !(*quality > 0 && *quality <= 1) {
		fmt.Fprintf(stderr, "batch: --quality %v: want a number in (0, 1]\n", *quality)
		return 2
	}
	if *workers < 1 || *workers > 1024 {
		fmt.Fprintf(stderr, "batch: --workers %d: want 1 to 1024\n", *workers)
		return 2
	}
	si, sn, err := parseShard(*shard, os.Getenv("JOB_COMPLETION_INDEX"))
	if err != nil {
		fmt.Fprintf(stderr, "batch: --shard: %v\n", err)
		return 2
	}
	tb, err := readLimited(*tmplPath, template.MaxTemplateBytes)
	if err != nil {
		fmt.Fprintf(stderr, "batch: %v\n", err)
		return 1
	}
	tree, err := template.DecodeJSON(tb)
	if err != nil {
		fmt.Fprintf(stderr, "batch: %s: %v\n", *tmplPath, err)
		return 1
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fmt.Fprintf(stderr, "batch: %v\n", err)
		return 1
	}
	f, err := os.Open(*dataPath)
	if err != nil {
		fmt.Fprintf(stderr, "batch: %v\n", err)
		return 1
	}
	defer f.Close()
	total := -1
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		total = countRecords(f, si, sn)
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			fmt.Fprintf(stderr, "batch: %v\n", err)
			return 1
		}
	}
	if *cpuProfile != "" {
		pf, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "batch: %v\n", err)
			return 1
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			fmt.Fprintf(stderr, "batch: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	tj := &templateJob{images: imagesFor(filepath.Dir(*tmplPath)), scale: *scale}
	enc := renderJob{fileType: ft, quality: *quality}
	var st batchStats
	var errMu sync.Mutex
	names := map[string]int{}
	var namesMu sync.Mutex
	jobs := make(chan record, *workers*2)
	var wg sync.WaitGroup
	start := time.Now()
	report := func(line int, err error) {
		st.failed.Add(1)
		errMu.Lock()
		fmt.Fprintf(stderr, "line %d: %v\n", line, err)
		errMu.Unlock()
	}
	for w := 0; w < *workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				if r.err != nil {
					report(r.line, r.err)
					continue
				}
				data, err := template.DecodeJSON(r.raw)
				if err != nil {
					report(r.line, fmt.Errorf("not JSON: %v", err))
					continue
				}
				name := strconv.Itoa(r.line)
				if *nameField != "" {
					if name, err = recordName(data, *nameField); err != nil {
						report(r.line, err)
						continue
					}
				}
				namesMu.Lock()
				prev, dup := names[name]
				names[name] = r.line
				namesMu.Unlock()
				if dup {
					report(r.line, fmt.Errorf("output name %q already used by line %d", name, prev))
					continue
				}
				target := filepath.Join(*outDir, name+"."+ft)
				if !*force {
					if _, err := os.Stat(target); err == nil {
						st.skipped.Add(1)
						continue
					}
				}
				c, err := tj.compile(template.CloneValue(tree), data)
				if err != nil {
					report(r.line, err)
					continue
				}
				m, err := tj.render(c)
				if err != nil {
					report(r.line, err)
					continue
				}
				if err := writeAtomic(enc, target, m); err != nil {
					report(r.line, err)
					continue
				}
				st.done.Add(1)
			}
		}()
	}
	stop := startProgress(*progress, stderr, &st, total, start)
	readErr := readRecords(f, func(r record) {
		if (r.line-1)%sn == si {
			jobs <- r
		}
	})
	close(jobs)
	wg.Wait()
	stop()
	el := time.Since(start)
	done, skipped, failed := st.done.Load(), st.skipped.Load(), st.failed.Load()
	rate := float64(done) / el.Seconds()
	sh := ""
	if sn > 1 {
		sh = fmt.Sprintf(" (shard %d/%d)", si, sn)
	}
	fmt.Fprintf(stdout, "batch%s: %d done, %d skipped (output exists), %d failed in %.2fs: %.1f posters/s with %d workers\n",
		sh, done, skipped, failed, el.Seconds(), rate, *workers)
	if readErr != nil {
		fmt.Fprintf(stderr, "batch: reading %s: %v\n", *dataPath, readErr)
		return 1
	}
	if failed > 0 {
		return 1
	}
	return 0
}

// parseShard reads "i/n" or "/n" (i from JOB_COMPLETION_INDEX); "" is 0/1.
func parseShard(s, env string) (i, n int, err error) {
	if s == "" {
		return 0, 1, nil
	}
	a, b, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want i/n", s)
	}
	n, err = strconv.Atoi(b)
	if err != nil || n < 1 {
		return 0, 0, fmt.Errorf("%q: n must be a positive integer", s)
	}
	if a == "" {
		if env == "" {
			return 0, 0, fmt.Errorf("%q: no i and JOB_COMPLETION_INDEX is not set", s)
		}
		a = env
	}
	i, err = strconv.Atoi(a)
	if err != nil || i < 0 || i >= n {
		return 0, 0, fmt.Errorf("%q: i must be an integer in [0, %d)", s, n)
	}
	return i, n, nil
}

// recordName reads the --name field and makes it a safe file name.
func recordName(data any, path string) (string, error) {
	v, err := lookupField(data, path)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, r := range v {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	name := strings.TrimLeft(b.String(), ".")
	if name == "" || len(name) > 200 {
		return "", fmt.Errorf("--name %s: %q does not make a file name", path, v)
	}
	return name, nil
}

func lookupField(data any, path string) (string, error) {
	cur := data
	for _, p := range strings.Split(strings.NewReplacer("[", ".", "]", "").Replace(path), ".") {
		if p == "" {
			continue
		}
		switch x := cur.(type) {
		case map[string]any:
			cur = x[p]
		case []any:
			k, err := strconv.Atoi(p)
			if err != nil || k < 0 || k >= len(x) {
				return "", fmt.Errorf("--name %s: no such field", path)
			}
			cur = x[k]
		default:
			return "", fmt.Errorf("--name %s: no such field", path)
		}
	}
	switch x := cur.(type) {
	case string:
		return x, nil
	case json.Number:
		return string(x), nil
	}
	return "", fmt.Errorf("--name %s: not a string or number", path)
}

// readRecords calls fn for each record: a JSON array's elements, or the
// non-blank lines of JSON lines.
func readRecords(r io.Reader, fn func(record)) error {
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := peekNonSpace(br)
	if err != nil {
		if err == io.EOF {
			return nil
		}
		return err
	}
	if first == '[' {
		dec := json.NewDecoder(br)
		if _, err := dec.Token(); err != nil {
			return err
		}
		for n := 1; dec.More(); n++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fmt.Errorf("array element %d: %v", n, err)
			}
			fn(record{line: n, raw: raw})
		}
		return nil
	}
	line := 0
	for {
		b, err := readLine(br, template.MaxDataBytes)
		if len(b) > 0 || err == nil {
			line++
		}
		if t := bytes.TrimSpace(b); len(t) > 0 {
			rec := record{line: line, raw: t}
			if errors.Is(err, errLineTooLong) {
				rec.err, rec.raw = err, nil
			}
			fn(rec)
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

var errLineTooLong = fmt.Errorf("record longer than %d bytes", template.MaxDataBytes)

func readLine(br *bufio.Reader, limit int) ([]byte, error) {
	var out []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(out)+len(chunk) > limit {
			// Skip the rest of the line.
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return []byte("x"), errLineTooLong
		}
		out = append(out, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return out, err
	}
}

func peekNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return 0, err
		}
		if b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r' {
			if _, err := br.ReadByte(); err != nil {
				return 0, err
			}
			continue
		}
		return b[0], nil
	}
}

// countRecords counts the records of this shard, for the progress bar.
func countRecords(r io.Reader, si, sn int) int {
	n := 0
	_ = readRecords(r, func(rec record) {
		if (rec.line-1)%sn == si {
			n++
		}
	})
	return n
}

// writeAtomic encodes m to a temporary file and renames it to target, so
// an interrupted run never leaves a truncated poster that a resumed run
// would skip.
func writeAtomic(enc renderJob, target string, m *image.RGBA) error {
	tmp, err := os.CreateTemp(filepath.Dir(target), ".batch-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	tmp.Close()
	enc.target = name
	if err := enc.write(name, m); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, target); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// startProgress reports progress on w until the returned stop is called:
// a bar redrawn in place on a terminal, a plain line every few seconds
// otherwise.
func startProgress(mode string, w io.Writer, st *batchStats, total int, start time.Time) (stop func()) {
	if mode == "auto" {
		mode = "lines"
		if f, ok := w.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				mode = "bar"
			}
		}
	}
	if mode == "none" {
		return func() {}
	}
	every := 5 * time.Second
	if mode == "bar" {
		every = 200 * time.Millisecond
	}
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	line := func(final bool) {
		n := st.done.Load() + st.skipped.Load() + st.failed.Load()
		rate := float64(st.done.Load()) / time.Since(start).Seconds()
		of := ""
		if total >= 0 {
			of = fmt.Sprintf("/%d", total)
		}
		if mode == "bar" {
			bar := ""
			if total > 0 {
				k := int(30 * n / int64(total))
				bar = "[" + strings.Repeat("#", k) + strings.Repeat(" ", 30-k) + "] "
			}
			fmt.Fprintf(w, "\r%s%d%s  %d failed  %.1f posters/s ", bar, n, of, st.failed.Load(), rate)
			if final {
				fmt.Fprintln(w)
			}
			return
		}
		if !final {
			fmt.Fprintf(w, "progress: %d%s records, %d failed, %.1f posters/s\n", n, of, st.failed.Load(), rate)
		}
	}
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				line(true)
				return
			case <-t.C:
				line(false)
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
}
