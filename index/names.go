package index

import (
	"context"
	"fmt"

	"github.com/duban/duban/ingest"
)

// maxNames bounds the leader and unit lists; a district has a few hundred.
const maxNames = 5000

// NameCount is a leader or unit and how many tasks it leads.
type NameCount struct {
	Name  string `json:"name"`
	Tasks int    `json:"tasks"`
}

// UnitGroup is a unit's base name, its task count, and the names it is
// written as (区住建局, 区住建局(规划分局)).
type UnitGroup struct {
	Name     string      `json:"name"`
	Tasks    int         `json:"tasks"`
	Variants []NameCount `json:"variants"`
	// Spellings are the base names counted under one identity of the
	// office's vocabulary (UnitsAs), when it has more than its own.
	Spellings []NameCount `json:"spellings,omitempty"`
}

// Leaders lists every leader with the number of tasks they lead, most first.
func (s *Store) Leaders(ctx context.Context) ([]NameCount, error) {
	f, err := s.facets(ctx, fieldLeaders)
	if err != nil {
		return nil, err
	}
	return f[fieldLeaders], nil
}

// Units lists every unit group (base name) with its task count and variants,
// most tasks first.
func (s *Store) Units(ctx context.Context) ([]UnitGroup, error) {
	f, err := s.facets(ctx, fieldUnitGroups, fieldUnits)
	if err != nil {
		return nil, err
	}
	groups := make([]UnitGroup, 0, len(f[fieldUnitGroups]))
	at := map[string]int{}
	for _, g := range f[fieldUnitGroups] {
		at[g.Name] = len(groups)
		groups = append(groups, UnitGroup{Name: g.Name, Tasks: g.Tasks, Variants: []NameCount{}})
	}
	for _, u := range f[fieldUnits] {
		if i, ok := at[ingest.UnitGroup(u.Name)]; ok {
			groups[i].Variants = append(groups[i].Variants, u)
		}
	}
	return groups, nil
}

// facets counts the values of keyword fields over all tasks, most first.
func (s *Store) facets(ctx context.Context, fields ...string) (_ map[string][]NameCount, err error) {
	defer recoverRead(&err)
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.release()
	out := map[string][]NameCount{}
	for _, f := range fields {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		counts, err := v.termCounts(f)
		if err != nil {
			return nil, fmt.Errorf("cannot count names: %w", err)
		}
		list := make([]NameCount, 0, len(counts))
		for _, fv := range topValues(counts, maxNames) {
			list = append(list, NameCount{Name: fv.Value.(string), Tasks: fv.Count})
		}
		out[f] = list
	}
	return out, nil
}

// TaskCount returns how many tasks the index holds.
func (s *Store) TaskCount() (uint64, error) {
	s.idxMu.RLock()
	defer s.idxMu.RUnlock()
	if s.idx == nil {
		return 0, fmt.Errorf("索引暂不可用: %w", s.broken)
	}
	return s.idx.DocCount()
}
