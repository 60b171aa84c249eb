// Command load is a bounded load test of `postercanvas serve`: it builds
// (or takes) the binary, starts it on a free local port, and reports
// posters/s and p50/p99 latency at each concurrency level, then the
// server's RSS before and after a soak of N renders.
//
//	go run ./bench/load                       # from the module root
//	go run ./bench/load --requests 200 --levels 1,2,8,64 --soak 10000
//
// Every level is bounded by --requests and --max-time; the soak by --soak
// and --soak-max-time. RSS is read from /proc (Linux).
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/postercanvas/postercanvas/canvas"
)

func main() {
	bin := flag.String("bin", "", "postercanvas binary (default: go build ./cmd/postercanvas into a temp dir)")
	scene := flag.String("scene", "examples/poster.json", "scene to render")
	query := flag.String("query", "", "query string of every render, e.g. scale=2")
	levels := flag.String("levels", "1,2,8,64", "concurrency levels")
	requests := flag.Int("requests", 200, "requests per level")
	maxTime := flag.Duration("max-time", 60*time.Second, "time cap per level")
	soak := flag.Int("soak", 10000, "renders between the two RSS readings (0: no soak)")
	soakConc := flag.Int("soak-concurrency", 8, "concurrency of the soak")
	soakQuery := flag.String("soak-query", "format=jpg", "query string of the soak renders (JPEG keeps 10,000 renders in minutes: PNG encoding dominates a poster)")
	soakMax := flag.Duration("soak-max-time", 20*time.Minute, "time cap of the soak")
	overhead := flag.Int("overhead", 50, "pairs of (one request, one in-process render+PNG encode), interleaved, to measure the service's overhead (0: skip; needs an empty --query)")
	serverArgs := flag.String("server-args", "--queue 128 --request-timeout 60s --write-timeout 90s", "extra serve flags")
	flag.Parse()
	if err := run(*bin, *scene, *query, *levels, *requests, *maxTime, *overhead, *soak, *soakConc, *soakQuery, *soakMax, *serverArgs); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(bin, scene, query, levels string, requests int, maxTime time.Duration, overhead, soak, soakConc int, soakQuery string, soakMax time.Duration, serverArgs string) error {
	body, err := os.ReadFile(scene)
	if err != nil {
		return err
	}
	if bin == "" {
		dir, err := os.MkdirTemp("", "pcload")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin = filepath.Join(dir, "postercanvas")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/postercanvas")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	args := append([]string{"serve", "--listen", addr, "--admin-listen", "", "--log-level", "warn"}, strings.Fields(serverArgs)...)
	srv := exec.Command(bin, args...)
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}()
	base := "http://" + addr
	if err := waitReady(base, 10*time.Second); err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	url := base + "/render"
	if query != "" {
		url += "?" + query
	}
	rssStart, _ := rss(srv.Process.Pid)
	fmt.Printf("server: %s, GOMAXPROCS of this machine %d, scene %s (%d bytes), query %q\n", bin, runtime.GOMAXPROCS(0), scene, len(body), query)
	fmt.Printf("RSS after start: %.1f MiB\n\n", mib(rssStart))
	// Warm-up: caches, heap, connections.
	if r := drive(client, url, body, 4, 20, maxTime); r.ok == 0 {
		return fmt.Errorf("warm-up: no render succeeded (%v)", r.firstErr)
	}

	if overhead > 0 && query == "" {
		var viaHTTP, direct []time.Duration
		for i := 0; i < overhead; i++ {
			t0 := time.Now()
			if err := once(context.Background(), client, url, body); err != nil {
				return err
			}
			viaHTTP = append(viaHTTP, time.Since(t0))
			t0 = time.Now()
			res, err := canvas.Render(body, canvas.RenderOptions{})
			if err != nil {
				return err
			}
			if err := canvas.EncodePNG(io.Discard, res.Context.Image()); err != nil {
				return err
			}
			direct = append(direct, time.Since(t0))
		}
		slices.Sort(viaHTTP)
		slices.Sort(direct)
		h, d := viaHTTP[len(viaHTTP)/2], direct[len(direct)/2]
		fmt.Printf("overhead, %d interleaved pairs: POST /render p50 %.1f ms, in-process render+PNG p50 %.1f ms, ratio %.2f\n\n",
			overhead, float64(h)/1e6, float64(d)/1e6, float64(h)/float64(d))
	}
	fmt.Println("| concurrency | requests | ok | errors | posters/s | p50 ms | p99 ms | max ms |")
	fmt.Println("|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, l := range strings.Split(levels, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(l))
		if err != nil || c < 1 {
			return fmt.Errorf("level %q", l)
		}
		n := max(requests, c)
		r := drive(client, url, body, c, n, maxTime)
		fmt.Printf("| %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f |\n", c, r.sent, r.ok, r.sent-r.ok,
			float64(r.ok)/r.wall.Seconds(), r.pct(50), r.pct(99), r.pct(100))
		if r.firstErr != nil {
			fmt.Printf("  first error: %v\n", r.firstErr)
		}
	}
	if soak <= 0 {
		return nil
	}
	surl := base + "/render"
	if soakQuery != "" {
		surl += "?" + soakQuery
	}
	drive(client, surl, body, soakConc, 50, soakMax) // warm the soak's own path (JPEG)
	before, err := rss(srv.Process.Pid)
	if err != nil {
		return err
	}
	r := drive(client, surl, body, soakConc, soak, soakMax)
	after, _ := rss(srv.Process.Pid)
	fmt.Printf("\nsoak: %d renders (%d ok) at concurrency %d, query %q, in %.1f s (%.1f posters/s)\n",
		r.sent, r.ok, soakConc, soakQuery, r.wall.Seconds(), float64(r.ok)/r.wall.Seconds())
	fmt.Printf("RSS before %.1f MiB, after %.1f MiB: %+.1f %%\n", mib(before), mib(after), 100*(float64(after)/float64(before)-1))
	if r.firstErr != nil {
		fmt.Printf("first error: %v\n", r.firstErr)
	}
	return nil
}

type result struct {
	sent, ok int
	wall     time.Duration
	lat      []time.Duration
	firstErr error
}

func (r *result) pct(p float64) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(float64(len(r.lat)-1) * p / 100)
	return float64(r.lat[i]) / 1e6
}

// drive sends n requests with c workers, stopping early at maxTime.
func drive(client *http.Client, url string, body []byte, c, n int, maxTime time.Duration) result {
	ctx, cancel := context.WithTimeout(context.Background(), maxTime)
	defer cancel()
	var next atomic.Int64
	var mu sync.Mutex
	var r result
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(n) && ctx.Err() == nil {
				t0 := time.Now()
				err := once(ctx, client, url, body)
				d := time.Since(t0)
				if err != nil && ctx.Err() != nil {
					return // cut by the level's time cap: not a server error
				}
				mu.Lock()
				r.sent++
				if err == nil {
					r.ok++
					r.lat = append(r.lat, d)
				} else if r.firstErr == nil {
					r.firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.wall = time.Since(start)
	slices.Sort(r.lat)
	return r
}

func once(ctx context.Context, client *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != 200 {
		return fmt.Errorf("status %d: %.200s", res.StatusCode, b)
	}
	return nil
}

func waitReady(base string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("server not ready")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// rss reads a process's resident set size in bytes from /proc.
func rss(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS")
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }
