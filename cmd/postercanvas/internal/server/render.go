package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
)

// Timings are the durations of one render's phases.
type Timings struct {
	Queue, Decode, Script, Raster, Encode, Total time.Duration
	fetch                                        atomic.Int64 // ns; images may load in parallel
}

// Fetch returns the time spent loading images.
func (t *Timings) Fetch() time.Duration { return time.Duration(t.fetch.Load()) }

func (t *Timings) addFetch(d time.Duration) { t.fetch.Add(int64(d)) }

type timingsKey struct{}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

func (t *Timings) json() map[string]float64 {
	return map[string]float64{
		"queue_ms": ms(t.Queue), "fetch_ms": ms(t.Fetch()), "decode_ms": ms(t.Decode), "script_ms": ms(t.Script),
		"raster_ms": ms(t.Raster), "encode_ms": ms(t.Encode), "total_ms": ms(t.Total),
	}
}

// renderRequest is a parsed POST /render.
type renderRequest struct {
	kind *inputKind
	src  []byte
	data json.RawMessage // the envelope's "data" (or options.data)
	opt  requestOptions
}

// requestOptions are the options of a render, from the JSON envelope's
// "options" and the query string (the query wins).
type requestOptions struct {
	Scale   *float64    `json:"scale"`
	Format  string      `json:"format"`
	Quality *float64    `json:"quality"`
	Export  *exportRect `json:"export"`
	// Size ("WxH") or Width and Height: a script's page canvas, in
	// logical pixels (300×150 when absent).
	Size   string   `json:"size"`
	Width  *float64 `json:"width"`
	Height *float64 `json:"height"`
	// Data is the data object of a template or a script (also accepted
	// at the envelope's top level).
	Data json.RawMessage `json:"data"`
}

// canvasSize returns the script canvas size the options give (0, 0: the
// default).
func (o *requestOptions) canvasSize() (w, h float64, err error) {
	if o.Size != "" {
		if o.Width != nil || o.Height != nil {
			return 0, 0, errors.New(`give "size" or "width"/"height", not both`)
		}
		a, b, ok := strings.Cut(strings.ToLower(o.Size), "x")
		if ok {
			w, err = strconv.ParseFloat(a, 64)
			if err == nil {
				h, err = strconv.ParseFloat(b, 64)
			}
		}
		if !ok || err != nil {
			return 0, 0, fmt.Errorf("size %q: want WIDTHxHEIGHT", o.Size)
		}
	} else if o.Width != nil || o.Height != nil {
		if o.Width == nil || o.Height == nil {
			return 0, 0, errors.New(`give both "width" and "height"`)
		}
		w, h = *o.Width, *o.Height
	} else {
		return 0, 0, nil
	}
	if !(w > 0 && h > 0 && w <= 1e6 && h <= 1e6) {
		return 0, 0, fmt.Errorf("size %v×%v: want two positive numbers", w, h)
	}
	return w, h, nil
}

func (o *requestOptions) hasSize() bool { return o.Size != "" || o.Width != nil || o.Height != nil }

// exportRect is wx.canvasToTempFilePath's rectangle, in logical pixels,
// and its output size in pixels.
type exportRect struct {
	X          *float64 `json:"x"`
	Y          *float64 `json:"y"`
	Width      *float64 `json:"width"`
	Height     *float64 `json:"height"`
	DestWidth  *float64 `json:"destWidth"`
	DestHeight *float64 `json:"destHeight"`
}

// envelope is the JSON request form that carries options with the input.
type envelope struct {
	Kind    string          `json:"kind"`
	Input   json.RawMessage `json:"input"`
	Options *requestOptions `json:"options"`
	Data    json.RawMessage `json:"data"`
}

// apiError is an error answer: {"error":{"code","message","command","method"}}.
type apiError struct {
	status  int
	code    string
	msg     string
	command *int
	method  string
	retry   time.Duration
}

func (e *apiError) Error() string { return e.msg }

type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

func badInput(format string, args ...any) error { return &inputError{fmt.Sprintf(format, args...)} }

