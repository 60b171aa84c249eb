// Package fonts is postercanvas's font registry: TrueType/OpenType fonts
// and collections registered from files, directories and bytes, resolved
// by CSS family lists, weight and style, with per-character fallback.
//
// A Registry is safe for concurrent use. Parsed fonts are shared read-only
// between renders; each render makes its own faces (Font.NewFace), which
// carry the mutable per-render state of the shaper.
//
// The binary embeds two faces, so Latin and Chinese text render on a
// machine with no fonts at all: DejaVu Sans (Bitstream Vera licence) and
// WenQuanYi Micro Hei (Apache 2.0), the fonts the oracle's Chromium
// renders with. Their licences are in embedded/.
package fonts

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
)

//go:embed embedded/DejaVuSans.ttf
var dejaVuSans []byte

//go:embed embedded/wqy-microhei.ttc
var wqyMicroHei []byte

// Font is one registered face of a family.
type Font struct {
	Family string // as the font names it
	Weight int    // CSS weight, 100–900
	Italic bool
	Source string // file name or "embedded"
	// TypoAscender and TypoDescender are the OS/2 typographic ascender
	// and descender in font units (0 when the font has no OS/2 table).
	TypoAscender, TypoDescender float64

	font *font.Font
}

// NewFace returns a face for one render; faces are not safe for
// concurrent use, fonts are.
func (f *Font) NewFace() *font.Face { return font.NewFace(f.font) }

// Has reports whether the font maps r to a glyph.
func (f *Font) Has(r rune) bool {
	_, ok := f.font.NominalGlyph(r)
	return ok
}

// Upem returns the font's units per em.
func (f *Font) Upem() float64 { return float64(f.font.Upem()) }

// Registry holds fonts by family.
type Registry struct {
	mu       sync.RWMutex
	families map[string][]*Font // lower-case family -> faces
	generic  map[string]string  // sans-serif, serif, monospace, … -> family
	fallback []string           // families tried after the requested ones
}

// New returns a registry with the embedded faces and the default generic
// families (sans-serif: DejaVu Sans, serif: DejaVu Serif, monospace:
// DejaVu Sans Mono) and fallback chain (DejaVu Sans, WenQuanYi Micro Hei).
func New() *Registry {
	r := &Registry{
		families: map[string][]*Font{},
		generic: map[string]string{
			"sans-serif": "DejaVu Sans", "serif": "DejaVu Serif", "monospace": "DejaVu Sans Mono",
			"system-ui": "DejaVu Sans", "cursive": "DejaVu Sans", "fantasy": "DejaVu Sans",
		},
		fallback: []string{"DejaVu Sans", "WenQuanYi Micro Hei"},
	}
	for _, f := range embedded() {
		key := strings.ToLower(f.Family)
		r.families[key] = append(r.families[key], f)
	}
	return r
}

var embeddedFonts = sync.OnceValue(func() []*Font {
	r := &Registry{families: map[string][]*Font{}}
	for _, data := range [][]byte{dejaVuSans, wqyMicroHei} {
		if err := r.AddBytes(data, "embedded"); err != nil {
			panic("fonts: embedded face: " + err.Error())
		}
	}
	var out []*Font
	for _, fs := range r.families {
		out = append(out, fs...)
	}
	return out
})

// embedded returns the embedded faces, parsed once per process.
func embedded() []*Font { return embeddedFonts() }

var (
	defaultOnce sync.Once
	defaultReg  *Registry
)

// Default returns the process-wide registry: the embedded faces plus the
// system's fonts (/usr/share/fonts, /usr/local/share/fonts, ~/.fonts,
// ~/.local/share/fonts), discovered once.
func Default() *Registry {
	defaultOnce.Do(func() {
		defaultReg = New()
		_ = defaultReg.AddSystemFonts()
	})
	return defaultReg
}

// MaxFontBytes bounds one font file.
const MaxFontBytes = 64 << 20

// AddFile registers the faces of a TTF, OTF or TTC file.
func (r *Registry) AddFile(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Size() > MaxFontBytes {
		return fmt.Errorf("fonts: %s: larger than %d bytes", path, MaxFontBytes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return r.AddBytes(data, path)
}

// AddDir registers every .ttf, .otf, .ttc and .otc file under dir; files
// that fail to parse are skipped, and the first such error is returned
// after the rest are registered.
func (r *Registry) AddDir(dir string) error {
	var first error
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts of a tree are skipped
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".ttf", ".otf", ".ttc", ".otc":
			if e := r.AddFile(p); e != nil && first == nil {
				first = e
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return first
}

// AddSystemFonts registers the fonts of the usual Linux font directories
// that exist.
func (r *Registry) AddSystemFonts() error {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, ".fonts"), filepath.Join(home, ".local", "share", "fonts"))
	}
	for _, d := range dirs {
		if _, err := os.Stat(d); err == nil {
			_ = r.AddDir(d)
		}
	}
	return nil
}

