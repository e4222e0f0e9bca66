package index

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// LeaderUnit is a leader and a unit group with the tasks they lead together.
type LeaderUnit struct {
	Leader string `json:"leader"`
	Unit   string `json:"unit"`
	Tasks  int    `json:"tasks"`
}

// Stats is the overview of the tasks a request's filters select: the load
// on each leader, unit group and year, how many tasks set quantitative
// targets, and the leaders and units that share most tasks.
type Stats struct {
	Tasks       uint64       `json:"tasks"`
	WithTargets int          `json:"with_targets"`
	Leaders     []NameCount  `json:"leaders"`
	Units       []NameCount  `json:"units"`
	Years       []NameCount  `json:"years"`
	Pairs       []LeaderUnit `json:"pairs"`
}

// Stats counts over every task the request's filters select (its free text
// too); From and Size are ignored.
func (s *Store) Stats(ctx context.Context, req Request) (*Stats, error) {
	req.From, req.Size = 0, 1
	if err := req.validate(); err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(s.buildQuery(req, splitQuery(req.Query)), 0, 0, false)
	facets := map[string]int{fieldLeaders: 200, fieldUnitGroups: 300, fieldYear: 50, fieldHasTargets: 2, fieldPairs: 20}
	for f, n := range facets {
		sr.AddFacet(f, bleve.NewFacetRequest(f, n))
	}
	res, err := s.idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("cannot count: %w", err)
	}
	list := func(f string) []NameCount {
		out := []NameCount{}
		if fr := res.Facets[f]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				out = append(out, NameCount{Name: t.Term, Tasks: t.Count})
			}
		}
		return out
	}
	st := &Stats{Tasks: res.Total, Leaders: list(fieldLeaders), Units: list(fieldUnitGroups), Years: list(fieldYear), Pairs: []LeaderUnit{}}
	for _, v := range list(fieldHasTargets) {
		if v.Name == "yes" {
			st.WithTargets = v.Tasks
		}
	}
	for _, p := range list(fieldPairs) {
		if l, u, ok := strings.Cut(p.Name, pairSep); ok {
			st.Pairs = append(st.Pairs, LeaderUnit{Leader: l, Unit: u, Tasks: p.Tasks})
		}
	}
	return st, nil
}
