package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/fonts"
)

// Server is the render service. It keeps no state between requests: the
// font registry and the image source are configured once and shared.
type Server struct {
	cfg      Config
	log      *slog.Logger
	fonts    *fonts.Registry
	images   *imagePolicy
	m        *metrics
	pool     *pool
	fontsOK  bool
	draining atomic.Bool
}

// New builds a Server. reg is the font registry every render shares;
// images is the shared image loader (nil: allowed image sources fail
// with a clear error). cfg must have passed Validate.
func New(cfg Config, reg *fonts.Registry, images canvas.ImageSource, log *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if reg == nil {
		return nil, errors.New("server: no font registry")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg:    cfg,
		log:    log,
		fonts:  reg,
		images: &imagePolicy{inner: images, assets: cfg.Images.Assets != "", allowHTTP: cfg.Images.AllowHTTP},
		m:      newMetrics(),
		pool:   newPool(cfg.Workers, cfg.Queue),
	}
	s.fontsOK = fontsReady(reg)
	s.m.workers.Set(float64(cfg.Workers))
	s.m.queueSize.Set(float64(cfg.Queue))
	s.setReady()
	return s, nil
}

// fontsReady reports whether the registry draws Latin and Chinese text
// through its default family and fallback chain.
func fontsReady(reg *fonts.Registry) bool {
	ms := reg.Resolve([]string{"sans-serif"}, 400, false)
	for _, r := range []rune{'A', '中'} {
		ok := false
		for _, m := range ms {
			if m.Has(r) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Ready reports what /readyz answers: fonts loaded and not draining.
func (s *Server) Ready() bool { return s.fontsOK && !s.draining.Load() }

// Drain makes /readyz answer 503 from now on; renders are still served.
func (s *Server) Drain() {
	s.draining.Store(true)
	s.setReady()
}

func (s *Server) setReady() {
	if s.Ready() {
		s.m.ready.Set(1)
	} else {
		s.m.ready.Set(0)
	}
}

// Handler is the public API: POST /render, GET /healthz, GET /readyz.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/render", s.handleRender)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.m.requests.WithLabelValues("other", "404").Inc()
		writeError(w, &apiError{status: http.StatusNotFound, code: "not_found", msg: "no such endpoint; POST /render, GET /healthz, GET /readyz"})
	})
	return mux
}

// AdminHandler serves /metrics, the probes and (if enabled) /debug/pprof/.
// It belongs on a listener the public cannot reach.
func (s *Server) AdminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.m.reg, promhttp.HandlerOpts{Registry: s.m.reg}))
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /readyz", s.handleReady)
	if s.cfg.Pprof {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
	return mux
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	s.m.requests.WithLabelValues("healthz", "200").Inc()
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"status":"ok"}` + "\n"))
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case s.draining.Load():
		s.m.requests.WithLabelValues("readyz", "503").Inc()
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"status":"draining"}` + "\n"))
	case !s.fontsOK:
		s.m.requests.WithLabelValues("readyz", "503").Inc()
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`{"status":"fonts not loaded: no face for Latin or Chinese text"}` + "\n"))
	default:
		s.m.requests.WithLabelValues("readyz", "200").Inc()
		w.Write([]byte(`{"status":"ready"}` + "\n"))
	}
}

// httpServer wraps h with the configured timeouts and header limit.
func (s *Server) httpServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    s.cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// ErrGraceExpired is returned by Serve when in-flight renders outlived the
// shutdown grace period and their connections were closed.
var ErrGraceExpired = errors.New("server: shutdown grace period expired; in-flight requests were cut")

// Serve answers the API on ln and the admin handler on admin (nil: none)
// until ctx is done, then shuts down gracefully: /readyz answers 503,
// after DrainDelay the listeners close, and in-flight renders get up to
// ShutdownGrace to finish before their connections are closed (which
// cancels them).
func (s *Server) Serve(ctx context.Context, ln, admin net.Listener) error {
	api := s.httpServer(s.Handler())
	errc := make(chan error, 2)
	go func() { errc <- api.Serve(ln) }()
	var adm *http.Server
	if admin != nil {
		adm = s.httpServer(s.AdminHandler())
		go func() { errc <- adm.Serve(admin) }()
	}
	s.log.Info("serving", "listen", ln.Addr().String(), "admin", addrOf(admin),
		"workers", s.cfg.Workers, "queue", s.cfg.Queue, "request_timeout", s.cfg.RequestTimeout.String(), "fonts_ready", s.fontsOK)
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
	}
	s.Drain()
	s.log.Info("draining", "drain_delay", s.cfg.DrainDelay.String(), "grace", s.cfg.ShutdownGrace.String(),
		"in_flight", s.pool.admitted.Load())
	if serveErr == nil && s.cfg.DrainDelay > 0 {
		time.Sleep(s.cfg.DrainDelay)
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	err := api.Shutdown(sctx)
	if err != nil {
		api.Close()
		err = ErrGraceExpired
	}
	if adm != nil {
		actx, acancel := context.WithTimeout(context.Background(), time.Second)
		if adm.Shutdown(actx) != nil {
			adm.Close()
		}
		acancel()
	}
	s.log.Info("stopped", "error", errString(err))
	if serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}

func addrOf(l net.Listener) string {
	if l == nil {
		return ""
	}
	return l.Addr().String()
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// pool bounds concurrent renders (workers) and the requests waiting for
// one (queue): admit fails at once when workers+queue requests are in.
type pool struct {
	workers  chan struct{}
	limit    int64
	admitted atomic.Int64
}

func newPool(workers, queue int) *pool {
	return &pool{workers: make(chan struct{}, workers), limit: int64(workers + queue)}
}

func (p *pool) admit() bool {
	if p.admitted.Add(1) > p.limit {
		p.admitted.Add(-1)
		return false
	}
	return true
}

func (p *pool) leave() { p.admitted.Add(-1) }

// acquire waits for a worker until ctx is done.
func (p *pool) acquire(ctx context.Context) error {
	select {
	case p.workers <- struct{}{}:
		return nil
	default:
	}
	select {
	case p.workers <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *pool) release() { <-p.workers }

// requestID returns the client's X-Request-Id when it is short and plain,
// else a new random one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 64 {
		ok := true
		for _, c := range []byte(id) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				ok = false
				break
			}
		}
		if ok {
			return id
		}
	}
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
