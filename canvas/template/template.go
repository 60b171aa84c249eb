// Package template compiles declarative poster templates — JSON documents
// of absolutely placed and stacked text, image, rect, line and qrcode
// elements with {{data}} placeholders — to canvas scenes (the scene
// format of canvas.ParseScene), so a template renders through exactly the
// same engine, limits and fidelity as hand-written drawing code.
//
// The format is documented in docs/templates.md.
package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Template is a parsed template with its data bound.
type Template struct {
	Width      Length          `json:"width"`
	Height     Length          `json:"height"`
	MinHeight  Length          `json:"minHeight"`
	MaxHeight  Length          `json:"maxHeight"`
	Unit       string          `json:"unit"`
	RpxWidth   float64         `json:"rpxWidth"`
	PixelRatio float64         `json:"pixelRatio"`
	Background string          `json:"background"`
	Font       *Style          `json:"font"`
	Elements   []*Element      `json:"-"`
	RawElems   json.RawMessage `json:"elements"`
	Name       string          `json:"name"`
}

// Style is the text style an element, a span or the template's "font"
// default sets; unset fields inherit.
type Style struct {
	FontFamily    string    `json:"fontFamily"`
	FontSize      Length    `json:"fontSize"`
	FontWeight    TextValue `json:"fontWeight"`
	FontStyle     string    `json:"fontStyle"`
	Color         string    `json:"color"`
	LineHeight    Length    `json:"lineHeight"`
	LetterSpacing Length    `json:"letterSpacing"`
	Decoration    string    `json:"decoration"`
	Stroke        *Stroke   `json:"stroke"`
	Shadow        *Shadow   `json:"shadow"`
}

// Span is a piece of inline text with its own style.
type Span struct {
	Text TextValue `json:"text"`
	Style
}

// Stroke outlines text.
type Stroke struct {
	Width Length `json:"width"`
	Color string `json:"color"`
}

// Border is an element's border: drawn inside its box, as CSS's
// border-box.
type Border struct {
	Width Length   `json:"width"`
	Color string   `json:"color"`
	Style string   `json:"style"` // solid (default), dashed, dotted
	Dash  []Length `json:"dash"`
}

// Element is one node of the template. Which fields apply depends on Type.
type Element struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Visible *Bool  `json:"visible"`

	Top    Length `json:"top"`
	Left   Length `json:"left"`
	Right  Length `json:"right"`
	Bottom Length `json:"bottom"`
	Width  Length `json:"width"`
	Height Length `json:"height"`
	Margin Sides  `json:"margin"`

	Rotate  float64  `json:"rotate"`
	Opacity *float64 `json:"opacity"`
	Z       float64  `json:"z"`
	Shadow  *Shadow  `json:"shadow"`

	// text
	Text          TextValue `json:"text"`
	Spans         []Span    `json:"spans"`
	FontFamily    string    `json:"fontFamily"`
	FontSize      Length    `json:"fontSize"`
	FontWeight    TextValue `json:"fontWeight"`
	FontStyle     string    `json:"fontStyle"`
	Color         string    `json:"color"`
	LineHeight    Length    `json:"lineHeight"`
	LetterSpacing Length    `json:"letterSpacing"`
	Decoration    string    `json:"decoration"`
	Stroke        *Stroke   `json:"stroke"`
	MaxLines      int       `json:"maxLines"`
	Ellipsis      *string   `json:"ellipsis"`
	Align         string    `json:"align"`
	VerticalAlign string    `json:"verticalAlign"`

	// image
	Src      string `json:"src"`
	Fit      string `json:"fit"`
	Position string `json:"position"`

	// image, rect, stack
	Radius     Radius  `json:"radius"`
	Border     *Border `json:"border"`
	Background string  `json:"background"`

	// line
	X1        Length   `json:"x1"`
	Y1        Length   `json:"y1"`
	X2        Length   `json:"x2"`
	Y2        Length   `json:"y2"`
	LineWidth Length   `json:"lineWidth"`
	Dash      []Length `json:"dash"`
	Cap       string   `json:"cap"`

	// qrcode
	Content   TextValue `json:"content"`
	Size      Length    `json:"size"`
	QuietZone *int      `json:"quietZone"`
	Level     string    `json:"level"`

	// stack
	Direction string          `json:"direction"`
	Gap       Length          `json:"gap"`
	Padding   Sides           `json:"padding"`
	AlignSelf string          `json:"alignSelf"`
	RawElems  json.RawMessage `json:"elements"`
	Children  []*Element      `json:"-"`

	path string // "elements[2].elements[0]", for errors
}

