package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/vocab"
)

// taskTable is a small notice of n tasks with 配合单位 and, when deadlines,
// a 完成时限 column: the same notice (title, issuer, date) either way.
func taskTable(n int, deadlines bool) []byte {
	var b strings.Builder
	b.WriteString("关于印发2019年区政府重点工作任务分解表的通知\n杭州市余杭区人民政府办公室\n2019年3月1日\n")
	b.WriteString("序号 | 重点工作任务 | 牵头领导 | 牵头单位 | 配合单位")
	if deadlines {
		b.WriteString(" | 完成时限")
	}
	b.WriteString("\n")
	units := []string{"区城管局", "区住建局", "区发改局", "区财政局", "区教育局", "区民政局"}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d | 推进第%d项重点工作,完成年度目标。 | 祝振伟 | %s | %s", i, i, units[i%len(units)], units[(i+1)%len(units)])
		if deadlines {
			fmt.Fprintf(&b, " | 2019年%d月底", i%12+1)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// MustOpenRulesServer is a server whose library reads every file with the
// reading rules of its vocabulary, as duban serve wires them.
func MustOpenRulesServer(tb testing.TB) (*Server, *library.Library, http.Handler) {
	tb.Helper()
	dir := tb.TempDir()
	store, err := index.Open(dir, index.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	book, err := progress.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	v, err := vocab.Open(dir, false)
	if err != nil {
		tb.Fatal(err)
	}
	lib, err := library.Open(dir, store, library.Options{Annotator: book, Rules: v.ReadingOptions})
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{Store: store, Library: lib, Progress: &progress.Desk{Book: book, Notices: lib}, Vocabulary: v, WritesAllowed: true,
		Logger: slog.New(slog.DiscardHandler), MaxUploadBytes: 1 << 20}
	return s, lib, s.Handler()
}

func warningIn(ws []ingest.Warning, code, field string) (ingest.Warning, bool) {
	for _, w := range ws {
		if w.Code == code && w.Field == field {
			return w, true
		}
	}
	return ingest.Warning{}, false
}

// TestPreviewShowsEverything: a dry run answers every task with every
// field, the report with its unused lines, and for a replacement the
// difference field by field in Chinese and the warnings of what it would
// remove and erase.
func TestPreviewShowsEverything(t *testing.T) {
	_, _, h := MustOpenRulesServer(t)
	if r := uploadTo(t, h, "", "2019分解表.txt", taskTable(10, true)); r.status != http.StatusCreated {
		t.Fatalf("first upload: %d %s", r.status, r.body)
	}
	// the same notice without its 完成时限 column and its last two tasks,
	// with a line the reading cannot use
	data := append(taskTable(8, false), []byte("以上任务请各单位于每月5日前报送进展。\n")...)
	r := uploadTo(t, h, "dry_run=true", "2019分解表(无时限).txt", data)
	if r.status != http.StatusOK {
		t.Fatalf("dry run: %d %s", r.status, r.body)
	}
	up := decode[UploadResult](t, r)
	if up.Outcome != "replaced" || up.Diff == nil || up.Document == nil || len(up.Document.Tasks) != 8 {
		t.Fatalf("dry run: %+v", up)
	}
	erased, ok := warningIn(up.Warnings, ingest.WarnFieldErased, "deadline")
	if !ok || !slices.Equal(erased.Seqs, []int{1, 2, 3, 4, 5, 6, 7, 8}) || !strings.Contains(erased.Message, "完成时限") {
		t.Errorf("no field_erased warning naming 完成时限 and tasks 1–8: %+v", up.Warnings)
	}
	removed, ok := warningIn(up.Warnings, ingest.WarnTasksRemoved, "seq")
	if !ok || !slices.Equal(removed.Seqs, []int{9, 10}) {
		t.Errorf("no tasks_removed warning naming tasks 9 and 10: %+v", up.Warnings)
	}
	// every field of every task, by the raw answer's keys
	var raw struct {
		Document struct {
			Tasks []map[string]json.RawMessage `json:"tasks"`
		} `json:"document"`
		Report   map[string]json.RawMessage   `json:"report"`
		Warnings []map[string]json.RawMessage `json:"warnings"`
		Diff     struct {
			Changed []struct {
				Values []map[string]string `json:"values"`
			} `json:"changed"`
		} `json:"diff"`
	}
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, task := range raw.Document.Tasks {
		for _, f := range []string{"seq", "section", "text", "leaders", "units", "co_units", "deadline"} {
			if _, ok := task[f]; !ok {
				t.Errorf("task %s without %s", task["seq"], f)
			}
		}
	}
	if string(raw.Document.Tasks[0]["co_units"]) != `["区发改局"]` {
		t.Errorf("task 1's co-units: %s", raw.Document.Tasks[0]["co_units"])
	}
	for _, w := range raw.Warnings {
		for _, f := range []string{"code", "message", "seqs"} {
			if _, ok := w[f]; !ok {
				t.Errorf("warning without %s: %v", f, w)
			}
		}
	}
	if _, ok := raw.Report["unused"]; !ok || len(up.Report.Unused) == 0 || up.Report.Unused[0].Line == 0 {
		t.Fatalf("report without its unused lines by number: %+v", up.Report)
	}
	// where the tasks stand, so the unused line shows after task 8
	if len(up.TaskLines) != 8 || up.TaskLines[0] != 5 || up.TaskLines[7] != 12 || up.Report.Unused[len(up.Report.Unused)-1].Line != 13 {
		t.Errorf("task lines %v, unused %+v", up.TaskLines, up.Report.Unused)
	}
	// the difference, field by field, in Chinese
	if len(raw.Diff.Changed) != 8 {
		t.Fatalf("changed: %d", len(raw.Diff.Changed))
	}
	v := raw.Diff.Changed[0].Values
	if len(v) != 1 || v[0]["label"] != "完成时限" || v[0]["old"] != "2019年2月底" || v[0]["new"] != "" {
		t.Errorf("task 1 old → new: %v", v)
	}
	// no English field name in anything the clerk reads
	english := []string{"deadline", "co_units", "units", "leaders", "text", "section"}
	for _, w := range up.Warnings {
		for _, e := range english {
			if strings.Contains(w.Message, e) {
				t.Errorf("warning %s says %q: %s", w.Code, e, w.Message)
			}
		}
	}
}

// TestReadingRules: a [栏目] rule round-trips through the vocabulary API,
// a bad role is refused naming its line, and the rule reaches every parse
// of an upload (the library's ReadingOptions, which it hands to
// ingest.ParseSourceWith).
func TestReadingRules(t *testing.T) {
	_, lib, h := MustOpenRulesServer(t)
	text := map[string]string{"Content-Type": "text/plain; charset=utf-8"}
	file := "[单位]\n区城管局 = 区城市管理局\n\n[栏目]\n包保单位 = 牵头单位\n协同责任单位 = 配合单位\n"
	if r := do(t, h, http.MethodPut, "/api/vocabulary", strings.NewReader(file), text); r.status != http.StatusOK {
		t.Fatalf("put: %d %s", r.status, r.body)
	}
	voc := decode[VocabularyResult](t, do(t, h, http.MethodGet, "/api/vocabulary", nil, nil))
	want := []vocab.ColumnRule{{Name: "包保单位", Role: ingest.RoleUnits}, {Name: "协同责任单位", Role: ingest.RoleCoUnits}}
	if !slices.Equal(voc.Vocabulary.Columns, want) {
		t.Errorf("columns = %+v", voc.Vocabulary.Columns)
	}
	exported := do(t, h, http.MethodGet, "/api/vocabulary?format=text", nil, nil)
	if !strings.Contains(string(exported.body), "[栏目]\n包保单位 = 牵头单位\n协同责任单位 = 配合单位\n") {
		t.Errorf("export: %s", exported.body)
	}
	// the JSON round trip the page makes
	body, _ := json.Marshal(VocabularyPut{Vocabulary: voc.Vocabulary, Revision: voc.Revision})
	if r := do(t, h, http.MethodPut, "/api/vocabulary", bytes.NewReader(body), map[string]string{"Content-Type": "application/json"}); r.status != http.StatusOK {
		t.Errorf("JSON put back: %d %s", r.status, r.body)
	}
	if got := lib.ReadingOptions().Columns; got["包保单位"] != ingest.RoleUnits || got["协同责任单位"] != ingest.RoleCoUnits || len(got) != 2 {
		t.Errorf("the library reads with %v", got)
	}
	// a bad role: refused, naming the line; the rules unchanged
	bad := "[栏目]\n包保单位 = 牵头单位\n责任科室 = 负责人\n"
	r := do(t, h, http.MethodPut, "/api/vocabulary", strings.NewReader(bad), text)
	if msg := decode[ErrorBody](t, r).Error.Message; r.status != http.StatusBadRequest || !strings.Contains(msg, "第 3 行") || !strings.Contains(msg, "负责人") {
		t.Errorf("a bad role: %d %s", r.status, r.body)
	}
	r = do(t, h, http.MethodPut, "/api/vocabulary", strings.NewReader(`{"vocabulary":{"columns":[{"name":"责任科室","role":"负责人"}]}}`),
		map[string]string{"Content-Type": "application/json"})
	if msg := decode[ErrorBody](t, r).Error.Message; r.status != http.StatusBadRequest || !strings.Contains(msg, "责任科室") {
		t.Errorf("a bad role in JSON: %d %s", r.status, r.body)
	}
	if got := lib.ReadingOptions().Columns; len(got) != 2 {
		t.Errorf("a refused save changed the rules: %v", got)
	}
	// an upload previewed now reads with them: the answer is whole, and its
	// report names the rules the reading applied (none until the readings
	// apply Options.Columns)
	up := decode[UploadResult](t, uploadTo(t, h, "dry_run=true", "2019.txt", taskTable(3, true)))
	for _, rule := range up.Report.Rules {
		if !slices.Contains([]string{"包保单位 = 牵头单位", "协同责任单位 = 配合单位"}, rule) {
			t.Errorf("a rule applied that the office did not teach: %q", rule)
		}
	}
}
