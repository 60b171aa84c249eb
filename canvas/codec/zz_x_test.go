package codec

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

func TestXOne(t *testing.T) {
	f := os.Getenv("PC_XF")
	if f == "" {
		t.Skip()
	}
	p := loadPremul(t, f)
	if os.Getenv("PC_XNONE") != "" {
		return
	}
	var b bytes.Buffer
	EncodePNG(&b, p, &PNGOptions{Workers: 1})
	fmt.Println("bytes", b.Len())
}
