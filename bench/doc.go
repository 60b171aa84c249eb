// Package bench times postercanvas against two Go peers on the benchmark
// scenes of scenes/ (copied unchanged from shared/bench-peers): the
// github.com/fogleman/gg 2D library and golang.org/x/image/vector.
//
// The package holds no library code: everything is in its _test files, so
// the peers are dependencies of the tests only. Run, from the module root:
//
//	go test ./bench -run XXX -bench . -benchtime 10x
//
// Each scene benchmark (BenchmarkS1OpaqueFills … BenchmarkS6Beziers) has
// the sub-benchmarks postercanvas, gg and vector, which draw the same
// geometry and paints at 1080×1920:
//
//   - postercanvas replays the parsed scene (canvas.ParseScene, outside the
//     timer) with canvas.NewSceneRun(ctx).Run: colour strings, gradients
//     and paths are interpreted from the scene's commands on every run.
//   - gg and vector draw a shape list decoded from the same JSON by the
//     test (outside the timer), with their own calls: gg's SetColor /
//     NewLinearGradient / NewRadialGradient, DrawRectangle, DrawCircle,
//     MoveTo/CubicTo/ClosePath and Fill; vector's Rasterizer sized to each
//     shape's pixel bounds, composited source-over onto an *image.RGBA
//     with an *image.Uniform source (its fast path). x/image/vector has no
//     gradients, so its gradient source is a plain image.Image computing
//     the gradient colour of each pixel in At.
//
// Every library starts each iteration from a freshly allocated transparent
// canvas (canvas.New, gg.NewContext, image.NewRGBA plus a new
// vector.Rasterizer): the allocation is inside the timed loop for all three.
//
// BenchmarkPNGEncode encodes the same opaque photo-like 1080×1920 image with
// canvas.EncodePNG and with image/png at its default compression (which is
// what gg's EncodePNG and SavePNG call; x/image/vector has no encoder).
//
// BenchmarkCircleCanvasSize draws one 10×10 circle on a 100×100 and on a
// 4096×4096 postercanvas Context allocated outside the timer, to show the
// cost of a small shape does not grow with the canvas; the test
// TestCircleCostIndependentOfCanvasSize asserts it (skipped under -short).
//
// TestPeersLookAlike checks every peer's render of every scene against
// postercanvas's (PSNR over 25 dB, via golden.Compare) and that none is
// blank, so that no benchmark times an empty canvas.
package bench
