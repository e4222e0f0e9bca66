package index

import (
	"context"
	"slices"
	"testing"
)

// The index serves the tasks' progress (package progress dresses them):
// status and period filter and facet like the other groups, and the words
// of the latest progress find the task.
func TestProgressFiltersFacetsAndText(t *testing.T) {
	s := MustOpenIndex(t)
	doc := MustParseSeed(t)
	doc.Progress = "rev-1"
	for i := range doc.Tasks {
		tk := &doc.Tasks[i]
		switch {
		case tk.Seq == 49:
			tk.Status, tk.Period, tk.Progress = "滞后", "2018-Q3", "末端处置设施选址受阻,尚未开工"
		case tk.Seq <= 10:
			tk.Status, tk.Period, tk.Progress = "已完成", "2018-H1", "已完成全年任务"
		case tk.Seq <= 20:
			tk.Status = "未报送"
		}
	}
	if _, err := s.Replace(doc); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, err := s.Search(ctx, Request{Status: []string{"滞后"}})
	if err != nil || r.Total != 1 || r.Hits[0].Seq != 49 || r.Hits[0].Status != "滞后" {
		t.Fatalf("status=滞后: %v %+v", err, r)
	}
	// the facet is counted without its own filter, so the other statuses
	// stay offered with their counts
	counts := map[string]int{}
	for _, v := range r.Facets[FacetStatus] {
		counts[v.Value.(string)] = v.Count
	}
	if counts["滞后"] != 1 || counts["已完成"] != 10 || counts["未报送"] != 10 {
		t.Errorf("status facet: %v", r.Facets[FacetStatus])
	}
	// two statuses are alternatives; with a unit, both groups hold
	r, _ = s.Search(ctx, Request{Status: []string{"滞后", "已完成"}, Size: 100})
	if r.Total != 11 {
		t.Errorf("two statuses: %d", r.Total)
	}
	r, _ = s.Search(ctx, Request{Status: []string{"滞后", "已完成"}, Units: []string{"区城管局"}})
	if r.Total != 1 || r.Hits[0].Seq != 49 {
		t.Errorf("status and unit: %+v", r.Hits)
	}
	// periods, newest year first, in time order
	r, _ = s.Search(ctx, Request{Period: []string{"2018-H1"}, Size: 100})
	var periods []string
	for _, v := range r.Facets[FacetPeriod] {
		periods = append(periods, v.Value.(string))
	}
	if r.Total != 10 || !slices.Equal(periods, []string{"2018-H1", "2018-Q3"}) {
		t.Errorf("period: %d %v", r.Total, periods)
	}
	// the progress text finds its task, and shows why
	r, err = s.Search(ctx, Request{Query: "选址受阻"})
	if err != nil || r.Total != 1 || r.Hits[0].Seq != 49 || r.Hits[0].ProgressHighlight != "末端处置设施<mark>选址受阻</mark>,尚未开工" {
		t.Errorf("progress text: %v %+v", err, r.Hits)
	}
}
