package canvas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// Scene is a decoded scene file: a canvas size and the list of legacy API
// calls a mini program makes, in the format of the oracle's SCENES.md.
// Decoding happens once; Run replays the calls on any Context.
type Scene struct {
	Width, Height float64
	Commands      []SceneCommand
}

// SceneCommand is one decoded command: a method call ({"method", "args"})
// or a property assignment ({"set", "value"}).
type SceneCommand struct {
	Method string // method name, or "" for a property assignment
	Set    string // property name of an assignment
	Args   []any  // float64, string, bool, nil, []any, Image, Ref
	ID     string // name given to a created gradient, pattern or measurement
	Target string // addColorStop's gradient
}

// Ref is {"ref": id}: a gradient or pattern made earlier, or the width of
// a measureText result times Mul plus Add.
type Ref struct {
	ID       string
	Mul, Add float64
}

// ParseScene decodes a scene file. Errors name the command index.
func ParseScene(data []byte) (*Scene, error) {
	var raw struct {
		Width    json.Number       `json:"width"`
		Height   json.Number       `json:"height"`
		Commands []json.RawMessage `json:"commands"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("scene: %w", err)
	}
	if raw.Commands == nil {
		return nil, errors.New(`scene: no "commands" list`)
	}
	w, err1 := strconv.ParseFloat(string(raw.Width), 64)
	h, err2 := strconv.ParseFloat(string(raw.Height), 64)
	if err1 != nil || err2 != nil || !finite(w, h) || w <= 0 || h <= 0 {
		return nil, fmt.Errorf("scene: width and height must be positive numbers, got %q×%q", raw.Width, raw.Height)
	}
	s := &Scene{Width: w, Height: h, Commands: make([]SceneCommand, len(raw.Commands))}
	for i, rc := range raw.Commands {
		cmd, err := decodeSceneCommand(i, rc)
		if err != nil {
			return nil, err
		}
		s.Commands[i] = cmd
	}
	return s, nil
}

func decodeSceneCommand(i int, rc json.RawMessage) (SceneCommand, error) {
	var c struct {
		Method *string          `json:"method"`
		Args   *json.RawMessage `json:"args"`
		ID     string           `json:"id"`
		Target string           `json:"target"`
		Set    *string          `json:"set"`
		Value  *json.RawMessage `json:"value"`
	}
	dec := json.NewDecoder(bytes.NewReader(rc))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		return SceneCommand{}, &CommandError{Index: i, Method: "?", Err: fmt.Errorf("not a command object: %v", err)}
	}
	out := SceneCommand{ID: c.ID, Target: c.Target}
	switch {
	case c.Set != nil:
		out.Set = *c.Set
		if c.Value == nil {
			return out, &CommandError{Index: i, Method: out.Set, Err: errors.New(`property assignment without "value"`)}
		}
		v, err := sceneValue(*c.Value)
		if err != nil {
			return out, &CommandError{Index: i, Method: out.Set, Err: err}
		}
		out.Args = []any{v}
		return out, nil
	case c.Method != nil:
		out.Method = *c.Method
		if out.Method == "" {
			return out, &CommandError{Index: i, Method: "?", Err: errors.New("empty method name")}
		}
	default:
		return out, &CommandError{Index: i, Method: "?", Err: errors.New(`neither "method" nor "set"`)}
	}
	if c.Args != nil && string(*c.Args) != "null" {
		var list []json.RawMessage
		if err := json.Unmarshal(*c.Args, &list); err != nil {
			return out, &CommandError{Index: i, Method: out.Method, Err: errors.New("args must be an array")}
		}
		for k, el := range list {
			v, err := sceneValue(el)
			if err != nil {
				return out, &CommandError{Index: i, Method: out.Method, Err: fmt.Errorf("argument %d: %v", k+1, err)}
			}
			out.Args = append(out.Args, v)
		}
	}
	return out, nil
}

// sceneValue decodes one argument: numbers become float64 (out-of-range
// literals become ±Inf, which the API then ignores as HTML does), and the
// objects {"image": path} and {"ref": id} become Image and Ref.
func sceneValue(raw json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return convertValue(v)
}

func convertValue(v any) (any, error) {
	switch x := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, fmt.Errorf("bad number %q", string(x))
		}
		return f, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			c, err := convertValue(e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case map[string]any:
		if img, ok := x["image"]; ok {
			s, ok := img.(string)
			if !ok {
				return nil, errors.New(`"image" must be a path string`)
			}
			return Image{Src: s}, nil
		}
		if ref, ok := x["ref"]; ok {
			id, ok := ref.(string)
			if !ok {
				return nil, errors.New(`"ref" must be a string`)
			}
			r := Ref{ID: id, Mul: 1}
			for _, k := range []string{"mul", "add"} {
				if n, ok := x[k]; ok {
					num, ok := n.(json.Number)
					if !ok {
						return nil, fmt.Errorf("%q must be a number", k)
					}
					f, err := strconv.ParseFloat(string(num), 64)
					if err != nil {
						return nil, fmt.Errorf("%q: bad number", k)
					}
					if k == "mul" {
						r.Mul = f
					} else {
						r.Add = f
					}
				}
			}
			return r, nil
		}
		return nil, errors.New(`an object argument must be {"image": path} or {"ref": id}`)
	}
	return v, nil
}

// SceneRun replays a scene's commands on a Context.
type SceneRun struct {
	ctx     *Context
	objects map[string]any // id -> *Gradient, *Pattern, TextMetrics
	// OnDraw, when set, is called after every draw() with the number of
	// draws so far; the canvas then holds that batch's result.
	OnDraw func(n int) error
	draws  int
	// Pending counts the commands after the last draw (not rendered).
	Pending int
}

// NewSceneRun prepares to run commands on ctx.
func NewSceneRun(ctx *Context) *SceneRun {
	return &SceneRun{ctx: ctx, objects: map[string]any{}}
}

// Draws returns the number of draw() calls run.
func (r *SceneRun) Draws() int { return r.draws }

// Run executes every command of s; it stops at the first failing one with
// a *CommandError naming it.
func (r *SceneRun) Run(s *Scene) error {
	r.Pending = 0
	for i := range s.Commands {
		if err := r.Command(i, &s.Commands[i]); err != nil {
			return err
		}
		if s.Commands[i].Method == "draw" {
			r.Pending = 0
		} else {
			r.Pending++
		}
	}
	return nil
}

// Command executes one scene command; i is its index, for errors.
func (r *SceneRun) Command(i int, cmd *SceneCommand) error {
	c := r.ctx
	a, err := r.resolve(i, cmd)
	if err != nil {
		return err
	}
	if cmd.Method == "" {
		if len(a) != 1 {
			return &CommandError{Index: i, Method: cmd.Set, Err: errors.New("property assignment needs one value")}
		}
		return c.SetProperty(i, cmd.Set, a[0])
	}
	fail := func(format string, args ...any) error {
		return &CommandError{Index: i, Method: cmd.Method, Err: fmt.Errorf(format, args...)}
	}
	nums := func(n int) ([]float64, error) {
		if len(a) != n {
			return nil, fail("wrong number of arguments (%d; takes %d)", len(a), n)
		}
		v, err := (&args{v: a}).nums()
		if err != nil {
			return nil, fail("%v", err)
		}
		return v, nil
	}
	c.cur = i
	defer func() { c.cur = -1 }()
	switch cmd.Method {
	case "createLinearGradient", "createCircularGradient", "createRadialGradient":
		n := map[string]int{"createLinearGradient": 4, "createCircularGradient": 3, "createRadialGradient": 6}[cmd.Method]
		v, err := nums(n)
		if err != nil {
			return err
		}
		if cmd.ID == "" {
			return fail(`needs an "id"`)
		}
		switch n {
		case 4:
			r.objects[cmd.ID] = c.CreateLinearGradient(v[0], v[1], v[2], v[3])
		case 3:
			r.objects[cmd.ID] = c.CreateCircularGradient(v[0], v[1], v[2])
		default:
			r.objects[cmd.ID] = c.CreateRadialGradient(v[0], v[1], v[2], v[3], v[4], v[5])
		}
		return nil
	case "addColorStop":
		g, ok := r.objects[cmd.Target].(*Gradient)
		if !ok {
			return fail("target %q is not a gradient", cmd.Target)
		}
		if len(a) != 2 {
			return fail("wrong number of arguments (%d; takes 2)", len(a))
		}
		off, err := (&args{v: a}).num(0, "offset")
		if err != nil {
			return fail("%v", err)
		}
		col, err := (&args{v: a}).str(1, "color")
		if err != nil {
			return fail("%v", err)
		}
		g.AddColorStop(off, col)
		return nil
	case "createPattern":
		if len(a) < 1 || len(a) > 2 {
			return fail("wrong number of arguments (%d; takes 2)", len(a))
		}
		img, ok := a[0].(Image)
		if !ok {
			return fail(`argument 1 (image): want {"image": path}, got %s`, typeName(a[0]))
		}
		rep := "repeat"
		if len(a) == 2 && a[1] != nil {
			s, err := (&args{v: a}).str(1, "repetition")
			if err != nil {
				return fail("%v", err)
			}
			rep = s
		}
		if cmd.ID == "" {
			return fail(`needs an "id"`)
		}
		p, err := c.CreatePattern(img.Src, rep)
		if err != nil {
			return fail("%v", err)
		}
		r.objects[cmd.ID] = p
		return nil
	case "measureText":
		if len(a) != 1 {
			return fail("wrong number of arguments (%d; takes 1)", len(a))
		}
		s, ok := a[0].(string)
		if !ok {
			s = fmt.Sprint(a[0])
		}
		m, err := c.MeasureText(s)
		if err != nil {
			return fail("%v", err)
		}
		if cmd.ID != "" {
			r.objects[cmd.ID] = m
		}
		return nil
	case "draw":
		if len(a) > 2 {
			return fail("wrong number of arguments (%d; takes 0 to 2)", len(a))
		}
		reserve := (&args{v: a}).boolean(0)
		if err := c.Draw(reserve); err != nil {
			return err
		}
		r.draws++
		if r.OnDraw != nil {
			return r.OnDraw(r.draws)
		}
		return nil
	}
	// Everything else goes through the one method table; a result (a new
	// table method's) is kept under the command's id.
	v, err := c.Call(i, Call{Method: cmd.Method, Args: a})
	if err == nil && cmd.ID != "" && v != nil {
		r.objects[cmd.ID] = v
	}
	return err
}

// resolve replaces Ref arguments by what they name.
func (r *SceneRun) resolve(i int, cmd *SceneCommand) ([]any, error) {
	a := cmd.Args
	copied := false
	for k, v := range a {
		ref, ok := v.(Ref)
		if !ok {
			continue
		}
		o, ok := r.objects[ref.ID]
		if !ok {
			name := cmd.Method
			if name == "" {
				name = cmd.Set
			}
			return nil, &CommandError{Index: i, Method: name, Err: fmt.Errorf("unknown ref %q", ref.ID)}
		}
		if !copied {
			a = append([]any(nil), a...)
			copied = true
		}
		if m, ok := o.(TextMetrics); ok {
			a[k] = m.Width*ref.Mul + ref.Add
		} else {
			a[k] = o
		}
	}
	return a, nil
}
