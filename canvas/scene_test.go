package canvas

import (
	"errors"
	"strings"
	"testing"
)

// Bad scene input is an error naming the command index, the method and
// the argument; never a panic.
func TestSceneErrors(t *testing.T) {
	for _, tc := range []struct {
		scene string
		want  string
	}{
		{`not json`, "not a JSON object"},
		{`{"width":10,"height":10}`, `want a scene ("commands") or an actions envelope`},
		{`{"width":-1,"height":10,"commands":[]}`, "positive"},
		{`{"width":"x","height":10,"commands":[]}`, "scene:"},
		{`{"width":10,"height":10,"commands":[{"method":"frob"}]}`, `command #0 (frob): unknown method "frob"`},
		{`{"width":10,"height":10,"commands":[{"method":"fillRect","args":[1,2,3]}]}`, "command #0 (fillRect): wrong number of arguments (3; takes 4)"},
		{`{"width":10,"height":10,"commands":[{"method":"save"},{"method":"fillRect","args":[1,2,"3",4]}]}`, "command #1 (fillRect): argument 3 (width): want a number, got string"},
		{`{"width":10,"height":10,"commands":[{"method":"arc","args":[1,2,3,4,{"x":1}]}]}`, "command #0 (arc): argument 5"},
		{`{"width":10,"height":10,"commands":[{"method":"setFillStyle","args":[{"ref":"nope"}]}]}`, `unknown ref "nope"`},
		{`{"width":10,"height":10,"commands":[{"method":"setFillStyle","args":[12]}]}`, "argument 1 (style)"},
		{`{"width":10,"height":10,"commands":[{"set":"nope","value":1}]}`, `unknown property "nope"`},
		{`{"width":10,"height":10,"commands":[{"method":"addColorStop","target":"g","args":[0,"red"]}]}`, `target "g" is not a gradient`},
		{`{"width":10,"height":10,"commands":[{"method":"createLinearGradient","args":[0,0,1,1]}]}`, `needs an "id"`},
		{`{"width":10,"height":10,"commands":[{"method":"setLineDash","args":[[1,"a"],0]}]}`, "element 1"},
		{`{"width":10,"height":10,"commands":[{"method":"createPattern","args":["a.png","repeat"],"id":"p"}]}`, `want {"image": path}`},
		{`{"width":10,"height":10,"commands":[{"method":"createPattern","args":[{"image":"a.png"},"diagonal"],"id":"p"}]}`, "repetition"},
		{`{"width":10,"height":10,"commands":[42]}`, "command #0"},
		{`{"width":10,"height":10,"commands":[{"method":"fill","args":"x"}]}`, "args must be an array"},
	} {
		_, err := Render([]byte(tc.scene), RenderOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n\tgot  %v\n\twant an error containing %q", tc.scene, err, tc.want)
		}
	}
}

// Out-of-range number literals become ±Inf and make the call a no-op,
// as non-finite numbers do in HTML.
func TestSceneHugeLiterals(t *testing.T) {
	res, err := Render([]byte(`{"width":10,"height":10,"commands":[
		{"method":"fillRect","args":[0,0,1e999,10]},
		{"method":"setFillStyle","args":["red"]},
		{"method":"fillRect","args":[0,0,10,10]},
		{"method":"draw"}]}`), RenderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if px := res.Context.Pixmap().Pix[0:4]; px[0] != 255 {
		t.Errorf("got %v", px)
	}
}

// Commands after the last draw are counted, not drawn; errors from Draw
// carry the scene index.
func TestScenePendingAndDrawErrors(t *testing.T) {
	res, err := Render([]byte(`{"width":10,"height":10,"commands":[
		{"method":"fillRect","args":[0,0,10,10]},{"method":"draw"},
		{"method":"fillRect","args":[0,0,5,5]}]}`), RenderOptions{})
	if err != nil || res.Pending != 1 || res.Draws != 1 {
		t.Errorf("pending %d draws %d err %v", res.Pending, res.Draws, err)
	}
	_, err = Render([]byte(`{"width":10,"height":10,"commands":[
		{"method":"setFillStyle","args":["red"]},{"method":"drawImage","args":[{"image":"a.png"},1,5]},{"method":"draw"}]}`), RenderOptions{})
	var ce *CommandError
	if !errors.As(err, &ce) || ce.Index != 1 || ce.Method != "drawImage" || !errors.Is(err, ErrNoImageSource) {
		t.Errorf("image without a source: %v", err)
	}
}
