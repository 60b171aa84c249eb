package imagesrc

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// cleanPath turns a source into a name local to Root, or refuses it.
func (l *Loader) cleanPath(src string) (string, error) {
	if strings.ContainsRune(src, 0) {
		return "", newErr(src, ErrBadSource, "NUL in path", nil)
	}
	name := src
	if strings.HasPrefix(name, "/") && l.cfg.PackagePaths {
		name = strings.TrimLeft(name, "/")
	}
	if strings.HasPrefix(name, "/") || filepath.IsAbs(name) || filepath.VolumeName(name) != "" {
		return "", newErr(src, ErrPathEscape, "absolute path", nil)
	}
	name = path.Clean(name)
	if !filepath.IsLocal(filepath.FromSlash(name)) {
		return "", newErr(src, ErrPathEscape, "path leaves the root", nil)
	}
	return name, nil
}

// loadFile reads name under Root through os.Root, which refuses ".." and
// symbolic links that lead outside the directory (checked at each
// component, at open time).
func (l *Loader) loadFile(src, name string) *result {
	root, err := os.OpenRoot(l.cfg.Root)
	if err != nil {
		return &result{err: newErr(src, ErrNotFound, "image root: "+err.Error(), err)}
	}
	defer root.Close()
	fi, err := root.Stat(name)
	if err != nil {
		return &result{err: fileErr(src, err)}
	}
	if !fi.Mode().IsRegular() {
		return &result{err: newErr(src, ErrNotFound, "not a regular file", nil)}
	}
	if fi.Size() > l.cfg.MaxBytes {
		return &result{err: newErr(src, ErrTooLarge, fmt.Sprintf("file is %d bytes, the limit is %d", fi.Size(), l.cfg.MaxBytes), nil)}
	}
	f, err := root.Open(name)
	if err != nil {
		return &result{err: fileErr(src, err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, l.cfg.MaxBytes+1))
	if err != nil {
		return &result{err: fileErr(src, err)}
	}
	if int64(len(data)) > l.cfg.MaxBytes {
		return &result{err: newErr(src, ErrTooLarge, fmt.Sprintf("file exceeds %d bytes", l.cfg.MaxBytes), nil)}
	}
	r := l.decoded(src, data, 0)
	if r.err == nil {
		size, mod := fi.Size(), fi.ModTime()
		rootDir := l.cfg.Root
		r.valid = func() bool { return sameFile(rootDir, name, size, mod) }
	}
	return r
}

// sameFile reports whether the file still has the size and modification
// time it had when it was loaded, so an edited file is loaded again.
func sameFile(rootDir, name string, size int64, mod time.Time) bool {
	root, err := os.OpenRoot(rootDir)
	if err != nil {
		return false
	}
	defer root.Close()
	fi, err := root.Stat(name)
	return err == nil && fi.Size() == size && fi.ModTime().Equal(mod)
}

func fileErr(src string, err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return newErr(src, ErrNotFound, "no such file", err)
	case errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "escapes"):
		// os.Root's error for a symlink or ".." leading out of the root
		// is not exported; its text is "path escapes from parent".
		return newErr(src, ErrPathEscape, "a symbolic link leads out of the root", err)
	}
	return newErr(src, ErrNotFound, err.Error(), err)
}
