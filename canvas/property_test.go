package canvas

import (
	"testing"
)

// Flush continues the drawing state (styles, transform, save stack, path)
// across renders, as a web canvas does; Draw starts from the defaults.
func TestFlushCarriesState(t *testing.T) {
	c, err := New(40, 20, Canvas2D())
	if err != nil {
		t.Fatal(err)
	}
	c.SetFillStyle("#ff0000")
	c.Translate(20, 0)
	c.BeginPath()
	c.Rect(0, 0, 5, 5)
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	if alphaAt(c, 22, 2) != 0 {
		t.Fatal("Flush painted a path that was never filled")
	}
	c.Fill() // the path built before the flush, under the transform it was built with
	c.FillRect(0, 10, 5, 5)
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	p := c.Pixmap()
	at := func(x, y int) [4]uint8 {
		i := y*p.Stride + 4*x
		return [4]uint8{p.Pix[i], p.Pix[i+1], p.Pix[i+2], p.Pix[i+3]}
	}
	if got := at(22, 2); got != [4]uint8{255, 0, 0, 255} {
		t.Errorf("path filled after a flush: %v, want red", got)
	}
	if got := at(22, 12); got != [4]uint8{255, 0, 0, 255} {
		t.Errorf("fillRect after a flush lost the transform or style: %v, want red at x 20..25", got)
	}
	if got := at(2, 12); got[3] != 0 {
		t.Errorf("fillRect drawn untransformed: %v", got)
	}
}

func TestPropertyGetters(t *testing.T) {
	c, _ := New(10, 10, Canvas2D())
	get := func(name string) any {
		v, ok := c.Property(name)
		if !ok {
			t.Fatalf("Property(%q) unknown", name)
		}
		return v
	}
	if get("fillStyle") != "#000000" || get("lineWidth") != 1.0 || get("textAlign") != "start" {
		t.Errorf("defaults: %v %v %v", get("fillStyle"), get("lineWidth"), get("textAlign"))
	}
	c.SetFillStyle("red")
	c.SetLineWidth(4)
	c.Save()
	c.SetFillStyle("rgba(0, 0, 255, 0.5)")
	c.SetLineWidth(-1)         // ignored
	c.SetLineCap("triangle")   // ignored
	c.SetFillStyle("nonsense") // ignored
	c.SetGlobalAlpha(2)        // ignored
	if get("fillStyle") != "rgba(0, 0, 255, 0.502)" || get("lineWidth") != 4.0 || get("lineCap") != "butt" || get("globalAlpha") != 1.0 {
		t.Errorf("after invalid sets: %v %v %v %v", get("fillStyle"), get("lineWidth"), get("lineCap"), get("globalAlpha"))
	}
	c.Restore()
	if get("fillStyle") != "#ff0000" {
		t.Errorf("restore: fillStyle %v", get("fillStyle"))
	}
	c.Restore() // extra: HTML ignores it
	if get("fillStyle") != "#ff0000" || get("lineWidth") != 4.0 {
		t.Errorf("extra restore reset the 2D state: %v %v", get("fillStyle"), get("lineWidth"))
	}
	g := c.CreateLinearGradient(0, 0, 1, 1)
	c.SetStrokeStyle(g)
	if get("strokeStyle") != g {
		t.Errorf("strokeStyle getter: %v", get("strokeStyle"))
	}
	if _, ok := c.Property("nope"); ok {
		t.Error("unknown property reported")
	}
}

// Methods with results go through the same table as the others.
func TestCallResults(t *testing.T) {
	c, _ := New(10, 10)
	v, err := c.Call(0, Call{Method: "createLinearGradient", Args: []any{0.0, 0.0, 10.0, 0.0}})
	if _, ok := v.(*Gradient); !ok || err != nil {
		t.Fatalf("createLinearGradient: %T %v", v, err)
	}
	v, err = c.Call(1, Call{Method: "measureText", Args: []any{"abc"}})
	if m, ok := v.(TextMetrics); !ok || err != nil || m.Width <= 0 {
		t.Fatalf("measureText: %#v %v", v, err)
	}
	if _, err := c.Call(2, Call{Method: "createLinearGradient", Args: []any{0.0, "x", 10.0, 0.0}}); err == nil {
		t.Error("bad argument accepted")
	} else if ce, ok := err.(*CommandError); !ok || ce.Index != 2 {
		t.Errorf("error does not name the command: %v", err)
	}
	legacy, twoD := map[string]bool{}, map[string]bool{}
	for _, n := range MethodNames(false) {
		legacy[n] = true
	}
	for _, n := range MethodNames(true) {
		twoD[n] = true
	}
	if !legacy["setFillStyle"] || twoD["setFillStyle"] || !twoD["setLineDash"] || !twoD["fillRect"] || twoD["createCircularGradient"] || !legacy["createCircularGradient"] {
		t.Errorf("dialect method lists: legacy %v, 2D %v", legacy, twoD)
	}
}
