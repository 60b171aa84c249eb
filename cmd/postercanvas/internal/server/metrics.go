package server

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the service's Prometheus series, all named postercanvas_*,
// on a registry of their own (with the Go and process collectors) so that
// several servers can live in one test binary.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // by handler and status code
	duration  *prometheus.HistogramVec // POST /render wall time, by status class
	phase     *prometheus.HistogramVec // fetch, decode, script, raster, encode, queue
	inflight  prometheus.Gauge         // renders holding a worker
	queued    prometheus.Gauge         // requests waiting for a worker
	rejected  *prometheus.CounterVec   // 429s and refusals, by reason
	errors    *prometheus.CounterVec   // error answers, by error code
	outBytes  prometheus.Histogram
	warnings  prometheus.Counter
	panics    prometheus.Counter
	ready     prometheus.Gauge
	workers   prometheus.Gauge
	queueSize prometheus.Gauge
}

func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	lat := []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "postercanvas_http_requests_total", Help: "HTTP requests answered, by handler and status code.",
		}, []string{"handler", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "postercanvas_render_duration_seconds", Help: "POST /render wall time from arrival to the last byte written, by status class.", Buckets: lat,
		}, []string{"status"}),
		phase: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "postercanvas_render_phase_seconds", Help: "Time per render phase: queue, fetch, decode, script, raster, encode.", Buckets: lat,
		}, []string{"phase"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "postercanvas_renders_in_flight", Help: "Renders holding a worker.",
		}),
		queued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "postercanvas_renders_queued", Help: "Requests waiting for a worker.",
		}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "postercanvas_renders_rejected_total", Help: "Requests refused before rendering, by reason (queue_full).",
		}, []string{"reason"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "postercanvas_render_errors_total", Help: "Error answers of POST /render, by error code.",
		}, []string{"code"}),
		outBytes: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "postercanvas_output_bytes", Help: "Size of the encoded images.", Buckets: prometheus.ExponentialBuckets(4096, 4, 8),
		}),
		warnings: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "postercanvas_render_warnings_total", Help: "Warnings of successful renders (ignored commands, missing glyphs, …).",
		}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "postercanvas_render_panics_total", Help: "Renders that panicked (answered 500).",
		}),
		ready: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "postercanvas_ready", Help: "1 when /readyz answers 200.",
		}),
		workers: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "postercanvas_workers", Help: "Configured render workers.",
		}),
		queueSize: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "postercanvas_queue_capacity", Help: "Configured queue length.",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.phase, m.inflight, m.queued, m.rejected, m.errors,
		m.outBytes, m.warnings, m.panics, m.ready, m.workers, m.queueSize)
	return m
}
