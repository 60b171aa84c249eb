package canvas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// ---- helpers ----

func newCtx(t testing.TB, legacy bool, w, h float64, opts ...Option) *Context {
	t.Helper()
	if legacy {
		opts = append(opts, LegacyColors())
	}
	c, err := New(w, h, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// encodeCalls records calls on a fresh Context and returns the pending
// batch's actions as JSON.
func encodeCalls(t *testing.T, legacy bool, calls func(c *Context)) (string, error) {
	t.Helper()
	c := newCtx(t, legacy, 100, 100)
	calls(c)
	acts, err := c.Actions()
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(acts)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), nil
}

func pixels(c *Context) []byte { return bytes.Clone(c.Image().Pix) }

// renderCalls draws calls as one batch and returns the pixels.
func renderCalls(t *testing.T, legacy bool, calls func(c *Context), opts ...Option) []byte {
	t.Helper()
	c := newCtx(t, legacy, 24, 20, opts...)
	calls(c)
	if err := c.Draw(false); err != nil {
		t.Fatalf("Draw: %v", err)
	}
	return pixels(c)
}

// renderJSON decodes an actions document and replays it on a Context of
// the same size as renderCalls.
func renderJSON(t *testing.T, legacy bool, doc string, opts ...Option) []byte {
	t.Helper()
	rec, err := DecodeRecording([]byte(doc))
	if err != nil {
		t.Fatalf("DecodeRecording: %v", err)
	}
	c := newCtx(t, legacy, 24, 20, opts...)
	for _, d := range rec.Draws {
		if err := c.PlayActions(d.Reserve, d.Actions); err != nil {
			t.Fatalf("PlayActions: %v", err)
		}
	}
	return pixels(c)
}

func notBlank(t *testing.T, pix []byte) {
	t.Helper()
	for _, b := range pix {
		if b != 0 {
			return
		}
	}
	t.Fatal("nothing was drawn: the comparison would prove nothing")
}

// ---- encoding ----

func TestActionsEncoding(t *testing.T) {
	type tc struct {
		name   string
		calls  func(c *Context)
		css    string // default (CSS colour) mode
		legacy string // LegacyColors mode; "" = same as css
	}
	cases := []tc{
		{"setFillStyle colour", func(c *Context) { c.SetFillStyle("#f00") },
			`[{"method":"setFillStyle","data":["normal","#f00"]}]`,
			`[{"method":"setFillStyle","data":["normal",[255,0,0,255]]}]`},
		{"setStrokeStyle rgba", func(c *Context) { c.SetStrokeStyle("rgba(1,2,3,0.5)") },
			`[{"method":"setStrokeStyle","data":["normal","rgba(1,2,3,0.5)"]}]`,
			`[{"method":"setStrokeStyle","data":["normal",[1,2,3,127]]}]`},
		{"unsupported colour", func(c *Context) { c.SetFillStyle("hsl(0, 100%, 50%)") },
			`[{"method":"setFillStyle","data":["normal","hsl(0, 100%, 50%)"]}]`,
			`[{"method":"setFillStyle","data":["normal",[0,0,0,255]]}]`},
		{"checkColor's odd arrays", func(c *Context) {
			c.SetFillStyle("rgba(1,2,3,4,5)")
			c.SetFillStyle("rgb(5)")
			c.SetFillStyle("rgb(a,2,3)")
		},
			`[{"method":"setFillStyle","data":["normal","rgba(1,2,3,4,5)"]},{"method":"setFillStyle","data":["normal","rgb(5)"]},{"method":"setFillStyle","data":["normal","rgb(a,2,3)"]}]`,
			`[{"method":"setFillStyle","data":["normal",[1,2,3,1020,null]]},{"method":"setFillStyle","data":["normal",[5,255]]},{"method":"setFillStyle","data":["normal",[null,2,3,255]]}]`},
		{"linear gradient", func(c *Context) {
			g := c.CreateLinearGradient(0, 0, 10.5, 0)
			g.AddColorStop(0, "red")
			g.AddColorStop(1, "#00f")
			c.SetFillStyle(g)
		},
			`[{"method":"setFillStyle","data":["linear",[0,0,10.5,0],[[0,"red"],[1,"#00f"]]]}]`,
			`[{"method":"setFillStyle","data":["linear",[0,0,10.5,0],[[0,[255,0,0,255]],[1,[0,0,255,255]]]]}]`},
		{"circular gradient", func(c *Context) {
			g := c.CreateCircularGradient(75, 50, 50)
			g.AddColorStop(0.25, "white")
			c.SetStrokeStyle(g)
		},
			`[{"method":"setStrokeStyle","data":["radial",[75,50,50],[[0.25,"white"]]]}]`,
			`[{"method":"setStrokeStyle","data":["radial",[75,50,50],[[0.25,[255,255,255,255]]]]}]`},
		{"gradient with non-finite geometry", func(c *Context) {
			c.SetFillStyle(c.CreateLinearGradient(0, math.NaN(), 1, 1))
		},
			`[{"method":"setFillStyle","data":["linear",[null,null,null,null],[]]}]`, ""},
		{"pattern", func(c *Context) {
			p, err := c.CreatePattern("/img/a.png", "repeat-x")
			if err != nil {
				panic(err)
			}
			c.SetFillStyle(p)
		},
			`[{"method":"setFillStyle","data":["pattern","/img/a.png","repeat-x"]}]`, ""},
		{"setGlobalAlpha", func(c *Context) { c.SetGlobalAlpha(0.5); c.SetGlobalAlpha(1) },
			`[{"method":"setGlobalAlpha","data":[127]},{"method":"setGlobalAlpha","data":[255]}]`, ""},
		{"setShadow", func(c *Context) { c.SetShadow(1, 2.5, 3, "red") },
			`[{"method":"setShadow","data":[1,2.5,3,"red"]}]`,
			`[{"method":"setShadow","data":[1,2.5,3,[255,0,0,255]]}]`},
		{"shadow properties", func(c *Context) {
			c.SetShadowOffsetX(1)
			c.SetShadowOffsetY(2)
			c.SetShadowBlur(3)
			c.SetShadowColor("red")
		},
			`[{"method":"setShadowOffsetX","data":[1]},{"method":"setShadowOffsetY","data":[2]},{"method":"setShadowBlur","data":[3]},{"method":"setShadowColor","data":["red"]}]`,
			`[{"method":"setShadow","data":[1,0,0,[0,0,0,0]]},{"method":"setShadow","data":[1,2,0,[0,0,0,0]]},{"method":"setShadow","data":[1,2,3,[0,0,0,0]]},{"method":"setShadow","data":[1,2,3,[255,0,0,255]]}]`},
		{"line properties", func(c *Context) {
			c.SetLineWidth(2)
			c.SetLineCap("round")
			c.SetLineJoin("bevel")
			c.SetMiterLimit(4)
		},
			`[{"method":"setLineWidth","data":[2]},{"method":"setLineCap","data":["round"]},{"method":"setLineJoin","data":["bevel"]},{"method":"setMiterLimit","data":[4]}]`, ""},
		{"setLineDash", func(c *Context) { c.SetLineDash([]float64{4, 2}, 1); c.SetLineDash(nil, 0) },
			`[{"method":"setLineDash","data":[[4,2],1]},{"method":"setLineDash","data":[[0,0],0]}]`, ""},
		{"lineDashOffset", func(c *Context) { c.SetLineDashOffset(2); c.SetLineDash([]float64{5}, 0); c.SetLineDashOffset(3) },
			`[{"method":"setLineDashOffset","data":[2]},{"method":"setLineDash","data":[[5],0]},{"method":"setLineDashOffset","data":[3]}]`,
			`[{"method":"setLineDash","data":[[0,0],2]},{"method":"setLineDash","data":[[5],0]},{"method":"setLineDash","data":[[5],3]}]`},
		{"setFontSize", func(c *Context) { c.SetFontSize(20.5) },
			`[{"method":"setFontSize","data":[20.5]}]`, ""},
		{"font: one token (the 2.8.2 quirk)", func(c *Context) { c.SetFont("bold 16px X") },
			`[{"method":"setFont","data":["bold 16px X"]}]`,
			`[{"method":"setFontWeight","data":["bold"]},{"method":"setFontWeight","data":["normal"]},{"method":"setFontSize","data":[16]},{"method":"setFontFamily","data":["X"]}]`},
		{"font: style and weight", func(c *Context) { c.SetFont(`italic bold 12px "PingFang SC", sans-serif`) },
			`[{"method":"setFont","data":["italic bold 12px \"PingFang SC\", sans-serif"]}]`,
			`[{"method":"setFontStyle","data":["italic"]},{"method":"setFontWeight","data":["bold"]},{"method":"setFontSize","data":[12]},{"method":"setFontFamily","data":["\"PingFang SC\", sans-serif"]}]`},
		{"font: size only", func(c *Context) { c.SetFont("16px X") },
			`[{"method":"setFont","data":["16px X"]}]`,
			`[{"method":"setFontStyle","data":["normal"]},{"method":"setFontWeight","data":["normal"]},{"method":"setFontSize","data":[16]},{"method":"setFontFamily","data":["X"]}]`},
		// The recorder's font setter rejects a decimal size in every
		// client (API reference §6: "Failed to set 'font'"), so nothing
		// is recorded in either mode; the Canvas2D dialect accepts it.
		{"font the base library rejects", func(c *Context) { c.SetFont("12.5px X") },
			`[]`, `[]`},
		{"text properties", func(c *Context) {
			c.SetTextAlign("center")
			c.SetTextBaseline("normal")
			c.SetGlobalCompositeOperation("lighter")
		},
			`[{"method":"setTextAlign","data":["center"]},{"method":"setTextBaseline","data":["normal"]},{"method":"setGlobalCompositeOperation","data":["lighter"]}]`, ""},
		{"fill with every segment", func(c *Context) {
			c.BeginPath()
			c.MoveTo(1, 2)
			c.LineTo(3, 4)
			c.QuadraticCurveTo(1, 2, 3, 4)
			c.BezierCurveTo(1, 2, 3, 4, 5, 6)
			c.ArcTo(1, 2, 3, 4, 5)
			c.Arc(10, 10, 5, 0, math.Pi, true)
			c.Rect(0, 0, 10, 20)
			c.ClosePath()
			c.Fill()
		},
			`[{"method":"fillPath","data":[{"method":"beginPath","data":[]},{"method":"moveTo","data":[1,2]},{"method":"lineTo","data":[3,4]},{"method":"quadraticCurveTo","data":[1,2,3,4]},{"method":"bezierCurveTo","data":[1,2,3,4,5,6]},{"method":"arcTo","data":[1,2,3,4,5]},{"method":"arc","data":[10,10,5,0,3.141592653589793,true]},{"method":"rect","data":[0,0,10,20]},{"method":"closePath","data":[]}]}]`,
			`[{"method":"fillPath","data":[{"method":"moveTo","data":[1,2]},{"method":"lineTo","data":[3,4]},{"method":"quadraticCurveTo","data":[1,2,3,4]},{"method":"bezierCurveTo","data":[1,2,3,4,5,6]},{"method":"arcTo","data":[1,2,3,4,5]},{"method":"arc","data":[10,10,5,0,3.141592653589793,true]},{"method":"rect","data":[0,0,10,20]},{"method":"closePath","data":[]}]}]`},
		{"lineTo on an empty path, stroke and clip keep the path", func(c *Context) {
			c.LineTo(1, 2)
			c.Arc(5, 5, 2, 0, 1, false)
			c.Stroke()
			c.Clip()
		},
			`[{"method":"strokePath","data":[{"method":"beginPath","data":[]},{"method":"moveTo","data":[1,2]},{"method":"arc","data":[5,5,2,0,1,false]}]},{"method":"clip","data":[{"method":"beginPath","data":[]},{"method":"moveTo","data":[1,2]},{"method":"arc","data":[5,5,2,0,1,false]}]}]`,
			`[{"method":"strokePath","data":[{"method":"moveTo","data":[1,2]},{"method":"arc","data":[5,5,2,0,1,false]}]},{"method":"clip","data":[{"method":"moveTo","data":[1,2]},{"method":"arc","data":[5,5,2,0,1,false]}]}]`},
		{"empty fill", func(c *Context) { c.Fill() },
			`[{"method":"fillPath","data":[{"method":"beginPath","data":[]}]}]`,
			`[{"method":"fillPath","data":[]}]`},
		{"rectangles", func(c *Context) {
			c.FillRect(0, 0, 375, 600)
			c.StrokeRect(1, 2, 3, 4)
			c.ClearRect(-1, 0.5, 2, 2)
		},
			`[{"method":"fillPath","data":[{"method":"rect","data":[0,0,375,600]}]},{"method":"strokePath","data":[{"method":"rect","data":[1,2,3,4]}]},{"method":"clearRect","data":[-1,0.5,2,2]}]`, ""},
		{"text", func(c *Context) {
			c.FillText("Hello", 10, 120)
			c.FillText("Hi", 1, 2, 30)
			c.StrokeText("x", 0, 0)
		},
			`[{"method":"fillText","data":["Hello",10,120]},{"method":"fillText","data":["Hi",1,2,30]},{"method":"strokeText","data":["x",0,0]}]`, ""},
		{"drawImage, destination first", func(c *Context) {
			c.DrawImage("/a.png", 1, 2)
			c.DrawImage("/a.png", 1, 2, 3, 4)
			c.DrawImage("/img/a.png", 0, 0, 100, 100, 10, 150, 50, 50)
		},
			`[{"method":"drawImage","data":["/a.png",1,2]},{"method":"drawImage","data":["/a.png",1,2,3,4]},{"method":"drawImage","data":["/img/a.png",10,150,50,50,0,0,100,100]}]`, ""},
		{"state and transforms", func(c *Context) {
			c.Save()
			c.Translate(10, -0.5)
			c.Rotate(0.25)
			c.Scale(2, 3)
			c.Transform(1, 0, 0, 1, 5, 6)
			c.SetTransform(1, 0.5, 0, 1, 0, 0)
			c.Restore()
		},
			`[{"method":"save","data":[]},{"method":"translate","data":[10,-0.5]},{"method":"rotate","data":[0.25]},{"method":"scale","data":[2,3]},{"method":"transform","data":[1,0,0,1,5,6]},{"method":"setTransform","data":[1,0.5,0,1,0,0]},{"method":"restore","data":[]}]`, ""},
		{"non-finite calls are not recorded", func(c *Context) {
			c.Translate(math.Inf(1), 0)
			c.SetGlobalAlpha(math.NaN())
			c.FillRect(0, 0, math.NaN(), 1)
		}, `[]`, ""},
		{"negative zero prints as 0", func(c *Context) { c.Translate(math.Copysign(0, -1), 1) },
			`[{"method":"translate","data":[0,1]}]`, ""},
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			for _, legacy := range []bool{false, true} {
				want := k.css
				if legacy && k.legacy != "" {
					want = k.legacy
				}
				got, err := encodeCalls(t, legacy, k.calls)
				if err != nil {
					t.Fatalf("legacy=%v: %v", legacy, err)
				}
				if got != want {
					t.Errorf("legacy=%v:\n got %s\nwant %s", legacy, got, want)
				}
			}
		})
	}
}