// Length is a number in the template's unit, or a string: "12px",
// "24rpx", "50%", "auto" or a plain number.
type Length struct {
	Set    bool
	Auto   bool
	Center bool // "center": centred in the parent (left, top)
	V      float64
	Unit   string // "", "px", "rpx", "%"
}

// UnmarshalJSON reads a number or a length string.
func (l *Length) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*l = Length{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := ParseLength(s)
		if err != nil {
			return err
		}
		*l = v
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return fmt.Errorf("bad length %s", b)
	}
	*l = Length{Set: true, V: f}
	return nil
}

// ParseLength reads "12", "12px", "24rpx", "50%" or "auto".
func ParseLength(s string) (Length, error) {
	s = strings.TrimSpace(s)
	if s == "auto" {
		return Length{Set: true, Auto: true}, nil
	}
	if s == "center" {
		return Length{Set: true, Center: true}, nil
	}
	unit := ""
	num := s
	for _, u := range []string{"rpx", "px", "%"} {
		if strings.HasSuffix(s, u) {
			unit, num = u, strings.TrimSpace(strings.TrimSuffix(s, u))
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return Length{}, fmt.Errorf("bad length %q (want a number, NNpx, NNrpx, NN%% or auto)", s)
	}
	return Length{Set: true, V: f, Unit: unit}, nil
}

// TextValue is text given as a JSON string, number or boolean (a bound
// {{price}} may be a number).
type TextValue struct {
	Set bool
	S   string
}

// UnmarshalJSON accepts a string, number or boolean.
func (t *TextValue) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*t = TextValue{}
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*t = TextValue{Set: true, S: s}
	case string(b) == "true" || string(b) == "false":
		*t = TextValue{Set: true, S: string(b)}
	default:
		if _, err := strconv.ParseFloat(string(b), 64); err != nil {
			return fmt.Errorf("want text, got %.40s", b)
		}
		*t = TextValue{Set: true, S: string(b)}
	}
	return nil
}

// Bool is true or false, also as the strings "true"/"false" (a bound
// {{flag|false}} default is text) or "" (false).
type Bool bool

// UnmarshalJSON reads the forms above.
func (b *Bool) UnmarshalJSON(d []byte) error {
	switch string(d) {
	case "true", `"true"`:
		*b = true
	case "false", `"false"`, `""`, "null":
		*b = false
	default:
		return fmt.Errorf("want true or false, got %.40s", d)
	}
	return nil
}

// Sides is a margin or padding: a length, a list of 1–4 lengths or a CSS
// string "8 16", in CSS order (top, right, bottom, left).
type Sides struct {
	Set                      bool
	Top, Right, Bottom, Left Length
}

// UnmarshalJSON reads the forms above.
func (s *Sides) UnmarshalJSON(b []byte) error {
	ls, err := lengthList(b)
	if err != nil {
		return err
	}
	if ls == nil {
		*s = Sides{}
		return nil
	}
	q, err := expand4(ls)
	if err != nil {
		return err
	}
	*s = Sides{Set: true, Top: q[0], Right: q[1], Bottom: q[2], Left: q[3]}
	return nil
}

// Radius is a border radius: one length, or per corner in CSS order
// (top-left, top-right, bottom-right, bottom-left) as a list or string.
type Radius struct {
	Set     bool
	Corners [4]Length
}

// UnmarshalJSON reads the forms above.
func (r *Radius) UnmarshalJSON(b []byte) error {
	ls, err := lengthList(b)
	if err != nil {
		return err
	}
	if ls == nil {
		*r = Radius{}
		return nil
	}
	q, err := expand4(ls)
	if err != nil {
		return err
	}
	*r = Radius{Set: true, Corners: q}
	return nil
}