func writeError(w http.ResponseWriter, e *apiError) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Del("Content-Length")
	if e.retry > 0 {
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(e.retry.Seconds()))))
	}
	body := map[string]any{"code": e.code, "message": e.msg}
	if e.command != nil {
		body["command"] = *e.command
		body["method"] = e.method
	}
	w.WriteHeader(e.status)
	json.NewEncoder(w).Encode(map[string]any{"error": body})
}

// statusClientClosed is nginx's 499: the client left before the answer.
const statusClientClosed = 499

// classify maps a render error to its answer.
func classify(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	e := &apiError{status: http.StatusBadRequest, code: "bad_input", msg: err.Error()}
	var ce *canvas.CommandError
	if errors.As(err, &ce) {
		i := ce.Index
		e.command, e.method = &i, ce.Method
		e.status, e.code = http.StatusUnprocessableEntity, "bad_command"
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		e.status, e.code = http.StatusServiceUnavailable, "timeout"
		e.msg = "the render did not finish within the request timeout"
		if ce != nil {
			e.msg += fmt.Sprintf(" (stopped at command #%d, %s)", ce.Index, ce.Method)
		}
	case errors.Is(err, context.Canceled):
		e.status, e.code, e.msg = statusClientClosed, "client_closed", "the client closed the request"
	case errors.Is(err, canvas.ErrLimit):
		e.status, e.code = http.StatusUnprocessableEntity, "limit_exceeded"
	case errors.Is(err, errNoImageSource):
		e.status, e.code = http.StatusUnprocessableEntity, "images_unavailable"
	}
	return e
}

