package template

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"

	"github.com/postercanvas/postercanvas/canvas"
)

// emitter collects scene commands.
type emitter struct {
	cmds []canvas.SceneCommand
	ids  int
}

// r4 rounds a coordinate to 1/10000 px: the scene stays readable and
// both renderers read the same numbers.
func r4(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	r := math.Round(v*10000) / 10000
	if r == 0 {
		return 0 // no "-0"
	}
	return r
}

// exact is a number emitted unrounded (arc angles).
type exact float64

func (e *emitter) call(method string, args ...any) {
	for i, a := range args {
		switch f := a.(type) {
		case float64:
			args[i] = r4(f)
		case exact:
			args[i] = float64(f)
		}
	}
	e.cmds = append(e.cmds, canvas.SceneCommand{Method: method, Args: args})
}

func (e *emitter) set(prop string, v any) {
	e.cmds = append(e.cmds, canvas.SceneCommand{Set: prop, Args: []any{v}})
}

func (e *emitter) callRef(method, id string) {
	e.cmds = append(e.cmds, canvas.SceneCommand{Method: method, Args: []any{canvas.Ref{ID: id, Mul: 1}}})
}

func (e *emitter) create(method, id string, args ...float64) {
	a := make([]any, len(args))
	for i, v := range args {
		a[i] = r4(v)
	}
	e.cmds = append(e.cmds, canvas.SceneCommand{Method: method, Args: a, ID: id})
}

func (e *emitter) stop(id string, off float64, color string) {
	e.cmds = append(e.cmds, canvas.SceneCommand{Method: "addColorStop", Target: id, Args: []any{r4(off), color}})
}

func (e *emitter) newID(prefix string) string {
	e.ids++
	return prefix + strconv.Itoa(e.ids)
}

// sceneJSON writes a scene in the oracle's format, one command a line.
func sceneJSON(w, h float64, cmds []canvas.SceneCommand) []byte {
	var b bytes.Buffer
	b.WriteString(`{"width": `)
	b.WriteString(num(w))
	b.WriteString(`, "height": `)
	b.WriteString(num(h))
	b.WriteString(", \"commands\": [\n")
	for i, c := range cmds {
		b.WriteString("  {")
		if c.Method != "" {
			b.WriteString(`"method": `)
			b.Write(jsonString(c.Method))
			if c.ID != "" {
				b.WriteString(`, "id": `)
				b.Write(jsonString(c.ID))
			}
			if c.Target != "" {
				b.WriteString(`, "target": `)
				b.Write(jsonString(c.Target))
			}
			if len(c.Args) > 0 {
				b.WriteString(`, "args": `)
				writeValue(&b, c.Args)
			}
		} else {
			b.WriteString(`"set": `)
			b.Write(jsonString(c.Set))
			b.WriteString(`, "value": `)
			writeValue(&b, c.Args[0])
		}
		b.WriteString("}")
		if i < len(cmds)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]}\n")
	return b.Bytes()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimRight(b.Bytes(), "\n")
}

func writeValue(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case float64:
		b.WriteString(num(x))
	case string:
		b.Write(jsonString(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case nil:
		b.WriteString("null")
	case canvas.Image:
		b.WriteString(`{"image": `)
		b.Write(jsonString(x.Src))
		b.WriteString("}")
	case canvas.Ref:
		b.WriteString(`{"ref": `)
		b.Write(jsonString(x.ID))
		b.WriteString("}")
	case []any:
		b.WriteString("[")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeValue(b, e)
		}
		b.WriteString("]")
	}
}
