// Package api serves the index over HTTP with gin: the JSON API of DESIGN.md
// and the embedded Chinese web page. It parses no notices itself: uploads go
// to ingest.Parse and then to the Store.
package api

import (
	"context"
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
)

// DefaultMaxUploadBytes caps an upload's request body.
const DefaultMaxUploadBytes = 32 << 20

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
	Scan(ctx context.Context, req index.Request, fn func(ingest.Task) error) error
}

// Server holds the API's dependencies; its Handler serves them.
type Server struct {
	Store  Store
	Logger *slog.Logger
	// Token, when set, is required as "Authorization: Bearer TOKEN" on
	// every write.
	Token string
	// WritesAllowed says whether POST and DELETE are served at all. The
	// command sets it: with a token, or without one on a loopback address.
	WritesAllowed bool
	// MaxUploadBytes caps an upload's body; 0 means DefaultMaxUploadBytes.
	MaxUploadBytes int64
}

// statusOf maps application error codes to HTTP statuses: the one table.
var statusOf = map[string]int{
	ingest.EINVALID:   http.StatusBadRequest,
	ingest.ENOTFOUND:  http.StatusNotFound,
	ingest.ECONFLICT:  http.StatusConflict,
	ingest.ETOOLARGE:  http.StatusRequestEntityTooLarge,
	ingest.EAUTH:      http.StatusUnauthorized,
	ingest.EFORBIDDEN: http.StatusForbidden,
	ingest.EINTERNAL:  http.StatusInternalServerError,
}

// ErrorBody is the JSON of every error answer.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// fail answers err as JSON with its status; only internal errors are logged.
func (s *Server) fail(c *gin.Context, err error) {
	code := ingest.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if code == ingest.EINTERNAL {
		s.logger().Error("internal error", slog.String("path", c.Request.URL.Path), slog.Any("err", err))
	}
	var body ErrorBody
	body.Error.Code, body.Error.Message = code, ingest.ErrorMessage(err)
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
	r := gin.New()
	r.Use(s.logRequests, s.recoverJSON)
	r.HandleMethodNotAllowed = true

	r.GET("/healthz", s.healthz)
	api := r.Group("/api")
	api.GET("/search", s.search)
	api.GET("/tasks/:id", s.task)
	api.GET("/leaders", s.leaders)
	api.GET("/units", s.units)
	api.GET("/documents", s.documents)
	api.GET("/documents/:id", s.document)
	api.GET("/config", s.config)
	api.GET("/compare", s.compare)
	api.GET("/stats", s.stats)
	api.GET("/export", s.export)
	api.POST("/documents", s.authorize, s.upload)
	api.DELETE("/documents/:id", s.authorize, s.deleteDocument)

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

// authorize guards writes: refused when writes are off, and when a token is
// set, refused without it (compared in constant time).
func (s *Server) authorize(c *gin.Context) {
	if !s.WritesAllowed {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "本服务器不接受写操作:未设置 DUBAN_TOKEN 且不在本机回环地址上"))
		return
	}
	if s.Token == "" {
		return
	}
	got, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.Token)) != 1 {
		s.fail(c, ingest.Errorf(ingest.EAUTH, "写操作需要正确的 Authorization: Bearer 令牌"))
		return
	}
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "documents": len(s.Store.Documents())})
}

func (s *Server) config(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{
		"writes_allowed": s.WritesAllowed,
		"token_required": s.Token != "",
		"max_upload_mb":  s.maxUpload() >> 20,
		"max_size":       index.MaxSize,
	})
}

func (s *Server) maxUpload() int64 {
	if s.MaxUploadBytes > 0 {
		return s.MaxUploadBytes
	}
	return DefaultMaxUploadBytes
}