// statusWriter records the status an answer was given.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// handleRender is POST /render.
func (s *Server) handleRender(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := requestID(r)
	w.Header().Set("X-Request-Id", id)
	sw := &statusWriter{ResponseWriter: w}
	t := &Timings{}
	var (
		kind    string
		out     *rendered
		failure *apiError
	)
	defer func() {
		t.Total = time.Since(start)
		status := sw.status
		code := strconv.Itoa(status)
		s.m.requests.WithLabelValues("render", code).Inc()
		s.m.duration.WithLabelValues(code[:1] + "xx").Observe(t.Total.Seconds())
		attrs := []slog.Attr{
			slog.String("request_id", id), slog.Int("status", status), slog.String("kind", kind),
			slog.Float64("queue_ms", ms(t.Queue)), slog.Float64("fetch_ms", ms(t.Fetch())),
			slog.Float64("decode_ms", ms(t.Decode)), slog.Float64("script_ms", ms(t.Script)),
			slog.Float64("raster_ms", ms(t.Raster)), slog.Float64("encode_ms", ms(t.Encode)),
			slog.Float64("total_ms", ms(t.Total)),
		}
		level := slog.LevelInfo
		if failure != nil {
			s.m.errors.WithLabelValues(failure.code).Inc()
			attrs = append(attrs, slog.String("error_code", failure.code), slog.String("error", failure.msg))
			if failure.command != nil {
				attrs = append(attrs, slog.Int("command", *failure.command))
			}
			if status >= 500 && status != http.StatusServiceUnavailable {
				level = slog.LevelError
			}
		}
		if out != nil {
			attrs = append(attrs, slog.Int("width", out.width), slog.Int("height", out.height),
				slog.String("format", out.format), slog.Int("bytes", out.buf.Len()), slog.Int("warnings", len(out.warnings)))
			bufPool.Put(out.buf)
		}
		s.log.LogAttrs(context.Background(), level, "render", attrs...)
	}()
	fail := func(e *apiError) {
		failure = e
		writeError(sw, e)
	}

	if r.Method != http.MethodPost {
		sw.Header().Set("Allow", http.MethodPost)
		fail(&apiError{status: http.StatusMethodNotAllowed, code: "method_not_allowed", msg: "POST a scene, an actions envelope or {\"input\",\"options\"} to /render"})
		return
	}
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		fail(&apiError{status: http.StatusUnsupportedMediaType, code: "unsupported_encoding", msg: "Content-Encoding " + ce + " is not accepted; send the body uncompressed"})
		return
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		fail(tooLarge(s.cfg.MaxBodyBytes))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)) // the raw writer: it closes the connection after an oversize body
	if err != nil {
		var mbe *http.MaxBytesError
		var ne net.Error
		switch {
		case errors.As(err, &mbe):
			fail(tooLarge(s.cfg.MaxBodyBytes))
		case errors.As(err, &ne) && ne.Timeout():
			fail(&apiError{status: http.StatusRequestTimeout, code: "body_read", msg: "the request body did not arrive within the read timeout"})
		case r.Context().Err() != nil:
			fail(&apiError{status: statusClientClosed, code: "client_closed", msg: "the client closed the request"})
		default:
			fail(&apiError{status: http.StatusRequestTimeout, code: "body_read", msg: "reading the request body failed or was too slow: " + err.Error()})
		}
		return
	}
	req, perr := s.parseRequest(r, body)
	if perr != nil {
		fail(perr)
		return
	}
	kind = req.kind.name

	// The request timeout counts from arrival: body, queue, render, encode.
	ctx, cancel := context.WithDeadline(r.Context(), start.Add(s.cfg.RequestTimeout))
	defer cancel()
	ctx = context.WithValue(ctx, timingsKey{}, t)

	if !s.pool.admit() {
		s.m.rejected.WithLabelValues("queue_full").Inc()
		fail(&apiError{status: http.StatusTooManyRequests, code: "queue_full", retry: s.cfg.RetryAfter,
			msg: fmt.Sprintf("all %d workers are busy and %d requests are waiting; retry later", s.cfg.Workers, s.cfg.Queue)})
		return
	}
	defer s.pool.leave()
	s.m.queued.Inc()
	qs := time.Now()
	err = s.pool.acquire(ctx)
	t.Queue = time.Since(qs)
	s.m.queued.Dec()
	s.m.phase.WithLabelValues("queue").Observe(t.Queue.Seconds())
	if err != nil {
		e := classify(err)
		if e.code == "timeout" {
			e.msg = "no worker became free within the request timeout"
		}
		fail(e)
		return
	}
	s.m.inflight.Inc()
	out, err = s.render(ctx, req, t)
	s.m.inflight.Dec()
	s.pool.release()
	if err != nil {
		fail(classify(err))
		return
	}
	for _, p := range []struct {
		name string
		d    time.Duration
	}{{"fetch", t.Fetch()}, {"decode", t.Decode}, {"script", t.Script}, {"raster", t.Raster}, {"encode", t.Encode}} {
		s.m.phase.WithLabelValues(p.name).Observe(p.d.Seconds())
	}
	s.m.outBytes.Observe(float64(out.buf.Len()))
	s.m.warnings.Add(float64(len(out.warnings)))
	s.writeImage(sw, r, out, t, start)
}

func tooLarge(limit int64) *apiError {
	return &apiError{status: http.StatusRequestEntityTooLarge, code: "body_too_large", msg: fmt.Sprintf("the request body exceeds %d bytes", limit)}
}

// rendered is an encoded image and what is said about it.
type rendered struct {
	width, height int
	format        string
	buf           *bytes.Buffer
	warnings      []string
}

