package imagesrc

import (
	"encoding/base64"
	"fmt"
	"mime"
	"strings"
)

// loadData decodes a data: URI (RFC 2397, parsed as the WHATWG fetch
// standard does: the body is percent-decoded, and with ";base64" decoded
// with forgiving base64 — ASCII whitespace ignored, padding optional).
func (l *Loader) loadData(src string) *result {
	data, ctype, err := l.parseData(src)
	if err != nil {
		return &result{err: err}
	}
	if err := l.checkType(src, ctype, data); err != nil {
		return &result{err: err}
	}
	return l.decoded(src, data, 0)
}

func (l *Loader) parseData(src string) ([]byte, string, error) {
	max := l.cfg.MaxDataBytes
	// Percent-encoding triples a byte at most, base64 takes 4/3 and
	// whitespace is rare: anything longer than this cannot fit.
	if int64(len(src)) > 3*max+1024 {
		return nil, "", newErr(src, ErrTooLarge, fmt.Sprintf("data: URI longer than %d bytes can hold", max), nil)
	}
	rest := src[len("data:"):]
	meta, body, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, "", newErr(src, ErrBadSource, "data: URI without a comma", nil)
	}
	isB64 := false
	if i := strings.LastIndexByte(meta, ';'); i >= 0 && strings.EqualFold(strings.TrimSpace(meta[i+1:]), "base64") {
		isB64 = true
		meta = meta[:i]
	}
	ctype := strings.TrimSpace(meta)
	if ctype != "" && !strings.HasPrefix(ctype, ";") {
		if mt, _, err := mime.ParseMediaType(ctype); err == nil {
			ctype = mt
		}
	} else {
		ctype = ""
	}
	raw, err := percentDecode(body)
	if err != nil {
		return nil, "", newErr(src, ErrBadSource, err.Error(), nil)
	}
	if isB64 {
		raw, err = forgivingBase64(raw)
		if err != nil {
			return nil, "", newErr(src, ErrBadSource, "bad base64: "+err.Error(), err)
		}
	}
	if int64(len(raw)) > max {
		return nil, "", newErr(src, ErrTooLarge, fmt.Sprintf("data: URI holds %d bytes, the limit is %d", len(raw), max), nil)
	}
	return raw, ctype, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// percentDecode decodes %XX; a "%" not followed by two hex digits stays as
// is (WHATWG percent-decode).
func percentDecode(s string) ([]byte, error) {
	if !strings.Contains(s, "%") {
		return []byte(s), nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			h, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out, nil
}

// forgivingBase64 is the WHATWG forgiving-base64 decode.
func forgivingBase64(b []byte) ([]byte, error) {
	s := make([]byte, 0, len(b))
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\f', '\r':
		default:
			s = append(s, c)
		}
	}
	if len(s)%4 == 0 {
		switch {
		case len(s) >= 2 && s[len(s)-1] == '=' && s[len(s)-2] == '=':
			s = s[:len(s)-2]
		case len(s) >= 1 && s[len(s)-1] == '=':
			s = s[:len(s)-1]
		}
	}
	if len(s)%4 == 1 {
		return nil, fmt.Errorf("length %d", len(s))
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(s)))
	n, err := base64.RawStdEncoding.Decode(out, s)
	if err != nil {
		return nil, err
	}
	return out[:n], nil
}

// checkType applies the content-type policy to a declared media type (from
// a response or a data: URI) and the body's first bytes.
func (l *Loader) checkType(src, ctype string, data []byte) error {
	ctype = strings.ToLower(ctype)
	switch {
	case ctype == "", strings.HasPrefix(ctype, "image/"),
		ctype == "application/octet-stream", ctype == "binary/octet-stream":
		return nil
	}
	if !l.cfg.StrictContentType {
		if _, ok := sniff(data); ok {
			return nil
		}
	}
	return newErr(src, ErrContentType, "served as "+ctype, nil)
}
