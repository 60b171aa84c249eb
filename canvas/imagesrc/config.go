package imagesrc

import (
	"net"
	"time"
)

// Config configures a Loader. The zero value is usable: files are disabled
// (no Root), data: URIs are enabled, http(s) is disabled, and every limit
// takes the default below. A zero or negative limit selects the default
// unless the field says otherwise.
type Config struct {
	// Root is the directory relative paths are resolved in (the scene's or
	// script's directory). "" disables file sources. Absolute paths, ".."
	// escapes and symlinks leading out of Root are refused (ErrPathEscape).
	Root string
	// PackagePaths makes a leading "/" mean Root, as a mini program's
	// package-absolute paths ("/img/a.png") do. Without it such paths are
	// refused as absolute.
	PackagePaths bool
	// NoData disables data: URIs.
	NoData bool
	// HTTP enables http:// and https:// sources.
	HTTP bool

	// AllowHosts, if not empty, is the only hosts fetched from (also after
	// redirects): "example.com" matches that host exactly, "*.example.com"
	// any subdomain of it (not example.com itself). Matching is on the
	// parsed host name, case-insensitive, trailing dot ignored.
	AllowHosts []string
	// AllowPrivate lets the fetcher connect to non-public addresses
	// (loopback, RFC 1918, link-local, …). For development only.
	AllowPrivate bool
	// Ports the fetcher may connect to. nil means 80 and 443.
	Ports []int
	// CheckAddr, if set, replaces the address policy built from AllowPrivate
	// and Ports. It runs at connect time on the resolved address.
	CheckAddr AddrCheck
	// Resolver for host names (nil: the default resolver).
	Resolver *net.Resolver

	MaxBytes     int64         // encoded bytes of one file or response; default 10 MiB
	MaxDataBytes int64         // decoded bytes of one data: URI; default 2 MiB
	MaxPixels    int64         // width×height of one image; default 25,000,000
	MaxSide      int           // width or height of one image; default 16384
	Timeout      time.Duration // whole fetch of one URL (connect, headers, body); default 5 s
	DialTimeout  time.Duration // TCP connect; default 3 s
	MaxRedirects int           // default 3; negative: redirects are refused
	Parallel     int           // concurrent loads in one LoadAll; default 4

	// StrictContentType refuses responses and data: URIs whose type is not
	// image/*, application/octet-stream or absent, even when their bytes are
	// a supported image. Without it such bodies are sniffed: a supported
	// image is accepted (as browsers do for <img>), anything else is
	// ErrContentType.
	StrictContentType bool

	CacheBytes int64         // decoded bytes kept in the LRU; default 256 MiB; negative: no cache
	CacheTTL   time.Duration // longest time a remote image is kept; default 1 h
	ErrorTTL   time.Duration // how long a failure is remembered; default 10 s; negative: not at all
}

// Defaults and hard ceilings. The defaults follow the limits trusted image
// services ship (see the package documentation).
const (
	DefaultMaxBytes     = 10 << 20
	DefaultMaxDataBytes = 2 << 20
	DefaultMaxPixels    = 25_000_000
	DefaultMaxSide      = 16384
	DefaultTimeout      = 5 * time.Second
	DefaultDialTimeout  = 3 * time.Second
	DefaultMaxRedirects = 3
	DefaultParallel     = 4
	DefaultCacheBytes   = 256 << 20
	DefaultCacheTTL     = time.Hour
	DefaultErrorTTL     = 10 * time.Second

	// MinTTL is the shortest time a loaded remote image stays cached, even
	// when the response says no-store or max-age=0: one render's preload
	// must still be there when the render draws.
	MinTTL = time.Minute

	HardMaxPixels = 100_000_000 // raster.NewPixmap's own limit is higher
	HardMaxSide   = 32767
)

// withDefaults returns c with every unset limit filled in and ceilings
// applied.
func (c Config) withDefaults() Config {
	if c.MaxBytes <= 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.MaxDataBytes <= 0 {
		c.MaxDataBytes = DefaultMaxDataBytes
	}
	if c.MaxPixels <= 0 {
		c.MaxPixels = DefaultMaxPixels
	}
	c.MaxPixels = min(c.MaxPixels, HardMaxPixels)
	if c.MaxSide <= 0 {
		c.MaxSide = DefaultMaxSide
	}
	c.MaxSide = min(c.MaxSide, HardMaxSide)
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.MaxRedirects == 0 {
		c.MaxRedirects = DefaultMaxRedirects
	}
	if c.Parallel <= 0 {
		c.Parallel = DefaultParallel
	}
	if c.CacheBytes == 0 {
		c.CacheBytes = DefaultCacheBytes
	}
	if c.CacheTTL <= 0 {
		c.CacheTTL = DefaultCacheTTL
	}
	if c.ErrorTTL == 0 {
		c.ErrorTTL = DefaultErrorTTL
	}
	if c.CheckAddr == nil {
		c.CheckAddr = DefaultAddrCheck(c.AllowPrivate, c.Ports)
	}
	return c
}
