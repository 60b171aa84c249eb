// Package gradient implements the paints of canvas gradients as span
// shaders (raster.Shader): linear (createLinearGradient), two-circle
// radial (createRadialGradient, and the legacy createCircularGradient(x,
// y, r) as the circles (x, y, 0) and (x, y, r)), solid colours, and
// images (NewImage: drawImage and createPattern, with Skia's sampling and
// mipmaps; see image.go). Their output is meant to match Chromium's
// canvas, which draws with Skia, level for level where possible.
//
// # Paint model
//
// A gradient maps each device pixel to a parameter t and t to a colour.
//
// Geometry. The gradient's points and radii are in user space; the
// transform m in force at fill time maps user space to device space. A
// pixel (x, y) is sampled at its centre (x+½, y+½), mapped back through
// m⁻¹ to user space, and there:
//
//   - linear: t is the projection on the gradient line,
//     t = (p − p0)·(p1 − p0) / |p1 − p0|²;
//   - radial: the HTML two-circle model. The circles c(ω) = c0 + ω·(c1 −
//     c0), r(ω) = r0 + ω·(r1 − r0) form a cone; of the ω whose circle
//     passes through p with r(ω) > 0 the largest wins, and t = ω. Where no
//     ω applies the pixel is transparent black. Concentric circles
//     (createCircularGradient) and circles one inside the other cover the
//     plane; other pairs leave parts of it empty.
//
// Ramp. The stops are sorted by offset, stably (stops at one offset keep
// the order they were added in, so at that offset the colour jumps from
// the first to the last of them: a hard edge, the later stop applying
// from the offset on), with offsets clamped to [0, 1]. Between stops the
// colour is interpolated linearly in non-premultiplied RGBA, as HTML
// specifies and Chromium does (Skia's default, without
// kInterpolateColorsInPremul); before the first stop and after the last
// the end colours extend. The interpolated colour is then premultiplied.
// A single stop paints its colour everywhere (within the cone, for a
// radial gradient).
//
// Dither. Chromium dithers gradients ("gradients are always dithered",
// blink's Gradient::ApplyToFlags). Skia adds to r, g and b, premultiplied
// and in [0, 1], the offset (2M − 63)/128 / 255, M ∈ [0, 63] being the
// entry of an 8×8 ordered (Bayer) matrix at (x mod 8, (x xor y) mod 8),
// clamps them to [0, a] and rounds to 8 bits. The oracle's reference
// renders show exactly this pattern (a horizontal gradient's column
// alternates between two levels down the rows), and the shaders reproduce
// it: a pixel's bytes are those Chromium produces from the same colour.
// Constant paints (NewSolid) are not dithered, like Skia's colour shader.
//
// # Implementation
//
// Colour table. Each gradient precomputes 4096 cells over its t range
// (for concentric circles, over the radius, as Skia's radial gradient
// does), each holding the colour at the cell's centre, premultiplied, in
// fixed point with 8 fraction bits per channel and pre-biased so that
// adding a pixel's dither offset and keeping the integer parts gives its
// bytes, clamp to alpha included (see pack). Building the table bounds
// every cell's error against the exact colour over the cell widened by
// 1/256 of its width: where it exceeds ¼ of a level — a hard stop inside
// the cell, or a ramp too steep for the cell size — the cell is marked for
// exact evaluation, so hard stops are exact to the pixel, not blurred
// over a cell. Elsewhere a pixel is within ¼ level of the exact colour
// before dithering, hence within one level of Chromium's byte; in
// practice 98–99% of channels are equal (see the oracle tests).
//
// Spans. No interface calls or allocations per pixel. A linear gradient
// steps t by a constant per pixel, in 32-bit fixed point, splitting each
// span into the runs before and after the ramp (one colour, dithered),
// the run inside it and the pixels that fall in exact cells (found by
// integer division beforehand). A radial gradient with concentric circles
// splits each span by where |w|² (a convex quadratic along the row)
// crosses the ramp's circle, and computes the inner run eight pixels at a
// time with single-precision square roots; when the centre lies on a whole
// or half pixel column, as for circles centred on integer coordinates, the
// two halves of a row mirror each other and share their lookups. Other
// circle pairs solve the quadratic of the cone per pixel.
//
// Determinism. Hot arithmetic is written with explicit conversions,
// float64(a*b) + c, so that no architecture may fuse it into an FMA, and
// the single-precision parts are IEEE single operations; the output does
// not depend on the machine.
package gradient