func lengthList(b []byte) ([]Length, error) {
	if string(b) == "null" {
		return nil, nil
	}
	var out []Length
	switch {
	case len(b) > 0 && b[0] == '[':
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, err
		}
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, err
		}
		for _, f := range strings.Fields(s) {
			l, err := ParseLength(f)
			if err != nil {
				return nil, err
			}
			out = append(out, l)
		}
	default:
		var l Length
		if err := l.UnmarshalJSON(b); err != nil {
			return nil, err
		}
		out = []Length{l}
	}
	if len(out) == 0 {
		return nil, errors.New("empty list of lengths")
	}
	return out, nil
}

func expand4(ls []Length) ([4]Length, error) {
	switch len(ls) {
	case 1:
		return [4]Length{ls[0], ls[0], ls[0], ls[0]}, nil
	case 2:
		return [4]Length{ls[0], ls[1], ls[0], ls[1]}, nil
	case 3:
		return [4]Length{ls[0], ls[1], ls[2], ls[1]}, nil
	case 4:
		return [4]Length{ls[0], ls[1], ls[2], ls[3]}, nil
	}
	return [4]Length{}, fmt.Errorf("want 1 to 4 lengths, got %d", len(ls))
}

// Shadow is {"x", "y", "blur", "color"} or a CSS box-shadow string
// "0 4px 12px rgba(0,0,0,.2)".
type Shadow struct {
	X, Y, Blur Length
	Color      string
}

