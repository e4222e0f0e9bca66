// Package api serves the index over HTTP with gin: the JSON API of DESIGN.md
// and the embedded Chinese web page. It parses no notices itself: uploads are
// parsed in a contained child process (Server.Parser, package ingest/worker)
// and kept by the Library.
package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/buildinfo"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
	"github.com/duban/duban/library"
)

// DefaultMaxUploadBytes caps an upload's request body.
const DefaultMaxUploadBytes = 32 << 20

// Defaults of the upload gate: how many uploads are parsed and indexed at
// once, and how many more may wait for their turn before the server answers
// 503 with Retry-After. A parse of the largest notice the limits allow takes
// a few hundred megabytes, so two at once keep a small server well inside
// its memory.
const (
	DefaultMaxParses = 2
	DefaultMaxQueued = 8
	// retryAfterSeconds is what a client that found the gate full is told
	// to wait.
	retryAfterSeconds = 5
)

// MinTokenLength is the shortest DUBAN_TOKEN accepted (CheckToken).
const MinTokenLength = 16

// Store is what the API needs from the index.
type Store interface {
	Search(ctx context.Context, req index.Request) (*index.Result, error)
	Task(ctx context.Context, id string) (*ingest.Task, error)
	Leaders(ctx context.Context) ([]index.NameCount, error)
	Units(ctx context.Context) ([]index.UnitGroup, error)
	Documents() []index.DocumentInfo
	Document(id string) (index.DocumentInfo, error)
	Replace(doc *ingest.Document) (index.Outcome, error)
	Delete(id string) error
	Compare(ctx context.Context, from, to string) (*index.Comparison, error)
	Stats(ctx context.Context, req index.Request) (*index.Stats, error)
	ScanAll(ctx context.Context, req index.Request, begin func(index.ScanInfo) error, fn func(ingest.Task) error) error
	// For the office's vocabulary and the suggestions (vocabulary.go).
	UnitsAs(ctx context.Context, v index.Vocabulary) ([]index.UnitGroup, error)
	LeadersAs(ctx context.Context, v index.Vocabulary) ([]index.LeaderCount, error)
	Terms(ctx context.Context, minTasks, max int) ([]index.NameCount, error)
}

// Library is what the API needs from the library of versions: imports
// with a preview, versions, restore, the trash and the kept originals.
type Library interface {
	// ReadingOptions are the office's reading rules ([栏目]) an upload is
	// parsed with (by Server.Parser).
	ReadingOptions() ingest.Options
	Import(ctx context.Context, doc *ingest.Document, data []byte, opts library.ImportOptions) (*library.Preview, error)
	Versions(id string) (*library.History, error)
	Restore(id string, version, expect int, who string) (*library.Version, error)
	Delete(id, who string) error
	Trash() ([]library.Version, []string, error)
	EmptyTrash(id string) ([]string, error)
	Original(sum string) (io.ReadCloser, int64, error)
}

// Server holds the API's dependencies; its Handler serves them.
type Server struct {
	Store Store
	// Library keeps every document's versions; uploads, deletes and
	// restores go through it. Without one the server takes no writes.
	Library Library
	// Progress takes progress reports in and keeps them; without one an
	// upload of a progress report is refused.
	Progress Progress
	Logger   *slog.Logger
	// Parser parses uploads, each in a child process under memory, CPU
	// and time limits, killed when its client goes away (package
	// ingest/worker). nil parses in this process, uncontained: for tests
	// and embedding only; duban serve always sets one.
	Parser *worker.Parser
	// Token, when set, is required as "Authorization: Bearer TOKEN" on
	// every write.
	Token string
	// WritesAllowed says whether POST and DELETE are served at all. The
	// command sets it: with a token, or without one on a loopback address.
	WritesAllowed bool
	// MaxUploadBytes caps an upload's body; 0 means DefaultMaxUploadBytes.
	MaxUploadBytes int64
	// Hosts are the host names and addresses (without port) the server
	// answers to, so a page on another site that rebinds its own name to
	// this server's address (DNS rebinding) is refused. The command sets
	// them from the listen address; empty means any Host (tests, embedding).
	Hosts []string
	// MaxParses and MaxQueued size the upload gate: uploads parsed and
	// indexed at once, and uploads waiting for their turn. 0 means the
	// defaults; a negative MaxQueued lets none wait.
	MaxParses, MaxQueued int
	// Now is the clock exports are dated by; nil means time.Now.
	Now func() time.Time
	// Vocabulary is the office's vocabulary (package vocab): with one,
	// searches, facets, units, stats and comparisons go by identity and
	// synonyms, and GET/PUT /api/vocabulary serve it. Without, the index is
	// read as it is.
	Vocabulary VocabularyStore
	// Build is the running duban, reported by /healthz and /metrics.
	Build buildinfo.Info
	// Backups makes the archives of GET /api/backup; without it that is
	// refused.
	Backups Backups
	// Disk says how large the index is on disk, for /metrics.
	Disk DiskUsage
	// StartUp is how long the program took to start, for /metrics.
	StartUp time.Duration
	// MetricsPublic serves /metrics to every client; otherwise only to
	// loopback ones.
	MetricsPublic bool

	gate    *gate    // set by Handler
	derived *derived // set by Handler: what is built from the index (vocabulary.go)
	ops     *ops     // set by Handler: metrics and backups (metrics.go, backup.go)
}

