package api

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
	"github.com/duban/duban/library"
)

// UploadResult is the answer to an upload, or to its preview (dry_run).
type UploadResult struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Year   int    `json:"year"`
	Source string `json:"source"`
	Format string `json:"format"`
	// Outcome is added, replaced or unchanged (the same file again); for a
	// dry run, what the import would do.
	Outcome   string         `json:"outcome"`
	Replaced  bool           `json:"replaced"`
	Unchanged bool           `json:"unchanged"`
	LinesRead int            `json:"lines_read"`
	TasksMade int            `json:"tasks_made"`
	Report    *ingest.Report `json:"report"`
	// DryRun: nothing was written.
	DryRun bool `json:"dry_run"`
	// Version is the version the import made (0 for a dry run or an
	// unchanged file); Original says the file's bytes were kept.
	Version  int  `json:"version,omitempty"`
	Original bool `json:"original"`
	// Diff is what replacing the document changes, task by task.
	Diff *library.Diff `json:"diff,omitempty"`
	// Candidates are documents the file looks like; Warnings say what to
	// look at before confirming, in Chinese, each with its code, field and
	// the seqs of the tasks concerned (library.Preview.Warnings).
	Candidates []library.Candidate `json:"candidates"`
	Warnings   []ingest.Warning    `json:"warnings"`
	// TaskLines are, for each of Document's tasks, the line it begins on
	// (0 when not found), numbered as the report's unused lines: the page
	// shows those among the tasks where they stood. Dry run only.
	TaskLines []int `json:"task_lines,omitempty"`
	// Document is the parsed document with every task and every field, in
	// a dry run's answer only.
	Document *ingest.Document `json:"document,omitempty"`
}

// who says who made a write, for the version history: "token" when the
// server requires one (the write passed authorize), "local" otherwise (a
// loopback server without a token).
func (s *Server) who() string {
	if s.Token != "" {
		return library.WhoToken
	}
	return library.WhoLocal
}

// library returns the Library, or answers that this server keeps none.
func (s *Server) library(c *gin.Context) (Library, bool) {
	if s.Library == nil {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不保存文件版本,不接受写入"))
		return nil, false
	}
	return s.Library, true
}

// upload answers POST /api/documents: multipart field "file" is parsed and
// kept as a new version of its document (replacing the version served), or
// added. Query: dry_run=true parses and compares, writing nothing;
// replace=DOC_ID makes the file a new version of that document (the same
// notice in another file: its ids are kept, its missing metadata taken
// over); as_new=true adds it although it looks like a document already
// there (otherwise that is a 409 naming the candidates in
// error.details.candidates). The file name is recorded as the source and
// never used as a path.
func (s *Server) upload(c *gin.Context) {
	lib, ok := s.library(c)
	if !ok {
		return
	}
	opts := library.ImportOptions{Replace: c.Query("replace"), Who: s.who()}
	var err error
	if opts.DryRun, err = boolParam(c, "dry_run"); err != nil {
		s.fail(c, err)
		return
	}
	if opts.AsNew, err = boolParam(c, "as_new"); err != nil {
		s.fail(c, err)
		return
	}
	// kind=notice|progress: the office's answer to kind_ambiguous (a file
	// read both as a notice and as a progress report)
	kind := c.Query("kind")
	if err := library.CheckKind(kind, "参数 kind"); err != nil {
		s.fail(c, err)
		return
	}
	limit := s.maxUpload()
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit+1<<20) // room for the multipart framing
	fh, err := c.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			s.fail(c, ingest.Errorf(ingest.ETOOLARGE, "上传文件超过 %d MB 的上限", limit>>20))
		default:
			s.fail(c, ingest.Errorf(ingest.EINVALID, "请用 multipart/form-data 的 file 字段上传通知文件"))
		}
		return
	}
	if fh.Size > limit {
		s.fail(c, ingest.Errorf(ingest.ETOOLARGE, "上传文件超过 %d MB 的上限", limit>>20))
		return
	}
	if fh.Size == 0 {
		s.fail(c, ingest.Errorf(ingest.EINVALID, "上传的文件是空的"))
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.fail(c, ingest.Errorf(ingest.EINVALID, "无法读取上传的文件"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		s.fail(c, ingest.Errorf(ingest.EINVALID, "无法读取上传的文件"))
		return
	}
	// corrections made in the preview, before confirming (library.PreviewEdit)
	if opts.Corrections, err = previewCorrections(c.PostForm("corrections")); err != nil {
		s.fail(c, err)
		return
	}
	opts.By = c.PostForm("by")
	name := filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
	// parsed in a contained child (package ingest/worker), killed when
	// the client goes away, with the office's reading rules ([栏目] in the
	// vocabulary)
	parsed, err := s.Parser.ParseWith(c.Request.Context(), name, data, worker.Any, lib.ReadingOptions())
	if err != nil {
		s.fail(c, err)
		return
	}
	// a progress report (进展情况, 是否序时推进 …) is the second kind of
	// document: its rows go to the tasks they report on
	switch {
	case kind == library.FileProgress && parsed.Progress == nil, kind == library.FileNotice && parsed.Doc == nil:
		s.fail(c, library.KindRefusal(kind))
		return
	}
	if parsed.Progress != nil && kind != library.FileNotice && (parsed.Doc == nil || kind == library.FileProgress || s.reportsOnHeldTasks(c.Request.Context(), parsed.Progress)) {
		c.Set(ctxIngestKind, "progress")
		s.takeProgress(c, parsed.Progress, opts.DryRun, parsed.Doc != nil)
		return
	}
	c.Set(ctxIngestKind, "notice")
	doc := parsed.Doc
	p, err := lib.Import(c.Request.Context(), doc, data, opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	doc = p.Document
	out := UploadResult{
		ID: doc.ID, Title: doc.Title, Year: doc.Year, Source: doc.Source, Format: doc.Format,
		Outcome: p.Outcome, Replaced: p.Outcome == string(index.Replaced), Unchanged: p.Outcome == string(index.Unchanged),
		LinesRead: doc.Report.LinesRead, TasksMade: doc.Report.TasksMade, Report: doc.Report,
		DryRun: opts.DryRun, Version: p.Version, Original: p.Original, Diff: p.Diff, Candidates: p.Candidates, Warnings: p.Warnings,
	}
	if !opts.DryRun {
		attrs := []any{slog.String("file", name), slog.String("doc", doc.ID), slog.Int("version", p.Version), slog.Int("tasks", doc.Report.TasksMade)}
		if p.Diff != nil {
			attrs = append(attrs, slog.Int("added", len(p.Diff.Added)), slog.Int("removed", len(p.Diff.Removed)), slog.Int("changed", len(p.Diff.Changed)))
		}
		s.audit(c, "document "+p.Outcome, attrs...)
	}
	status := http.StatusOK
	switch {
	case opts.DryRun:
		out.Document, out.TaskLines = doc, parsed.Lines
	case p.Outcome == string(index.Added):
		status = http.StatusCreated
	}
	c.JSON(status, out)
}

// boolParam reads a true/false query parameter; absent is false.
func boolParam(c *gin.Context, name string) (bool, error) {
	v := c.Query(name)
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, ingest.Errorf(ingest.EINVALID, "参数 %s 应为 true 或 false", name)
	}
	return b, nil
}

// deleteDocument answers DELETE /api/documents/:id: the document moves to
// the trash (GET /api/trash), from which a restore brings it back.
func (s *Server) deleteDocument(c *gin.Context) {
	lib, ok := s.library(c)
	if !ok {
		return
	}
	tasks := -1
	for _, d := range s.Store.Documents() {
		if d.ID == c.Param("id") {
			tasks = d.TaskCount
		}
	}
	if err := lib.Delete(c.Param("id"), s.who()); err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "document deleted", slog.String("doc", c.Param("id")), slog.Int("tasks", tasks))
	c.JSON(http.StatusOK, gin.H{"deleted": c.Param("id"), "trash": true})
}

