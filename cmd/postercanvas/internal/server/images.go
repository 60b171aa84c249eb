package server

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"strings"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/raster"
)

// errNoImageSource is returned for an allowed image when the build has no
// loader (see cmd/postercanvas/serve.go newImageSource).
var errNoImageSource = errors.New("image loading is not configured on this server")

// imagePolicy is the request-facing ImageSource: it refuses any src that
// is not an http(s) URL, a data: URI or a clean relative name (names only
// when an asset directory is configured), before the shared loader sees
// it, and adds the loader's time to the request's fetch phase. The loader
// enforces the rest of the policy (hosts, SSRF, sizes) and resolves names
// under the asset directory.
type imagePolicy struct {
	inner     canvas.ImageSource
	assets    bool
	allowHTTP bool
}

func (p *imagePolicy) LoadImage(ctx context.Context, src string) (*raster.Pixmap, error) {
	if err := p.check(src); err != nil {
		return nil, err
	}
	if p.inner == nil {
		return nil, errNoImageSource
	}
	start := time.Now()
	pm, err := p.inner.LoadImage(ctx, src)
	if t, ok := ctx.Value(timingsKey{}).(*Timings); ok {
		t.addFetch(time.Since(start))
	}
	return pm, err
}

// check applies the source-syntax part of the policy.
func (p *imagePolicy) check(src string) error {
	if len(src) >= 5 && strings.EqualFold(src[:5], "data:") {
		return nil
	}
	if strings.ContainsAny(src, "\x00\\") {
		return errors.New("image source: invalid characters")
	}
	if i := strings.Index(src, ":"); i >= 0 && (strings.IndexByte(src, '/') < 0 || i < strings.IndexByte(src, '/')) {
		u, err := url.Parse(src)
		if err != nil {
			return errors.New("image source: invalid URL")
		}
		switch strings.ToLower(u.Scheme) {
		case "https":
		case "http":
			if !p.allowHTTP {
				return errors.New("image source: http:// is not allowed on this server; use https://")
			}
		default:
			return errors.New("image source: only http(s) URLs, data: URIs and asset names are allowed")
		}
		if u.User != nil || u.Host == "" {
			return errors.New("image source: invalid URL")
		}
		return nil
	}
	if strings.HasPrefix(src, "//") {
		return errors.New("image source: a URL needs a scheme")
	}
	name := strings.TrimPrefix(src, "./")
	if !fs.ValidPath(name) || name == "." {
		return errors.New("image source: a name must be a relative path inside the asset directory")
	}
	if !p.assets {
		return errors.New("image source: names are not allowed on this server (no asset directory)")
	}
	return nil
}