// statusOf maps application error codes to HTTP statuses: the one table.
var statusOf = map[string]int{
	ingest.EINVALID:   http.StatusBadRequest,
	ingest.ENOTFOUND:  http.StatusNotFound,
	ingest.ECONFLICT:  http.StatusConflict,
	ingest.ETOOLARGE:  http.StatusRequestEntityTooLarge,
	ingest.EAUTH:      http.StatusUnauthorized,
	ingest.EFORBIDDEN: http.StatusForbidden,
	ingest.EBUSY:      http.StatusServiceUnavailable,
	ingest.ECORRUPT:   http.StatusServiceUnavailable,
	ingest.EINTERNAL:  http.StatusInternalServerError,

	// a file whose parse crashed or ran out of its limits (ingest/worker)
	ingest.ETOOCOMPLEX: http.StatusUnprocessableEntity,
}

// ErrorBody is the JSON of every error answer.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		// Details help the caller act on the error: the documents an
		// upload looks like, when it must say which it replaces.
		Details any `json:"details,omitempty"`
	} `json:"error"`
}

// detailer is an error that carries details for its answer.
type detailer interface{ Details() any }

// fail answers err as JSON with its status; only internal errors are logged.
func (s *Server) fail(c *gin.Context, err error) {
	code := ingest.ErrorCode(err)
	c.Set(ctxErrorCode, code)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	switch code {
	case ingest.EINTERNAL, ingest.ECORRUPT:
		s.logger().Error("internal error", slog.String("path", c.Request.URL.Path), slog.Any("err", err))
	case ingest.EBUSY:
		c.Header("Retry-After", strconv.Itoa(retryAfterSeconds))
	}
	var body ErrorBody
	body.Error.Code, body.Error.Message = code, ingest.ErrorMessage(err)
	var d detailer
	if errors.As(err, &d) {
		body.Error.Details = d.Details()
	}
	c.AbortWithStatusJSON(status, body)
}