// The example of the design doc (§11.3), in the classic device form.
func TestActionsDocExample(t *testing.T) {
	got, err := encodeCalls(t, true, func(c *Context) {
		c.SetFillStyle("#fff")
		c.FillRect(0, 0, 375, 600)
		g := c.CreateCircularGradient(75, 50, 50)
		g.AddColorStop(0, "red")
		g.AddColorStop(1, "white")
		c.SetFillStyle(g)
		c.BeginPath()
		c.Arc(75, 50, 50, 0, 2*math.Pi, false)
		c.Fill()
		c.SetFontSize(20)
		c.SetFillStyle("rgba(0,0,0,.5)")
		c.FillText("Hello", 10, 120)
		c.DrawImage("/img/a.png", 0, 0, 100, 100, 10, 150, 50, 50)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `[
 {"method":"setFillStyle","data":["normal",[255,255,255,255]]},
 {"method":"fillPath","data":[{"method":"rect","data":[0,0,375,600]}]},
 {"method":"setFillStyle","data":["radial",[75,50,50],[[0,[255,0,0,255]],[1,[255,255,255,255]]]]},
 {"method":"fillPath","data":[{"method":"arc","data":[75,50,50,0,6.283185307179586,false]}]},
 {"method":"setFontSize","data":[20]},
 {"method":"setFillStyle","data":["normal",[0,0,0,127]]},
 {"method":"fillText","data":["Hello",10,120]},
 {"method":"drawImage","data":["/img/a.png",10,150,50,50,0,0,100,100]}
]`
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(want)); err != nil {
		t.Fatal(err)
	}
	if got != buf.String() {
		t.Errorf("got  %s\nwant %s", got, buf.String())
	}
}

func TestActionsEncodingErrors(t *testing.T) {
	cases := []struct {
		name  string
		opts  []Option
		calls func(c *Context)
		want  string // in the error
	}{
		{"evenodd fill", nil, func(c *Context) { c.Rect(0, 0, 1, 1); c.Fill("evenodd") }, "fillPath"},
		{"evenodd clip", nil, func(c *Context) { c.Rect(0, 0, 1, 1); c.Clip("evenodd") }, "clip"},
		{"two-circle radial gradient", nil, func(c *Context) {
			c.SetFillStyle(c.CreateRadialGradient(0, 0, 1, 2, 2, 5))
		}, "createRadialGradient"},
		{"Canvas2D path verbs", []Option{Canvas2D()}, func(c *Context) { c.BeginPath(); c.MoveTo(1, 1) }, "beginPath"},
		{"failing command", nil, func(c *Context) { c.SetFillStyle(42) }, "setFillStyle"},
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			c, err := New(10, 10, k.opts...)
			if err != nil {
				t.Fatal(err)
			}
			c.SetLineWidth(1) // call #0: the failing one is #1
			k.calls(c)
			_, err = c.Actions()
			var ce *CommandError
			if !errors.As(err, &ce) {
				t.Fatalf("want a *CommandError, got %v", err)
			}
			if ce.Index < 1 || !strings.Contains(err.Error(), k.want) {
				t.Errorf("error %q (index %d) does not name %s", err, ce.Index, k.want)
			}
			c.Draw(false)
			if _, err := c.Recording(); !errors.As(err, &ce) || !strings.Contains(err.Error(), "draw 1") {
				t.Errorf("Recording: want a *CommandError naming draw 1, got %v", err)
			}
		})
	}
}

