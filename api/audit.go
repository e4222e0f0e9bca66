package api

import (
	"log/slog"

	"github.com/gin-gonic/gin"
)

// audit logs one change to the office's data (an import, a replacement, a
// restore, a delete, a progress report, an entry made by hand): what, on
// which document, and who — how the write came (token, local) and from
// which address — beside the request line, which names none of it.
func (s *Server) audit(c *gin.Context, msg string, attrs ...any) {
	attrs = append(attrs, slog.String("who", s.who()), slog.String("addr", c.ClientIP()))
	s.logger().Info(msg, attrs...)
}
