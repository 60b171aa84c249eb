package canvas

// ValidColor reports whether s is a CSS colour the canvas accepts (CSS
// Color 4, as fillStyle parses it). Template compilers use it to reject a
// bad colour with an error instead of the canvas silently keeping the
// previous style.
func ValidColor(s string) bool {
	_, ok := parseCSSColor(s)
	return ok
}
