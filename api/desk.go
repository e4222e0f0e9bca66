package api

// The office's own entries: a task's progress recorded on the task page,
// and the 催办 sent (to which unit, for which tasks, when, by whom).

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
)

// maxDeskBody bounds the JSON body of a recorded entry or 催办.
const maxDeskBody = 256 << 10

// readJSON decodes a small JSON body into v, or answers 400.
func (s *Server) readJSON(c *gin.Context, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxDeskBody))
	if err := dec.Decode(v); err != nil {
		s.fail(c, ingest.Errorf(ingest.EINVALID, "请求内容应为 JSON(%v)", err))
		return false
	}
	return true
}

// desk is the progress desk, or answers that this server keeps none.
func (s *Server) desk(c *gin.Context) (Progress, bool) {
	if s.Progress == nil {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不记录进展"))
		return nil, false
	}
	return s.Progress, true
}

// recordProgress answers POST /api/tasks/:id/progress: the clerk's own
// entry for the task (period, text, status, who), kept like a report's row.
func (s *Server) recordProgress(c *gin.Context) {
	t, err := s.Store.Task(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	d, ok := s.desk(c)
	if !ok {
		return
	}
	var in progress.Recorded
	if !s.readJSON(c, &in) {
		return
	}
	e, err := d.Record(c.Request.Context(), *t, in, s.who())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "progress recorded", slog.String("task", t.ID), slog.String("doc", t.DocID), slog.String("period", e.Period),
		slog.String("status", e.Status), slog.String("name", e.Who))
	c.JSON(http.StatusOK, e)
}

// chases answers GET /api/chases?year=&task=: the 催办 sent, the latest
// first.
func (s *Server) chases(c *gin.Context) {
	year, err := intParam(c, "year", 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	if s.Progress == nil {
		c.JSON(http.StatusOK, []progress.Chased{})
		return
	}
	list, err := s.Progress.Chases(year, c.Query("task"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, list)
}

// recordChase answers POST /api/chases: a 催办 went out (unit, task ids,
// date, who, note). Every task named must exist.
func (s *Server) recordChase(c *gin.Context) {
	d, ok := s.desk(c)
	if !ok {
		return
	}
	var in progress.Chased
	if !s.readJSON(c, &in) {
		return
	}
	for _, id := range in.Tasks {
		t, err := s.Store.Task(c.Request.Context(), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		if in.Year == 0 {
			in.Year = t.Year
		}
	}
	out, err := d.Chase(in, s.who())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "chase recorded", slog.String("unit", out.Unit), slog.Int("tasks", len(out.Tasks)), slog.String("date", out.Date), slog.String("name", out.Who))
	c.Header("Location", "/api/chases?year="+strconv.Itoa(out.Year))
	c.JSON(http.StatusOK, out)
}
