package index

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	// Spellings are, for each leader or unit counted under an identity of
	// the office's vocabulary that merges other names, those names with
	// their own counts.
	Spellings map[string][]NameCount `json:"spellings,omitempty"`
}

// Stats counts over every task the request's filters select (its free text
// too); From and Size are ignored.
func (s *Store) Stats(ctx context.Context, req Request) (_ *Stats, err error) {
	defer recoverRead(&err)
	req.From, req.Size = 0, 1
	if err := req.validate(); err != nil {
		return nil, err
	}
	if matchesNothing(req.Query, splitQuery(req.Query)) {
		return &Stats{Leaders: []NameCount{}, Units: []NameCount{}, Years: []NameCount{}, Pairs: []LeaderUnit{}}, nil
	}
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.release()
	m, err := s.newPlan(req, splitQuery(req.Query)).run(ctx, v)
	if err != nil {
		return nil, fmt.Errorf("cannot count: %w", err)
	}
	defer m.release()
	leaders, err := m.byIdentity(m.countLeaders(), fieldLeaders, maxNames)
	if err != nil {
		return nil, err
	}
	units, err := m.byIdentity(m.countGroups(), fieldUnitGroups, maxNames)
	if err != nil {
		return nil, err
	}
	years := map[string]int{}
	for doc, n := range m.countDocs().byName() {
		years[strconv.Itoa(yearOfDocID(doc))] += n
	}
	st := &Stats{
		Tasks:       m.total,
		WithTargets: m.countTargets(),
		Leaders:     nameCounts(leaders), // every leader: the overview lists them all
		Units:       nameCounts(units),
		Years:       nameCounts(topValues(years, 50)),
		Pairs:       []LeaderUnit{},
		Spellings:   spellingsOf(leaders, units),
	}
	pairs := m.countPairsByIdentity()
	keys := make([][2]string, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if pairs[a] != pairs[b] {
			return pairs[b] - pairs[a]
		}
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	})
	for _, k := range keys[:min(len(keys), 20)] {
		st.Pairs = append(st.Pairs, LeaderUnit{Leader: k[0], Unit: k[1], Tasks: pairs[k]})
	}
	return st, nil
}
