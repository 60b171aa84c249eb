package imagesrc_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
	"github.com/postercanvas/postercanvas/canvas/imagesrc"
)

// The wiring the coordinator needs is one line.
var _ canvas.ImageSource = imagesrc.New(imagesrc.Config{Root: "."})

// checkLeaks fails the test if goroutines outlive it. Register it first:
// cleanups run last-registered-first, so it runs after the servers and
// loaders the test closes.
func checkLeaks(t *testing.T) {
	t.Helper()
	base := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(3 * time.Second)
		for {
			n := runtime.NumGoroutine()
			if n <= base {
				return
			}
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<16)
				buf = buf[:runtime.Stack(buf, true)]
				t.Errorf("%d goroutines leaked (%d before, %d after):\n%s", n-base, base, n, buf)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

func pngBytes(t testing.TB, w, h int, c color.NRGBA) []byte {
	t.Helper()
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func mustKind(t *testing.T, err, kind error, mention string) {
	t.Helper()
	var e *imagesrc.Error
	if !errors.Is(err, kind) || !errors.As(err, &e) {
		t.Fatalf("error %v, want %v", err, kind)
	}
	if mention != "" && !strings.Contains(err.Error(), mention) {
		t.Fatalf("error %q does not mention %q", err, mention)
	}
}

func TestFiles(t *testing.T) {
	checkLeaks(t)
	dir := t.TempDir()
	root := filepath.Join(dir, "scene")
	os.MkdirAll(filepath.Join(root, "img"), 0o755)
	os.WriteFile(filepath.Join(root, "img", "a.png"), pngBytes(t, 3, 2, color.NRGBA{255, 0, 0, 255}), 0o644)
	os.WriteFile(filepath.Join(dir, "secret.png"), pngBytes(t, 1, 1, color.NRGBA{0, 0, 0, 255}), 0o644)
	os.Symlink("../secret.png", filepath.Join(root, "escape.png"))
	os.Symlink("img/a.png", filepath.Join(root, "inside.png"))
	os.Symlink(dir, filepath.Join(root, "outdir"))
	os.Mkdir(filepath.Join(root, "dir.png"), 0o755)
	os.WriteFile(filepath.Join(root, "big.png"), make([]byte, 2000), 0o644)

	l := imagesrc.New(imagesrc.Config{Root: root, MaxBytes: 1000})
	ctx := context.Background()
	for _, ok := range []string{"img/a.png", "./img/a.png", "img/../img/a.png", "inside.png"} {
		pm, err := l.LoadImage(ctx, ok)
		if err != nil {
			t.Fatalf("%s: %v", ok, err)
		}
		if pm.Width != 3 || pm.Height != 2 || pm.Pix[0] != 255 {
			t.Fatalf("%s: %dx%d %v", ok, pm.Width, pm.Height, pm.Pix[:4])
		}
	}
	for _, tc := range []struct {
		src, mention string
		kind         error
	}{
		{"/img/a.png", "absolute", imagesrc.ErrPathEscape},
		{filepath.Join(root, "img", "a.png"), "absolute", imagesrc.ErrPathEscape},
		{"../secret.png", "leaves the root", imagesrc.ErrPathEscape},
		{"img/../../secret.png", "leaves the root", imagesrc.ErrPathEscape},
		{"escape.png", "symbolic link", imagesrc.ErrPathEscape},
		{"outdir/secret.png", "symbolic link", imagesrc.ErrPathEscape},
		{"missing.png", "no such file", imagesrc.ErrNotFound},
		{"dir.png", "not a regular file", imagesrc.ErrNotFound},
		{"big.png", "2000 bytes", imagesrc.ErrTooLarge},
		{"a\x00.png", "NUL", imagesrc.ErrBadSource},
		{"file:///etc/passwd", "file:", imagesrc.ErrDisabledScheme},
		{"ftp://example.com/a.png", "ftp:", imagesrc.ErrDisabledScheme},
		{"javascript:alert(1)", "javascript:", imagesrc.ErrDisabledScheme},
		{"wxfile://tmp_123.png", "wxfile:", imagesrc.ErrDisabledScheme},
		{"//example.com/a.png", "protocol-relative", imagesrc.ErrDisabledScheme},
		{"https://example.com/a.png", "disabled", imagesrc.ErrDisabledScheme},
		{"", "empty", imagesrc.ErrBadSource},
	} {
		_, err := l.LoadImage(ctx, tc.src)
		mustKind(t, err, tc.kind, tc.mention)
		if q := strconv.Quote(tc.src); !strings.Contains(err.Error(), q[:min(len(q), 20)]) {
			t.Errorf("%q: error %q does not name the source", tc.src, err)
		}
	}

	// Mini-program package paths: "/" is the root.
	pk := imagesrc.New(imagesrc.Config{Root: root, PackagePaths: true})
	if _, err := pk.LoadImage(ctx, "/img/a.png"); err != nil {
		t.Fatal(err)
	}
	if _, err := pk.LoadImage(ctx, "/../secret.png"); !errors.Is(err, imagesrc.ErrPathEscape) {
		t.Fatalf("/../secret.png: %v", err)
	}

	// No root: files are disabled.
	_, err := imagesrc.New(imagesrc.Config{}).LoadImage(ctx, "img/a.png")
	mustKind(t, err, imagesrc.ErrDisabledScheme, "no root")

	// An edited file is loaded again; an unchanged one is a cache hit.
	st := l.Stats()
	l.LoadImage(ctx, "img/a.png")
	if s := l.Stats(); s.Loads != st.Loads || s.Hits != st.Hits+1 {
		t.Fatalf("unchanged file: %+v then %+v", st, s)
	}
	p := filepath.Join(root, "img", "a.png")
	os.WriteFile(p, pngBytes(t, 4, 4, color.NRGBA{0, 0, 255, 255}), 0o644)
	os.Chtimes(p, time.Now(), time.Now().Add(time.Hour))
	pm, err := l.LoadImage(ctx, "img/a.png")
	if err != nil || pm.Width != 4 {
		t.Fatalf("edited file: %v %v", pm, err)
	}
}

func TestDataURIs(t *testing.T) {
	checkLeaks(t)
	img := pngBytes(t, 2, 2, color.NRGBA{0, 0, 255, 128})
	b64 := base64.StdEncoding.EncodeToString(img)
	l := imagesrc.New(imagesrc.Config{MaxDataBytes: 4096})
	ctx := context.Background()
	spaced := ""
	for i := 0; i < len(b64); i += 10 {
		spaced += b64[i:min(i+10, len(b64))] + "\n "
	}
	for name, src := range map[string]string{
		"base64":          "data:image/png;base64," + b64,
		"unpadded":        "data:image/png;base64," + strings.TrimRight(b64, "="),
		"whitespace":      "data:image/png;base64," + spaced,
		"params":          "data:image/png;charset=binary;BASE64," + b64,
		"no type":         "data:;base64," + b64,
		"percent-encoded": "data:image/png," + url.PathEscape(string(img)),
		"octet-stream":    "data:application/octet-stream;base64," + b64,
		"upper-case":      "DATA:image/png;base64," + b64,
	} {
		pm, err := l.LoadImage(ctx, src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if pm.Width != 2 || [4]byte(pm.Pix[:4]) != [4]byte{0, 0, 128, 128} {
			t.Fatalf("%s: %dx%d %v", name, pm.Width, pm.Height, pm.Pix[:4])
		}
	}
	big := base64.StdEncoding.EncodeToString(make([]byte, 5000))
	for _, tc := range []struct {
		src     string
		kind    error
		mention string
	}{
		{"data:image/png;base64," + big, imagesrc.ErrTooLarge, "limit is 4096"},
		{"data:image/png;base64," + strings.Repeat("A", 50000), imagesrc.ErrTooLarge, "longer"},
		{"data:image/png;base64,@@@@", imagesrc.ErrBadSource, "base64"},
		{"data:image/png;base64,AAAAA", imagesrc.ErrBadSource, "base64"},
		{"data:image/png;base64", imagesrc.ErrBadSource, "comma"},
		{"data:text/plain,hello", imagesrc.ErrContentType, "text/plain"},
		{"data:image/svg+xml,<svg/>", imagesrc.ErrUnsupportedFormat, "svg"},
		{"data:image/png;base64," + base64.StdEncoding.EncodeToString(img[:30]), imagesrc.ErrCorrupt, "data:image/png"},
	} {
		_, err := l.LoadImage(ctx, tc.src)
		mustKind(t, err, tc.kind, tc.mention)
		if len(err.Error()) > 300 {
			t.Errorf("error message is %d bytes: the source must be shortened", len(err.Error()))
		}
	}
	// A PNG declared as text/plain is sniffed and accepted, unless strict.
	if _, err := l.LoadImage(ctx, "data:text/plain;base64,"+b64); err != nil {
		t.Fatalf("sniffed: %v", err)
	}
	strict := imagesrc.New(imagesrc.Config{StrictContentType: true})
	_, err := strict.LoadImage(ctx, "data:text/plain;base64,"+b64)
	mustKind(t, err, imagesrc.ErrContentType, "text/plain")
	_, err = imagesrc.New(imagesrc.Config{NoData: true}).LoadImage(ctx, "data:image/png;base64,"+b64)
	mustKind(t, err, imagesrc.ErrDisabledScheme, "disabled")
}

func TestCacheBoundedByBytes(t *testing.T) {
	checkLeaks(t)
	// Each 16×16 image is 1024 decoded bytes; the cache holds about 3.
	l := imagesrc.New(imagesrc.Config{CacheBytes: 3*1024 + 3*256 + 100})
	ctx := context.Background()
	src := func(i int) string {
		return "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngBytes(t, 16, 16, color.NRGBA{uint8(i), 0, 0, 255}))
	}
	for i := range 5 {
		if _, err := l.LoadImage(ctx, src(i)); err != nil {
			t.Fatal(err)
		}
	}
	s := l.Stats()
	if s.Entries != 3 || s.Bytes > 3*1024+3*256+100 || s.Loads != 5 {
		t.Fatalf("after 5 loads: %+v", s)
	}
	l.LoadImage(ctx, src(4)) // most recent: hit
	l.LoadImage(ctx, src(0)) // evicted: load
	if s2 := l.Stats(); s2.Hits != s.Hits+1 || s2.Loads != s.Loads+1 {
		t.Fatalf("LRU order: %+v then %+v", s, s2)
	}
	// The same pixmap is shared by every hit.
	a, _ := l.LoadImage(ctx, src(4))
	b, _ := l.LoadImage(ctx, src(4))
	if a != b {
		t.Fatal("cache hit returned a different pixmap")
	}
	// An image bigger than the whole cache is returned, not kept.
	tiny := imagesrc.New(imagesrc.Config{CacheBytes: 100})
	if _, err := tiny.LoadImage(ctx, src(1)); err != nil {
		t.Fatal(err)
	}
	if s := tiny.Stats(); s.Entries != 0 {
		t.Fatalf("oversize entry kept: %+v", s)
	}
	// Failures are remembered for ErrorTTL, then retried.
	el := imagesrc.New(imagesrc.Config{ErrorTTL: 50 * time.Millisecond})
	bad := "data:image/png;base64,AAAA"
	el.LoadImage(ctx, bad)
	el.LoadImage(ctx, bad)
	if s := el.Stats(); s.Loads != 1 {
		t.Fatalf("failure not remembered: %+v", s)
	}
	time.Sleep(60 * time.Millisecond)
	el.LoadImage(ctx, bad)
	if s := el.Stats(); s.Loads != 2 {
		t.Fatalf("failure remembered past ErrorTTL: %+v", s)
	}
}

func TestConcurrentLoadsRace(t *testing.T) {
	checkLeaks(t)
	dir := t.TempDir()
	for i := range 8 {
		os.WriteFile(filepath.Join(dir, string(rune('a'+i))+".png"), pngBytes(t, 64, 64, color.NRGBA{uint8(i * 30), 0, 0, 255}), 0o644)
	}
	l := imagesrc.New(imagesrc.Config{Root: dir, CacheBytes: 4 * (64*64*4 + 256)}) // forces evictions
	var wg sync.WaitGroup
	for g := range 32 {
		wg.Go(func() {
			for k := range 50 {
				name := string(rune('a'+(g+k)%8)) + ".png"
				pm, err := l.LoadImage(context.Background(), name)
				if err != nil || pm.Pix[0] != uint8((g+k)%8*30) {
					t.Errorf("%s: %v", name, err)
					return
				}
				if k%10 == 0 {
					l.Info(context.Background(), name)
					l.Stats()
				}
			}
		})
	}
	wg.Wait()
}

// Any source string gives pixels within the limits or an *imagesrc.Error,
// never a panic.
func FuzzSource(f *testing.F) {
	for _, s := range []string{"a.png", "../a.png", "/etc/passwd", "data:image/png;base64,iVBORw0KGgo=",
		"data:,%zz%4", "data:image/gif;base64,R0lGODlh//////8AAAA=", "http://127.0.0.1/", "HTTP://[::1]/", "x:y", "//a/b", "a\\..\\b"} {
		f.Add(s)
	}
	dir := f.TempDir()
	os.WriteFile(filepath.Join(dir, "a.png"), pngBytes(f, 2, 2, color.NRGBA{1, 2, 3, 255}), 0o644)
	l := imagesrc.New(imagesrc.Config{Root: dir, MaxPixels: 1 << 16})
	f.Fuzz(func(t *testing.T, src string) {
		pm, err := l.LoadImage(context.Background(), src)
		if err != nil {
			var e *imagesrc.Error
			if !errors.As(err, &e) {
				t.Fatalf("%q: untyped error %v", src, err)
			}
			return
		}
		if pm.Width*pm.Height > 1<<16 {
			t.Fatalf("%q: %dx%d over the pixel limit", src, pm.Width, pm.Height)
		}
	})
}

func TestErrorNamesEachSpelling(t *testing.T) {
	l := imagesrc.New(imagesrc.Config{Root: t.TempDir()})
	for _, src := range []string{"missing.png", "./missing.png", "x/../missing.png"} {
		_, err := l.LoadImage(context.Background(), src)
		mustKind(t, err, imagesrc.ErrNotFound, strconv.Quote(src))
	}
	if s := l.Stats(); s.Loads != 1 {
		t.Fatalf("one file under three spellings: %d loads", s.Loads)
	}
}
