package api

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
)

// dueNoticeText is a 2019 notice with a 完成时限 column: dates by month,
// by quarter of the year, the whole year, and none (长期坚持); one unit
// written with full-width brackets.
const dueNoticeText = `2019年《政府工作报告》工作任务分解表
序号 | 重点工作任务 | 牵头领导 | 牵头单位 | 完成时限
1 | 全面推行垃圾分类,生活垃圾分类覆盖面达到100%。 | 王艳勤 | 区城管局 | 2019年6月底
2 | 完成城中村改造项目5个。 | 於卫国 | 区住建局（规划分局） | 2019年9月底前
3 | 推进数字经济发展,数字经济核心产业增加值增长15%。 | 祝振伟 | 区经信局 | 全年
4 | 坚持生态优先,守护绿水青山。 | 祝振伟 | 区环保局 | 长期坚持
5 | 完成城市道路综合整治。 | 於卫国 | 区城管局 | 2019年3月
6 | 新建公园绿地10处。 | 王艳勤 | 区住建局 | 2019年6月15日
`

// serverWithDueNotice is the seed plus dueNoticeText.
func serverWithDueNotice(t *testing.T) (*Server, func(target string) searchBody) {
	t.Helper()
	s, h := MustOpenServer(t, "", true)
	if r := upload(t, h, "2019年任务.txt", []byte(dueNoticeText), nil); r.status != 201 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	return s, func(target string) searchBody {
		t.Helper()
		r := do(t, h, "GET", target, nil, nil)
		if r.status != 200 {
			t.Fatalf("%s: %d %s", target, r.status, r.body)
		}
		return decode[searchBody](t, r)
	}
}

func facetValues(b searchBody, facet string) []string {
	var out []string
	for _, v := range b.Facets[facet] {
		out = append(out, fmt.Sprint(v["value"])+":"+fmt.Sprint(v["count"]))
	}
	return out
}

// TestSearchSort: sort=relevance|order|due through the API; order lists a
// leader's tasks the same whether typed or filtered; due puts the earliest
// first and tasks without a date last; ties by year, document, seq.
func TestSearchSort(t *testing.T) {
	_, get := serverWithDueNotice(t)
	typed := get("/api/search?q=" + url.QueryEscape("祝振伟") + "&sort=order&size=100")
	filtered := get("/api/search?leader=" + url.QueryEscape("祝振伟") + "&sort=order&size=100")
	if !slices.Equal(hitIDs(typed), hitIDs(filtered)) || typed.Total != 31 {
		t.Errorf("祝振伟 typed %v, filtered %v: sort=order must list the same order", hitSeqs(typed), hitSeqs(filtered))
	}
	if y := typed.Hits[0]["year"]; y != 2019.0 || hitSeqs(typed)[0] != 3 || hitSeqs(typed)[2] != 1 {
		t.Errorf("sort=order: newest year first, then 序号: %v", hitSeqs(typed))
	}
	due := get("/api/search?year=2019&sort=due")
	if got := hitSeqs(due); !slices.Equal(got, []int{5, 6, 1, 2, 3, 4}) {
		t.Errorf("sort=due: %v, want 3月, 6月15日, 6月底, 9月底, 全年, 长期坚持", got)
	}
	rel := get("/api/search?q=" + url.QueryEscape("垃圾分类") + "&sort=relevance")
	if rel.Hits[0]["year"] != 2019.0 && rel.Hits[0]["seq"] != 49.0 {
		t.Errorf("relevance: %v", rel.Hits[0])
	}
	if get("/api/search?q="+url.QueryEscape("垃圾分类")).Total != rel.Total {
		t.Error("sort=relevance differs from the default")
	}
}

func hitIDs(b searchBody) []string {
	var out []string
	for _, h := range b.Hits {
		out = append(out, h["id"].(string))
	}
	return out
}

