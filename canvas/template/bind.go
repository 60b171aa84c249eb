package template

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// BindError is a placeholder that has no value in the data and no default.
type BindError struct {
	Placeholder string // as written, e.g. "{{user.name}}"
	Where       string // the template field holding it, e.g. "elements[2].text"
	Reason      string
}

func (e *BindError) Error() string {
	return fmt.Sprintf("template: %s at %s: %s", e.Placeholder, e.Where, e.Reason)
}

// maxBindDepth bounds the nesting of a template or data document walked.
const maxBindDepth = 64

// bind replaces {{path}} placeholders in every string value of v (a
// document decoded with UseNumber) by values of data. A string that is a
// single placeholder takes the value's own type (a number stays a number,
// a list a list); a placeholder inside other text is formatted as text.
// {{path|default}} gives the text used when path has no value.
func bind(v any, data any, where string, depth int) (any, error) {
	if depth > maxBindDepth {
		return nil, fmt.Errorf("template: %s: nested deeper than %d levels", where, maxBindDepth)
	}
	switch x := v.(type) {
	case string:
		return bindString(x, data, where)
	case []any:
		for i, e := range x {
			b, err := bind(e, data, fmt.Sprintf("%s[%d]", where, i), depth+1)
			if err != nil {
				return nil, err
			}
			x[i] = b
		}
		return x, nil
	case map[string]any:
		for k, e := range x {
			w := k
			if where != "" {
				w = where + "." + k
			}
			b, err := bind(e, data, w, depth+1)
			if err != nil {
				return nil, err
			}
			x[k] = b
		}
		return x, nil
	}
	return v, nil
}

func bindString(s string, data any, where string) (any, error) {
	if !strings.Contains(s, "{{") {
		return s, nil
	}
	// A whole-string placeholder keeps the value's type.
	if strings.HasPrefix(s, "{{") && strings.HasSuffix(s, "}}") && strings.Count(s, "{{") == 1 && strings.Count(s, "}}") == 1 {
		v, found, err := lookupPlaceholder(s[2:len(s)-2], data, s, where)
		if err != nil {
			return nil, err
		}
		if found {
			return v, nil
		}
	}
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			b.WriteString(rest)
			break
		}
		j := strings.Index(rest[i:], "}}")
		if j < 0 {
			return nil, &BindError{Placeholder: rest[i:], Where: where, Reason: `"{{" without a closing "}}"`}
		}
		b.WriteString(rest[:i])
		ph := rest[i : i+j+2]
		v, _, err := lookupPlaceholder(ph[2:len(ph)-2], data, ph, where)
		if err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case string:
			b.WriteString(x)
		case json.Number:
			b.WriteString(string(x))
		case bool:
			b.WriteString(strconv.FormatBool(x))
		default:
			return nil, &BindError{Placeholder: ph, Where: where, Reason: fmt.Sprintf("a %s cannot be written inside text", kind(v))}
		}
		rest = rest[i+j+2:]
	}
	return b.String(), nil
}

// lookupPlaceholder resolves "path" or "path|default". found is false
// when the default was used (the default is always text).
func lookupPlaceholder(expr string, data any, ph, where string) (v any, found bool, err error) {
	path, def, hasDef := strings.Cut(expr, "|")
	path = strings.TrimSpace(path)
	if path == "" {
		return nil, false, &BindError{Placeholder: ph, Where: where, Reason: "empty path"}
	}
	v, reason := lookup(data, path)
	if reason == "" {
		return v, true, nil
	}
	if hasDef {
		return def, false, nil
	}
	return nil, false, &BindError{Placeholder: ph, Where: where, Reason: reason}
}

// lookup walks a dotted path ("user.name", "items.0.title",
// "items[0].title") through data. reason says why nothing was found.
func lookup(data any, path string) (any, string) {
	cur := data
	parts := splitPath(path)
	for k, p := range parts {
		so := strings.Join(parts[:k], ".")
		if so == "" {
			so = "the data"
		}
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[p]
			if !ok {
				return nil, fmt.Sprintf("no value %q in %s", p, so)
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return nil, fmt.Sprintf("index %q out of range of %s (length %d)", p, so, len(x))
			}
			cur = x[i]
		default:
			return nil, fmt.Sprintf("%s is a %s, not an object", so, kind(cur))
		}
	}
	if cur == nil {
		return nil, "the value is null"
	}
	return cur, ""
}

func splitPath(path string) []string {
	path = strings.ReplaceAll(path, "[", ".")
	path = strings.ReplaceAll(path, "]", "")
	var out []string
	for _, p := range strings.Split(path, ".") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "list"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
