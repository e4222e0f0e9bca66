package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/seeds"
	"github.com/duban/duban/vocab"
)

const testToken = "0123456789abcdef0123"

// MustOpenVocabularyServer is MustOpenServer with the office's vocabulary
// kept in the same data dir; more documents are put in the index before
// anything is served.
func MustOpenVocabularyServer(tb testing.TB, token string, writes bool, more ...*ingest.Document) (*Server, http.Handler) {
	tb.Helper()
	s, _ := MustOpenServer(tb, token, writes)
	for _, d := range more {
		if _, err := s.Store.Replace(d); err != nil {
			tb.Fatal(err)
		}
	}
	vs, err := vocab.Open(tb.TempDir(), false)
	if err != nil {
		tb.Fatal(err)
	}
	s.Vocabulary = vs
	return s, s.Handler()
}

// renamedYear is the seed notice as next year's: the same tasks, with
// units renamed by the reform (区环保局 → 区生态环境分局, 区农业局 →
// 区农业农村局) and respelled (区城管局 → 区城市管理局, 区经信局 →
// 余杭区经济和信息化局), and leaders written with their titles.
func renamedYear(tb testing.TB) *ingest.Document {
	tb.Helper()
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		tb.Fatal(err)
	}
	units := map[string]string{"区城管局": "区城市管理局", "区环保局": "区生态环境分局", "区农业局": "区农业农村局", "区经信局": "余杭区经济和信息化局"}
	doc.ID, doc.Year, doc.Title, doc.Date, doc.Checksum = "2019-renamed", 2019, "2019年《政府工作报告》工作任务分解表", "2019-02-20", "renamed"
	for i := range doc.Tasks {
		t := &doc.Tasks[i]
		t.DocID, t.Year, t.ID = doc.ID, 2019, doc.ID+"-"+strconv.Itoa(t.Seq)
		for j, u := range t.Units {
			if n, ok := units[u]; ok {
				t.Units[j] = n
			}
		}
		t.UnitGroups = nil
		for _, u := range t.Units {
			t.UnitGroups = append(t.UnitGroups, ingest.UnitGroup(u))
		}
		for j, l := range t.Leaders {
			if l == "祝振伟" {
				t.Leaders[j] = "祝振伟副区长"
			}
		}
	}
	return doc
}

type facetValue struct {
	Value     any          `json:"value"`
	Count     int          `json:"count"`
	Spellings []facetValue `json:"spellings"`
}

type searchAnswer struct {
	Total int                     `json:"total"`
	Hits  []map[string]any        `json:"hits"`
	Facet map[string][]facetValue `json:"facets"`
}

func facetOf(a searchAnswer, name, value string) (facetValue, bool) {
	for _, f := range a.Facet[name] {
		if f.Value == value {
			return f, true
		}
	}
	return facetValue{}, false
}

func spellingNames(f facetValue) []string {
	var out []string
	for _, s := range f.Spellings {
		out = append(out, s.Value.(string))
	}
	return out
}

