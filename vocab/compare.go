package vocab

import (
	"slices"
	"strings"

	"github.com/duban/duban/index"
)

// Compare reads a year-over-year comparison by identity: a task whose lead
// units changed only in spelling (区环保局 → 区生态环境分局 after the office
// merged them, 区城管局 → 区城市管理局) has no units added or removed, and a
// changed task whose text, leaders and units are the same by identity is
// carried over. The counts follow. cmp is changed in place.
func (l *Lexicon) Compare(cmp *index.Comparison) {
	if cmp == nil {
		return
	}
	for i := range cmp.Pairs {
		p := &cmp.Pairs[i]
		if p.From == nil || p.To == nil {
			continue
		}
		from, to := l.unitIDs(p.From.Units), l.unitIDs(p.To.Units)
		p.UnitsAdded = l.unitsNotIn(p.To.Units, from)
		p.UnitsRemoved = l.unitsNotIn(p.From.Units, to)
		if p.Class == index.Changed && len(p.UnitsAdded) == 0 && len(p.UnitsRemoved) == 0 &&
			sameText(p.From.Text, p.To.Text) && slices.Equal(l.leaderIDs(p.From.Leaders), l.leaderIDs(p.To.Leaders)) {
			p.Class, p.Diff, p.Numbers = index.Carried, nil, nil
		}
	}
	for k := range cmp.Counts {
		cmp.Counts[k] = 0
	}
	for _, p := range cmp.Pairs {
		cmp.Counts[p.Class]++
	}
}

func (l *Lexicon) unitID(name string) string {
	if id := l.UnitIdentity(name); id != "" {
		return id
	}
	return name
}

func (l *Lexicon) unitIDs(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = l.unitID(n)
	}
	return out
}

// unitsNotIn lists the names whose identity is not among ids.
func (l *Lexicon) unitsNotIn(names, ids []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(ids, l.unitID(n)) {
			out = append(out, n)
		}
	}
	return out
}

func (l *Lexicon) leaderIDs(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if out[i] = l.LeaderIdentity(n); out[i] == "" {
			out[i] = leaderKey(n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sameText is index's: equal but for white space.
func sameText(a, b string) bool {
	return strings.Join(strings.Fields(a), "") == strings.Join(strings.Fields(b), "")
}
