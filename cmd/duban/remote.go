package main

// The read commands beside a running server. duban serve holds its data
// dir alone (a second process is refused), so search, export and compare,
// when a server holds the data dir, ask it through its HTTP API — found,
// as duban backup finds it, by the serve.json it writes — and otherwise
// open the data dir read-only. Either way they print the same.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/duban/duban/api"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
)

// reading is where a read command reads: the running server (url) or the
// data dir opened read-only (m).
type reading struct {
	ctx context.Context
	url string
	m   *Main
}

// openReading finds the server holding the data dir, or opens the data
// dir read-only.
func (g *globals) openReading(ctx context.Context) (*reading, error) {
	if pid, held := index.Held(g.dataDir); held {
		rec, err := readServeRecord(g.dataDir)
		if err != nil {
			return nil, fmt.Errorf("数据目录 %s 正被 duban 进程(PID %s)使用,但它不是 duban serve;请等它结束后再试", g.dataDir, pid)
		}
		return &reading{ctx: ctx, url: strings.TrimRight(rec.URL, "/")}, nil
	}
	m := g.reader()
	if err := m.OpenStore(); err != nil {
		return nil, err
	}
	return &reading{ctx: ctx, m: m}, nil
}

// Close closes the data dir when it was opened.
func (r *reading) Close() {
	if r.m != nil {
		r.m.Close()
	}
}

// get answers GET path?query from the server: decoded into v, or written
// to w when v is nil.
func (r *reading) get(path string, query url.Values, v any, w io.Writer) error {
	u := r.url + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("无法连接运行中的服务 %s(它在数据目录中登记了地址):%v", r.url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var body api.ErrorBody
		if json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body) == nil && body.Error.Message != "" {
			return ingest.Errorf(body.Error.Code, "%s", body.Error.Message)
		}
		return fmt.Errorf("运行中的服务返回 %d", resp.StatusCode)
	}
	if v == nil {
		_, err = io.Copy(w, resp.Body)
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// requestQuery is a search request as the API's query parameters.
func requestQuery(req index.Request) url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("q", req.Query)
	for _, v := range req.Leaders {
		q.Add("leader", v)
	}
	for _, v := range req.Units {
		q.Add("unit", v)
	}
	for _, v := range req.Years {
		q.Add("year", strconv.Itoa(v))
	}
	for _, v := range req.Docs {
		q.Add("doc", v)
	}
	for _, v := range req.Due {
		q.Add("due", v)
	}
	set("due_before", req.DueBefore)
	set("due_after", req.DueAfter)
	set("sort", req.Sort)
	if req.From > 0 {
		q.Set("from", strconv.Itoa(req.From))
	}
	if req.Size > 0 {
		q.Set("size", strconv.Itoa(req.Size))
	}
	return q
}

// Search runs one page of a search, with the office's vocabulary.
func (r *reading) Search(req index.Request) (*index.Result, error) {
	if r.m == nil {
		var res index.Result
		if err := r.get("/api/search", requestQuery(req), &res, nil); err != nil {
			return nil, err
		}
		return &res, nil
	}
	lex, err := r.m.Lexicon(r.ctx)
	if err != nil {
		return nil, err
	}
	req.Vocabulary = lex
	return r.m.Store.Search(r.ctx, req)
}

// SearchAll runs a search page by page from req.From to its last hit (at
// most index.MaxWindow hits, what a search pages through).
func (r *reading) SearchAll(req index.Request) (*index.Result, error) {
	req.Size = index.MaxSize
	var all *index.Result
	for {
		res, err := r.Search(req)
		if err != nil {
			return nil, err
		}
		if all == nil {
			all = res
		} else {
			all.Hits = append(all.Hits, res.Hits...)
			all.TookMS += res.TookMS
		}
		req.From += len(res.Hits)
		if len(res.Hits) == 0 || uint64(req.From) >= res.Total || req.From+req.Size > index.MaxWindow {
			return all, nil
		}
	}
}

