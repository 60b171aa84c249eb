// Package server is the postercanvas HTTP render service: POST /render,
// health and readiness probes, Prometheus metrics and pprof on an admin
// listener, bounded workers with a bounded queue, and graceful shutdown.
package server

import (
	"errors"
	"fmt"
	"math"
	"net"
	"runtime"
	"strings"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
)

// Config is the service's configuration. Defaults returns the documented
// defaults; Validate refuses a configuration the service cannot honour.
type Config struct {
	Listen      string // the render API
	AdminListen string // /metrics and /debug/pprof; "" disables the admin listener
	Pprof       bool   // mount net/http/pprof on the admin listener

	MaxBodyBytes int64 // request body (413 above)
	MaxSide      int   // output side in device pixels (422 above)
	MaxArea      int   // output area in device pixels (422 above)
	MaxCommands  int   // commands one render may record (422 above)

	RequestTimeout time.Duration // queue wait + render + encode (503 after)
	Workers        int           // concurrent renders
	Queue          int           // requests waiting for a worker (429 beyond)
	RetryAfter     time.Duration // the Retry-After of a 429

	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int

	ShutdownGrace time.Duration // how long in-flight renders may finish after SIGTERM
	DrainDelay    time.Duration // readiness reports 503 this long before the listener closes

	Format  string  // default output format: png or jpg
	Quality float64 // default JPEG quality in (0, 1]

	FontDirs    []string // directories of extra fonts, loaded at start-up
	SystemFonts bool     // also load the OS's font directories

	Images ImageConfig
}

// ImageConfig is the image-source policy, fixed at start-up and shared by
// every request. Images are http(s) URLs, data: URIs, or names under
// Assets — never other paths on the server.
type ImageConfig struct {
	Assets     string        // directory that image names resolve under ("" = names refused)
	AllowHosts []string      // http(s) hosts allowed: "example.com", "*.example.com" ("" = any public host)
	AllowHTTP  bool          // allow plain http:// (https:// always allowed)
	Timeout    time.Duration // one image fetch
	MaxBytes   int64         // one encoded image
	MaxPixels  int64         // one decoded image
	CacheBytes int64         // decoded-image cache shared by all requests
}

// Defaults returns the configuration documented in the README.
func Defaults() Config {
	return Config{
		Listen:            "127.0.0.1:8080",
		AdminListen:       "127.0.0.1:9090",
		Pprof:             true,
		MaxBodyBytes:      1 << 20,
		MaxSide:           canvas.DefaultLimits.MaxSide,
		MaxArea:           canvas.DefaultLimits.MaxArea,
		MaxCommands:       100_000,
		RequestTimeout:    10 * time.Second,
		Workers:           runtime.GOMAXPROCS(0),
		Queue:             64,
		RetryAfter:        time.Second,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ShutdownGrace:     20 * time.Second,
		Format:            "png",
		Quality:           0.92,
		Images: ImageConfig{
			Timeout:    5 * time.Second,
			MaxBytes:   10 << 20,
			MaxPixels:  50_000_000,
			CacheBytes: 256 << 20,
		},
	}
}

// Validate reports every problem of c at once.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if err := checkAddr(c.Listen); err != nil {
		bad("listen %q: %v", c.Listen, err)
	}
	if c.AdminListen != "" {
		if err := checkAddr(c.AdminListen); err != nil {
			bad("admin-listen %q: %v", c.AdminListen, err)
		} else if c.AdminListen == c.Listen {
			bad("admin-listen %q: must differ from listen", c.AdminListen)
		}
	}
	if c.MaxBodyBytes < 1 {
		bad("max-body-bytes %d: must be positive", c.MaxBodyBytes)
	}
	if c.MaxSide < 1 {
		bad("max-side %d: must be positive", c.MaxSide)
	}
	if c.MaxArea < 1 {
		bad("max-area %d: must be positive", c.MaxArea)
	}
	if c.MaxCommands < 1 {
		bad("max-commands %d: must be positive", c.MaxCommands)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"request-timeout", c.RequestTimeout}, {"retry-after", c.RetryAfter},
		{"read-header-timeout", c.ReadHeaderTimeout}, {"read-timeout", c.ReadTimeout},
		{"write-timeout", c.WriteTimeout}, {"idle-timeout", c.IdleTimeout},
		{"shutdown-grace", c.ShutdownGrace}, {"image-timeout", c.Images.Timeout},
	} {
		if d.v <= 0 {
			bad("%s %v: must be positive", d.name, d.v)
		}
	}
	if c.DrainDelay < 0 {
		bad("drain-delay %v: must not be negative", c.DrainDelay)
	}
	if c.WriteTimeout > 0 && c.WriteTimeout < c.RequestTimeout {
		bad("write-timeout %v: must be at least request-timeout %v, or slow renders lose their answer", c.WriteTimeout, c.RequestTimeout)
	}
	if c.Workers < 1 {
		bad("workers %d: must be positive", c.Workers)
	}
	if c.Queue < 0 {
		bad("queue %d: must not be negative", c.Queue)
	}
	if c.MaxHeaderBytes < 1024 {
		bad("max-header-bytes %d: must be at least 1024", c.MaxHeaderBytes)
	}
	if f := normFormat(c.Format); f == "" {
		bad("format %q: want png or jpg", c.Format)
	}
	if !(c.Quality > 0 && c.Quality <= 1) || math.IsNaN(c.Quality) {
		bad("quality %v: want a number in (0, 1]", c.Quality)
	}
	if c.Images.MaxBytes < 1 {
		bad("image-max-bytes %d: must be positive", c.Images.MaxBytes)
	}
	if c.Images.MaxPixels < 1 {
		bad("image-max-pixels %d: must be positive", c.Images.MaxPixels)
	}
	if c.Images.CacheBytes < 0 {
		bad("image-cache-bytes %d: must not be negative", c.Images.CacheBytes)
	}
	for _, h := range c.Images.AllowHosts {
		if err := checkHostPattern(h); err != nil {
			bad("allow-host %q: %v", h, err)
		}
	}
	return errors.Join(errs...)
}

func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if port == "" {
		return errors.New("no port")
	}
	if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, "/:@ ") {
		return errors.New("bad host")
	}
	return nil
}

// checkHostPattern accepts "host" or "*.suffix": a bare host name, no
// scheme, port, path or userinfo (a prefix match on URLs is how
// "http://example.com@evil.com" slips through).
func checkHostPattern(h string) error {
	s := strings.TrimPrefix(h, "*.")
	if s == "" || strings.ContainsAny(s, "/:@?#*[] \\") {
		return errors.New(`want a host name or "*.domain", without scheme, port or path`)
	}
	return nil
}

// normFormat returns "png" or "jpg" for an accepted format name, else "".
func normFormat(f string) string {
	switch strings.ToLower(f) {
	case "png":
		return "png"
	case "jpg", "jpeg":
		return "jpg"
	}
	return ""
}