// TestFacetLogic: two values of one facet are OR, two facets AND, the same
// way for leader, unit, year, doc and due; a facet keeps offering its other
// values with the counts they would add; years and months in their order.
func TestFacetLogic(t *testing.T) {
	s, get := serverWithDueNotice(t)
	total := func(q string) int { return get("/api/search?size=0&" + q).Total }
	e := url.QueryEscape
	zhu, wang := total("leader="+e("祝振伟")), total("leader="+e("王艳勤"))
	if n := total("leader=" + e("祝振伟") + "&leader=" + e("王艳勤")); n != zhu+wang {
		t.Errorf("two leaders: %d, want %d + %d", n, zhu, wang)
	}
	cg, zj := total("unit="+e("区城管局")), total("unit="+e("区住建局"))
	if n := total("unit=" + e("区城管局") + "&unit=" + e("区住建局")); n <= max(cg, zj) || n > cg+zj {
		t.Errorf("two units: %d, want either's tasks (%d, %d)", n, cg, zj)
	}
	if n := total("year=2018&year=2019"); n != 89 {
		t.Errorf("two years: %d", n)
	}
	docs := s.Store.Documents()
	if n := total("doc=" + docs[0].ID + "&doc=" + docs[1].ID); n != 89 {
		t.Errorf("two documents: %d", n)
	}
	if n := total("due=2019-03&due=2019-06"); n != 3 {
		t.Errorf("two months: %d", n)
	}
	// Different facets: AND.
	if n := total("unit=" + e("区城管局") + "&year=2019"); n != 2 {
		t.Errorf("unit and year: %d", n)
	}
	if n := total("leader=" + e("王艳勤") + "&due=2019-06"); n != 2 {
		t.Errorf("leader and month: %d", n)
	}
	// A facet is counted without its own filter; the others with it.
	b := get("/api/search?size=0&unit=" + e("区城管局") + "&year=2019")
	units := facetValues(b, "unit")
	if !slices.Contains(units, "区住建局:2") || !slices.Contains(units, "区城管局:2") {
		t.Errorf("unit facet under unit=区城管局&year=2019: %v (the other units of 2019 stay offered)", units)
	}
	if years := facetValues(b, "year"); !slices.Equal(years, []string{"2019:2", "2018:2"}) {
		t.Errorf("year facet: %v (区城管局's tasks per year, newest first)", years)
	}
	if leaders := facetValues(b, "leader"); !slices.Equal(leaders, []string{"王艳勤:1", "於卫国:1"}) && !slices.Equal(leaders, []string{"於卫国:1", "王艳勤:1"}) {
		t.Errorf("leader facet: %v", leaders)
	}
	if months := facetValues(get("/api/search?size=0&due=2019-06"), "due"); !slices.Equal(months, []string{"2019-03:1", "2019-06:2", "2019-09:1", "2019-12:1"}) {
		t.Errorf("due facet under due=2019-06: %v", months)
	}
	// The year facet is ordered by year, not by count.
	if years := facetValues(get("/api/search?size=0"), "year"); !slices.Equal(years, []string{"2019:6", "2018:83"}) {
		t.Errorf("year facet: %v", years)
	}
}

// TestDueDates: a notice's 完成时限 becomes due; due_before and due_after
// bound it (inclusive), and "by the end of June" is one request.
func TestDueDates(t *testing.T) {
	_, get := serverWithDueNotice(t)
	b := get("/api/search?year=2019&sort=order")
	due := map[int]string{}
	for _, h := range b.Hits {
		due[int(h["seq"].(float64))] = h["due"].(string)
	}
	want := map[int]string{1: "2019-06-30", 2: "2019-09-30", 3: "2019-12-31", 4: "", 5: "2019-03-31", 6: "2019-06-15"}
	for seq, d := range want {
		if due[seq] != d {
			t.Errorf("task %d due %q, want %q", seq, due[seq], d)
		}
	}
	for _, c := range []struct {
		q    string
		want []int
	}{
		{"due_before=2019-06-30", []int{1, 5, 6}},
		{"due_before=2019-06-29", []int{5, 6}},
		{"due_after=2019-06-30", []int{1, 2, 3}},
		{"due_after=2019-04-01&due_before=2019-09-30", []int{1, 2, 6}},
		{"due=2019-06", []int{1, 6}},
		{"due=2019-06&due_after=2019-06-20", []int{1}},
	} {
		got := hitSeqs(get("/api/search?sort=order&" + c.q))
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.q, got, c.want)
		}
	}
}

// TestFullWidthFilters: the unit filter takes full-width brackets (as most
// input methods type them) through the API, and finds units the notice
// wrote with either kind.
func TestFullWidthFilters(t *testing.T) {
	_, get := serverWithDueNotice(t)
	full := get("/api/search?size=100&year=2018&unit=" + url.QueryEscape("区住建局（规划分局）"))
	ascii := get("/api/search?size=100&year=2018&unit=" + url.QueryEscape("区住建局(规划分局)"))
	if full.Total == 0 || !slices.Equal(hitIDs(full), hitIDs(ascii)) {
		t.Errorf("full-width %d tasks, ASCII %d", full.Total, ascii.Total)
	}
	// The 2019 notice wrote it full-width (ingest keeps the name with ASCII
	// brackets): both filters find it.
	if b := get("/api/search?year=2019&unit=" + url.QueryEscape("区住建局(规划分局)")); b.Total != 1 || hitSeqs(b)[0] != 2 {
		t.Errorf("ASCII filter on a full-width unit: %v", hitSeqs(b))
	}
}

// TestFacetsOnly: size=0 answers the total and every facet, no hits.
func TestFacetsOnly(t *testing.T) {
	_, get := serverWithDueNotice(t)
	b := get("/api/search?size=0&q=" + url.QueryEscape("建设"))
	full := get("/api/search?size=100&q=" + url.QueryEscape("建设"))
	if len(b.Hits) != 0 || b.Total != full.Total || b.Total == 0 {
		t.Errorf("size=0: %d hits, total %d (want %d)", len(b.Hits), b.Total, full.Total)
	}
	for _, f := range []string{"leader", "unit", "year", "doc", "due"} {
		if _, ok := b.Facets[f]; !ok {
			t.Errorf("size=0 lacks facet %s", f)
		}
	}
}