// Documents lists the documents.
func (r *reading) Documents() ([]index.DocumentInfo, error) {
	if r.m == nil {
		var docs []index.DocumentInfo
		return docs, r.get("/api/documents", nil, &docs, nil)
	}
	return r.m.Store.Documents(), nil
}

// Compare compares two documents, named by id, year or title.
func (r *reading) Compare(from, to string) (*index.Comparison, error) {
	docs, err := r.Documents()
	if err != nil {
		return nil, err
	}
	if from, err = resolveDocument(from, docs); err != nil {
		return nil, err
	}
	if to, err = resolveDocument(to, docs); err != nil {
		return nil, err
	}
	if r.m == nil {
		var cmp index.Comparison
		if err := r.get("/api/compare", url.Values{"from": {from}, "to": {to}}, &cmp, nil); err != nil {
			return nil, err
		}
		return &cmp, nil
	}
	cmp, err := r.m.Store.Compare(r.ctx, from, to)
	if err != nil {
		return nil, err
	}
	lex, err := r.m.Lexicon(r.ctx)
	if err != nil {
		return nil, err
	}
	lex.Compare(cmp)
	return cmp, nil
}

// Export writes every task a search selects as the ledger (format xlsx or
// csv; jsonl only from the data dir, the API has no such export).
func (r *reading) Export(w io.Writer, format string, req index.Request, now time.Time) error {
	if r.m == nil {
		if format == api.ExportJSONL {
			return ingest.Errorf(ingest.EINVALID, "服务运行时无法导出 jsonl(接口只提供 xlsx 和 csv);请用 --format csv 或 xlsx,或在服务停止后导出")
		}
		q := requestQuery(req)
		q.Set("format", format)
		return r.get("/api/export", q, nil, w)
	}
	titles, years := map[string]string{}, map[string]int{}
	for _, d := range r.m.Store.Documents() {
		titles[d.ID], years[d.ID] = d.Title, d.Year
	}
	lex, err := r.m.Lexicon(r.ctx)
	if err != nil {
		return err
	}
	req.Vocabulary = lex
	rows := func(begin func(index.ScanInfo) error, row func(ingest.Task) error) error {
		return r.m.Store.ScanAll(r.ctx, req, begin, row)
	}
	ledger := api.Ledger{Filter: api.LedgerFilter(req, titles), Date: now, Titles: titles, Years: years}
	return api.WriteExport(w, format, ledger, rows)
}

// resolveDocument finds the document an argument names: its id, its year
// (when one document is of that year) or its title (whole, or a part only
// one title holds).
func resolveDocument(arg string, docs []index.DocumentInfo) (string, error) {
	arg = strings.TrimSpace(arg)
	for _, d := range docs {
		if d.ID == arg {
			return d.ID, nil
		}
	}
	var found []index.DocumentInfo
	if y, err := strconv.Atoi(strings.TrimSuffix(arg, "年")); err == nil && y >= 1900 && y <= 2100 {
		for _, d := range docs {
			if d.Year == y {
				found = append(found, d)
			}
		}
	} else {
		for _, d := range docs {
			if d.Title == arg {
				return d.ID, nil
			}
		}
		for _, d := range docs {
			if arg != "" && strings.Contains(d.Title, arg) {
				found = append(found, d)
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0].ID, nil
	case 0:
		return "", ingest.Errorf(ingest.ENOTFOUND, "没有 id、年度或标题为“%s”的文件;用 duban documents 查看已导入的文件", arg)
	}
	names := make([]string, len(found))
	for i, d := range found {
		names[i] = fmt.Sprintf("%s(%d年《%s》)", d.ID, d.Year, strings.Trim(d.Title, "《》"))
	}
	slices.Sort(names)
	return "", ingest.Errorf(ingest.EINVALID, "“%s”对应 %d 份文件,请用 id 指明其中一份:%s", arg, len(found), strings.Join(names, ";"))
}