// render runs the input on a worker: replay, export, encode. A panic is
// turned into a 500.
func (s *Server) render(ctx context.Context, req *renderRequest, t *Timings) (out *rendered, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.m.panics.Inc()
			s.log.Error("render panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			out, err = nil, &apiError{status: http.StatusInternalServerError, code: "internal", msg: "the render failed unexpectedly; the incident is logged"}
		}
	}()
	lim := canvas.DefaultLimits
	lim.MaxSide, lim.MaxArea, lim.MaxCommands = s.cfg.MaxSide, s.cfg.MaxArea, s.cfg.MaxCommands
	j := &job{
		src: req.src, data: req.data, opt: &req.opt,
		copts: []canvas.Option{canvas.WithLimits(lim), canvas.Fonts(s.fonts)},
		fonts: s.fonts, images: s.images, maxSource: int(s.cfg.MaxBodyBytes),
	}
	if req.opt.Scale != nil {
		j.scale = *req.opt.Scale
	}
	rs := time.Now()
	res, err := req.kind.render(ctx, j, t)
	if res != nil {
		t.Decode = res.Decode
	}
	t.Raster = max(0, time.Since(rs)-t.Decode-t.Script-t.Fetch())
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if res == nil || (res.Context == nil && res.image == nil) {
		return nil, errors.New("the input produced no canvas")
	}
	warnings := res.warnings

	es := time.Now()
	eo := canvas.ExportOptions{FileType: s.cfg.Format, Quality: s.cfg.Quality}
	if res.image != nil && res.fileType != "" {
		eo.FileType = res.fileType // what the script's canvasToTempFilePath asked for
		if res.quality > 0 && res.quality <= 1 {
			eo.Quality = res.quality
		}
	}
	if req.opt.Format != "" {
		eo.FileType = req.opt.Format
	}
	eo.FileType = normFormat(eo.FileType)
	if req.opt.Quality != nil {
		eo.Quality = *req.opt.Quality
	}
	if x := req.opt.Export; x != nil {
		for _, f := range []struct {
			p   *float64
			dst *float64
		}{{x.X, &eo.X}, {x.Y, &eo.Y}, {x.Width, &eo.Width}, {x.Height, &eo.Height}, {x.DestWidth, &eo.DestWidth}, {x.DestHeight, &eo.DestHeight}} {
			if f.p != nil {
				*f.dst = *f.p
			}
		}
	}
	img := res.image
	if img != nil && req.opt.Export != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: "bad_option",
			msg: "the script exported its image with canvasToTempFilePath; an export rectangle in the request does not apply"}
	}
	if img == nil {
		img, err = res.Context.ExportImage(eo)
	}
	if err != nil {
		if strings.Contains(err.Error(), "exceeds the limits") {
			return nil, &apiError{status: http.StatusUnprocessableEntity, code: "limit_exceeded", msg: err.Error()}
		}
		return nil, &apiError{status: http.StatusBadRequest, code: "bad_option", msg: err.Error()}
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	if eo.FileType == "jpg" {
		err = canvas.EncodeJPEG(buf, img, eo.Quality)
	} else {
		err = canvas.EncodePNG(buf, img)
	}
	t.Encode = time.Since(es)
	if err != nil {
		bufPool.Put(buf)
		return nil, fmt.Errorf("encode: %w", err)
	}
	b := img.Bounds()
	return &rendered{width: b.Dx(), height: b.Dy(), format: eo.FileType, buf: buf, warnings: warnings}, nil
}

// writeImage answers the image, or its JSON description with the image
// in base64 when the client accepts application/json.
func (s *Server) writeImage(w http.ResponseWriter, r *http.Request, out *rendered, t *Timings, start time.Time) {
	t.Total = time.Since(start)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Server-Timing", fmt.Sprintf("queue;dur=%.3f, fetch;dur=%.3f, decode;dur=%.3f, script;dur=%.3f, raster;dur=%.3f, encode;dur=%.3f",
		ms(t.Queue), ms(t.Fetch()), ms(t.Decode), ms(t.Script), ms(t.Raster), ms(t.Encode)))
	h.Set("X-Postercanvas-Warnings", strconv.Itoa(len(out.warnings)))
	if acceptsJSON(r.Header.Get("Accept")) {
		warnings := out.warnings
		if warnings == nil {
			warnings = []string{}
		}
		h.Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"width": out.width, "height": out.height, "format": out.format, "bytes": out.buf.Len(),
			"warnings": warnings, "timings": t.json(),
			"image": base64.StdEncoding.EncodeToString(out.buf.Bytes()),
		})
		return
	}
	if out.format == "jpg" {
		h.Set("Content-Type", "image/jpeg")
	} else {
		h.Set("Content-Type", "image/png")
	}
	h.Set("Content-Length", strconv.Itoa(out.buf.Len()))
	w.Write(out.buf.Bytes())
}

