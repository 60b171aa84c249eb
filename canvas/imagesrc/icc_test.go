package imagesrc

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
)

func fx(v float64) []byte {
	return binary.BigEndian.AppendUint32(nil, uint32(int32(v*65536+0.5-float64(btoi(v < 0)))))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// testProfile builds a minimal ICC v4 RGB display profile with the given
// D50 colorants (columns R, G, B) and a parametric type-3 curve
// (g, a, b, c, d) on every channel.
func testProfile(m [3][3]float64, g, a, b, c, d float64) []byte {
	xyz := func(col int) []byte {
		t := []byte("XYZ \x00\x00\x00\x00")
		for r := range 3 {
			t = append(t, fx(m[r][col])...)
		}
		return t
	}
	para := []byte("para\x00\x00\x00\x00\x00\x03\x00\x00")
	for _, v := range []float64{g, a, b, c, d} {
		para = append(para, fx(v)...)
	}
	wtpt := []byte("XYZ \x00\x00\x00\x00")
	for _, v := range []float64{0.9642, 1, 0.8249} {
		wtpt = append(wtpt, fx(v)...)
	}
	desc := append([]byte("mluc\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x0cenUS\x00\x00\x00\x08\x00\x00\x00\x1c"), 0, 'P', 0, '3', 0, 't', 0, 't')
	type tag struct {
		sig  string
		data []byte
	}
	tags := []tag{{"desc", desc}, {"wtpt", wtpt}, {"rXYZ", xyz(0)}, {"gXYZ", xyz(1)}, {"bXYZ", xyz(2)}, {"rTRC", para}, {"gTRC", para}, {"bTRC", para}}
	off := 128 + 4 + 12*len(tags)
	var table, body []byte
	table = binary.BigEndian.AppendUint32(table, uint32(len(tags)))
	for _, t := range tags {
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
		table = binary.BigEndian.AppendUint32(append(table, t.sig...), uint32(off+len(body)))
		table = binary.BigEndian.AppendUint32(table, uint32(len(t.data)))
		body = append(body, t.data...)
	}
	h := make([]byte, 128)
	binary.BigEndian.PutUint32(h[8:], 0x04300000)
	copy(h[12:], "mntr")
	copy(h[16:], "RGB ")
	copy(h[20:], "XYZ ")
	copy(h[36:], "acsp")
	copy(h[68:], append(append(fx(0.9642), fx(1)...), fx(0.8249)...))
	p := append(append(h, table...), body...)
	binary.BigEndian.PutUint32(p, uint32(len(p)))
	return p
}

// Display P3 (D50-adapted colorants) with the sRGB curve.
func p3Profile() []byte {
	return testProfile([3][3]float64{
		{0.515102, 0.291965, 0.157153},
		{0.241196, 0.692236, 0.066561},
		{-0.001053, 0.041884, 0.784378},
	}, 2.4, 1/1.055, 0.055/1.055, 1/12.92, 0.04045)
}

func jpegWithICC(jpg, icc []byte) []byte {
	seg := append([]byte("ICC_PROFILE\x00\x01\x01"), icc...)
	out := []byte{0xff, 0xd8, 0xff, 0xe2}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	return append(append(out, seg...), jpg[2:]...)
}

func pngWithICC(pngData, icc []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(icc)
	w.Close()
	body := append(append([]byte("iCCPP3\x00\x00")[:0:0], "iCCPP3\x00\x00"...), z.Bytes()...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(body)-4))
	chunk = append(chunk, body...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(body))
	return append(append(append([]byte{}, pngData[:33]...), chunk...), pngData[33:]...)
}

// colourChart is saturated and mid-tone patches with an alpha ramp in
// the bottom rows.
func colourChart() *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, 64, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			c := color.NRGBA{uint8(x * 4), uint8(255 - y*5), uint8((x * y) % 256), 255}
			if (x/16+y/16)%2 == 0 {
				c = color.NRGBA{[4]uint8{255, 0, 40, 200}[x/16], [4]uint8{0, 255, 30, 100}[x/16], [4]uint8{0, 0, 255, 50}[x/16], 255}
			}
			if y >= 40 {
				c.A = uint8(x * 4)
			}
			m.SetNRGBA(x, y, c)
		}
	}
	return m
}

// The fixtures testdata/p3.jpg and p3.png were written by
// writeICCFixtures; their Chromium decodes are p3.*.chromium.png.
func writeICCFixtures(dir string) {
	icc := p3Profile()
	var pb bytes.Buffer
	png.Encode(&pb, colourChart())
	os.WriteFile(dir+"/p3.png", pngWithICC(pb.Bytes(), icc), 0o644)
	opaque := colourChart()
	for i := 3; i < len(opaque.Pix); i += 4 {
		opaque.Pix[i] = 255
	}
	var jb bytes.Buffer
	jpeg.Encode(&jb, opaque, &jpeg.Options{Quality: 95})
	os.WriteFile(dir+"/p3.jpg", jpegWithICC(jb.Bytes(), icc), 0o644)
	os.WriteFile(dir+"/p3-untagged.jpg", jb.Bytes(), 0o644)
}

var _ = writeICCFixtures

