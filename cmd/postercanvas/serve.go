package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/fonts"
	"github.com/postercanvas/postercanvas/canvas/imagesrc"
	"github.com/postercanvas/postercanvas/cmd/postercanvas/internal/server"
)

// envPrefix + the flag name in upper snake case is each flag's
// environment fallback: --admin-listen ↔ POSTERCANVAS_ADMIN_LISTEN. A flag
// given on the command line wins over its variable.
const envPrefix = "POSTERCANVAS_"

func envName(flagName string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// listFlag is a repeatable flag that also splits on commas.
type listFlag struct{ v *[]string }

func (l listFlag) String() string {
	if l.v == nil {
		return ""
	}
	return strings.Join(*l.v, ",")
}

func (l listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l.v = append(*l.v, p)
		}
	}
	return nil
}

// serveFlags defines the serve flags on fs, filling cfg; its defaults
// are server.Defaults().
func serveFlags(fs *flag.FlagSet, cfg *server.Config, logFormat, logLevel *string) {
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "address of the render API (host:port)")
	fs.StringVar(&cfg.AdminListen, "admin-listen", cfg.AdminListen, `address of /metrics and /debug/pprof ("" disables)`)
	fs.BoolVar(&cfg.Pprof, "pprof", cfg.Pprof, "serve net/http/pprof on the admin listener")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body-bytes", cfg.MaxBodyBytes, "largest request body (413 above)")
	fs.IntVar(&cfg.MaxSide, "max-side", cfg.MaxSide, "largest canvas or output side in device pixels (422 above)")
	fs.IntVar(&cfg.MaxArea, "max-area", cfg.MaxArea, "largest canvas or output area in device pixels (422 above)")
	fs.IntVar(&cfg.MaxCommands, "max-commands", cfg.MaxCommands, "most commands one render may record (422 above)")
	fs.DurationVar(&cfg.RequestTimeout, "request-timeout", cfg.RequestTimeout, "deadline of one render request, queue wait included (503 after)")
	fs.IntVar(&cfg.Workers, "workers", cfg.Workers, "concurrent renders (default GOMAXPROCS)")
	fs.IntVar(&cfg.Queue, "queue", cfg.Queue, "requests that may wait for a worker (429 beyond)")
	fs.DurationVar(&cfg.RetryAfter, "retry-after", cfg.RetryAfter, "Retry-After of a 429 (rounded up to seconds)")
	fs.DurationVar(&cfg.ReadHeaderTimeout, "read-header-timeout", cfg.ReadHeaderTimeout, "http.Server ReadHeaderTimeout")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", cfg.ReadTimeout, "http.Server ReadTimeout (headers and body)")
	fs.DurationVar(&cfg.WriteTimeout, "write-timeout", cfg.WriteTimeout, "http.Server WriteTimeout (at least --request-timeout)")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "http.Server IdleTimeout (keep-alive)")
	fs.IntVar(&cfg.MaxHeaderBytes, "max-header-bytes", cfg.MaxHeaderBytes, "http.Server MaxHeaderBytes")
	fs.DurationVar(&cfg.ShutdownGrace, "shutdown-grace", cfg.ShutdownGrace, "time in-flight renders get to finish after SIGTERM")
	fs.DurationVar(&cfg.DrainDelay, "drain-delay", cfg.DrainDelay, "after SIGTERM, /readyz answers 503 this long before the listener closes")
	fs.StringVar(&cfg.Format, "format", cfg.Format, "default output format: png or jpg")
	fs.Float64Var(&cfg.Quality, "quality", cfg.Quality, "default JPEG quality in (0, 1]")
	fs.Var(listFlag{&cfg.FontDirs}, "font-dir", "directory of extra TTF/OTF/TTC fonts (repeatable, or comma-separated)")
	fs.BoolVar(&cfg.SystemFonts, "system-fonts", cfg.SystemFonts, "also load the OS font directories")
	fs.StringVar(&cfg.Images.Assets, "assets", cfg.Images.Assets, `directory image names resolve under ("" = names refused)`)
	fs.Var(listFlag{&cfg.Images.AllowHosts}, "allow-host", `image host allowed: "example.com" or "*.example.com" (repeatable, or comma-separated; none = any public host)`)
	fs.BoolVar(&cfg.Images.AllowHTTP, "allow-http", cfg.Images.AllowHTTP, "allow plain http:// image URLs (https:// always)")
	fs.DurationVar(&cfg.Images.Timeout, "image-timeout", cfg.Images.Timeout, "deadline of one image fetch")
	fs.Int64Var(&cfg.Images.MaxBytes, "image-max-bytes", cfg.Images.MaxBytes, "largest encoded image")
	fs.Int64Var(&cfg.Images.MaxPixels, "image-max-pixels", cfg.Images.MaxPixels, "largest decoded image in pixels")
	fs.Int64Var(&cfg.Images.CacheBytes, "image-cache-bytes", cfg.Images.CacheBytes, "decoded-image cache shared by all requests (0 = none)")
	fs.StringVar(logFormat, "log-format", *logFormat, "log format: json or text")
	fs.StringVar(logLevel, "log-level", *logLevel, "log level: debug, info, warn or error")
}