// TestTwoYearsOneUnit: a unit renamed and respelled between two years is
// one unit with both years in facets, filters, units, stats and the
// comparison; a rename only once the office accepts it.
func TestTwoYearsOneUnit(t *testing.T) {
	s, h := MustOpenVocabularyServer(t, "", true, renamedYear(t))
	get := func(target string) response {
		t.Helper()
		r := do(t, h, http.MethodGet, target, nil, nil)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", target, r.status, r.body)
		}
		return r
	}

	// Respelled: one unit without anyone saying so.
	a := decode[searchAnswer](t, get("/api/search?unit="+url.QueryEscape("区城管局")+"&size=100"))
	if a.Total != 4 {
		t.Errorf("unit=区城管局: %d tasks, want 2 in 2018 and 2 in 2019", a.Total)
	}
	years := map[float64]int{}
	for _, y := range a.Facet["year"] {
		years[y.Value.(float64)] = y.Count
	}
	if years[2018] != 2 || years[2019] != 2 {
		t.Errorf("years = %v", years)
	}
	all := decode[searchAnswer](t, get("/api/search?size=1"))
	cg, ok := facetOf(all, "unit", "区城管局")
	if names := spellingNames(cg); !ok || cg.Count != 4 || !slices.Contains(names, "区城管局") || !slices.Contains(names, "区城市管理局") || len(names) != 2 {
		t.Errorf("unit facet 区城管局 = %+v", cg)
	}
	if _, ok := facetOf(all, "unit", "区城市管理局"); ok {
		t.Error("区城市管理局 is still a facet value of its own")
	}
	jx, _ := facetOf(all, "unit", "区经信局")
	if jx.Count != 20 || len(jx.Spellings) != 2 {
		t.Errorf("区经信局 with 余杭区经济和信息化局 = %+v", jx)
	}
	if zw, _ := facetOf(all, "leader", "祝振伟"); zw.Count != 58 {
		t.Errorf("leader 祝振伟 across titles = %+v", zw)
	}
	units := decode[[]index.UnitGroup](t, get("/api/units"))
	var cgu *index.UnitGroup
	for i := range units {
		if units[i].Name == "区城管局" {
			cgu = &units[i]
		}
	}
	if cgu == nil || cgu.Tasks != 4 || len(cgu.Spellings) != 2 || len(cgu.Variants) != 2 {
		t.Errorf("/api/units 区城管局 = %+v", cgu)
	}
	st := decode[index.Stats](t, get("/api/stats"))
	if sp := st.Spellings["区城管局"]; len(sp) != 2 {
		t.Errorf("stats spellings = %v", st.Spellings)
	}
	// Renamed: proposed, not applied.
	eco := decode[searchAnswer](t, get("/api/search?unit="+url.QueryEscape("区生态环境分局")))
	if eco.Total != 3 {
		t.Errorf("before the merge, 区生态环境分局 has %d tasks, want its 2019 3", eco.Total)
	}
	var voc VocabularyResult
	voc = decode[VocabularyResult](t, get("/api/vocabulary"))
	var accept *vocab.Proposal
	for i, p := range voc.Proposals {
		if p.Merge.Name == "区生态环境分局" && slices.Equal(p.Merge.Names, []string{"区环保局"}) {
			accept = &voc.Proposals[i]
		}
	}
	if accept == nil || accept.Reason != vocab.ReasonRename {
		t.Fatalf("no rename proposed: %+v", voc.Proposals)
	}
	cmpBefore := decode[index.Comparison](t, get("/api/compare?from="+s.Store.Documents()[1].ID+"&to=2019-renamed"))
	// Accepted.
	v := voc.Vocabulary
	v.Units = append(v.Units, accept.Merge)
	body, _ := json.Marshal(VocabularyPut{Vocabulary: v, Revision: voc.Revision})
	if r := do(t, h, http.MethodPut, "/api/vocabulary", bytes.NewReader(body), map[string]string{"Content-Type": "application/json"}); r.status != http.StatusOK {
		t.Fatalf("put: %d %s", r.status, r.body)
	}
	eco = decode[searchAnswer](t, get("/api/search?unit="+url.QueryEscape("区生态环境分局")))
	if eco.Total != 6 {
		t.Errorf("after the merge, 区生态环境分局 has %d tasks, want 3 a year", eco.Total)
	}
	if eco2 := decode[searchAnswer](t, get("/api/search?unit="+url.QueryEscape("区环保局"))); eco2.Total != 6 {
		t.Errorf("the old name finds %d", eco2.Total)
	}
	voc = decode[VocabularyResult](t, get("/api/vocabulary"))
	for _, p := range voc.Proposals {
		if p.ID == accept.ID {
			t.Error("an accepted proposal is still proposed")
		}
	}
	cmp := decode[index.Comparison](t, get("/api/compare?from="+s.Store.Documents()[1].ID+"&to=2019-renamed"))
	// Carried over but for 区农业局's 7 tasks (区农业农村局 not merged yet);
	// before the merge, 区环保局's 3 changed too.
	if cmp.Counts[index.Carried] != 76 || cmp.Counts[index.Changed] != 7 || cmpBefore.Counts[index.Changed] != 10 {
		t.Errorf("compare by identity: %v (before the merge %v)", cmp.Counts, cmpBefore.Counts)
	}
	for _, p := range cmp.Pairs {
		if p.Class == index.Changed && !slices.Equal(p.UnitsAdded, []string{"区农业农村局"}) {
			t.Errorf("changed: %+v", p)
		}
	}
}

