package vocab

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/duban/duban/index"
)

// Why two unit identities are proposed as one (Proposal.Reason).
const (
	ReasonRename  = "rename"  // a known rename of an institutional reform
	ReasonLevel   = "level"   // one body at two levels, or with and without one
	ReasonBracket = "bracket" // one names the other in brackets, of another kind
	ReasonKind    = "kind"    // one body as 局, 委 or 办
)

// reasonText says each reason to the office.
var reasonText = map[string]string{
	ReasonRename:  "机构改革更名",
	ReasonLevel:   "名称相同、层级不同或未写层级",
	ReasonBracket: "一个名称写在另一个的括号里",
	ReasonKind:    "名称相同、机构类型不同(局、委、办)",
}

// Proposal is a merge duban is not sure of: the office accepts it (a
// Merge in its vocabulary) or rejects it (a pair in Apart).
type Proposal struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
	// Text says the reason in Chinese.
	Text string `json:"text"`
	// Merge is what accepting adds to the vocabulary: the name to show
	// (for a rename, the new one) and the other.
	Merge Merge             `json:"merge"`
	Units []index.NameCount `json:"units"` // both, with their task counts
}

// renames are the unit renames of the 2018–2019 institutional reform (and
// mergers into one new body), as old and new bodies after shortening.
var renames = [][2]string{
	{"环保局", "生态环境分局"},
	{"环保局", "生态环境局"},
	{"农业局", "农业农村局"},
	{"海洋与渔业局", "农业农村局"},
	{"文广新闻出版局", "文广旅体局"},
	{"旅游局", "文广旅体局"},
	{"体育局", "文广旅体局"},
	{"文广新闻出版局", "文化和旅游局"},
	{"旅游局", "文化和旅游局"},
	{"卫计局", "卫健局"},
	{"卫计委", "卫健委"},
	{"安监局", "应急局"},
	{"国土局", "自然资源局"},
	{"国土局", "规划和自然资源局"},
	{"国土局", "自然资源和规划局"},
	{"规划局", "规划和自然资源局"},
	{"规划局", "自然资源和规划局"},
	{"国土分局", "规划和自然资源分局"},
	{"工商局", "市场监管局"},
	{"质监局", "市场监管局"},
	{"食药监局", "市场监管局"},
	{"法制办", "司法局"},
	{"物价局", "发改局"},
	{"城管局", "综合执法局"},
	{"民政局", "退役军人局"},
}

// proposed is one likeness found while building.
type proposed struct{ a, b, reason string }

// proposeUnits finds the likenesses between unit identities that are not
// sure enough to merge, and leaves out those the vocabulary has decided.
func (l *Lexicon) proposeUnits(v *Vocabulary, groups []index.UnitGroup, uf unionFind, rootName map[string]string, found []proposed) []Proposal {
	type keyed struct {
		key  unitKey
		root string
	}
	var ks []keyed
	for _, g := range groups {
		ks = append(ks, keyed{l.key(g.Name), uf.find(g.Name)})
	}
	byBody := map[string][]keyed{}
	for _, k := range ks {
		byBody[k.key.body] = append(byBody[k.key.body], k)
	}
	for _, same := range byBody {
		for i := range same {
			for j := i + 1; j < len(same); j++ {
				if same[i].key.level != same[j].key.level {
					found = append(found, proposed{same[i].root, same[j].root, ReasonLevel})
				}
			}
		}
	}
	for _, r := range renames {
		for _, o := range byBody[r[0]] {
			for _, n := range byBody[r[1]] {
				if o.key.level == n.key.level || o.key.level == "" || n.key.level == "" {
					found = append(found, proposed{o.root, n.root, ReasonRename})
				}
			}
		}
	}
	for _, k := range ks {
		body := k.key.body
		for _, from := range []string{"局", "委", "办"} {
			stem, ok := strings.CutSuffix(body, from)
			if !ok || stem == "" {
				continue
			}
			for _, to := range []string{"局", "委", "办"} {
				if to == from {
					continue
				}
				for _, o := range byBody[stem+to] {
					if o.key.level == k.key.level && from < to {
						found = append(found, proposed{k.root, o.root, ReasonKind})
					}
				}
			}
		}
	}
	apart := map[[2]string]bool{}
	for _, p := range v.Apart {
		a, b := l.UnitIdentity(p[0]), l.UnitIdentity(p[1])
		if a == "" {
			a = p[0]
		}
		if b == "" {
			b = p[1]
		}
		apart[[2]string{a, b}], apart[[2]string{b, a}] = true, true
	}
	tasks := map[string]int{}
	for _, id := range l.units.list() {
		tasks[id.Name] = id.Tasks
	}
	for _, g := range groups {
		if id := l.units.of[g.Name]; id != "" {
			if _, ok := tasks[id]; !ok {
				tasks[id] = g.Tasks
			}
		}
	}
	seen := map[[2]string]bool{}
	var out []Proposal
	for _, f := range found {
		a, b := rootName[uf.find(f.a)], rootName[uf.find(f.b)]
		if a == "" || b == "" || a == b || apart[[2]string{a, b}] {
			continue
		}
		pair := [2]string{min(a, b), max(a, b)}
		if seen[pair] {
			continue
		}
		seen[pair] = true
		p := Proposal{Reason: f.reason, Text: reasonText[f.reason],
			Units: []index.NameCount{{Name: a, Tasks: tasks[a]}, {Name: b, Tasks: tasks[b]}}}
		// shown: the new name of a rename, else the unit of more tasks
		show, other := a, b
		if f.reason == ReasonRename || f.reason != ReasonRename && (tasks[b] > tasks[a] || tasks[b] == tasks[a] && b < a) {
			show, other = b, a
		}
		p.Merge = Merge{Name: show, Names: []string{other}}
		h := fnv.New64a()
		fmt.Fprintf(h, "%s\x00%s", pair[0], pair[1])
		p.ID = fmt.Sprintf("%016x", h.Sum64())
		out = append(out, p)
	}
	order := map[string]int{ReasonRename: 0, ReasonBracket: 1, ReasonLevel: 2, ReasonKind: 3}
	slices.SortFunc(out, func(x, y Proposal) int {
		if d := order[x.Reason] - order[y.Reason]; d != 0 {
			return d
		}
		tx, ty := x.Units[0].Tasks+x.Units[1].Tasks, y.Units[0].Tasks+y.Units[1].Tasks
		if tx != ty {
			return ty - tx
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out
}
