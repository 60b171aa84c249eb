package imagesrc

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Sentinel errors. Every error the Loader returns is an *Error whose
// message names the source; errors.Is matches it against one of these (and
// against its cause, e.g. context.DeadlineExceeded).
var (
	ErrBlockedAddress    = errors.New("destination address not allowed")
	ErrTooLarge          = errors.New("too large")
	ErrTooManyPixels     = errors.New("too many pixels")
	ErrUnsupportedFormat = errors.New("unsupported image format")
	ErrCorrupt           = errors.New("corrupt image")
	ErrTimeout           = errors.New("timed out")
	ErrNotFound          = errors.New("not found")
	ErrPathEscape        = errors.New("path outside the image root")
	ErrContentType       = errors.New("not an image content type")
	ErrTooManyRedirects  = errors.New("too many redirects")
	ErrDisabledScheme    = errors.New("source kind not enabled")
	ErrHostNotAllowed    = errors.New("host not in the allow-list")
	ErrHTTPStatus        = errors.New("unexpected HTTP status")
	ErrBadSource         = errors.New("malformed source")
	ErrFetch             = errors.New("fetch failed")
)

// Error is the error type of every failed load. Kind is one of the
// sentinels above; Err, if not nil, is the underlying cause.
type Error struct {
	Src    string // the source as given, shortened if it is a long data: URI
	Kind   error  // a sentinel
	Detail string // what exactly was wrong; if empty, Err's message is shown
	Err    error  // cause, may be nil
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "image %q: %v", e.Src, e.Kind)
	detail := e.Detail
	if detail == "" && e.Err != nil {
		detail = e.Err.Error()
	}
	if detail != "" {
		b.WriteString(": ")
		b.WriteString(detail)
	}
	return b.String()
}

// Unwrap makes errors.Is see both the sentinel and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// describe shortens a source for error messages: data: URIs can be
// megabytes long.
func describe(src string) string {
	if strings.Contains(src, "@") && !strings.HasPrefix(src, "data:") {
		if u, err := url.Parse(src); err == nil && u.User != nil {
			src = u.Redacted()
		}
	}
	const max = 64
	if len(src) <= max {
		return src
	}
	cut := max
	for cut > 0 && src[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", src[:cut], len(src))
}

func newErr(src string, kind error, detail string, cause error) *Error {
	return &Error{Src: describe(src), Kind: kind, Detail: detail, Err: cause}
}