func TestVocabularyAPI(t *testing.T) {
	_, h := MustOpenVocabularyServer(t, testToken, true)
	auth := map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "application/json"}
	voc := decode[VocabularyResult](t, do(t, h, http.MethodGet, "/api/vocabulary", nil, nil))
	if voc.Revision == "" || len(voc.Starter) < 40 || voc.Vocabulary == nil || !voc.Writable {
		t.Fatalf("vocabulary = %+v", voc)
	}
	put := func(v *vocab.Vocabulary, rev string, header map[string]string) response {
		body, _ := json.Marshal(VocabularyPut{Vocabulary: v, Revision: rev})
		return do(t, h, http.MethodPut, "/api/vocabulary", bytes.NewReader(body), header)
	}
	mine := &vocab.Vocabulary{Synonyms: []vocab.Synonym{{Words: []string{"CXKC", "杭州城西科创大走廊"}}}}
	// The token rule: like every other write.
	for _, tc := range []struct {
		name   string
		header map[string]string
		status int
		code   string
	}{
		{"no token", map[string]string{"Content-Type": "application/json"}, 401, ingest.EAUTH},
		{"wrong token", map[string]string{"Authorization": "Bearer nope", "Content-Type": "application/json"}, 401, ingest.EAUTH},
		{"another site", map[string]string{"Authorization": "Bearer " + testToken, "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}, 403, ingest.EFORBIDDEN},
	} {
		r := put(mine, "", tc.header)
		if r.status != tc.status || decode[ErrorBody](t, r).Error.Code != tc.code {
			t.Errorf("%s: %d %s", tc.name, r.status, r.body)
		}
	}
	r := put(mine, voc.Revision, auth)
	if r.status != http.StatusOK {
		t.Fatalf("put: %d %s", r.status, r.body)
	}
	// Applied at once: the synonym finds task 1 (杭州城西科创大走廊) and says so.
	a := decode[searchAnswer](t, do(t, h, http.MethodGet, "/api/search?q=CXKC", nil, nil))
	if a.Total == 0 || a.Hits[0]["seq"] != float64(1) || !slices.Equal(a.Hits[0]["synonyms"].([]any), []any{"杭州城西科创大走廊"}) {
		t.Errorf("CXKC = %d hits, first %v", a.Total, a.Hits)
	}
	// Saved over another's edit: refused.
	if r := put(mine, voc.Revision, auth); r.status != http.StatusConflict {
		t.Errorf("stale revision: %d %s", r.status, r.body)
	}
	// Bad input: 400, the vocabulary unchanged.
	for _, body := range []string{`{`, `{"vocabulary":null}`, `{"vocabulary":{"units":[{"name":"甲局"}]}}`, `{"vocabulary":{},"extra":1}`} {
		r := do(t, h, http.MethodPut, "/api/vocabulary", strings.NewReader(body), auth)
		if r.status != http.StatusBadRequest || decode[ErrorBody](t, r).Error.Code != ingest.EINVALID {
			t.Errorf("%s: %d %s", body, r.status, r.body)
		}
	}
	// Export and import the file.
	file := do(t, h, http.MethodGet, "/api/vocabulary?format=text", nil, nil)
	if file.status != http.StatusOK || !strings.Contains(string(file.body), "CXKC = 杭州城西科创大走廊") ||
		!strings.Contains(file.header.Get("Content-Disposition"), "attachment") || !strings.Contains(string(file.body), "CXKC") {
		t.Fatalf("export: %d %s", file.status, file.body)
	}
	imported := strings.Replace(string(file.body), "[单位]\n", "[单位]\n区生态环境分局 = 区环保局\n", 1)
	r = do(t, h, http.MethodPut, "/api/vocabulary", strings.NewReader(imported), map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "text/plain; charset=utf-8"})
	if r.status != http.StatusOK {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	units := decode[[]index.UnitGroup](t, do(t, h, http.MethodGet, "/api/units", nil, nil))
	if !slices.ContainsFunc(units, func(u index.UnitGroup) bool { return u.Name == "区生态环境分局" && u.Tasks == 3 }) {
		t.Errorf("imported rename not applied: %+v", units)
	}
	r = do(t, h, http.MethodPut, "/api/vocabulary", strings.NewReader("[单位]\n坏\n"), map[string]string{"Authorization": "Bearer " + testToken, "Content-Type": "text/plain"})
	if r.status != http.StatusBadRequest || !strings.Contains(decode[ErrorBody](t, r).Error.Message, "第 2 行") {
		t.Errorf("a bad file: %d %s", r.status, r.body)
	}
	if r := do(t, h, http.MethodGet, "/api/vocabulary?format=xml", nil, nil); r.status != http.StatusBadRequest {
		t.Errorf("format=xml: %d", r.status)
	}
	// Writes off: refused.
	_, ro := MustOpenVocabularyServer(t, "", false)
	if r := do(t, ro, http.MethodPut, "/api/vocabulary", strings.NewReader(`{"vocabulary":{}}`), nil); r.status != http.StatusForbidden {
		t.Errorf("writes off: %d %s", r.status, r.body)
	}
	// Without a vocabulary: not found, search as before.
	_, plain := MustOpenServer(t, "", true)
	if r := do(t, plain, http.MethodGet, "/api/vocabulary", nil, nil); r.status != http.StatusNotFound {
		t.Errorf("no vocabulary: %d", r.status)
	}
}

type suggestAnswer struct {
	Q           string `json:"q"`
	Suggestions []struct {
		Text, Kind, Value, Match string
		Count                    int
	} `json:"suggestions"`
}

func TestSuggestAPI(t *testing.T) {
	s, h := MustOpenVocabularyServer(t, "", true, renamedYear(t))
	first := func(q string) (string, string, string) {
		t.Helper()
		r := do(t, h, http.MethodGet, "/api/suggest?q="+url.QueryEscape(q), nil, nil)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", q, r.status, r.body)
		}
		a := decode[suggestAnswer](t, r)
		if len(a.Suggestions) == 0 {
			return "", "", ""
		}
		return a.Suggestions[0].Text, a.Suggestions[0].Kind, a.Suggestions[0].Match
	}
	tests := []struct{ q, text, kind, match string }{
		{"zzw", "祝振伟", "leader", "initials"},
		{"zhuzhen", "祝振伟", "leader", "pinyin"},
		{"zenghong", "曾宏", "leader", "pinyin"},
		{"ywg", "於卫国", "leader", "initials"},
		{"ljfl", "垃圾分类", "term", "initials"},
		{"垃圾分", "垃圾分类", "term", "prefix"},
		{"区城", "区城管局", "unit", "prefix"},
		{"政府工作报告", "2019年《政府工作报告》工作任务分解表", "title", "contains"}, // the newer first
	}
	for _, tc := range tests {
		text, kind, match := first(tc.q)
		if text != tc.text || kind != tc.kind || match != tc.match {
			t.Errorf("%s: first %s (%s, %s), want %s (%s, %s)", tc.q, text, kind, match, tc.text, tc.kind, tc.match)
		}
	}
	// a unit's spellings are one suggestion, valued by its identity
	a := decode[suggestAnswer](t, do(t, h, http.MethodGet, "/api/suggest?q="+url.QueryEscape("区城"), nil, nil))
	n := 0
	for _, s := range a.Suggestions {
		if s.Value == "区城管局" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("区城: %+v", a.Suggestions)
	}
	for _, bad := range []string{"/api/suggest?q=a&n=0", "/api/suggest?q=a&n=99", "/api/suggest?q=a&n=x", "/api/suggest?q=%ff"} {
		if r := do(t, h, http.MethodGet, bad, nil, nil); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
	if a := decode[suggestAnswer](t, do(t, h, http.MethodGet, "/api/suggest?q=", nil, nil)); a.Suggestions == nil || len(a.Suggestions) != 0 {
		t.Errorf("empty q: %+v", a)
	}
	// Rebuilt when documents change: next year's notice with a new leader.
	if text, _, _ := first("xiexiao"); text != "" {
		t.Fatalf("before the upload: %s", text)
	}
	next := strings.ReplaceAll(strings.ReplaceAll(string(seeds.Notice()), "2018", "2020"), "祝振伟", "解晓东")
	if r := uploadTo(t, h, "as_new=true", "2020.txt", []byte(next)); r.status != http.StatusOK && r.status != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	// the page is served the last index while the next is built; build it
	// here rather than wait for it
	if _, err := s.rebuildSuggestions(context.Background()); err != nil {
		t.Fatal(err)
	}
	if text, kind, _ := first("xiexiao"); text != "解晓东" || kind != "leader" {
		t.Errorf("after the upload, xiexiao = %s %s (解 read as a surname: xie)", text, kind)
	}
}

// TestChaseAndProgressByIdentity: the 催办 list and the progress overview
// group a unit (and a leader) as the search's facets do, by the identity
// the office's vocabulary counts it under, a task once.
func TestChaseAndProgressByIdentity(t *testing.T) {
	doc := renamedYear(t)
	want := 0
	for i := range doc.Tasks {
		tk := &doc.Tasks[i]
		tk.Status = progress.StatusUnreported
		// half the city administration's tasks keep the old spelling
		for j, u := range tk.Units {
			if u == "区城市管理局" && tk.Seq%2 == 0 {
				tk.Units[j], tk.UnitGroups[j] = "区城管局", "区城管局"
			}
		}
		if slices.ContainsFunc(tk.UnitGroups, func(g string) bool { return g == "区城管局" || g == "区城市管理局" }) {
			want++
		}
	}
	_, h := MustOpenVocabularyServer(t, "", true, doc)
	for _, path := range []string{"/api/chase?year=2019", "/api/chase?year=2019&unit=" + url.QueryEscape("区城市管理局")} {
		ch := decode[ChaseAnswer](t, do(t, h, "GET", path, nil, nil))
		got := map[string]int{}
		for _, u := range ch.Units {
			got[u.Unit] = len(u.Tasks)
		}
		if got["区城管局"] != want || got["区城市管理局"] != 0 {
			t.Errorf("%s: 区城管局 %d tasks (want %d), 区城市管理局 %d", path, got["区城管局"], want, got["区城市管理局"])
		}
	}
	st := decode[ProgressStats](t, do(t, h, "GET", "/api/progress/stats?year=2019", nil, nil))
	names := func(list []StatusCounts) map[string]int {
		out := map[string]int{}
		for _, sc := range list {
			out[sc.Name] = sc.Total
		}
		return out
	}
	if u := names(st.Units); u["区城管局"] != want || u["区城市管理局"] != 0 {
		t.Errorf("progress by unit: 区城管局 %d (want %d), 区城市管理局 %d", u["区城管局"], want, u["区城市管理局"])
	}
	if l := names(st.Leaders); l["祝振伟"] == 0 || l["祝振伟副区长"] != 0 {
		t.Errorf("progress by leader: %v", l)
	}
}