// versions answers GET /api/documents/:id/versions: when, which file,
// checksum, task count and who, newest first, the current one marked.
func (s *Server) versions(c *gin.Context) {
	lib, ok := s.library(c)
	if !ok {
		return
	}
	h, err := lib.Versions(c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, h)
}

// restore answers POST /api/documents/:id/restore?version=N[&expect=M]: the
// version comes back as the current one (the latest kept one without
// version: a document in the trash comes back). expect is the version the
// caller saw as current; a newer one since is a 409.
func (s *Server) restore(c *gin.Context) {
	lib, ok := s.library(c)
	if !ok {
		return
	}
	version := library.Latest
	if v := c.Query("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			s.fail(c, ingest.Errorf(ingest.EINVALID, "version 应为版本号"))
			return
		}
		version = n
	}
	expect, err := intParam(c, "expect", 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := lib.Restore(c.Param("id"), version, expect, s.who())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "document restored", slog.String("file", v.Source), slog.String("doc", c.Param("id")), slog.Int("version", v.Version),
		slog.Int("from", v.From), slog.Int("tasks", v.Tasks))
	c.JSON(http.StatusOK, v)
}

// original answers GET /api/documents/:id/original[?version=N]: the file a
// version was read from, as it was uploaded.
func (s *Server) original(c *gin.Context) {
	lib, ok := s.library(c)
	if !ok {
		return
	}
	h, err := lib.Versions(c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	want := -1
	if v := c.Query("version"); v != "" {
		if want, err = strconv.Atoi(v); err != nil {
			s.fail(c, ingest.Errorf(ingest.EINVALID, "version 应为版本号"))
			return
		}
	}
	var ver *library.Version
	for i, v := range h.Versions {
		if want == v.Version || want < 0 && (v.Current || h.Current == 0 && i == 0) {
			ver = &h.Versions[i]
			break
		}
	}
	if ver == nil {
		s.fail(c, ingest.Errorf(ingest.ENOTFOUND, "文件 %s 没有第 %d 版", h.ID, want))
		return
	}
	f, size, err := lib.Original(ver.Checksum)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="original"; filename*=UTF-8''%s`, url.PathEscape(ver.Source)))
	c.DataFromReader(http.StatusOK, size, "application/octet-stream", f, nil)
}

// trashEntry is a document in the trash: what it would come back as.
type trashEntry struct {
	ID string `json:"id"`
	library.Version
}

// trash answers GET /api/trash.
func (s *Server) trash(c *gin.Context) {
	lib, ok := s.library(c)
	if !ok {
		return
	}
	vs, ids, err := lib.Trash()
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]trashEntry, len(vs))
	for i := range vs {
		out[i] = trashEntry{ID: ids[i], Version: vs[i]}
	}
	c.JSON(http.StatusOK, out)
}

// emptyTrash answers DELETE /api/trash[?id=DOC]: erased for good.
func (s *Server) emptyTrash(c *gin.Context) {
	lib, ok := s.library(c)
	if !ok {
		return
	}
	ids, err := lib.EmptyTrash(c.Query("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, "trash emptied", slog.Any("docs", ids))
	c.JSON(http.StatusOK, gin.H{"erased": ids})
}
