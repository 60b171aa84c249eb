// Package imagesrc loads the images a drawing names — drawImage's and
// createPattern's src, wx.getImageInfo's path — safely. A *Loader
// implements canvas.ImageSource:
//
//	src := imagesrc.New(imagesrc.Config{Root: sceneDir})
//	c, err := canvas.New(w, h, canvas.Images(src))
//
// # Sources
//
//   - Paths relative to Config.Root (the scene's or script's directory),
//     read through os.Root: absolute paths, ".." and symbolic links leading
//     out of Root are refused (ErrPathEscape). With Config.PackagePaths a
//     leading "/" means Root, like a mini program's package paths. Root ""
//     disables files. A cached file is revalidated by size and modification
//     time on every use.
//   - data: URIs, base64 or percent-encoded, parsed as browsers do
//     (whitespace and missing padding tolerated). Config.NoData disables them.
//   - http:// and https:// URLs, only with Config.HTTP.
//
// Any other scheme (file:, ftp:, wxfile:, javascript:, …) and
// protocol-relative "//host" sources are ErrDisabledScheme.
//
// # The fetcher
//
// Safe by default, following what imgproxy, thumbor and sharp ship
// (docs: reliability.md §4):
//
//   - The address is checked at connect time, in the dialer's Control, on
//     the resolved IP of every connection (each DNS answer tried, each
//     redirect hop), so DNS rebinding cannot get around it. Refused unless
//     Config.AllowPrivate: loopback, unspecified, RFC 1918, link-local
//     (169.254/16 — cloud metadata — and fe80::/10), CGNAT 100.64/10,
//     multicast, broadcast, the documentation, benchmarking and reserved
//     ranges, IPv6 ULA fc00::/7 and site-local, everything outside
//     2000::/3, and IPv4 addresses embedded in IPv6 (IPv4-mapped and
//     -compatible, NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo, ISATAP) whose
//     IPv4 address is one of those. Only ports 80 and 443 (Config.Ports).
//     Config.CheckAddr replaces the whole policy. Literal-IP hosts are also
//     checked before dialing, for a fast, clear error.
//   - No proxy from the environment (the check must see the real peer),
//     no credentials in URLs, optional host allow-list (Config.AllowHosts:
//     exact or "*.suffix", on the parsed host name, case and trailing dot
//     ignored), re-applied with the scheme check to every redirect; at most
//     Config.MaxRedirects (3) redirects.
//   - One deadline (Config.Timeout, 5 s) covers connect, headers and body;
//     connect alone is bounded by Config.DialTimeout (3 s).
//   - Bytes: a Content-Length over Config.MaxBytes (10 MiB) is refused
//     before reading; otherwise at most MaxBytes+1 bytes are read and more
//     is ErrTooLarge. DisableCompression: a gzip body is never inflated; a
//     response with a Content-Encoding is refused.
//   - Content type: image/*, application/octet-stream or none is accepted
//     and the magic bytes decide the format (a PNG served as image/jpeg
//     decodes as PNG, as in browsers). Any other type is sniffed: a
//     supported image is accepted (browsers do the same for <img>),
//     anything else is ErrContentType — before the body is read. With
//     Config.StrictContentType other types are always refused.
//   - Connections are bounded (16 per host; idle: 16, 4 per host, closed
//     after 30 s);
//     bodies are always closed; Close drops the idle ones.
//
// Errors name the class of a refused address ("loopback address") but not
// the address itself; a public service should still answer
// ErrBlockedAddress with a generic message, so it cannot be used to map
// internal names.
//
// # Decoding
//
// PNG, JPEG, GIF (first frame) and WebP, chosen by magic bytes (BMP, TIFF,
// SVG, HEIF/AVIF are named in ErrUnsupportedFormat). The format's own
// DecodeConfig runs first; a side over Config.MaxSide (16384) or an area
// over Config.MaxPixels (25,000,000) is ErrTooManyPixels before any pixel
// buffer exists, so a 34-byte GIF claiming 65535×65535 costs nothing.
// Decoder failures and panics are ErrCorrupt. EXIF orientation (JPEG
// APP1 or PNG eXIf, tag 0x0112, all 8 values) is applied, as Chromium's
// drawImage does (it ignores WebP's EXIF chunk; so do we); Info reports the stored size and the orientation, as
// wx.getImageInfo does. Pixels are converted to premultiplied RGBA with
// Skia's rounding, without per-pixel interface calls for the types the
// decoders return. JPEG chroma is upsampled and converted as libjpeg-turbo
// does and lossy WebP as libwebp does (BT.601 limited range, fancy
// upsampling), so colours match Chromium's decoders (63.9 dB and identical
// on the test images) rather than image/color's (43 dB and 30 dB). An
// embedded ICC profile (JPEG APP2, PNG iCCP, WebP ICCP) of the RGB
// matrix/curve kind — Display P3, Adobe RGB, … — is converted to sRGB as
// Chromium does when it draws (within 3–4/255 of it on a P3 test chart);
// sRGB profiles cost nothing, other profile kinds are ignored. A PNG whose
// only colour information is a gAMA chunk far enough from 1/2.2 is
// converted too, as Chromium does (cHRM is not read: sRGB primaries).
//
// # Cache
//
// One in-memory LRU per Loader, bounded by decoded bytes
// (Config.CacheBytes, 256 MiB). Concurrent requests for one source share
// one load (singleflight); the load runs under its own context, cancelled
// only when every waiting caller has gone, so one impatient render does not
// fail the others. Remote images stay at most Config.CacheTTL (1 h),
// shortened by Cache-Control max-age/no-cache/no-store but never under
// MinTTL (1 min), so a render's LoadAll preload is still there when it
// draws. Failures are remembered for Config.ErrorTTL (10 s); cancellations
// never. Returned pixmaps are shared: callers must not modify them.
//
// # Errors
//
// Every error is an *Error naming the source (long data: URIs shortened,
// URL passwords redacted) that matches one sentinel with errors.Is:
// ErrBlockedAddress, ErrHostNotAllowed, ErrTooLarge, ErrTooManyPixels,
// ErrUnsupportedFormat, ErrCorrupt, ErrTimeout (also matches
// context.DeadlineExceeded or context.Canceled when the caller's context
// ended), ErrNotFound (missing file, HTTP 404/410), ErrHTTPStatus,
// ErrPathEscape, ErrContentType, ErrTooManyRedirects, ErrDisabledScheme,
// ErrBadSource (malformed source, credentials in a URL), ErrFetch (other
// network failures).
package imagesrc