// acceptsJSON reports whether an Accept header names application/json
// with a non-zero quality.
func acceptsJSON(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || !strings.EqualFold(mt, "application/json") {
			continue
		}
		if q, ok := params["q"]; ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				continue
			}
		}
		return true
	}
	return false
}

// jsonMediaTypes are the Content-Types a JSON input may come with (curl
// --data sends form-urlencoded unless told otherwise).
func isJSONMediaType(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	mt = strings.ToLower(mt)
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/plain" ||
		mt == "application/x-www-form-urlencoded" || mt == "application/octet-stream"
}

// parseRequest picks the input kind and reads the options.
func (s *Server) parseRequest(r *http.Request, body []byte) (*renderRequest, *apiError) {
	bad := func(code, format string, args ...any) *apiError {
		return &apiError{status: http.StatusBadRequest, code: code, msg: fmt.Sprintf(format, args...)}
	}
	q := r.URL.Query()
	for k := range q {
		switch k {
		case "kind", "scale", "format", "quality", "x", "y", "width", "height", "destWidth", "destHeight", "size":
		default:
			return nil, bad("bad_option", "unknown query parameter %q (want kind, scale, format, quality, x, y, width, height, destWidth, destHeight, size)", k)
		}
	}
	req := &renderRequest{}
	kindName := q.Get("kind")
	ct := r.Header.Get("Content-Type")
	if kindName != "" {
		if req.kind = kindByName(kindName); req.kind == nil {
			return nil, bad("unknown_kind", "unknown input kind %q; this server takes %s", kindName, kindNames())
		}
	}
	if k := kindByMediaType(ct); k != nil && req.kind == nil {
		req.kind = k
	}
	if req.kind != nil && req.kind.mediaTypes != nil && (!isJSONMediaType(ct) || !looksLikeJSONObject(body)) {
		// A non-JSON input (a script): the body is the input.
		req.src = body
	} else {
		if !isJSONMediaType(ct) {
			return nil, &apiError{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type",
				msg: fmt.Sprintf("Content-Type %q is not an input this server takes (%s as JSON)", ct, kindNames())}
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(body, &keys); err != nil || keys == nil {
			return nil, bad("malformed_json", "the body is not a JSON object: %v", jsonErr(err))
		}
		if _, ok := keys["input"]; ok {
			var env envelope
			if err := json.Unmarshal(body, &env); err != nil {
				return nil, bad("malformed_json", "the request envelope: %v", err)
			}
			if env.Options != nil {
				req.opt = *env.Options
			}
			req.data = env.Data
			if env.Kind != "" && kindName == "" {
				if req.kind = kindByName(env.Kind); req.kind == nil {
					return nil, bad("unknown_kind", "unknown input kind %q; this server takes %s", env.Kind, kindNames())
				}
			}
			var text string
			if json.Unmarshal(env.Input, &text) == nil {
				req.src = []byte(text)
				if req.kind == nil {
					return nil, bad("unknown_kind", `a string "input" needs a "kind"`)
				}
			} else {
				req.src = env.Input
				keys = nil
				if err := json.Unmarshal(env.Input, &keys); err != nil || keys == nil {
					return nil, bad("malformed_json", `"input" is not a JSON object or string`)
				}
			}
		} else {
			if req.kind != nil && req.kind.mediaTypes != nil {
				return nil, bad("bad_input", `a %s is posted as its source or as {"kind":%q,"input":"<source>","options":{…}}, not as a JSON object`, req.kind.name, req.kind.name)
			}
			req.src = body
		}
		if req.kind == nil {
			if req.kind = kindByKeys(keys); req.kind == nil {
				return nil, bad("unknown_input", `unknown input: want a scene ("commands"), an actions envelope ("draws" or "actions"), a template ("elements"), or {"kind","input","options"}; this server takes %s`, kindNames())
			}
		}
	}
	if err := applyQuery(&req.opt, q); err != nil {
		return nil, bad("bad_option", "%v", err)
	}
	if isNull(req.data) {
		req.data = nil
	}
	if !isNull(req.opt.Data) {
		if req.data != nil {
			return nil, bad("bad_option", `give "data" once: at the envelope's top level or in "options"`)
		}
		req.data = req.opt.Data
	}
	if req.data != nil {
		if !req.kind.takesData {
			return nil, bad("bad_option", `"data" applies to templates and scripts, not to a %s`, req.kind.name)
		}
		if !looksLikeJSONObject(req.data) {
			return nil, bad("bad_option", `"data" must be a JSON object`)
		}
	}
	if req.opt.hasSize() {
		if !req.kind.takesSize {
			return nil, bad("bad_option", `"size", "width" and "height" set a script's canvas; a %s has its own size (the export rectangle is "options.export" or the query's width and height)`, req.kind.name)
		}
		if _, _, err := req.opt.canvasSize(); err != nil {
			return nil, bad("bad_option", "%v", err)
		}
	}
	if err := checkOptions(&req.opt); err != nil {
		return nil, bad("bad_option", "%v", err)
	}
	return req, nil
}

// looksLikeJSONObject reports whether b starts, after white space, with
// '{': a script posted without a JavaScript Content-Type is taken as
// source unless it does.
func looksLikeJSONObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

func isNull(b json.RawMessage) bool {
	t := bytes.TrimSpace(b)
	return len(t) == 0 || string(t) == "null"
}

func jsonErr(err error) string {
	if err == nil {
		return "null"
	}
	return err.Error()
}

func applyQuery(o *requestOptions, q map[string][]string) error {
	num := func(name string, dst **float64) error {
		v, ok := q[name]
		if !ok {
			return nil
		}
		f, err := strconv.ParseFloat(v[len(v)-1], 64)
		if err != nil {
			return fmt.Errorf("%s=%q: not a number", name, v[len(v)-1])
		}
		*dst = &f
		return nil
	}
	if v, ok := q["format"]; ok {
		o.Format = v[len(v)-1]
	}
	if v, ok := q["size"]; ok {
		o.Size, o.Width, o.Height = v[len(v)-1], nil, nil
	}
	if err := num("scale", &o.Scale); err != nil {
		return err
	}
	if err := num("quality", &o.Quality); err != nil {
		return err
	}
	for _, name := range []string{"x", "y", "width", "height", "destWidth", "destHeight"} {
		if _, ok := q[name]; !ok {
			continue
		}
		if o.Export == nil {
			o.Export = &exportRect{}
		}
		x := o.Export
		dst := map[string]**float64{"x": &x.X, "y": &x.Y, "width": &x.Width, "height": &x.Height, "destWidth": &x.DestWidth, "destHeight": &x.DestHeight}[name]
		if err := num(name, dst); err != nil {
			return err
		}
	}
	return nil
}

func checkOptions(o *requestOptions) error {
	if o.Scale != nil {
		if v := *o.Scale; !(v > 0 && v <= 64) {
			return fmt.Errorf("scale %v: want a number in (0, 64]", v)
		}
	}
	if o.Format != "" && normFormat(o.Format) == "" {
		return fmt.Errorf("format %q: want png or jpg", o.Format)
	}
	if o.Quality != nil {
		if v := *o.Quality; !(v > 0 && v <= 1) {
			return fmt.Errorf("quality %v: want a number in (0, 1]", v)
		}
	}
	if x := o.Export; x != nil {
		for _, f := range []struct {
			name string
			p    *float64
		}{{"x", x.X}, {"y", x.Y}, {"width", x.Width}, {"height", x.Height}, {"destWidth", x.DestWidth}, {"destHeight", x.DestHeight}} {
			if f.p != nil && (math.IsNaN(*f.p) || math.IsInf(*f.p, 0) || *f.p < 0) {
				return fmt.Errorf("export %s %v: want a finite number ≥ 0", f.name, *f.p)
			}
		}
	}
	return nil
}
