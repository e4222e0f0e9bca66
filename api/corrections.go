package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
)

// The office's corrections by hand (package library, correct.go): each a
// write behind the token and the same-origin check, each a new version of
// the task's document. The body is JSON with the task's own field names;
// expect is the document version the caller saw (a newer one is 409), by
// the name of the person correcting (optional, kept in the history).

// maxCorrectionBody caps a correction's JSON body.
const maxCorrectionBody = 1 << 20

// editBody is PATCH /api/tasks/:id.
type editBody struct {
	Expect int    `json:"expect"`
	By     string `json:"by"`
	library.Patch
}

// addBody is POST /api/documents/:id/tasks.
type addBody struct {
	Expect  int      `json:"expect"`
	By      string   `json:"by"`
	Seq     int      `json:"seq"`
	Section string   `json:"section"`
	Text    string   `json:"text"`
	Leaders []string `json:"leaders"`
	Units   []string `json:"units"`
	CoUnits []string `json:"co_units"`
	// Deadline is the task's 完成时限 as written.
	Deadline string `json:"deadline"`
}

// splitBody is POST /api/tasks/:id/split.
type splitBody struct {
	Expect int      `json:"expect"`
	By     string   `json:"by"`
	Texts  []string `json:"texts"`
	Seq    int      `json:"seq"`
}

// mergeBody is POST /api/tasks/:id/merge.
type mergeBody struct {
	Expect int     `json:"expect"`
	By     string  `json:"by"`
	With   string  `json:"with"`
	Text   *string `json:"text"`
}

// Corrector is what the correction routes need of the library (package
// library's Library is one).
type Corrector interface {
	EditTask(ctx context.Context, taskID string, p library.Patch, o library.EditOptions) (*library.Edited, error)
	AddTask(ctx context.Context, docID string, n library.NewTask, o library.EditOptions) (*library.Edited, error)
	DeleteTask(ctx context.Context, taskID string, o library.EditOptions) (*library.Edited, error)
	SplitTask(ctx context.Context, taskID string, texts []string, seq int, o library.EditOptions) (*library.Edited, error)
	MergeTasks(ctx context.Context, taskID, otherID string, text *string, o library.EditOptions) (*library.Edited, error)
}

// readJSON reads a correction's body into v: JSON, at most
// maxCorrectionBody, no field v does not name.
func readJSON(c *gin.Context, v any) error {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return ingest.Errorf(ingest.EINVALID, "请以 JSON 提交(Content-Type: application/json)")
		}
	}
	dec := json.NewDecoder(io.LimitReader(c.Request.Body, maxCorrectionBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return ingest.Errorf(ingest.EINVALID, "请求内容为空:请以 JSON 给出要修改的字段")
		case errors.As(err, &typeErr):
			return ingest.Errorf(ingest.EINVALID, "字段 %s 的类型不对:名单(leaders、units、co_units、texts)应为字符串数组,text、deadline 应为字符串,expect、seq 应为整数", typeErr.Field)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return ingest.Errorf(ingest.EINVALID, "没有字段 %s:可修改的字段为 text、leaders、units、co_units、deadline", strings.TrimPrefix(err.Error(), "json: unknown field "))
		default:
			return ingest.Errorf(ingest.EINVALID, "请求内容不是有效的 JSON(不超过 1 MB)")
		}
	}
	if dec.More() {
		return ingest.Errorf(ingest.EINVALID, "请求内容应只有一个 JSON 对象")
	}
	return nil
}

// corrector returns the library as a Corrector, or answers that this
// server takes no corrections.
func (s *Server) corrector(c *gin.Context) (Corrector, bool) {
	lib, ok := s.library(c)
	if !ok {
		return nil, false
	}
	k, ok := lib.(Corrector)
	if !ok {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不接受任务校正"))
		return nil, false
	}
	return k, true
}