func (s *Server) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// Handler returns the HTTP handler of the API and the page.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	s.gate = newGate(s.MaxParses, s.MaxQueued)
	if s.derived == nil {
		s.derived = &derived{}
	}
	if _, wrapped := s.Store.(*vocabStore); !wrapped && s.Vocabulary != nil {
		s.Store = &vocabStore{Store: s.Store, srv: s}
	}
	if s.Build.Version == "" {
		s.Build = buildinfo.Resolve("", "", "")
	}
	if s.ops == nil {
		s.ops = &ops{metrics: newMetrics(s)}
	}
	r := gin.New()
	r.Use(s.logRequests, s.measure, s.recoverJSON, securityHeaders, s.checkHost, s.noteWrites)
	r.HandleMethodNotAllowed = true

	r.GET("/healthz", s.healthz)
	r.GET("/metrics", s.metricsHandler())
	api := r.Group("/api")
	api.GET("/openapi.json", s.openAPI)
	api.GET("/backup", s.sameOrigin, s.authorize, s.backup)
	api.GET("/search", s.measureSearch, s.search)
	api.GET("/tasks/:id", s.task)
	api.PATCH("/tasks/:id", s.sameOrigin, s.authorize, s.editTask)
	api.DELETE("/tasks/:id", s.sameOrigin, s.authorize, s.deleteTask)
	api.POST("/tasks/:id/split", s.sameOrigin, s.authorize, s.splitTask)
	api.POST("/tasks/:id/merge", s.sameOrigin, s.authorize, s.mergeTask)
	api.POST("/documents/:id/tasks", s.sameOrigin, s.authorize, s.addTask)
	api.GET("/leaders", s.leaders)
	api.GET("/units", s.units)
	api.GET("/documents", s.documents)
	api.GET("/documents/:id", s.document)
	api.GET("/config", s.config)
	api.GET("/compare", s.compare)
	api.GET("/compare/export", s.compareExport)
	api.GET("/stats", s.stats)
	api.GET("/export", s.export)
	api.POST("/documents", s.sameOrigin, s.authorize, s.admitUpload, s.measureIngest, s.upload)
	api.DELETE("/documents/:id", s.sameOrigin, s.authorize, s.deleteDocument)
	api.GET("/documents/:id/versions", s.versions)
	api.GET("/documents/:id/original", s.original)
	api.POST("/documents/:id/restore", s.sameOrigin, s.authorize, s.restore)
	api.GET("/trash", s.trash)
	api.GET("/progress", s.progressReports)
	api.GET("/progress/stats", s.progressStats)
	api.GET("/progress/:id", s.progressReport)
	api.DELETE("/progress/:id", s.sameOrigin, s.authorize, s.removeProgress)
	api.GET("/tasks/:id/progress", s.taskProgress)
	api.POST("/tasks/:id/progress", s.sameOrigin, s.authorize, s.recordProgress)
	api.GET("/chases", s.chases)
	api.POST("/chases", s.sameOrigin, s.authorize, s.recordChase)
	api.GET("/chase", s.chase)
	api.DELETE("/trash", s.sameOrigin, s.authorize, s.emptyTrash)
	api.GET("/suggest", s.suggest)
	api.GET("/vocabulary", s.getVocabulary)
	api.PUT("/vocabulary", s.sameOrigin, s.authorize, s.putVocabulary)

	s.mountPage(r)
	r.NoRoute(func(c *gin.Context) {
		p := c.Request.URL.Path
		switch {
		case strings.HasPrefix(p, "/api/"):
			s.fail(c, ingest.Errorf(ingest.ENOTFOUND, "没有这个接口:%s", p))
		case strings.Contains(path.Base(p), "."):
			// a file the page does not have (favicon.ico, robots.txt)
			s.fail(c, ingest.Errorf(ingest.ENOTFOUND, "没有这个文件:%s", p))
		default:
			// the page's own routes (/task/…, /leader/…): it reads the URL
			s.page(c)
		}
	})
	r.NoMethod(func(c *gin.Context) {
		var body ErrorBody
		body.Error.Code, body.Error.Message = "method_not_allowed", "不支持的请求方法:"+c.Request.Method
		c.AbortWithStatusJSON(http.StatusMethodNotAllowed, body)
	})
	return r
}

// logRequests logs one line per request: never bodies, never headers.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.logger().Info("request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", c.Writer.Status()),
		slog.Duration("took", time.Since(start)),
	)
}

func (s *Server) recoverJSON(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.fail(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

// securityHeaders are sent with every answer, JSON and exports included:
// nothing is sniffed into another type, framed, or given a referrer, and a
// response that is not the page may load nothing (the page sets its own
// policy).
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
	c.Next()
}

// checkHost refuses a request whose Host is not one the server answers to
// (Server.Hosts): a page that rebinds its own name to this server's address
// sends its own name as the Host.
func (s *Server) checkHost(c *gin.Context) {
	if len(s.Hosts) == 0 || c.Request.Host == "" {
		return
	}
	if !hostAllowed(c.Request.Host, s.Hosts) {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "本服务器不接受主机名 %q 的请求", hostName(c.Request.Host)))
	}
}

// hostName is a Host header's name or address without its port or IPv6
// brackets, lower case.
func hostName(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.ToLower(strings.Trim(h, "[]"))
}

