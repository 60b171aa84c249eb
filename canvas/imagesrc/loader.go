package imagesrc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/postercanvas/postercanvas/raster"
)

// Loader loads, decodes and caches images. It implements
// canvas.ImageSource. A Loader is safe for concurrent use; the pixmaps it
// returns are shared between callers and must not be modified.
type Loader struct {
	cfg    Config
	cache  *cache
	client *http.Client // nil unless cfg.HTTP
	tr     *http.Transport
}

// New returns a Loader for cfg. Unset limits take their defaults (see
// Config). Close releases its idle connections.
func New(cfg Config) *Loader {
	cfg = cfg.withDefaults()
	l := &Loader{cfg: cfg, cache: newCache(cfg.CacheBytes, cfg.ErrorTTL)}
	if cfg.HTTP {
		l.client, l.tr = newHTTPClient(cfg)
	}
	return l
}

// Close closes the fetcher's idle connections. The Loader stays usable.
func (l *Loader) Close() error {
	if l.tr != nil {
		l.tr.CloseIdleConnections()
	}
	return nil
}

// Stats reports cache activity.
func (l *Loader) Stats() Stats { return l.cache.stats() }

// LoadImage returns the premultiplied pixels of src, EXIF orientation
// applied. src is a path relative to Config.Root, a data: URI or an http(s)
// URL. Every error is an *Error naming src; see the sentinels for kinds.
func (l *Loader) LoadImage(ctx context.Context, src string) (*raster.Pixmap, error) {
	r := l.get(ctx, src)
	if r.err != nil {
		return nil, r.err
	}
	return r.pm, nil
}

// Info returns what wx.getImageInfo reports about src. It loads (and
// caches) the image fully, since getImageInfo is normally followed by a
// drawImage of the same source.
func (l *Loader) Info(ctx context.Context, src string) (Info, error) {
	r := l.get(ctx, src)
	if r.err != nil {
		return Info{}, r.err
	}
	return r.info, nil
}

// LoadAll loads every distinct source in srcs, at most Config.Parallel at a
// time, so that the LoadImage calls of the render that follows are cache
// hits. It returns the failures joined (each names its source); the
// failures are also remembered for Config.ErrorTTL.
func (l *Loader) LoadAll(ctx context.Context, srcs []string) error {
	seen := make(map[string]bool, len(srcs))
	var uniq []string
	for _, s := range srcs {
		if !seen[s] {
			seen[s] = true
			uniq = append(uniq, s)
		}
	}
	errs := make([]error, len(uniq))
	sem := make(chan struct{}, l.cfg.Parallel)
	var wg sync.WaitGroup
	for i, s := range uniq {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			for j := i; j < len(uniq); j++ {
				errs[j] = l.wrapCtx(uniq[j], ctx.Err())
			}
			wg.Wait()
			return errors.Join(errs...)
		}
		wg.Go(func() {
			defer func() { <-sem }()
			errs[i] = l.get(ctx, s).err
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// get resolves src to a cache key and a load function and goes through the
// cache.
func (l *Loader) get(ctx context.Context, src string) *result {
	key, load, err := l.resolve(src)
	if err != nil {
		return &result{err: err}
	}
	r := l.cache.get(ctx, key, load)
	if r.err == nil {
		return r
	}
	e, ok := r.err.(*Error)
	if !ok {
		return &result{err: l.wrapCtx(src, r.err)} // the caller's context ended
	}
	if d := describe(src); e.Src != d {
		// A shared or cached failure first seen under another spelling
		// of the same source ("./a.png", "a.png"): name this one.
		c := *e
		c.Src = d
		return &result{err: &c}
	}
	return r
}

// wrapCtx names the source in a caller's cancellation or deadline.
func (l *Loader) wrapCtx(src string, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return newErr(src, ErrTimeout, "caller's deadline", err)
	}
	return newErr(src, ErrTimeout, "cancelled", err)
}

// resolve classifies src and returns its cache key and loader.
func (l *Loader) resolve(src string) (string, func(context.Context) *result, error) {
	scheme, _, hasScheme := strings.Cut(src, ":")
	if hasScheme && !isScheme(scheme) {
		hasScheme = false
	}
	switch {
	case src == "":
		return "", nil, newErr(src, ErrBadSource, "empty source", nil)
	case hasScheme && strings.EqualFold(scheme, "data"):
		if l.cfg.NoData {
			return "", nil, newErr(src, ErrDisabledScheme, "data: URIs are disabled", nil)
		}
		sum := sha256.Sum256([]byte(src))
		return "data:" + hex.EncodeToString(sum[:]), func(context.Context) *result { return l.loadData(src) }, nil
	case hasScheme && (strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https")):
		if l.client == nil {
			return "", nil, newErr(src, ErrDisabledScheme, "http(s) sources are disabled", nil)
		}
		u, err := l.checkURL(src, src)
		if err != nil {
			return "", nil, err
		}
		return "url:" + u.String(), func(ctx context.Context) *result { return l.fetch(ctx, src, u) }, nil
	case hasScheme:
		return "", nil, newErr(src, ErrDisabledScheme, "scheme "+strings.ToLower(scheme)+": is not supported", nil)
	case strings.HasPrefix(src, "//"), strings.HasPrefix(src, `\\`):
		return "", nil, newErr(src, ErrDisabledScheme, "protocol-relative URL", nil)
	}
	if l.cfg.Root == "" {
		return "", nil, newErr(src, ErrDisabledScheme, "file sources are disabled (no root directory)", nil)
	}
	name, err := l.cleanPath(src)
	if err != nil {
		return "", nil, err
	}
	return "file:" + name, func(context.Context) *result { return l.loadFile(src, name) }, nil
}

// isScheme reports whether s is a URI scheme (RFC 3986: ALPHA *( ALPHA /
// DIGIT / "+" / "-" / "." )). One letter is taken as a Windows drive, not
// a scheme.
func isScheme(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

func (l *Loader) limits() limits {
	return limits{maxPixels: l.cfg.MaxPixels, maxSide: l.cfg.MaxSide}
}

// decoded makes a result from encoded bytes.
func (l *Loader) decoded(src string, data []byte, ttl time.Duration) *result {
	pm, info, err := decode(src, data, l.limits())
	if err != nil {
		return &result{err: err}
	}
	return &result{pm: pm, info: info, ttl: ttl}
}
