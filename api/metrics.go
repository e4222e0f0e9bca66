package api

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/duban/duban/ingest"
)

// DiskUsage says how many bytes the index takes on disk.
type DiskUsage interface {
	DiskBytes() (int64, error)
}

// ops is the server's own state for running it: its metrics and the one
// backup at a time. Handler makes it.
type ops struct {
	metrics  *metrics
	backupMu sync.Mutex
	// backupStall, when set, is how long one write of an archive to a
	// client may take (backupStall by default)
	backupStall time.Duration
}

// Keys of what a handler tells the metrics through the gin context.
const (
	ctxErrorCode  = "duban.error_code"  // set by fail
	ctxIngestKind = "duban.ingest_kind" // notice or progress, set by upload
)

// metrics are the server's Prometheus metrics, in a registry of its own
// (never the client library's global one), served at /metrics.
type metrics struct {
	reg *prometheus.Registry

	requests       *prometheus.CounterVec
	requestSeconds *prometheus.HistogramVec
	searchSeconds  prometheus.Histogram
	ingests        *prometheus.CounterVec
	ingestSeconds  *prometheus.HistogramVec
	backups        *prometheus.CounterVec
	backupSeconds  prometheus.Histogram
	lastBackupTime prometheus.Gauge
	lastBackupSize prometheus.Gauge
}

// newMetrics registers the server's metrics. The gauges of what the store
// holds are read at each scrape.
func newMetrics(s *Server) *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "duban_http_requests_total",
			Help: "HTTP requests answered, by route (gin's route pattern; unmatched for any other path), method and status.",
		}, []string{"route", "method", "status"}),
		requestSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "duban_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route and method.",
			Buckets: []float64{.001, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"route", "method"}),
		searchSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "duban_search_duration_seconds",
			Help:    "Time to answer a search (GET /api/search) that succeeded.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		ingests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "duban_ingests_total",
			Help: "Uploads parsed, by kind (notice, progress; unknown when refused before it was known), dry_run, and result (ok or the error code).",
		}, []string{"kind", "dry_run", "result"}),
		ingestSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "duban_ingest_duration_seconds",
			Help:    "Time to read, parse and keep (or preview) an upload once admitted by the upload gate, by kind.",
			Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120},
		}, []string{"kind"}),
		backups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "duban_backups_total",
			Help: "Backups of the data dir, by trigger (api, schedule) and result (ok, failed).",
		}, []string{"trigger", "result"}),
		backupSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "duban_backup_duration_seconds",
			Help:    "Time to make a backup that succeeded.",
			Buckets: []float64{.1, .5, 1, 5, 10, 30, 60, 300, 900},
		}),
		lastBackupTime: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "duban_last_backup_timestamp_seconds",
			Help: "When the last backup that succeeded was made (Unix time; 0: none known).",
		}),
		lastBackupSize: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "duban_last_backup_bytes",
			Help: "Size of the last backup that succeeded, compressed.",
		}),
	}
	reg.MustRegister(m.requests, m.requestSeconds, m.searchSeconds, m.ingests, m.ingestSeconds,
		m.backups, m.backupSeconds, m.lastBackupTime, m.lastBackupSize)
	for _, trigger := range []string{BackupByAPI, BackupBySchedule} {
		for _, result := range []string{"ok", "failed"} {
			m.backups.WithLabelValues(trigger, result) // 0 from the first scrape, so rate() and alerts see it
		}
	}
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "duban_documents",
			Help: "Documents (notices) the index serves.",
		}, func() float64 { return float64(len(s.Store.Documents())) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "duban_tasks",
			Help: "Tasks the index serves.",
		}, func() float64 {
			n := 0
			for _, d := range s.Store.Documents() {
				n += d.TaskCount
			}
			return float64(n)
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "duban_parse_running",
			Help: "Uploads being parsed and indexed now (the upload gate).",
		}, func() float64 { return float64(len(s.gate.running)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "duban_parse_waiting",
			Help: "Uploads waiting for their turn at the upload gate.",
		}, func() float64 { return float64(max(len(s.gate.tickets)-len(s.gate.running), 0)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "duban_parse_capacity",
			Help: "Uploads the gate lets run at once plus those it lets wait; beyond that uploads get 503.",
		}, func() float64 { return float64(cap(s.gate.tickets)) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name:        "duban_build_info",
			Help:        "The running duban: always 1, its version, commit and build date as labels.",
			ConstLabels: prometheus.Labels{"version": s.Build.Version, "commit": s.Build.Commit, "date": s.Build.Date, "goversion": s.Build.Go},
		}, func() float64 { return 1 }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	startup := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "duban_startup_duration_seconds",
		Help: "Time duban serve took to start: listening, the index opened and verified, the seed ingested when empty.",
	})
	startup.Set(s.StartUp.Seconds())
	reg.MustRegister(startup)
	if s.Disk != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "duban_index_bytes",
			Help: "Bytes the index takes on disk.",
		}, func() float64 {
			n, err := s.Disk.DiskBytes()
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	return m
}

