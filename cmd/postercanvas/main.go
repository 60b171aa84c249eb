// Command postercanvas renders WeChat mini-program canvas drawings — scene
// files, recorded actions and the mini program's own drawing scripts
// (NAME.js) — to PNG or JPEG, and times them.
//
//	postercanvas render [--scale N] [--format png|jpg] [--quality Q] [--legacy-colors]
//	                    [--every-draw] [--size WxH] [--data FILE.json] [--timeout D]
//	                    [-o OUT | --out-dir DIR] SCENE|SCRIPT.js|TEMPLATE...
//	postercanvas bench  [--frames N] [--scale N] [--json] SCENE...
//	postercanvas serve  [--listen ADDR] [--admin-listen ADDR] [flags]  (postercanvas serve -h)
//	postercanvas compile [--data D.json] [--scale N] [-o OUT] TEMPLATE
//	postercanvas batch --template T.json --data D.jsonl --out-dir DIR [--workers N]
//	                   [--shard i/n] [--format png|jpg] [--name PATH] [--force]
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  postercanvas render [--scale N] [--format png|jpg] [--quality Q] [--legacy-colors]
                      [--every-draw] [--size WxH] [--data FILE.json] [--timeout D]
                      [-o OUT | --out-dir DIR] SCENE|SCRIPT.js|TEMPLATE...
  postercanvas bench  [--frames N] [--scale N] [--json] SCENE...
  postercanvas serve  [--listen ADDR] [--admin-listen ADDR] [flags]   (see serve -h)
  postercanvas compile [--data D.json] [--scale N] [-o OUT.json] TEMPLATE
  postercanvas batch  --template T.json --data D.jsonl --out-dir DIR [--workers N] [--shard i/n]
                      [--format png|jpg] [--quality Q] [--scale N] [--name PATH] [--force]

The most used flags are shown; "postercanvas COMMAND -h" lists every flag
(limits, image-source policy, profiling, …) with its default.
`

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "render":
		return cmdRender(args[1:], stdout, stderr)
	case "bench":
		return cmdBench(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "compile":
		return cmdCompile(args[1:], stdout, stderr)
	case "batch":
		return cmdBatch(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "postercanvas: unknown command %q\n%s", args[0], usage)
	return 2
}