func hostAllowed(hostport string, hosts []string) bool {
	h := hostName(hostport)
	for _, a := range hosts {
		if strings.EqualFold(h, strings.Trim(a, "[]")) {
			return true
		}
	}
	return false
}

// LoopbackHosts are the names a server bound to a loopback address answers
// to.
var LoopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// sameOrigin refuses a write a browser sends from a page of another origin
// (a form or a no-cors fetch needs no permission to send it): when the
// browser says where the request comes from (Sec-Fetch-Site, Origin), it
// must be this server's own page; without either, a Referer, when there is
// one, must be too. Clients that are not browsers (curl, the command) send
// none of them and are let through to the token check.
func (s *Server) sameOrigin(c *gin.Context) {
	r := c.Request
	refuse := func() {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "拒绝来自其他网页的写操作:请在督办搜自己的页面上上传或删除"))
	}
	switch site := r.Header.Get("Sec-Fetch-Site"); site {
	case "", "same-origin", "none":
	default:
		refuse()
		return
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		// Neither header, but a Referer: an old browser, or a page that
		// strips them; a Referer of another site is as clear a sign as an
		// Origin (a page can suppress its Referer, never forge one).
		if origin = r.Header.Get("Referer"); origin == "" {
			return
		}
	}
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
		refuse()
		return
	}
	if len(s.Hosts) > 0 && !hostAllowed(u.Host, s.Hosts) {
		refuse()
	}
}

// authorize guards writes: refused when writes are off, and when a token is
// set, refused without it. The scheme name is case-insensitive (RFC 9110);
// the token is compared as SHA-256 digests in constant time, so neither its
// bytes nor its length show in the time a guess takes.
func (s *Server) authorize(c *gin.Context) {
	if !s.WritesAllowed {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "本服务器不接受写操作:请联系管理员为服务器设置管理口令"))
		return
	}
	if s.Token == "" {
		// Without a token the server listens on loopback only, and its
		// writes are for this machine's own users; a request a reverse
		// proxy forwarded comes from loopback for everyone who reaches
		// the proxy.
		if forwarded(c.Request) {
			s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "经代理转发的写操作需要管理口令:请联系管理员为服务器设置管理口令"))
		}
		return
	}
	if !tokenMatches(c.GetHeader("Authorization"), s.Token) {
		msg := "需要管理口令:请在页面上填写管理口令后再试"
		if c.GetHeader("Authorization") != "" {
			msg = "管理口令不正确,请检查后重新填写"
		}
		s.fail(c, ingest.Errorf(ingest.EAUTH, "%s", msg))
		return
	}
}

// tokenMatches reports whether an Authorization header carries token as a
// Bearer credential.
func tokenMatches(header, token string) bool {
	scheme, got, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	a, b := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// CheckToken refuses a DUBAN_TOKEN that is too easy to guess or not what
// was meant: shorter than MinTokenLength, or with white space in it (a
// token of spaces, or a line end copied with it).
func CheckToken(token string) error {
	switch {
	case strings.TrimSpace(token) == "":
		return fmt.Errorf("DUBAN_TOKEN is only white space: set a real token of at least %d characters", MinTokenLength)
	case strings.ContainsFunc(token, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }):
		return fmt.Errorf("DUBAN_TOKEN contains white space (a copied line end?): use a token of at least %d characters without spaces", MinTokenLength)
	case len(token) < MinTokenLength:
		return fmt.Errorf("DUBAN_TOKEN is %d characters: use at least %d (for example: openssl rand -hex 16)", len(token), MinTokenLength)
	}
	return nil
}

// Health is the answer of GET /healthz: the server answers, how many
// documents it serves, and which duban it is.
type Health struct {
	Status    string `json:"status"`
	Documents int    `json:"documents"`
	buildinfo.Info
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, Health{Status: "ok", Documents: len(s.Store.Documents()), Info: s.Build})
}

func (s *Server) config(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{
		"writes_allowed": s.WritesAllowed,
		"token_required": s.Token != "",
		"max_upload_mb":  s.maxUpload() >> 20,
		"max_size":       index.MaxSize,
	})
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) maxUpload() int64 {
	if s.MaxUploadBytes > 0 {
		return s.MaxUploadBytes
	}
	return DefaultMaxUploadBytes
}
