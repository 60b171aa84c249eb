package canvas

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A cancelled context stops Draw before the next command, naming it; the
// commands before it are drawn.
func TestDrawStopsWhenContextDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c, err := New(10, 10, WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	c.SetFillStyle("#ff0000") // call 0
	c.FillRect(0, 0, 5, 5)    // call 1
	if err := c.Draw(false); err != nil {
		t.Fatalf("Draw before cancel: %v", err)
	}
	if p := c.Image().Pix; p[0] != 255 || p[3] != 255 {
		t.Fatalf("first batch not drawn: % x", p[:4])
	}
	cancel()
	c.SetFillStyle("#00ff00") // call 2 (draw is not a recorded call)
	c.FillRect(0, 0, 5, 5)
	err = c.Draw(true)
	var ce *CommandError
	if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Draw after cancel = %v, want a CommandError wrapping context.Canceled", err)
	}
	if ce.Method != "setFillStyle" {
		t.Errorf("stopped at %s #%d, want the batch's first command setFillStyle", ce.Method, ce.Index)
	}
	if p := c.Image().Pix; p[0] != 255 || p[1] != 0 {
		t.Errorf("canvas changed after cancel: % x", p[:4])
	}
}

// A cancel that comes mid-batch stops it long before the commands could
// all run: the check is per command, not per batch.
func TestDrawCancelStopsMidBatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := New(2000, 2000, WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	c.SetGlobalAlpha(0.5)
	const n = 20000 // half-transparent 4-Mpx fills: minutes of work
	for i := 0; i < n; i++ {
		c.SetFillStyle(fmt.Sprintf("#%02x0000", i%256))
		c.FillRect(0, 0, 2000, 2000)
	}
	start := time.Now()
	time.AfterFunc(50*time.Millisecond, cancel)
	err = c.Draw(false)
	el := time.Since(start)
	var ce *CommandError
	if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Draw = %v, want a CommandError wrapping context.Canceled", err)
	}
	if ce.Index <= 1 || ce.Index > 2*n {
		t.Errorf("stopped at command %d, want one inside the batch", ce.Index)
	}
	// One fill after the cancel; generous for a shared machine, far under
	// the full batch.
	if el > 5*time.Second {
		t.Errorf("Draw took %v after a cancel at 50 ms", el)
	}
}

// A context already done fails Render before it parses anything.
func TestRenderContextAlreadyDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Render([]byte(`{"width":1,"height":1,"commands":[]}`), RenderOptions{Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Render = %v, want context.Canceled", err)
	}
}

// Limit errors match ErrLimit and keep their messages; other errors do not.
func TestLimitErrorsMatchErrLimit(t *testing.T) {
	_, err := New(5000, 5000)
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "area limit") {
		t.Errorf("area: %v", err)
	}
	_, err = New(20000, 10)
	if !errors.Is(err, ErrLimit) {
		t.Errorf("side: %v", err)
	}
	if _, err = New(-1, 10); errors.Is(err, ErrLimit) {
		t.Errorf("bad size matched ErrLimit: %v", err)
	}
	l := DefaultLimits
	l.MaxCommands = 3
	c, _ := New(10, 10, WithLimits(l))
	for i := 0; i < 5; i++ {
		c.FillRect(0, 0, 1, 1)
	}
	err = c.Draw(false)
	var ce *CommandError
	if !errors.As(err, &ce) || !errors.Is(err, ErrLimit) || ce.Index != 3 {
		t.Errorf("commands: %v, want a CommandError at #3 matching ErrLimit", err)
	}
	l = DefaultLimits
	l.MaxSaveDepth = 2
	c, _ = New(10, 10, WithLimits(l))
	for i := 0; i < 3; i++ {
		c.Save()
	}
	if err = c.Draw(false); !errors.Is(err, ErrLimit) {
		t.Errorf("save depth: %v", err)
	}
}