// ErrNoFaces is returned for data that holds no usable face.
var ErrNoFaces = errors.New("fonts: no usable face")

// AddBytes registers the faces of font data (TTF, OTF or a collection);
// source names it in errors.
func (r *Registry) AddBytes(data []byte, source string) (err error) {
	defer func() {
		// The parser is not ours; a corrupt file must be an error, not a
		// crash of the server.
		if p := recover(); p != nil {
			err = fmt.Errorf("fonts: %s: corrupt font (%v)", source, p)
		}
	}()
	lds, err := ot.NewLoaders(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("fonts: %s: %w", source, err)
	}
	if len(lds) == 0 {
		return fmt.Errorf("fonts: %s: %w", source, ErrNoFaces)
	}
	var parsed []*Font
	for i, ld := range lds {
		ft, err := font.NewFont(ld)
		if err != nil {
			return fmt.Errorf("fonts: %s: face %d: %w", source, i, err)
		}
		d := ft.Describe()
		if d.Family == "" {
			continue
		}
		f := &Font{
			Family: d.Family,
			Weight: int(d.Aspect.Weight),
			Italic: d.Aspect.Style != font.StyleNormal,
			Source: source,
			font:   ft,
		}
		if os2, err := ld.RawTable(ot.MustNewTag("OS/2")); err == nil && len(os2) >= 72 {
			f.TypoAscender = float64(int16(uint16(os2[68])<<8 | uint16(os2[69])))
			f.TypoDescender = float64(int16(uint16(os2[70])<<8 | uint16(os2[71])))
		}
		parsed = append(parsed, f)
	}
	if len(parsed) == 0 {
		return fmt.Errorf("fonts: %s: %w", source, ErrNoFaces)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, f := range parsed {
		key := strings.ToLower(f.Family)
		r.families[key] = append(r.families[key], f)
	}
	return nil
}

// SetGeneric maps a generic family (sans-serif, serif, monospace, …) to a
// registered family.
func (r *Registry) SetGeneric(generic, family string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.generic[strings.ToLower(generic)] = family
}

// SetFallback replaces the families tried, in order, for characters none
// of the requested families has.
func (r *Registry) SetFallback(families ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fallback = slices.Clone(families)
}

// Families lists the registered family names.
func (r *Registry) Families() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for _, fs := range r.families {
		out = append(out, fs[0].Family)
	}
	slices.Sort(out)
	return out
}

// Match is a font chosen for a request, with what has to be synthesized.
type Match struct {
	*Font
	SynthBold   bool // the request is bold (≥ 600) and the face is not
	SynthItalic bool // the request is italic or oblique and the face is not
}

// Resolve returns, in order, the best face of each requested family that
// is registered (generic names mapped), then of each fallback family not
// already listed. Text takes each character from the first face that has
// it.
func (r *Registry) Resolve(families []string, weight int, italic bool) []Match {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Match
	seen := map[string]bool{}
	add := func(name string) {
		key := strings.ToLower(strings.TrimSpace(name))
		if g, ok := r.generic[key]; ok {
			key = strings.ToLower(g)
		}
		if seen[key] {
			return
		}
		seen[key] = true
		if fs := r.families[key]; len(fs) > 0 {
			out = append(out, pick(fs, weight, italic))
		}
	}
	for _, f := range families {
		add(f)
	}
	for _, f := range r.fallback {
		add(f)
	}
	return out
}

// pick chooses a family's face as CSS font matching does, simplified:
// italic faces first when italic is asked for (else upright first), then
// the closest weight, heavier first for bold requests and lighter first
// for light ones.
func pick(fs []*Font, weight int, italic bool) Match {
	best := fs[0]
	score := func(f *Font) int {
		s := 0
		if f.Italic != italic {
			s += 10000
		}
		d := f.Weight - weight
		switch {
		case d == 0:
		case weight >= 500 && d > 0, weight < 500 && d < 0:
			s += abs(d)
		default:
			s += 1000 + abs(d)
		}
		return s
	}
	for _, f := range fs[1:] {
		if score(f) < score(best) {
			best = f
		}
	}
	return Match{Font: best, SynthBold: weight >= 600 && best.Weight < 600, SynthItalic: italic && !best.Italic}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
