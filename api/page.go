package api

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
)

// web holds the page: plain HTML, CSS and JS, no build step.
//
//go:embed web
var web embed.FS

func (s *Server) mountPage(r *gin.Engine) {
	static, _ := fs.Sub(web, "web")
	r.GET("/", s.page)
	r.HEAD("/", s.page)
	r.StaticFS("/static", http.FS(static))
}

// page serves the single page; it reads its state from the URL.
func (s *Server) page(c *gin.Context) {
	data, err := web.ReadFile("web/index.html")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "text/html; charset=utf-8", data)
}