// editTask answers PATCH /api/tasks/:id: the fields given change.
func (s *Server) editTask(c *gin.Context) {
	k, ok := s.corrector(c)
	if !ok {
		return
	}
	var b editBody
	if err := readJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	e, err := k.EditTask(c.Request.Context(), c.Param("id"), b.Patch, library.EditOptions{Expect: b.Expect, Who: s.who(), By: b.By})
	s.corrected(c, http.StatusOK, e, err)
}

// addTask answers POST /api/documents/:id/tasks: a task the parser missed.
func (s *Server) addTask(c *gin.Context) {
	k, ok := s.corrector(c)
	if !ok {
		return
	}
	var b addBody
	if err := readJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	n := library.NewTask{Seq: b.Seq, Section: b.Section, TaskFields: library.TaskFields{Text: b.Text, Leaders: b.Leaders, Units: b.Units,
		CoUnits: b.CoUnits, Deadline: b.Deadline}}
	e, err := k.AddTask(c.Request.Context(), c.Param("id"), n, library.EditOptions{Expect: b.Expect, Who: s.who(), By: b.By})
	s.corrected(c, http.StatusCreated, e, err)
}

// deleteTask answers DELETE /api/tasks/:id[?expect=N][&by=NAME].
func (s *Server) deleteTask(c *gin.Context) {
	k, ok := s.corrector(c)
	if !ok {
		return
	}
	expect, err := intParam(c, "expect", 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	e, err := k.DeleteTask(c.Request.Context(), c.Param("id"), library.EditOptions{Expect: expect, Who: s.who(), By: c.Query("by")})
	s.corrected(c, http.StatusOK, e, err)
}

// splitTask answers POST /api/tasks/:id/split: one task made two.
func (s *Server) splitTask(c *gin.Context) {
	k, ok := s.corrector(c)
	if !ok {
		return
	}
	var b splitBody
	if err := readJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	e, err := k.SplitTask(c.Request.Context(), c.Param("id"), b.Texts, b.Seq, library.EditOptions{Expect: b.Expect, Who: s.who(), By: b.By})
	s.corrected(c, http.StatusOK, e, err)
}

// mergeTask answers POST /api/tasks/:id/merge: the task named by with
// merged into this one.
func (s *Server) mergeTask(c *gin.Context) {
	k, ok := s.corrector(c)
	if !ok {
		return
	}
	var b mergeBody
	if err := readJSON(c, &b); err != nil {
		s.fail(c, err)
		return
	}
	if strings.TrimSpace(b.With) == "" {
		s.fail(c, ingest.Errorf(ingest.EINVALID, "请用 with 给出要合并进来的任务编号"))
		return
	}
	e, err := k.MergeTasks(c.Request.Context(), c.Param("id"), strings.TrimSpace(b.With), b.Text, library.EditOptions{Expect: b.Expect, Who: s.who(), By: b.By})
	s.corrected(c, http.StatusOK, e, err)
}

func (s *Server) corrected(c *gin.Context, status int, e *library.Edited, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, e)
}

// previewCorrections reads an upload's corrections field: a JSON list of
// the corrections made in the preview (library.PreviewEdit), empty when
// absent.
func previewCorrections(raw string) ([]library.PreviewEdit, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	if len(raw) > maxCorrectionBody {
		return nil, ingest.Errorf(ingest.EINVALID, "corrections 太长(不超过 1 MB)")
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	var edits []library.PreviewEdit
	if err := dec.Decode(&edits); err != nil || dec.More() {
		return nil, ingest.Errorf(ingest.EINVALID, "corrections 应为校正的 JSON 列表:[{\"seq\":5,\"units\":[\"区财政局\"]},{\"kind\":\"delete\",\"seq\":9},{\"kind\":\"add\",\"text\":\"…\",\"units\":[\"…\"]}]")
	}
	if len(edits) > ingest.MaxTasks {
		return nil, ingest.Errorf(ingest.EINVALID, "corrections 太多(不超过 %d 条)", ingest.MaxTasks)
	}
	return edits, nil
}
