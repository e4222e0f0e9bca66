package api

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
)

// search answers GET /api/search.
func (s *Server) search(c *gin.Context) {
	req, err := searchRequest(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.Store.Search(c.Request.Context(), req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// searchRequest reads q, leader, unit, year, doc, due, due_before,
// due_after, sort, from and size. leader, unit, year, doc and due may
// repeat. size=0 asks for the total and facets only.
func searchRequest(c *gin.Context) (index.Request, error) {
	req := index.Request{
		Query:     c.Query("q"),
		Leaders:   nonEmpty(c.QueryArray("leader")),
		Units:     nonEmpty(c.QueryArray("unit")),
		Docs:      nonEmpty(c.QueryArray("doc")),
		Due:       nonEmpty(c.QueryArray("due")),
		DueBefore: strings.TrimSpace(c.Query("due_before")),
		DueAfter:  strings.TrimSpace(c.Query("due_after")),
		Sort:      strings.TrimSpace(c.Query("sort")),
		Status:    nonEmpty(c.QueryArray("status")),
		Period:    nonEmpty(c.QueryArray("period")),
	}
	for _, st := range req.Status {
		if !slices.Contains(progress.Statuses, st) {
			return req, ingest.Errorf(ingest.EINVALID, "status 应为 %s 之一,收到 %q", strings.Join(progress.Statuses, "、"), st)
		}
	}
	for _, y := range nonEmpty(c.QueryArray("year")) {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1000 || n > 9999 {
			return req, ingest.Errorf(ingest.EINVALID, "year 必须是四位年份,收到 %q", y)
		}
		req.Years = append(req.Years, n)
	}
	var err error
	if req.From, err = intParam(c, "from", 0); err != nil {
		return req, err
	}
	if req.Size, err = intParam(c, "size", index.DefaultSize); err != nil {
		return req, err
	}
	if req.Size < 0 || req.Size > index.MaxSize {
		return req, ingest.Errorf(ingest.EINVALID, "size 必须在 0 到 %d 之间(0:只要总数和分面)", index.MaxSize)
	}
	if req.Size == 0 {
		req.FacetsOnly, req.Size = true, index.DefaultSize
	}
	return req, nil
}

func intParam(c *gin.Context, name string, def int) (int, error) {
	v, ok := c.GetQuery(name)
	if !ok || strings.TrimSpace(v) == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, ingest.Errorf(ingest.EINVALID, "%s 必须是整数,收到 %q", name, v)
	}
	return n, nil
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func (s *Server) task(c *gin.Context) {
	t, err := s.Store.Task(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

func (s *Server) leaders(c *gin.Context) {
	l, err := s.Store.Leaders(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, l)
}

func (s *Server) units(c *gin.Context) {
	u, err := s.Store.Units(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func (s *Server) documents(c *gin.Context) {
	c.JSON(http.StatusOK, s.Store.Documents())
}

func (s *Server) document(c *gin.Context) {
	d, err := s.Store.Document(c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

// compare answers GET /api/compare?from=DOC&to=DOC.
func (s *Server) compare(c *gin.Context) {
	cmp, err := s.comparison(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cmp)
}

func (s *Server) comparison(c *gin.Context) (*index.Comparison, error) {
	from, to := c.Query("from"), c.Query("to")
	if from == "" || to == "" {
		return nil, ingest.Errorf(ingest.EINVALID, "请用 from 和 to 两个参数给出要比较的两份文件的 id")
	}
	return s.Store.Compare(c.Request.Context(), from, to)
}

// compareExport answers GET /api/compare/export: the comparison's changed,
// new and dropped tasks as format=xlsx (default) or csv.
func (s *Server) compareExport(c *gin.Context) {
	format, err := exportFormat(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cmp, err := s.comparison(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	now := s.now()
	if err := WriteComparison(&buf, format, cmp, now); err != nil {
		s.fail(c, err)
		return
	}
	s.sendFile(c, ComparisonFileName(cmp, now, format), format, buf.Bytes())
}

// stats answers GET /api/stats with the search filters.
func (s *Server) stats(c *gin.Context) {
	req, err := searchRequest(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.Store.Stats(c.Request.Context(), req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// export answers GET /api/export: every task the search filters match (not
// one page), as format=xlsx (default) or csv, for the office's ledger.
func (s *Server) export(c *gin.Context) {
	req, err := searchRequest(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	format, err := exportFormat(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if req.Sort == "" {
		// A ledger lists the notices' order unless asked otherwise.
		req.Sort = index.SortOrder
	}
	titles, years := map[string]string{}, map[string]int{}
	for _, d := range s.Store.Documents() {
		titles[d.ID], years[d.ID] = d.Title, d.Year
	}
	// Render before sending, so an error is still an error answer.
	var buf bytes.Buffer
	now := s.now()
	rows := func(begin func(index.ScanInfo) error, row func(ingest.Task) error) error {
		return s.Store.ScanAll(c.Request.Context(), req, begin, row)
	}
	if err := WriteExport(&buf, format, Ledger{Filter: LedgerFilter(req, titles), Date: now, Titles: titles, Years: years}, rows); err != nil {
		s.fail(c, err)
		return
	}
	s.sendFile(c, LedgerFileName(req, titles, now, format), format, buf.Bytes())
}

func exportFormat(c *gin.Context) (string, error) {
	format := c.DefaultQuery("format", ExportXLSX)
	if format != ExportXLSX && format != ExportCSV {
		return "", ingest.Errorf(ingest.EINVALID, "format 必须是 xlsx 或 csv,收到 %q", format)
	}
	return format, nil
}

// sendFile answers a download: the file name in UTF-8 (RFC 6266), with an
// ASCII one for clients that read no other.
func (s *Server) sendFile(c *gin.Context, name, format string, data []byte) {
	c.Header("Content-Disposition", "attachment; filename=\"export."+format+"\"; filename*=UTF-8''"+url.PathEscape(name))
	contentType := "text/csv; charset=utf-8"
	if format == ExportXLSX {
		contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	c.Data(http.StatusOK, contentType, data)
}