// applyEnv sets every flag not given on the command line from its
// environment variable, if that is set (set and empty counts: an empty
// POSTERCANVAS_ADMIN_LISTEN disables the admin listener).
func applyEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] {
			return
		}
		v, ok := lookup(envName(f.Name))
		if !ok {
			return
		}
		if err := fs.Set(f.Name, v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: %v", envName(f.Name), v, err))
		}
	})
	return errors.Join(errs...)
}

// serveSetup parses the flags and environment, validates them and builds
// the shared fonts and image source.
func serveSetup(args []string, lookup func(string) (string, bool), stderr io.Writer) (server.Config, *fonts.Registry, canvas.ImageSource, *slog.Logger, error) {
	cfg := server.Defaults()
	logFormat, logLevel := "json", "info"
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	serveFlags(fs, &cfg, &logFormat, &logLevel)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: postercanvas serve [flags]\nEvery flag falls back to %sNAME (e.g. --admin-listen: %s).\n", envPrefix, envName("admin-listen"))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, nil, nil, err
	}
	if fs.NArg() > 0 {
		return cfg, nil, nil, nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := applyEnv(fs, lookup); err != nil {
		return cfg, nil, nil, nil, err
	}
	var errs []error
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		errs = append(errs, fmt.Errorf("log-level %q: want debug, info, warn or error", logLevel))
	}
	hopts := &slog.HandlerOptions{Level: level}
	var log *slog.Logger
	switch logFormat {
	case "json":
		log = slog.New(slog.NewJSONHandler(stderr, hopts))
	case "text":
		log = slog.New(slog.NewTextHandler(stderr, hopts))
	default:
		errs = append(errs, fmt.Errorf("log-format %q: want json or text", logFormat))
	}
	if a := cfg.Images.Assets; a != "" {
		if st, err := os.Stat(a); err != nil || !st.IsDir() {
			errs = append(errs, fmt.Errorf("assets %q: not a directory", a))
		}
	}
	if len(errs) > 0 {
		return cfg, nil, nil, nil, errors.Join(errs...)
	}
	reg := fonts.New()
	for _, d := range cfg.FontDirs {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			errs = append(errs, fmt.Errorf("font-dir %q: not a directory", d))
			continue
		}
		if err := reg.AddDir(d); err != nil {
			errs = append(errs, fmt.Errorf("font-dir %q: %v", d, err))
		}
	}
	if cfg.SystemFonts {
		if err := reg.AddSystemFonts(); err != nil {
			log.Warn("system fonts", "error", err.Error())
		}
	}
	if len(errs) == 0 {
		log.Info("fonts", "families", len(reg.Families()))
	}
	images, err := newImageSource(cfg.Images)
	if err != nil {
		errs = append(errs, err)
	}
	return cfg, reg, images, log, errors.Join(errs...)
}

// newImageSource is the ONE place the service builds its image loader,
// shared by every request for the life of the process: names resolve
// under --assets only (never other server paths), data: URIs decode, and
// http(s) URLs go through imagesrc's SSRF guard (public addresses, ports
// 80/443, every redirect re-checked) and the host allow-list. The server
// checks the source syntax first (https, http only with --allow-http,
// clean names only with --assets).
func newImageSource(c server.ImageConfig) (canvas.ImageSource, error) {
	if c.Assets != "" {
		st, err := os.Stat(c.Assets)
		if err != nil {
			return nil, fmt.Errorf("--assets: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("--assets %s: not a directory", c.Assets)
		}
	}
	return imagesrc.New(imagesrc.Config{
		Root:       c.Assets,
		HTTP:       true,
		AllowHosts: c.AllowHosts,
		Timeout:    c.Timeout,
		MaxBytes:   c.MaxBytes,
		MaxPixels:  c.MaxPixels,
		CacheBytes: c.CacheBytes,
	}), nil
}

func cmdServe(args []string, stdout, stderr io.Writer) int {
	cfg, reg, images, log, err := serveSetup(args, os.LookupEnv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 2
	}
	srv, err := server.New(cfg, reg, images, log)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	var admin net.Listener
	if cfg.AdminListen != "" {
		if admin, err = net.Listen("tcp", cfg.AdminListen); err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "serve: %v\n", err)
			return 1
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Serve(ctx, ln, admin); err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 1
	}
	return 0
}