func (m *metrics) backupDone(trigger string, bytes int64, took time.Duration, err error) {
	if err != nil {
		m.backups.WithLabelValues(trigger, "failed").Inc()
		return
	}
	m.backups.WithLabelValues(trigger, "ok").Inc()
	m.backupSeconds.Observe(took.Seconds())
	m.noteLastBackup(time.Now(), bytes)
}

func (m *metrics) noteLastBackup(when time.Time, bytes int64) {
	m.lastBackupTime.Set(float64(when.Unix()))
	m.lastBackupSize.Set(float64(bytes))
}

// methods are the methods counted by name; any other is OTHER, so a client
// cannot grow the metrics without bound.
var methods = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodDelete: true, http.MethodPatch: true, http.MethodOptions: true}

// measure counts every request by its route pattern (never the raw path,
// which would be one series per task id), method and status.
func (s *Server) measure(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	method := c.Request.Method
	if !methods[method] {
		method = "OTHER"
	}
	m := s.ops.metrics
	m.requests.WithLabelValues(route, method, strconv.Itoa(c.Writer.Status())).Inc()
	m.requestSeconds.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
}

// measureSearch times the searches that succeed.
func (s *Server) measureSearch(c *gin.Context) {
	start := time.Now()
	c.Next()
	if c.Writer.Status() == http.StatusOK {
		s.ops.metrics.searchSeconds.Observe(time.Since(start).Seconds())
	}
}

// measureIngest counts an upload admitted by the gate: its kind (which
// upload sets once it has read the file), whether a dry run, and its
// result, and times it.
func (s *Server) measureIngest(c *gin.Context) {
	start := time.Now()
	c.Next()
	kind := c.GetString(ctxIngestKind)
	if kind == "" {
		kind = "unknown"
	}
	dry, _ := strconv.ParseBool(c.Query("dry_run"))
	result := "ok"
	if code := c.GetString(ctxErrorCode); code != "" {
		result = code
	} else if c.Writer.Status() >= 400 {
		result = ingest.EINTERNAL
	}
	m := s.ops.metrics
	m.ingests.WithLabelValues(kind, strconv.FormatBool(dry), result).Inc()
	m.ingestSeconds.WithLabelValues(kind).Observe(time.Since(start).Seconds())
}

// metricsHandler serves /metrics in the Prometheus text format: to
// loopback clients only (a scraper on this machine, or a reverse proxy
// here that decides who may see it), unless MetricsPublic opens it.
func (s *Server) metricsHandler() gin.HandlerFunc {
	h := promhttp.HandlerFor(s.ops.metrics.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
	return func(c *gin.Context) {
		// a request a reverse proxy on this machine forwarded comes from
		// loopback for everyone who reaches the proxy: refused, as
		// /api/backup refuses it
		if !s.MetricsPublic && (!loopbackClient(c.Request.RemoteAddr) || forwarded(c.Request)) {
			s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "监控指标只对本机开放,经代理转发的请求也不行(需要对外开放请用 --metrics-public)"))
			return
		}
		h.ServeHTTP(c.Writer, c.Request)
	}
}

// loopbackClient reports whether a request's remote address is a loopback
// address.
func loopbackClient(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