// UnmarshalJSON reads the forms above.
func (s *Shadow) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var str string
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
		sh, err := parseShadowString(str)
		if err != nil {
			return err
		}
		*s = sh
		return nil
	}
	var o struct {
		X     Length `json:"x"`
		Y     Length `json:"y"`
		Blur  Length `json:"blur"`
		Color string `json:"color"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		return fmt.Errorf("shadow: %v", err)
	}
	*s = Shadow{X: o.X, Y: o.Y, Blur: o.Blur, Color: o.Color}
	return nil
}

func parseShadowString(str string) (Shadow, error) {
	var sh Shadow
	var lens []Length
	var color []string
	for _, tok := range splitTop(str, ' ') {
		// The colour may come first or last: "red 0 2px 4px".
		if l, err := ParseLength(tok); err == nil && !l.Auto && !l.Center && l.Unit != "%" {
			lens = append(lens, l)
			continue
		}
		color = append(color, tok)
	}
	if len(lens) < 2 || len(lens) > 3 {
		return sh, fmt.Errorf("shadow %q: want \"x y [blur] [colour]\" (no spread, no inset)", str)
	}
	if len(color) > 1 {
		return sh, fmt.Errorf("shadow %q: more than one colour", str)
	}
	sh.X, sh.Y = lens[0], lens[1]
	if len(lens) == 3 {
		sh.Blur = lens[2]
	}
	sh.Color = "rgba(0,0,0,0.5)"
	if len(color) == 1 {
		sh.Color = color[0]
	}
	return sh, nil
}

// splitTop splits s at sep outside parentheses, dropping empty parts.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if p := strings.TrimSpace(s[start:end]); p != "" {
			out = append(out, p)
		}
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case sep:
			if depth == 0 {
				flush(i)
				start = i + 1
			}
		}
	}
	flush(len(s))
	return out
}

// Limits bound what one template may ask for.
const (
	MaxTemplateBytes = 4 << 20
	MaxDataBytes     = 16 << 20
	MaxElements      = 10000
	MaxTextRunes     = 20000
)

// Parse decodes a template and binds data (a JSON object; nil or empty
// for none) into its {{placeholders}}. Errors name the element and field.
func Parse(tmpl, data []byte) (*Template, error) {
	if len(tmpl) > MaxTemplateBytes {
		return nil, fmt.Errorf("template: larger than %d bytes", MaxTemplateBytes)
	}
	if len(data) > MaxDataBytes {
		return nil, fmt.Errorf("template: data larger than %d bytes", MaxDataBytes)
	}
	tree, err := decodeAny(tmpl)
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	if _, ok := tree.(map[string]any); !ok {
		return nil, errors.New("template: not a JSON object")
	}
	var d any = map[string]any{}
	if len(bytes.TrimSpace(data)) > 0 {
		if d, err = decodeAny(data); err != nil {
			return nil, fmt.Errorf("template data: %w", err)
		}
	}
	return ParseValue(tree, d)
}

// ParseValue is Parse for documents already decoded with json.Decoder's
// UseNumber (a batch decodes the template once and binds each record to a
// copy). tree is modified.
func ParseValue(tree, data any) (*Template, error) {
	bound, err := bind(tree, data, "", 0)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(bound)
	if err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	t := &Template{}
	if err := strictDecode(raw, t); err != nil {
		return nil, fmt.Errorf("template: %w", err)
	}
	if t.RawElems == nil {
		return nil, errors.New(`template: no "elements" list`)
	}
	count := 0
	t.Elements, err = parseElements(t.RawElems, "elements", &count, 0)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// CloneValue deep-copies a document decoded by DecodeJSON.
func CloneValue(v any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = CloneValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = CloneValue(e)
		}
		return out
	}
	return v
}

// DecodeJSON decodes a document as ParseValue wants it.
func DecodeJSON(b []byte) (any, error) { return decodeAny(b) }

func decodeAny(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

func strictDecode(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

const maxNesting = 32

func parseElements(raw json.RawMessage, path string, count *int, depth int) ([]*Element, error) {
	if depth > maxNesting {
		return nil, fmt.Errorf("template: %s: stacks nested deeper than %d", path, maxNesting)
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("template: %s must be a list of elements", path)
	}
	out := make([]*Element, 0, len(list))
	for i, r := range list {
		*count++
		if *count > MaxElements {
			return nil, fmt.Errorf("template: more than %d elements", MaxElements)
		}
		p := fmt.Sprintf("%s[%d]", path, i)
		el := &Element{}
		if err := strictDecode(r, el); err != nil {
			return nil, fmt.Errorf("template: %s: %v", p, cleanJSONErr(err))
		}
		el.path = p
		if err := checkFields(r, el.Type); err != nil {
			return nil, fmt.Errorf("template: %s: %v", p, err)
		}
		for _, l := range []*Length{&el.Top, &el.Left, &el.Right, &el.Bottom} {
			if l.Auto {
				*l = Length{} // "auto" offsets are unset
			}
		}
		if el.ID != "" {
			el.path = fmt.Sprintf("%s (%q)", p, el.ID)
		}
		switch el.Type {
		case "text", "image", "rect", "line", "qrcode", "stack":
		case "":
			return nil, fmt.Errorf("template: %s: no \"type\" (text, image, rect, line, qrcode or stack)", el.path)
		default:
			return nil, fmt.Errorf("template: %s: unknown type %q (want text, image, rect, line, qrcode or stack)", el.path, el.Type)
		}
		if el.RawElems != nil {
			if el.Type != "stack" {
				return nil, fmt.Errorf("template: %s: only a stack has \"elements\"", el.path)
			}
			kids, err := parseElements(el.RawElems, p+".elements", count, depth+1)
			if err != nil {
				return nil, err
			}
			el.Children = kids
		}
		out = append(out, el)
	}
	return out, nil
}

var (
	commonFields = []string{"type", "id", "visible", "top", "left", "right", "bottom", "width", "height", "margin", "rotate", "opacity", "z", "shadow", "alignSelf"}
	textFields   = []string{"text", "spans", "fontFamily", "fontSize", "fontWeight", "fontStyle", "color", "lineHeight", "letterSpacing", "decoration", "stroke", "maxLines", "ellipsis", "align", "verticalAlign"}
	typeFields   = map[string][]string{
		"text":   textFields,
		"image":  {"src", "fit", "position", "radius", "border", "background"},
		"rect":   {"radius", "border", "background"},
		"line":   {"x1", "y1", "x2", "y2", "lineWidth", "dash", "cap", "color"},
		"qrcode": {"content", "size", "quietZone", "level", "color", "background"},
		"stack":  {"direction", "gap", "padding", "align", "elements", "radius", "border", "background"},
	}
)

// checkFields rejects a known field on an element type it does not apply
// to ("maxLines" on a rect), which would otherwise be silently ignored.
func checkFields(raw json.RawMessage, typ string) error {
	allowed, ok := typeFields[typ]
	if !ok {
		return nil // the type itself is reported next
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return err
	}
	for k := range keys {
		if !slices.Contains(commonFields, k) && !slices.Contains(allowed, k) {
			return fmt.Errorf("field %q does not apply to a %s", k, typ)
		}
	}
	return nil
}

func cleanJSONErr(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "json: ")
	s = strings.ReplaceAll(s, "Go struct field ", "field ")
	s = strings.ReplaceAll(s, "Element.", "")
	return s
}