func TestRecordingEnvelope(t *testing.T) {
	c := newCtx(t, true, 30, 20, PixelRatio(2))
	c.SetFillStyle("red")
	c.FillRect(0, 0, 5, 5)
	c.Draw(false)
	c.Draw(true)
	c.SetFillStyle("blue") // not drawn: not in the recording
	rec, err := c.Recording()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rec)
	want := `{"width":30,"height":20,"pixelRatio":2,"draws":[` +
		`{"reserve":false,"actions":[{"method":"setFillStyle","data":["normal",[255,0,0,255]]},{"method":"fillPath","data":[{"method":"rect","data":[0,0,5,5]}]}]},` +
		`{"reserve":true,"actions":[]}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	acts, err := c.Actions()
	if err != nil || len(acts) != 1 || acts[0].Method != "setFillStyle" {
		t.Errorf("Actions = %v, %v; want the pending setFillStyle", acts, err)
	}
}

// The classic form reads the base library's JavaScript state, which
// outlives draw() and is reset only by an unbalanced restore().
func TestClassicJSState(t *testing.T) {
	c := newCtx(t, true, 10, 10)
	c.SetShadow(2, 3, 0, "red")
	c.SetLineDash([]float64{4, 1}, 0)
	c.Draw(false)
	c.Save()
	c.SetShadowBlur(4)
	c.Restore() // the state object was mutated in place: still blur 4
	c.SetLineDashOffset(1)
	c.Restore() // nothing saved: defaults
	c.SetShadowOffsetX(1)
	c.SetLineDashOffset(2)
	got, err := c.Actions()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	want := `[{"method":"save","data":[]},{"method":"setShadow","data":[2,3,4,[255,0,0,255]]},{"method":"restore","data":[]},` +
		`{"method":"setLineDash","data":[[4,1],1]},{"method":"restore","data":[]},` +
		`{"method":"setShadow","data":[1,0,0,[0,0,0,0]]},{"method":"setLineDash","data":[[0,0],2]}]`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestClassicFontOps(t *testing.T) {
	cases := []struct{ font, want string }{
		{"bold 16px X", "W:bold W:normal Z16 F:X"},
		{"italic bold 12px serif", "S:italic W:bold Z12 F:serif"},
		{"16px X", "S:normal W:normal Z16 F:X"},
		{"normal 16px X", "S:normal W:normal Z16 F:X"},
		{"italic 16px X", "S:italic W:normal Z16 F:X"},
		{"600 16px X", "S:normal W:normal Z16 F:X"},
		{"normal normal 10px X", "S:normal S:normal Z10 F:X"},
		{"a b c 16px X", "S:normal W:normal Z16 F:X"},
		{"oblique 600 14px a b", "S:oblique W:normal Z14 F:a b"},
		{"12rpx X", "S:normal W:normal Z12 F:X"},
		{"16px/20px X", "S:normal W:normal Z16 F:X"},
		{"16px/1.5 \"PingFang SC\", sans-serif", "S:normal W:normal Z16 F:\"PingFang SC\", sans-serif"},
		{"12px 16px X", "S:normal W:normal Z16 F:X"},
		{"16px X\nY", "S:normal W:normal Z16 F:X"},
		{"bold  16px X", "rejected"},
		{"16.5px X", "rejected"},
		{"16px", "rejected"},
		{"1em X", "rejected"},
		{" 16px X", "rejected"},
	}
	for _, k := range cases {
		ops, ok := classicFontOps(k.font)
		var parts []string
		for _, o := range ops {
			switch o.method {
			case "setFontStyle":
				parts = append(parts, "S:"+o.str)
			case "setFontWeight":
				parts = append(parts, "W:"+o.str)
			case "setFontSize":
				parts = append(parts, fmt.Sprintf("Z%v", o.num[0]))
			case "setFontFamily":
				parts = append(parts, "F:"+o.str)
			}
		}
		got := strings.Join(parts, " ")
		if !ok {
			got = "rejected"
		}
		if got != k.want {
			t.Errorf("%q: got %s, want %s", k.font, got, k.want)
		}
	}
}

// recordClassicFont (for SetFont in LegacyColors mode) records the ops
// whose actions the classic encoder emits for a setFont op.
func TestRecordClassicFont(t *testing.T) {
	a := newCtx(t, true, 10, 10)
	a.SetFont("bold 16px X")
	b := newCtx(t, true, 10, 10)
	if !b.recordClassicFont(b.beginCall(), "bold 16px X") || b.recordClassicFont(b.beginCall(), "16.5px X") {
		t.Fatal("recordClassicFont: wrong validity")
	}
	ja, _ := a.Actions()
	jb, _ := b.Actions()
	if !reflect.DeepEqual(ja, jb) || len(jb) != 4 || b.Font() != "bold 16px X" {
		t.Errorf("got %v and %v (font %q)", ja, jb, b.Font())
	}
}

// ---- decoding: ops ----

// stripCalls zeroes what decoding does not reproduce: call indexes, and the
// fillRect marker (a Rect+Fill in the classic form reads as fillRect).
func stripCalls(ops []op) []op {
	out := make([]op, len(ops))
	for i, o := range ops {
		o.call = 0
		if o.str == "rect" {
			o.str = ""
		}
		out[i] = o
	}
	return out
}

// Decoding the actions of Go API calls gives back the ops those calls
// recorded, in both colour modes.
func TestDecodeGivesTheRecordedOps(t *testing.T) {
	calls := func(c *Context, legacy bool) {
		c.SetFillStyle("#f00")
		c.SetFillStyle("rgba(1,2,3,0.25)")
		c.SetStrokeStyle("bogus")
		c.SetFillStyle("rgb(300,-5,1)")
		c.SetFillStyle("rgba(1,2,3,4,5)")
		c.SetFillStyle("rgb(a,2,3)")
		c.SetShadow(0, 0, 0, "rgb(5)")
		g := c.CreateLinearGradient(0, 1, 2, 3)
		g.AddColorStop(0, "red")
		g.AddColorStop(0.5, "nonsense")
		g.AddColorStop(1, "rgba(0,0,255,.5)")
		c.SetFillStyle(g)
		g = c.CreateCircularGradient(1, 2, 3)
		c.SetStrokeStyle(g)
		c.SetFillStyle(c.CreateCircularGradient(1, 2, -3))
		c.SetFillStyle(c.CreateLinearGradient(math.Inf(1), 2, 3, 4))
		p, _ := c.CreatePattern("/p.png", "no-repeat")
		c.SetStrokeStyle(p)
		c.SetGlobalAlpha(0.3)
		c.SetShadow(1, 2, 3, "#abc")
		c.SetLineWidth(2)
		c.SetLineCap("square")
		c.SetLineJoin("round")
		c.SetMiterLimit(3)
		c.SetLineDash([]float64{1, 2, 3}, 4)
		c.SetLineDash(nil, 0)
		c.SetFontSize(13)
		c.SetTextAlign("right")
		c.SetTextBaseline("normal")
		c.SetGlobalCompositeOperation("xor")
		c.BeginPath()
		c.LineTo(1, 2)
		c.QuadraticCurveTo(1, 2, 3, 4)
		c.BezierCurveTo(1, 2, 3, 4, 5, 6)
		c.ArcTo(1, 2, 3, 4, 5)
		c.Arc(1, 2, 3, 4, 5, true)
		c.Arc(1, 2, 3, 4, 5, false)
		c.Rect(1, 2, 3, 4)
		c.ClosePath()
		c.Fill()
		c.Stroke()
		c.Clip()
		c.BeginPath()
		c.Rect(0, 0, 1, 1)
		c.Fill()
		c.FillRect(1, 2, 3, 4)
		c.StrokeRect(1, 2, 3, 4)
		c.ClearRect(1, 2, 3, 4)
		c.FillText("a", 1, 2)
		c.FillText("b", 1, 2, 3)
		c.StrokeText("c", 1, 2)
		c.DrawImage("/i.png", 1, 2)
		c.DrawImage("/i.png", 1, 2, 3, 4)
		c.DrawImage("/i.png", 1, 2, 3, 4, 5, 6, 7, 8)
		c.Save()
		c.Translate(1, 2)
		c.Rotate(3)
		c.Scale(4, 5)
		c.Transform(1, 2, 3, 4, 5, 6)
		c.SetTransform(6, 5, 4, 3, 2, 1)
		c.Restore()
		if !legacy { // these have classic conversions, tested apart
			c.SetFont("italic 12px X")
			c.SetShadowOffsetX(1)
			c.SetShadowOffsetY(2)
			c.SetShadowBlur(3)
			c.SetShadowColor("blue")
			c.SetLineDashOffset(5)
		}
	}
	for _, legacy := range []bool{false, true} {
		c := newCtx(t, legacy, 10, 10)
		calls(c, legacy)
		want := stripCalls(c.ops)
		acts, err := c.Actions()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(DrawActions{Actions: acts})
		rec, err := DecodeRecording(b)
		if err != nil {
			t.Fatalf("legacy=%v: %v", legacy, err)
		}
		var got []op
		for k, a := range rec.Draws[0].Actions {
			o, keep, err := decodeAction(a)
			if err != nil || !keep {
				t.Fatalf("action %d %v: keep=%v err=%v", k, a, keep, err)
			}
			got = append(got, o)
		}
		got = stripCalls(got)
		if len(got) != len(want) {
			t.Fatalf("legacy=%v: %d ops, want %d", legacy, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("legacy=%v op %d:\n got %+v\nwant %+v", legacy, i, got[i], want[i])
			}
		}
	}
}

// decodeOne decodes a single action given as JSON.
func decodeOne(t *testing.T, js string) (op, bool) {
	t.Helper()
	rec, err := DecodeRecording([]byte(`{"actions":[` + js + `]}`))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	o, keep, err := decodeAction(rec.Draws[0].Actions[0])
	if err != nil {
		t.Fatal(err)
	}
	return o, keep
}

// Variants whose pixels are not rendered yet (text, strokes, shadows,
// fonts) decode to the ops the equivalent Go API calls record.
func TestDecodeVariantsOps(t *testing.T) {
	cases := []struct {
		action string
		calls  func(c *Context)
	}{
		{`{"method":"fillText","data":["Hi","10.5px","2e1",30]}`, func(c *Context) { c.FillText("Hi", 10.5, 20, 30) }},
		{`{"method":"fillText","data":["Hi"," -3","+.5e1abc"]}`, func(c *Context) { c.FillText("Hi", -3, 5) }},
		{`{"method":"fillText","data":[12,1,2]}`, func(c *Context) { c.FillText("12", 1, 2) }},
		{`{"method":"strokeText","data":["x",1,2]}`, func(c *Context) { c.StrokeText("x", 1, 2) }},
		{`{"method":"setTextBaseline","data":["normal"]}`, func(c *Context) { c.SetTextBaseline("normal") }},
		{`{"method":"setLineDash","data":[[3,1],2]}`, func(c *Context) { c.SetLineDash([]float64{3, 1}, 2) }},
		{`{"method":"setLineDash","data":[[5]]}`, func(c *Context) { c.SetLineDash([]float64{5}, 0) }},
		{`{"method":"setLineDash","data":[[],null]}`, func(c *Context) { c.SetLineDash(nil, 0) }},
		{`{"method":"setLineDash","data":[null,1]}`, func(c *Context) { c.SetLineDash(nil, 1) }},
		{`{"method":"setLineDashOffset","data":[4]}`, func(c *Context) { c.SetLineDashOffset(4) }},
		{`{"method":"setShadow","data":[1,2,3,"red"]}`, func(c *Context) { c.SetShadow(1, 2, 3, "red") }},
		{`{"method":"setShadowOffsetX","data":[1]}`, func(c *Context) { c.SetShadowOffsetX(1) }},
		{`{"method":"setShadowOffsetY","data":[1]}`, func(c *Context) { c.SetShadowOffsetY(1) }},
		{`{"method":"setShadowBlur","data":[1]}`, func(c *Context) { c.SetShadowBlur(1) }},
		{`{"method":"setShadowColor","data":["#123"]}`, func(c *Context) { c.SetShadowColor("#123") }},
		{`{"method":"setFont","data":["bold normal 16px X"]}`, func(c *Context) { c.SetFont("bold normal 16px X") }},
		{`{"method":"setFontSize","data":[16]}`, func(c *Context) { c.SetFontSize(16) }},
		{`{"method":"drawImage","data":["/a.png",10,150,50,50,0,0,100,100]}`, func(c *Context) {
			c.DrawImage("/a.png", 0, 0, 100, 100, 10, 150, 50, 50)
		}},
		{`{"method":"strokePath","data":[{"method":"beginPath","data":[]},{"method":"moveTo","data":[1,2]},{"method":"lineTo","data":[3,4]}]}`,
			func(c *Context) { c.BeginPath(); c.MoveTo(1, 2); c.LineTo(3, 4); c.Stroke() }},
	}
	for _, k := range cases {
		c := newCtx(t, false, 10, 10)
		k.calls(c)
		want := stripCalls(c.ops)
		o, keep := decodeOne(t, k.action)
		if !keep || len(want) != 1 || !reflect.DeepEqual(stripCalls([]op{o})[0], want[0]) {
			t.Errorf("%s:\n got %+v (keep %v)\nwant %+v", k.action, o, keep, want)
		}
	}
	// Split font actions: the replayed font and the recorder's font.
	c := newCtx(t, false, 10, 10)
	rec, err := DecodeRecording([]byte(`[{"method":"setFontStyle","data":["italic"]},{"method":"setFontWeight","data":["bold"]},{"method":"setFontSize","data":[16]},{"method":"setFontFamily","data":["X"]}]`))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PlayActions(false, rec.Draws[0].Actions); err != nil {
		t.Fatal(err)
	}
	if c.Font() != "italic bold 16px X" {
		t.Errorf("font after split actions = %q", c.Font())
	}
}

// Calls the Go API ignores (non-finite numbers: null in JSON, NaN or
// ±Inf in Go-built actions) are ignored when decoded too.
func TestDecodeNonFinite(t *testing.T) {
	for _, js := range []string{
		`{"method":"translate","data":[null,5]}`,
		`{"method":"setGlobalAlpha","data":[null]}`,
		`{"method":"fillText","data":["a","Infinity",1]}`,
		`{"method":"fillText","data":["a",1,2,null]}`,
		`{"method":"drawImage","data":["/a.png",null,2]}`,
		`{"method":"setShadow","data":[1,null,3,"red"]}`,
		`{"method":"setLineDash","data":[[1,null],0]}`,
		`{"method":"setFontSize","data":[0]}`,
	} {
		if _, keep := decodeOne(t, js); keep {
			t.Errorf("%s: want ignored", js)
		}
	}
	// A non-finite segment is dropped, as the Go API ignores that call.
	o, _ := decodeOne(t, `{"method":"fillPath","data":[{"method":"moveTo","data":[0,0]},{"method":"lineTo","data":[null,1]},{"method":"arc","data":[1,1,-1,0,1]},{"method":"lineTo","data":[2,2]}]}`)
	if len(o.segs) != 2 || o.segs[1].num[0] != 2 {
		t.Errorf("segments = %+v", o.segs)
	}
	// Go-built actions with NaN and Inf.
	c := newCtx(t, false, 24, 20)
	err := c.PlayActions(false, []Action{
		{Method: "setFillStyle", Data: []any{"normal", "red"}},
		{Method: "translate", Data: []any{math.NaN(), 1}},
		{Method: "scale", Data: []any{math.Inf(1), 1}},
		{Method: "fillPath", Data: []any{Action{Method: "rect", Data: []any{0, 0, 10, 10}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := renderCalls(t, false, func(c *Context) { c.SetFillStyle("red"); c.FillRect(0, 0, 10, 10) })
	if !bytes.Equal(pixels(c), want) {
		t.Error("NaN/Inf transforms were not ignored")
	}
}

// ---- decoding: pixels ----

// Every §11.5 variant renders the pixels of the equivalent Go API calls.
func TestDecodeVariantsPixels(t *testing.T) {
	type tc struct {
		name   string
		legacy bool // mode of both Contexts
		doc    string
		calls  func(c *Context)
	}
	redSquare := func(c *Context) { c.SetFillStyle("#f00"); c.FillRect(2, 3, 10, 8) }
	grad := func(c *Context) {
		g := c.CreateLinearGradient(0, 0, 24, 0)
		g.AddColorStop(0, "red")
		g.AddColorStop(1, "rgba(0,0,255,0.4)") // 102 in both colour modes
		c.SetFillStyle(g)
		c.FillRect(0, 0, 24, 20)
	}
	circ := func(c *Context) {
		g := c.CreateCircularGradient(12, 10, 9)
		g.AddColorStop(0, "white")
		g.AddColorStop(1, "green")
		c.SetFillStyle(g)
		c.BeginPath()
		c.Arc(12, 10, 9, 0, 2*math.Pi, false)
		c.Fill()
	}
	cases := []tc{
		{"classic colour array", false,
			`{"actions":[{"method":"setFillStyle","data":["normal",[255,0,0,255]]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]}`,
			redSquare},
		{"CSS string colour", true,
			`{"actions":[{"method":"setFillStyle","data":["normal","#ff0000"]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]}`,
			redSquare},
		{"float colour array", false,
			`{"actions":[{"method":"setFillStyle","data":["normal",[255.0,0,0.2,127.5]]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]}`,
			func(c *Context) { c.SetFillStyle("rgba(255,0,0.2,0.5)"); c.FillRect(2, 3, 10, 8) }},
		{"3-element array is an invalid colour (ignored)", false,
			`{"actions":[{"method":"setFillStyle","data":["normal",[255,0,0]]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]}`,
			func(c *Context) { c.SetFillStyle("not a colour"); c.FillRect(2, 3, 10, 8) }},
		{"gradient stops as arrays", false,
			`{"actions":[{"method":"setFillStyle","data":["linear",[0,0,24,0],[[0,[255,0,0,255]],[1,[0,0,255,102]]]]},{"method":"fillPath","data":[{"method":"rect","data":[0,0,24,20]}]}]}`,
			grad},
		{"gradient stops as strings", true,
			`{"actions":[{"method":"setFillStyle","data":["linear",[0,0,24,0],[[0,"red"],[1,"rgba(0,0,255,0.4)"]]]},{"method":"fillPath","data":[{"method":"rect","data":[0,0,24,20]}]}]}`,
			grad},
		{"circular gradient, leading beginPath", false,
			`{"actions":[{"method":"setFillStyle","data":["radial",[12,10,9],[[0,"white"],[1,"green"]]]},{"method":"fillPath","data":[{"method":"beginPath","data":[]},{"method":"beginPath","data":[]},{"method":"arc","data":[12,10,9,0,6.283185307179586,false]}]}]}`,
			circ},
		{"circular gradient, classic", true,
			`{"actions":[{"method":"setFillStyle","data":["radial",[12,10,9],[[0,[255,255,255,255]],[1,[0,128,0,255]]]]},{"method":"fillPath","data":[{"method":"arc","data":[12,10,9,0,6.283185307179586,false]}]}]}`,
			circ},
		{"setGlobalAlpha", false,
			`{"actions":[{"method":"setGlobalAlpha","data":[127]},{"method":"setFillStyle","data":["normal","blue"]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]}`,
			func(c *Context) { c.SetGlobalAlpha(0.5); c.SetFillStyle("blue"); c.FillRect(2, 3, 10, 8) }},
		{"setShadow with [] colour is no shadow", false,
			`{"actions":[{"method":"setShadow","data":[3,3,0,[]]},{"method":"setFillStyle","data":["normal",[255,0,0,255]]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]}`,
			redSquare},
		{"setShadow with transparent colour, devtools shadow setters", false,
			`{"actions":[{"method":"setShadow","data":[3,3,2,"rgba(0,0,0,0)"]},{"method":"setShadowOffsetX","data":[5]},{"method":"setShadowBlur","data":[1]},{"method":"setShadowColor","data":[[0,0,0,0]]},{"method":"setFillStyle","data":["normal","red"]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]}`,
			redSquare},
		{"old Android rect + closePath", true,
			`{"actions":[{"method":"setFillStyle","data":["normal",[255,0,0,255]]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]},{"method":"closePath","data":[]},{"method":"rect","data":[14,1,5,5]},{"method":"closePath","data":[]}]}]}`,
			func(c *Context) { c.SetFillStyle("#f00"); c.Rect(2, 3, 10, 8); c.Rect(14, 1, 5, 5); c.Fill() }},
		{"arcTo pre-converted to arc", false,
			`{"actions":[{"method":"fillPath","data":[{"method":"moveTo","data":[2,2]},{"method":"arc","data":[12,12,10,-1.5707963267948966,0,false]},{"method":"lineTo","data":[22,18]},{"method":"lineTo","data":[2,18]}]}]}`,
			func(c *Context) {
				c.MoveTo(2, 2)
				c.ArcTo(22, 2, 22, 18, 10)
				c.LineTo(22, 18)
				c.LineTo(2, 18)
				c.Fill()
			}},
		{"translate inside a segment list (QQ)", false,
			`{"actions":[{"method":"fillPath","data":[{"method":"moveTo","data":[1,1]},{"method":"lineTo","data":[9,1]},{"method":"translate","data":[4,6]},{"method":"lineTo","data":[5,10]},{"method":"quadraticCurveTo","data":[0,10,0,0]},{"method":"translate","data":[-4,-6]},{"method":"arc","data":[17,10,4,0,6.283185307179586,false]}]}]}`,
			func(c *Context) {
				c.MoveTo(1, 1)
				c.LineTo(9, 1)
				c.LineTo(9, 16)
				c.QuadraticCurveTo(4, 16, 4, 6)
				c.Arc(17, 10, 4, 0, 2*math.Pi, false)
				c.Fill()
			}},
		{"Skia batch wrapped in save/restore, with clip and transforms", false,
			`{"actions":[{"method":"save","data":[]},` +
				`{"method":"clip","data":[{"method":"beginPath","data":[]},{"method":"arc","data":[12,10,8,0,6.283185307179586,false]}]},` +
				`{"method":"translate","data":[2,1]},{"method":"rotate","data":[0.3]},{"method":"scale","data":[1.5,1]},` +
				`{"method":"transform","data":[1,0.1,0,1,0,0]},{"method":"setFillStyle","data":["normal","#0a0"]},` +
				`{"method":"fillPath","data":[{"method":"rect","data":[0,0,12,9]}]},{"method":"restore","data":[]},` +
				`{"method":"setTransform","data":[1,0,0,1,3,3]},{"method":"fillPath","data":[{"method":"rect","data":[0,0,3,3]}]},` +
				`{"method":"clearRect","data":[5,5,4,4]}]}`,
			func(c *Context) {
				c.Save()
				c.Arc(12, 10, 8, 0, 2*math.Pi, false)
				c.Clip()
				c.Translate(2, 1)
				c.Rotate(0.3)
				c.Scale(1.5, 1)
				c.Transform(1, 0.1, 0, 1, 0, 0)
				c.SetFillStyle("#0a0")
				c.FillRect(0, 0, 12, 9)
				c.Restore()
				c.SetTransform(1, 0, 0, 1, 3, 3)
				c.FillRect(0, 0, 3, 3)
				c.ClearRect(5, 5, 4, 4)
			}},
		{"drawCanvas envelope", false,
			`{"canvasId":"myCanvas","reserve":false,"useHardwareAccelerate":true,"actions":[{"method":"setFillStyle","data":["normal","#f00"]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]}`,
			redSquare},
		{"bare array (getActions)", false,
			`[{"method":"setFillStyle","data":["normal","#f00"]},{"method":"fillPath","data":[{"method":"rect","data":[2,3,10,8]}]}]`,
			redSquare},
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			for _, ratio := range []float64{1, 2} {
				want := renderCalls(t, k.legacy, k.calls, PixelRatio(ratio))
				notBlank(t, want)
				got := renderJSON(t, k.legacy, k.doc, PixelRatio(ratio))
				if !bytes.Equal(got, want) {
					t.Errorf("ratio %v: pixels differ", ratio)
				}
			}
		})
	}
}

// ---- round trip ----

func TestRoundTripRecording(t *testing.T) {
	scenes := map[string]func(c *Context){
		"three draws": func(c *Context) {
			c.SetFillStyle("#fff")
			c.FillRect(0, 0, 40, 30)
			g := c.CreateCircularGradient(20, 15, 12)
			g.AddColorStop(0, "red")
			g.AddColorStop(0.6, "rgba(255,255,0,0.4)")
			g.AddColorStop(1, "white")
			c.SetFillStyle(g)
			c.BeginPath()
			c.Arc(20, 15, 12, 0, 2*math.Pi, false)
			c.Fill()
			c.Draw(false)
			c.SetGlobalAlpha(0.7)
			c.Translate(5, 5)
			c.Rotate(0.2)
			c.SetFillStyle("rgb(0,128,255)")
			c.FillRect(0, 0, 15, 8)
			c.Draw(true)
			c.Save()
			c.BeginPath()
			c.Rect(10, 5, 20, 20)
			c.Clip()
			g2 := c.CreateLinearGradient(0, 0, 40, 30)
			g2.AddColorStop(0, "#123")
			g2.AddColorStop(1, "#fedcba")
			c.SetFillStyle(g2)
			c.BeginPath()
			c.MoveTo(0, 0)
			c.BezierCurveTo(40, 0, 0, 30, 40, 30)
			c.LineTo(0, 30)
			c.Fill()
			c.Restore()
			c.ClearRect(2, 2, 5, 5)
			c.Draw(true)
		},
		"clear and redraw": func(c *Context) {
			c.SetFillStyle("green")
			c.FillRect(0, 0, 40, 30)
			c.Draw(false)
			c.Scale(2, 1.5)
			c.SetFillStyle("navy")
			c.BeginPath()
			c.MoveTo(2, 2)
			c.ArcTo(18, 2, 18, 18, 6)
			c.QuadraticCurveTo(10, 20, 2, 18)
			c.ClosePath()
			c.Fill()
			c.Draw(false) // clears the first draw
			c.SetTransform(1, 0.2, -0.1, 1, 4, 0)
			c.SetFillStyle("rgba(200,0,0,0.5)")
			c.FillRect(5, 5, 20, 10)
			c.Draw(true)
		},
	}
	for name, scene := range scenes {
		for _, legacy := range []bool{false, true} {
			for _, ratio := range []float64{1, 1.5} {
				t.Run(fmt.Sprintf("%s/legacy=%v/ratio=%v", name, legacy, ratio), func(t *testing.T) {
					var frames [][]byte
					c := newCtx(t, legacy, 40, 30, PixelRatio(ratio))
					scene(c)
					frames = append(frames, pixels(c))
					notBlank(t, frames[0])
					rec, err := c.Recording()
					if err != nil {
						t.Fatal(err)
					}
					data, err := json.Marshal(rec)
					if err != nil {
						t.Fatal(err)
					}
					rec2, err := DecodeRecording(data)
					if err != nil {
						t.Fatal(err)
					}
					if rec2.Width != 40 || rec2.Height != 30 || rec2.PixelRatio != ratio || len(rec2.Draws) != len(rec.Draws) {
						t.Fatalf("envelope: %v×%v @%v, %d draws", rec2.Width, rec2.Height, rec2.PixelRatio, len(rec2.Draws))
					}
					d := newCtx(t, legacy, rec2.Width, rec2.Height, PixelRatio(rec2.PixelRatio))
					for _, dr := range rec2.Draws {
						if err := d.PlayActions(dr.Reserve, dr.Actions); err != nil {
							t.Fatal(err)
						}
					}
					if !bytes.Equal(pixels(d), frames[0]) {
						t.Error("replayed pixels differ")
					}
					// The replayed Context records the same actions again.
					again, err := d.Recording()
					if err != nil {
						t.Fatal(err)
					}
					data2, _ := json.Marshal(again)
					if !bytes.Equal(data, data2) {
						t.Errorf("re-encoded recording differs:\n%s\n%s", data, data2)
					}
				})
			}
		}
	}
}

// Go-built actions (Actions() output, never marshalled) replay too.
func TestPlayActionsGoValues(t *testing.T) {
	src := newCtx(t, true, 24, 20)
	src.SetFillStyle("red")
	src.BeginPath()
	src.Arc(12, 10, 6, 0, 2*math.Pi, false)
	src.Fill()
	acts, err := src.Actions()
	if err != nil {
		t.Fatal(err)
	}
	src.Draw(false)
	dst := newCtx(t, true, 24, 20)
	if err := dst.PlayActions(false, acts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pixels(src), pixels(dst)) {
		t.Error("pixels differ")
	}
	// []float64, []int and map segments are accepted as well.
	err = dst.PlayActions(false, []Action{
		{Method: "setFillStyle", Data: []any{"normal", []int{255, 0, 0, 255}}},
		{Method: "setLineDash", Data: []any{[]float64{1, 2}, 0}},
		{Method: "fillPath", Data: []any{map[string]any{"method": "rect", "data": []float64{0, 0, 2, 2}}, &Action{Method: "closePath"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ---- malformed input ----

func TestDecodeMalformed(t *testing.T) {
	cases := []struct {
		doc    string
		index  int    // -1: not a CommandError
		method string // in the CommandError
		msg    string // in the message
	}{
		{``, -1, "", "not valid JSON"},
		{`not json`, -1, "", "not valid JSON"},
		{`{"actions":[]`, -1, "", "not valid JSON"},
		{`{"actions":[]} {}`, -1, "", "trailing"},
		{`5`, -1, "", "want an object"},
		{`{}`, -1, "", `want "draws" or "actions"`},
		{`{"draws":[],"actions":[]}`, -1, "", "both"},
		{`{"draws":{}}`, -1, "", "must be an array"},
		{`{"draws":[5]}`, -1, "", "draws[0] must be an object"},
		{`{"draws":[{"reserve":true}]}`, -1, "", `missing "actions"`},
		{`{"actions":5}`, -1, "", `"actions" must be an array`},
		{`{"width":"10","actions":[]}`, -1, "", `"width"`},
		{`{"width":1e999,"actions":[]}`, -1, "", "out of range"},
		{`{"reserve":"yes","actions":[]}`, -1, "", `"reserve"`},
		{`[1,2]`, 0, "?", "must be an object"},
		{`[{"data":[]}]`, 0, "?", `"method"`},
		{`[{"method":5,"data":[]}]`, 0, "?", `"method"`},
		{`[{"method":"save","data":[]},{"method":"bogus","data":[]}]`, 1, "bogus", "unknown method"},
		{`[{"method":"fillRect","data":[0,0,1,1]}]`, 0, "fillRect", "unknown method"},
		{`[{"method":"setFillStyle","data":"red"}]`, 0, "setFillStyle", `"data" must be an array`},
		{`[{"method":"save"}]`, 0, "save", `"data" must be an array`},
		{`[{"method":"save","data":[1]}]`, 0, "save", "wrong number of arguments"},
		{`[{"method":"translate","data":[1e400,0]}]`, 0, "translate", "out of range"},
		{`[{"method":"translate","data":["NaN",0]}]`, 0, "translate", "argument 1 (x): want a number, got string"},
		{`[{"method":"translate","data":[1]}]`, 0, "translate", "wrong number of arguments (1; takes 2)"},
		{`[{"method":"fillText","data":["a","NaN",0]}]`, 0, "fillText", `argument 2 (x): "NaN" is not a number`},
		{`[{"method":"fillText","data":[null,0,0]}]`, 0, "fillText", "argument 1 (text)"},
		{`[{"method":"fillText","data":["a",0]}]`, 0, "fillText", "wrong number"},
		{`[{"method":"drawImage","data":["/a.png",0,0,1]}]`, 0, "drawImage", "wrong number"},
		{`[{"method":"drawImage","data":[5,0,0]}]`, 0, "drawImage", "argument 1 (image)"},
		{`[{"method":"setLineCap","data":[5]}]`, 0, "setLineCap", "argument 1 (lineCap): want a string"},
		{`[{"method":"setLineDash","data":[[1,"2"],0]}]`, 0, "setLineDash", "argument 1 (pattern): element 1"},
		{`[{"method":"setLineDash","data":[5,0]}]`, 0, "setLineDash", "argument 1 (pattern): want an array"},
		{`[{"method":"setShadow","data":[1,2,3]}]`, 0, "setShadow", "wrong number"},
		{`[{"method":"setShadow","data":[1,2,3,{"r":1}]}]`, 0, "setShadow", "argument 4 (color)"},
		{`[{"method":"setShadowColor","data":[[1,"a",3,4]]}]`, 0, "setShadowColor", "colour component 1"},
		{`[{"method":"setFillStyle","data":[]}]`, 0, "setFillStyle", "wrong number"},
		{`[{"method":"setFillStyle","data":["normal",{"r":1}]}]`, 0, "setFillStyle", "argument 2 (color)"},
		{`[{"method":"setFillStyle","data":["normal",true]}]`, 0, "setFillStyle", "argument 2 (color)"},
		{`[{"method":"setFillStyle","data":["conic",[],[]]}]`, 0, "setFillStyle", "unknown style type"},
		{`[{"method":"setFillStyle","data":["linear",[0,0,1],[]]}]`, 0, "setFillStyle", "want 4 numbers"},
		{`[{"method":"setFillStyle","data":["radial",[0,0,1]]}]`, 0, "setFillStyle", "wrong number"},
		{`[{"method":"setFillStyle","data":["linear",[0,0,1,1],[[0]]]}]`, 0, "setFillStyle", "stop 0"},
		{`[{"method":"setFillStyle","data":["linear",[0,0,1,1],[["a","red"]]]}]`, 0, "setFillStyle", "stop 0: offset"},
		{`[{"method":"setFillStyle","data":["linear",[0,0,1,1],5]}]`, 0, "setFillStyle", "argument 3 (colorStops)"},
		{`[{"method":"setFillStyle","data":["pattern","/a.png","tile"]}]`, 0, "setFillStyle", "repetition"},
		{`[{"method":"fillPath","data":[5]}]`, 0, "fillPath", "segment 0"},
		{`[{"method":"fillPath","data":[{"method":"bogus","data":[]}]}]`, 0, "fillPath", `segment 0: unknown method "bogus"`},
		{`[{"method":"fillPath","data":[{"method":"rect","data":[[[[1]]],0,0,0]}]}]`, 0, "fillPath", "segment 0 (rect): argument 1 (x)"},
		{`[{"method":"clip","data":[{"method":"moveTo","data":[0,0]},{"method":"lineTo","data":{"x":1}}]}]`, 0, "clip", "segment 1"},
		{`[{"method":"strokePath","data":[{"method":"arc","data":[0,0,1]}]}]`, 0, "strokePath", "wrong number"},
		{`[{"method":"fillPath","data":[{"method":["rect"],"data":[]}]}]`, 0, "fillPath", `"method" must be a string`},
		{`{"draws":[{"actions":[]},{"actions":[{"method":"rotate","data":["x"]}]}]}`, 0, "rotate", "draws[1]"},
		{`[{"method":"setFont","data":[{"a":[[[[[[[]]]]]]]}]}]`, 0, "setFont", "want a string"},
	}
	for _, k := range cases {
		_, err := DecodeRecording([]byte(k.doc))
		if err == nil {
			t.Errorf("%s: no error", k.doc)
			continue
		}
		if !strings.Contains(err.Error(), k.msg) {
			t.Errorf("%s: error %q lacks %q", k.doc, err, k.msg)
		}
		var ce *CommandError
		if k.index >= 0 {
			if !errors.As(err, &ce) || ce.Index != k.index || ce.Method != k.method {
				t.Errorf("%s: want a CommandError #%d (%s), got %#v", k.doc, k.index, k.method, err)
			}
		} else if errors.As(err, &ce) {
			t.Errorf("%s: unexpected CommandError %v", k.doc, err)
		}
	}
	// PlayActions reports the same errors, and then records and draws
	// nothing.
	c := newCtx(t, false, 10, 10)
	c.SetFillStyle("red")
	c.FillRect(0, 0, 10, 10)
	err := c.PlayActions(false, []Action{{Method: "save"}, {Method: "translate", Data: []any{"1", 2}}})
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Index != 1 || ce.Method != "translate" {
		t.Fatalf("got %v", err)
	}
	if len(c.history) != 0 || len(c.ops) != 2 {
		t.Errorf("a failed PlayActions recorded something: %d draws, %d ops", len(c.history), len(c.ops))
	}
}

func TestJSParseFloat(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"10", 10, true}, {" \n-2.5e1x", -25, true}, {".5", 0.5, true}, {"5.", 5, true},
		{"1e", 1, true}, {"1e+", 1, true}, {"+3", 3, true}, {"Infinity", math.Inf(1), true},
		{"-Infinityx", math.Inf(-1), true}, {"1e999", math.Inf(1), true},
		{"", 0, false}, {"NaN", 0, false}, {".", 0, false}, {"-", 0, false}, {"e5", 0, false}, {"0x10", 0, true},
	}
	for _, k := range cases {
		got, ok := jsParseFloat(k.in)
		if ok != k.ok || ok && got != k.want {
			t.Errorf("jsParseFloat(%q) = %v, %v; want %v, %v", k.in, got, ok, k.want, k.ok)
		}
	}
}

// ---- fuzz ----

func FuzzDecodeRecording(f *testing.F) {
	seeds := []string{
		`{"width":20,"height":10,"draws":[{"reserve":false,"actions":[{"method":"setFillStyle","data":["normal",[255,0,0,255]]},{"method":"fillPath","data":[{"method":"rect","data":[0,0,5,5]}]}]}]}`,
		`{"actions":[{"method":"save","data":[]},{"method":"clip","data":[{"method":"beginPath","data":[]},{"method":"arc","data":[5,5,4,0,6.28,true]}]},{"method":"setFillStyle","data":["radial",[5,5,5],[[0,"red"],[1,[0,0,255,127]]]]},{"method":"fillPath","data":[{"method":"rect","data":[0,0,10,10]},{"method":"closePath","data":[]}]},{"method":"restore","data":[]}]}`,
		`[{"method":"translate","data":[2,2]},{"method":"setFillStyle","data":["linear",[0,0,10,0],[[0,"#fff"],[1,"hsl(120,50%,50%)"]]]},{"method":"fillPath","data":[{"method":"moveTo","data":[0,0]},{"method":"translate","data":[1,1]},{"method":"bezierCurveTo","data":[1,2,3,4,5,6]},{"method":"arcTo","data":[1,2,3,4,2]}]},{"method":"clearRect","data":[1,1,2,2]}]`,
		`{"canvasId":"c","reserve":true,"useHardwareAccelerate":true,"actions":[{"method":"setShadow","data":[1,1,0,[]]},{"method":"setGlobalAlpha","data":[200]},{"method":"fillText","data":["a","1","2"]}]}`,
		`{"actions":[{"method":"scale","data":[1e300,1e300]},{"method":"fillPath","data":[{"method":"arc","data":[1e10,0,1e200,0,1e9,false]}]}]}`,
		`{"actions":[{"method":"translate","data":[1e400,0]}]}`,
		`[{"method":"setFontStyle","data":["italic"]},{"method":"setFontSize","data":[12]},{"method":"setLineDash","data":[[1,2]]}]`,
		`not json`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	limits := Limits{MaxSide: 64, MaxArea: 64 * 64, MaxCommands: 10000, MaxSegments: 10000, MaxSaveDepth: 64}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := DecodeRecording(data)
		if err != nil {
			return
		}
		n := 0
		for _, d := range rec.Draws {
			n += len(d.Actions)
		}
		if n > 200 {
			return
		}
		c, err := New(16, 12, WithLimits(limits))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range rec.Draws {
			if err := c.PlayActions(d.Reserve, d.Actions); err != nil {
				var ce *CommandError
				if !errors.As(err, &ce) {
					t.Fatalf("PlayActions: a non-command error %v", err)
				}
			}
		}
		// What was played encodes without panicking, and what encodes
		// decodes again.
		if r, err := c.Recording(); err == nil {
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			if _, err := DecodeRecording(b); err != nil {
				t.Fatalf("re-decoding %s: %v", b, err)
			}
		}
	})
}
