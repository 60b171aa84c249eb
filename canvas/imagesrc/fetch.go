package imagesrc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The fetcher's connection pool: few idle connections, closed soon.
const (
	maxIdleConns        = 16
	maxIdleConnsPerHost = 4
	maxConnsPerHost     = 16 // many renders naming one CDN queue rather than open hundreds of sockets
	idleConnTimeout     = 30 * time.Second
	maxHeaderBytes      = 64 << 10
)

type srcKey struct{}

func newHTTPClient(cfg Config) (*http.Client, *http.Transport) {
	d := &net.Dialer{
		Timeout:   cfg.DialTimeout,
		KeepAlive: 30 * time.Second,
		Resolver:  cfg.Resolver,
		Control:   dialControl(cfg.CheckAddr),
	}
	tr := &http.Transport{
		Proxy:                  nil, // never a proxy: the address check must see the real destination
		DialContext:            d.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    cfg.Timeout,
		ResponseHeaderTimeout:  cfg.Timeout,
		DisableCompression:     true, // a gzip bomb stays opaque bytes
		MaxIdleConns:           maxIdleConns,
		MaxIdleConnsPerHost:    maxIdleConnsPerHost,
		MaxConnsPerHost:        maxConnsPerHost,
		IdleConnTimeout:        idleConnTimeout,
		MaxResponseHeaderBytes: maxHeaderBytes,
	}
	c := &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			src, _ := req.Context().Value(srcKey{}).(string)
			if len(via) > cfg.MaxRedirects {
				return newErr(src, ErrTooManyRedirects, fmt.Sprintf("more than %d", max(cfg.MaxRedirects, 0)), nil)
			}
			_, err := checkURL(cfg, src, req.URL.String())
			return err
		},
	}
	return c, tr
}

func (l *Loader) checkURL(src, raw string) (*url.URL, error) { return checkURL(l.cfg, src, raw) }

// checkURL applies the checks that do not need a connection: scheme, no
// credentials, the host allow-list, and for a literal IP host the address
// policy (the dialer checks again at connect time, for every host).
func checkURL(cfg Config, src, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, newErr(src, ErrBadSource, "unparsable URL", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, newErr(src, ErrDisabledScheme, "redirect to scheme "+u.Scheme, nil)
	}
	if u.User != nil {
		return nil, newErr(src, ErrBadSource, "credentials in URL", nil)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return nil, newErr(src, ErrBadSource, "URL without a host", nil)
	}
	if len(cfg.AllowHosts) > 0 && !hostAllowed(cfg.AllowHosts, host) {
		return nil, newErr(src, ErrHostNotAllowed, host, nil)
	}
	if a, err := netip.ParseAddr(host); err == nil {
		port := 80
		if u.Scheme == "https" {
			port = 443
		}
		if p := u.Port(); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n <= 0 || n > 65535 {
				return nil, newErr(src, ErrBadSource, "bad port", nil)
			}
			port = n
		}
		if err := cfg.CheckAddr(netip.AddrPortFrom(a.WithZone(""), uint16(port))); err != nil {
			return nil, newErr(src, ErrBlockedAddress, err.Error(), nil)
		}
	}
	return u, nil
}

func hostAllowed(allow []string, host string) bool {
	for _, a := range allow {
		a = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(a)), ".")
		if suffix, ok := strings.CutPrefix(a, "*."); ok {
			if strings.HasSuffix(host, "."+suffix) {
				return true
			}
		} else if host == a {
			return true
		}
	}
	return false
}

// fetch GETs u under the per-image timeout and decodes the body.
func (l *Loader) fetch(ctx context.Context, src string, u *url.URL) *result {
	ctx, cancel := context.WithTimeout(context.WithValue(ctx, srcKey{}, src), l.cfg.Timeout)
	defer cancel()
	data, ttl, err := l.download(ctx, src, u)
	if err != nil {
		return &result{err: err}
	}
	return l.decoded(src, data, ttl)
}

// download GETs u and returns the body and how long to cache it.
func (l *Loader) download(ctx context.Context, src string, u *url.URL) ([]byte, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, newErr(src, ErrBadSource, "bad request", err)
	}
	req.Header.Set("Accept", "image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.5")
	req.Header.Set("Accept-Encoding", "identity")
	req.Header.Set("User-Agent", "postercanvas-imagesrc")
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, 0, l.netErr(ctx, src, err)
	}
	defer resp.Body.Close()

	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, 0, newErr(src, ErrNotFound, resp.Status, nil)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return nil, 0, newErr(src, ErrHTTPStatus, resp.Status, nil)
	}
	if ce := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); ce != "" && ce != "identity" {
		return nil, 0, newErr(src, ErrContentType, "Content-Encoding "+ce+" is not accepted", nil)
	}
	max := l.cfg.MaxBytes
	if resp.ContentLength > max {
		return nil, 0, newErr(src, ErrTooLarge, fmt.Sprintf("Content-Length %d exceeds %d bytes", resp.ContentLength, max), nil)
	}
	ctype := resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ctype); err == nil {
		ctype = mt
	}
	var buf bytes.Buffer
	if resp.ContentLength > 0 {
		buf.Grow(int(resp.ContentLength) + 1)
	}
	body := io.LimitReader(resp.Body, max+1)
	// Look at the first bytes before reading the rest, so that an HTML page
	// is refused without downloading it.
	if _, err := io.CopyN(&buf, body, 16); err != nil && err != io.EOF {
		return nil, 0, l.netErr(ctx, src, err)
	}
	if err := l.checkType(src, ctype, buf.Bytes()); err != nil {
		return nil, 0, err
	}
	if _, err := buf.ReadFrom(body); err != nil {
		return nil, 0, l.netErr(ctx, src, err)
	}
	if int64(buf.Len()) > max {
		return nil, 0, newErr(src, ErrTooLarge, fmt.Sprintf("body exceeds %d bytes", max), nil)
	}
	return buf.Bytes(), l.ttl(resp.Header.Get("Cache-Control")), nil
}

// netErr classifies a failed request or body read.
func (l *Loader) netErr(ctx context.Context, src string, err error) error {
	var e *Error
	var be *blockedError
	var ne net.Error
	switch {
	case errors.As(err, &e): // from CheckRedirect
		return e
	case errors.As(err, &be):
		return newErr(src, ErrBlockedAddress, be.reason.Error(), be)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return newErr(src, ErrTimeout, fmt.Sprintf("no complete response within %v", l.cfg.Timeout), err)
	case ctx.Err() != nil:
		return newErr(src, ErrTimeout, "cancelled", ctx.Err())
	case errors.As(err, &ne) && ne.Timeout():
		return newErr(src, ErrTimeout, "network timeout", err)
	}
	return newErr(src, ErrFetch, "", err)
}

// ttl is how long a response stays cached: Config.CacheTTL, shortened by
// Cache-Control max-age, no-cache or no-store, but never under MinTTL.
func (l *Loader) ttl(cc string) time.Duration {
	ttl := l.cfg.CacheTTL
	for d := range strings.SplitSeq(strings.ToLower(cc), ",") {
		d = strings.TrimSpace(d)
		switch {
		case d == "no-store", d == "no-cache":
			ttl = 0
		case strings.HasPrefix(d, "max-age="):
			if n, err := strconv.ParseInt(strings.Trim(d[len("max-age="):], `"`), 10, 64); err == nil && n >= 0 {
				ttl = min(ttl, time.Duration(min(n, 1<<31))*time.Second)
			}
		}
	}
	return max(ttl, min(MinTTL, l.cfg.CacheTTL))
}
