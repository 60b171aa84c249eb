package imagesrc

import (
	"container/list"
	"context"
	"errors"
	"sync"
	"time"

	"github.com/postercanvas/postercanvas/raster"
)

// result is one loaded source: pixels and info, or an error.
type result struct {
	pm   *raster.Pixmap
	info Info
	err  error
	ttl  time.Duration // how long to keep it; 0: forever (until evicted)
	// valid, if set, is asked on every hit whether the entry still holds
	// (files: same size and modification time).
	valid func() bool
}

func (r *result) cost() int64 {
	if r.pm == nil {
		return 1 << 10 // nominal cost of a remembered failure
	}
	return int64(len(r.pm.Pix)) + 256
}

type entry struct {
	key     string
	res     *result
	expires time.Time // zero: never
	elem    *list.Element
}

// call is a load in flight. Callers wait on done; the load runs in its own
// goroutine under a context that is cancelled only when every waiter has
// given up, so one caller's cancellation does not fail the others.
type call struct {
	done    chan struct{}
	res     *result
	waiters int
	cancel  context.CancelFunc
	// abandoned: every waiter left and the load was cancelled; a new get
	// starts a fresh load rather than joining this one.
	abandoned bool
}

// cache is an LRU bounded by decoded bytes, with per-key deduplication of
// concurrent loads (a singleflight that survives caller cancellation).
type cache struct {
	mu       sync.Mutex
	max      int64
	errTTL   time.Duration
	size     int64
	lru      *list.List // front = most recent
	entries  map[string]*entry
	inflight map[string]*call
	now      func() time.Time

	loads int64 // loads started (for tests and stats)
	hits  int64
}

func newCache(max int64, errTTL time.Duration) *cache {
	return &cache{
		max: max, errTTL: errTTL,
		lru: list.New(), entries: map[string]*entry{}, inflight: map[string]*call{},
		now: time.Now,
	}
}

// get returns the cached result for key, or loads it with load. Concurrent
// gets of one key share a single load.
func (c *cache) get(ctx context.Context, key string, load func(context.Context) *result) *result {
	if err := ctx.Err(); err != nil {
		return &result{err: err}
	}
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		if !e.expires.IsZero() && !c.now().Before(e.expires) {
			c.remove(e)
		} else if e.res.valid == nil {
			c.lru.MoveToFront(e.elem)
			c.hits++
			c.mu.Unlock()
			return e.res
		} else {
			// Revalidate (a stat) without holding the lock.
			c.mu.Unlock()
			ok := e.res.valid()
			c.mu.Lock()
			cur, present := c.entries[key]
			if ok {
				if present && cur == e {
					c.lru.MoveToFront(e.elem)
				}
				c.hits++
				c.mu.Unlock()
				return e.res
			}
			if present && cur == e {
				c.remove(e)
			}
		}
	}
	cl, ok := c.inflight[key]
	if !ok || cl.abandoned {
		lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		cl = &call{done: make(chan struct{}), cancel: cancel}
		c.inflight[key] = cl
		c.loads++
		go c.run(key, cl, lctx, load)
	}
	cl.waiters++
	c.mu.Unlock()

	select {
	case <-cl.done:
		return cl.res
	case <-ctx.Done():
		c.mu.Lock()
		cl.waiters--
		if cl.waiters == 0 {
			cl.abandoned = true
			cl.cancel()
		}
		c.mu.Unlock()
		return &result{err: ctx.Err()}
	}
}

func (c *cache) run(key string, cl *call, ctx context.Context, load func(context.Context) *result) {
	res := load(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	cancelled := ctx.Err() != nil
	cl.cancel()
	if c.inflight[key] == cl {
		delete(c.inflight, key)
	}
	cl.res = res
	close(cl.done)
	if !cl.abandoned {
		c.store(key, res, cancelled)
	}
}

// store keeps res unless it is a failure caused by cancellation (never
// cached) or does not fit.
func (c *cache) store(key string, res *result, cancelled bool) {
	ttl := res.ttl
	if res.err != nil {
		if cancelled || errors.Is(res.err, context.Canceled) || c.errTTL < 0 {
			return
		}
		ttl = c.errTTL
	}
	cost := res.cost()
	if c.max < 0 || cost > c.max {
		return
	}
	e := &entry{key: key, res: res}
	if ttl > 0 {
		e.expires = c.now().Add(ttl)
	}
	if old, ok := c.entries[key]; ok {
		c.remove(old)
	}
	e.elem = c.lru.PushFront(e)
	c.entries[key] = e
	c.size += cost
	for c.size > c.max {
		c.remove(c.lru.Back().Value.(*entry))
	}
}

func (c *cache) remove(e *entry) {
	c.lru.Remove(e.elem)
	delete(c.entries, e.key)
	c.size -= e.res.cost()
}

// Stats counts cache activity since the Loader was made.
type Stats struct {
	Loads   int64 // loads started (fetches, file reads, data: decodes)
	Hits    int64 // requests answered from the cache
	Entries int   // entries held now
	Bytes   int64 // decoded bytes held now
}

func (c *cache) stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Loads: c.loads, Hits: c.hits, Entries: len(c.entries), Bytes: c.size}
}