// An embedded Display P3 profile is converted to sRGB as Chromium does:
// Chromium's decode of the tagged JPEG differs from the untagged one by up
// to 115/255 on 64 % of the pixels; ours is within 4 (JPEG) and 3 (PNG,
// with translucent rows) of Chromium's.
func TestICCMatchesChromium(t *testing.T) {
	for _, tc := range []struct {
		file string
		max  int
	}{{"p3.jpg", 4}, {"p3.png", 3}} {
		psnr, maxDiff := compareToChromium(t, "testdata/"+tc.file, "testdata/"+tc.file+".chromium.png")
		t.Logf("%s: %.2f dB, max %d", tc.file, psnr, maxDiff)
		if maxDiff > tc.max {
			t.Errorf("%s vs Chromium: %.2f dB, max %d; want ≤ %d", tc.file, psnr, maxDiff, tc.max)
		}
	}
	// Without the profile the same pixels are far from Chromium's tagged
	// decode: the comparison above can fail.
	if _, maxDiff := compareToChromium(t, "testdata/p3-untagged.jpg", "testdata/p3.jpg.chromium.png"); maxDiff < 50 {
		t.Errorf("untagged decode within %d of the tagged one: the fixture does not exercise colour management", maxDiff)
	}
}

func TestICCProfiles(t *testing.T) {
	srgb := testProfile(srgbToXYZD50, 2.4, 1/1.055, 0.055/1.055, 1/12.92, 0.04045)
	p := parseICC(srgb)
	if p == nil {
		t.Fatal("sRGB profile not parsed")
	}
	if newColorTransform(p) != nil {
		t.Error("an sRGB profile must not transform")
	}
	if p := parseICC(p3Profile()); p == nil || newColorTransform(p) == nil {
		t.Error("Display P3 must transform")
	}
	// Truncated, mangled or non-RGB profiles are ignored.
	good := p3Profile()
	for i, bad := range [][]byte{good[:100], good[:len(good)-10], append(append([]byte{}, good[:16]...), append([]byte("GRAY"), good[20:]...)...), nil} {
		if parseICC(bad) != nil {
			t.Errorf("bad profile %d parsed", i)
		}
	}
	// Curves: gamma 2.2 as a single-entry curv, and a table.
	c, ok := parseCurve([]byte("curv\x00\x00\x00\x00\x00\x00\x00\x01\x023"))
	if !ok || c.eval(0.5) < 0.2 || c.eval(0.5) > 0.22 {
		t.Errorf("gamma curve: %v %v", ok, c.eval(0.5))
	}
	c, ok = parseCurve([]byte("curv\x00\x00\x00\x00\x00\x00\x00\x03\x00\x00@\x00\xff\xff"))
	if !ok || c.eval(0.25) < 0.124 || c.eval(0.25) > 0.126 {
		t.Errorf("table curve: %v %v", ok, c.eval(0.25))
	}
	// Multi-segment JPEG profiles are assembled in order.
	seg := func(n, of byte, data string) []byte {
		s := append([]byte("ICC_PROFILE\x00"), n, of)
		s = append(s, data...)
		out := []byte{0xff, 0xe2}
		out = binary.BigEndian.AppendUint16(out, uint16(len(s)+2))
		return append(out, s...)
	}
	j := append([]byte{0xff, 0xd8}, seg(2, 2, "DEF")...)
	j = append(j, seg(1, 2, "ABC")...)
	j = append(j, 0xff, 0xd9)
	if got := string(jpegICC(j)); got != "ABCDEF" {
		t.Errorf("jpegICC = %q", got)
	}
	if jpegICC(append(append([]byte{0xff, 0xd8}, seg(1, 2, "ABC")...), 0xff, 0xd9)) != nil {
		t.Error("incomplete multi-segment profile used")
	}
}

// pngChunk inserts a chunk after IHDR.
func pngChunk(p []byte, typ string, data []byte) []byte {
	body := append([]byte(typ), data...)
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, body...)
	c = binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(body))
	return append(append(append([]byte{}, p[:33]...), c...), p[33:]...)
}

// A gray ramp 0, 17, …, 255 with a gAMA chunk, drawn by Chromium (the
// oracle, getImageData of drawImage): the first row of each.
func TestPNGGammaMatchesChromium(t *testing.T) {
	m := image.NewGray(image.Rect(0, 0, 16, 1))
	for x := range 16 {
		m.Pix[x] = uint8(17 * x)
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	ramp := []uint8{0, 17, 34, 51, 68, 85, 102, 119, 136, 153, 170, 187, 204, 221, 238, 255}
	for _, tc := range []struct {
		gamma uint32
		want  []uint8
	}{
		{100000, []uint8{0, 73, 102, 124, 141, 156, 170, 182, 193, 203, 213, 222, 231, 239, 247, 255}},
		{50000, []uint8{0, 14, 36, 56, 75, 94, 111, 129, 145, 162, 178, 194, 209, 225, 240, 255}},
		{48000, []uint8{0, 12, 33, 53, 71, 90, 107, 125, 142, 159, 175, 192, 208, 224, 239, 255}},
		{43000, []uint8{0, 6, 24, 43, 61, 79, 97, 115, 132, 150, 168, 185, 203, 220, 238, 255}},
		{42000, []uint8{0, 5, 22, 40, 58, 76, 94, 112, 130, 148, 166, 184, 202, 219, 237, 255}},
		{47700, ramp}, {45455, ramp}, {44000, ramp}, {43400, ramp},
	} {
		data := pngChunk(b.Bytes(), "gAMA", binary.BigEndian.AppendUint32(nil, tc.gamma))
		pm, _, err := decode("g.png", data, testLimits)
		if err != nil {
			t.Fatal(err)
		}
		for x, w := range tc.want {
			if got := pm.Pix[4*x]; int(got)-int(w) > 1 || int(w)-int(got) > 1 { // one of 144 is off by one
				t.Errorf("gAMA %d: pixel %d is %d, Chromium %d", tc.gamma, x, got, w)
				break
			}
		}
		// An sRGB chunk overrides gAMA.
		srgb := pngChunk(data, "sRGB", []byte{0})
		pm, _, _ = decode("g.png", srgb, testLimits)
		if pm.Pix[4] != 17 {
			t.Errorf("gAMA %d with sRGB: %d", tc.gamma, pm.Pix[4])
		}
	}
}
