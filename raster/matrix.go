package raster

import "math"

// Matrix is a 2D affine transform in the order of the HTML canvas
// setTransform(a, b, c, d, e, f):
//
//	x' = A*x + C*y + E
//	y' = B*x + D*y + F
type Matrix struct{ A, B, C, D, E, F float64 }

// Identity is the identity transform.
var Identity = Matrix{A: 1, D: 1}

// Mul returns m×n: the transform that applies n first and then m. The
// canvas operation transform(n) replaces the current matrix m by m.Mul(n).
func (m Matrix) Mul(n Matrix) Matrix {
	return Matrix{
		A: m.A*n.A + m.C*n.B,
		B: m.B*n.A + m.D*n.B,
		C: m.A*n.C + m.C*n.D,
		D: m.B*n.C + m.D*n.D,
		E: m.A*n.E + m.C*n.F + m.E,
		F: m.B*n.E + m.D*n.F + m.F,
	}
}

// Apply maps the point (x, y).
func (m Matrix) Apply(x, y float64) (float64, float64) {
	return m.A*x + m.C*y + m.E, m.B*x + m.D*y + m.F
}

// ApplyVector maps the vector (x, y), ignoring the translation.
func (m Matrix) ApplyVector(x, y float64) (float64, float64) {
	return m.A*x + m.C*y, m.B*x + m.D*y
}

// Det returns the determinant of the linear part.
func (m Matrix) Det() float64 { return m.A*m.D - m.B*m.C }

// Invert returns the inverse of m, and false when m is singular or not
// finite (a gradient or pattern under such a transform paints nothing).
func (m Matrix) Invert() (Matrix, bool) {
	det := m.Det()
	if det == 0 || math.IsNaN(det) || math.IsInf(det, 0) {
		return Matrix{}, false
	}
	inv := 1 / det
	r := Matrix{
		A: m.D * inv,
		B: -m.B * inv,
		C: -m.C * inv,
		D: m.A * inv,
	}
	r.E = -(r.A*m.E + r.C*m.F)
	r.F = -(r.B*m.E + r.D*m.F)
	if !r.finite() {
		return Matrix{}, false
	}
	return r, true
}

// IsIdentity reports whether m is exactly the identity.
func (m Matrix) IsIdentity() bool { return m == Identity }

// MaxScale returns an upper bound of how much m stretches a unit vector:
// the largest singular value of its linear part. The flattener and the arc
// builder use it to choose segment counts for a device-space tolerance.
func (m Matrix) MaxScale() float64 {
	// Largest singular value of [[A C] [B D]].
	a, b, c, d := m.A, m.B, m.C, m.D
	s1 := a*a + b*b + c*c + d*d
	det := a*d - b*c
	disc := s1*s1 - 4*det*det
	if disc < 0 {
		disc = 0
	}
	return math.Sqrt((s1 + math.Sqrt(disc)) / 2)
}

func (m Matrix) finite() bool {
	for _, v := range [...]float64{m.A, m.B, m.C, m.D, m.E, m.F} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// Finite reports whether every entry of m is a finite number.
func (m Matrix) Finite() bool { return m.finite() }
