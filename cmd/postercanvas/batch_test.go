package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/postercanvas/postercanvas/canvas"
)

const batchTemplate = `{"width": 120, "height": "auto", "background": "#fff", "elements": [
	{"type": "text", "top": 8, "left": 8, "width": 104, "text": "{{title}}", "fontSize": 12, "maxLines": 2},
	{"type": "qrcode", "top": 50, "left": 8, "size": 60, "content": "{{url}}", "bottom": 8},
	{"type": "image", "visible": "{{hasImage|false}}", "src": "{{image|none.png}}", "top": 50, "left": 70, "width": 40, "height": 40}]}`

// batchData has 12 lines: a blank one, a bad JSON one, a record missing
// its title and one naming a missing image; the other 8 render.
func batchData() string {
	var b strings.Builder
	for i := 1; i <= 12; i++ {
		switch i {
		case 4:
			b.WriteString("\n")
		case 6:
			b.WriteString("{not json\n")
		case 8:
			fmt.Fprintf(&b, `{"id": "r%d", "url": "u%d"}`+"\n", i, i)
		case 10:
			fmt.Fprintf(&b, `{"id": "r%d", "title": "t", "url": "u", "hasImage": true, "image": "missing.png"}`+"\n", i)
		default:
			fmt.Fprintf(&b, `{"id": "r%d", "title": "海报 %d poster title", "url": "https://example.com/%d"}`+"\n", i, i, i)
		}
	}
	return b.String()
}

func listDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func keys(m map[string][]byte) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

func TestBatchShardsAndFailures(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "t.json", batchTemplate)
	data := writeFile(t, dir, "d.jsonl", batchData())
	one := filepath.Join(dir, "one")
	var stdout, stderr bytes.Buffer
	code := run([]string{"batch", "--template", tmpl, "--data", data, "--out-dir", one, "--workers", "3", "--progress", "none"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1 (some records failed)", code)
	}
	for _, want := range []string{"line 6: not JSON", `line 8: template: {{title}} at elements[0].text: no value "title"`, "line 10:", "missing.png"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if !strings.Contains(stdout.String(), "8 done, 0 skipped (output exists), 3 failed") {
		t.Errorf("summary: %s", stdout.String())
	}
	all := listDir(t, one)
	wantNames := []string{"1.png", "11.png", "12.png", "2.png", "3.png", "5.png", "7.png", "9.png"}
	if got := keys(all); strings.Join(got, ",") != strings.Join(wantNames, ",") {
		t.Fatalf("outputs %v, want %v", got, wantNames)
	}
	// Two shards give exactly the same files.
	sharded := filepath.Join(dir, "sharded")
	for i := 0; i < 2; i++ {
		stdout.Reset()
		stderr.Reset()
		run([]string{"batch", "--template", tmpl, "--data", data, "--out-dir", sharded, "--shard", fmt.Sprintf("%d/2", i), "--progress", "none"}, &stdout, &stderr)
		if !strings.Contains(stdout.String(), fmt.Sprintf("shard %d/2", i)) {
			t.Errorf("shard summary: %s", stdout.String())
		}
	}
	got := listDir(t, sharded)
	if strings.Join(keys(got), ",") != strings.Join(keys(all), ",") {
		t.Fatalf("sharded outputs %v, unsharded %v", keys(got), keys(all))
	}
	for n, b := range all {
		if !bytes.Equal(b, got[n]) {
			t.Errorf("%s differs between the sharded and the unsharded run", n)
		}
	}
	// A second run resumes: everything present is skipped.
	stdout.Reset()
	run([]string{"batch", "--template", tmpl, "--data", data, "--out-dir", one, "--progress", "none"}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), "0 done, 8 skipped") {
		t.Errorf("resume summary: %s", stdout.String())
	}
	stdout.Reset()
	run([]string{"batch", "--template", tmpl, "--data", data, "--out-dir", one, "--progress", "none", "--force"}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), "8 done, 0 skipped") {
		t.Errorf("--force summary: %s", stdout.String())
	}
	// --name, JPEG, a JSON array and plain progress lines.
	arr := writeFile(t, dir, "d.json", `[{"id": "a/b", "title": "x", "url": "u"}, {"id": 7, "title": "y", "url": "v"}]`)
	named := filepath.Join(dir, "named")
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"batch", "--template", tmpl, "--data", arr, "--out-dir", named, "--name", "id", "--format", "jpg"}, &stdout, &stderr); code != 0 {
		t.Fatalf("named batch exit %d: %s", code, stderr.String())
	}
	if got := keys(listDir(t, named)); strings.Join(got, ",") != "7.jpg,a_b.jpg" {
		t.Errorf("named outputs %v", got)
	}
}

func TestParseShard(t *testing.T) {
	for _, cs := range []struct {
		s, env string
		i, n   int
		bad    bool
	}{
		{"", "", 0, 1, false},
		{"1/3", "", 1, 3, false},
		{"/4", "2", 2, 4, false},
		{"/4", "", 0, 0, true},
		{"4/4", "", 0, 0, true},
		{"-1/2", "", 0, 0, true},
		{"1/0", "", 0, 0, true},
		{"2", "", 0, 0, true},
	} {
		i, n, err := parseShard(cs.s, cs.env)
		if (err != nil) != cs.bad || (!cs.bad && (i != cs.i || n != cs.n)) {
			t.Errorf("parseShard(%q, %q) = %d, %d, %v", cs.s, cs.env, i, n, err)
		}
	}
}

func TestCompileAndRenderTemplate(t *testing.T) {
	dir := t.TempDir()
	tmpl := writeFile(t, dir, "t.json", batchTemplate)
	data := writeFile(t, dir, "d.json", `{"title": "标题", "url": "https://example.com"}`)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"compile", "--data", data, tmpl}, &stdout, &stderr); code != 0 {
		t.Fatalf("compile exit %d: %s", code, stderr.String())
	}
	s, err := canvas.ParseScene(stdout.Bytes())
	if err != nil {
		t.Fatalf("compiled scene does not parse: %v", err)
	}
	if s.Width != 120 || s.Commands[len(s.Commands)-1].Method != "draw" {
		t.Errorf("scene %v×%v, last command %q", s.Width, s.Height, s.Commands[len(s.Commands)-1].Method)
	}
	out := filepath.Join(dir, "out.png")
	if code := run([]string{"render", "--data", data, "--scale", "2", "-o", out, tmpl}, &stdout, &stderr); code != 0 {
		t.Fatalf("render exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
	// A missing field fails with the placeholder named.
	stderr.Reset()
	if code := run([]string{"render", "-o", out, tmpl}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "{{title}}") {
		t.Errorf("render without data: exit %d, %s", code, stderr.String())
	}
}
