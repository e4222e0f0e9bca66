package vocab

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/duban/duban/index"
)

// Data is what the index holds that identities are built over.
type Data struct {
	// Units are the unit groups (base names) with their task counts and
	// the names they are written as (index.Store.Units).
	Units   []index.UnitGroup
	Leaders []index.NameCount
	// Issuers are the notices' issuers, whose place names a unit's name
	// may begin with.
	Issuers []string
	// Places are more place names to drop (tests, a caller that knows).
	Places []string
}

// Lexicon is the vocabulary applied to the data: every spelling's
// identity, the synonyms, and the merges proposed. It is built whole and
// never changed, so searches share it freely; it implements
// index.Vocabulary.
type Lexicon struct {
	places    []string
	units     identities
	leaders   identities
	synonyms  synonymTable
	proposals []Proposal
	starter   int // starter synonym groups on
}

// identities maps spellings to the identity they are one of.
type identities struct {
	of    map[string]string   // spelling (as written, base name, alias) → identity
	names map[string][]string // identity → every spelling, sorted
	// members are the identity's names found in the index (unit groups,
	// leaders) with their task counts, most first.
	members map[string][]index.NameCount
	byKey   map[string]string // a unit key → identity, for names not in the data
	// byBody maps a unit key's body to the identities with a spelling of
	// that body at any level (城管局 → 区城管局): a query may omit the level.
	byBody  map[string][]string
	decided map[string]bool // identities the vocabulary named
}

// Identity is one identity with the names under it, as the vocabulary page
// shows what duban merged.
type Identity struct {
	Name    string            `json:"name"`
	Tasks   int               `json:"tasks"`
	Members []index.NameCount `json:"members"`
	// Names are every spelling: members, names as written, bracketed
	// second names and the vocabulary's.
	Names []string `json:"names"`
	// Decided: the office's vocabulary names this identity.
	Decided bool `json:"decided"`
}

// unionFind joins names into identities.
type unionFind map[string]string

func (u unionFind) find(x string) string {
	for {
		p, ok := u[x]
		if !ok {
			u[x] = x
			return x
		}
		if p == x {
			return x
		}
		u[x] = u[p]
		x = p
	}
}

func (u unionFind) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	// the smaller name as root, so the result does not depend on order
	if rb < ra {
		ra, rb = rb, ra
	}
	u[rb] = ra
}

// Build applies a vocabulary (nil: none) to the data.
func Build(v *Vocabulary, d Data) *Lexicon {
	if v == nil {
		v = &Vocabulary{}
	}
	l := &Lexicon{}
	var places []string
	for _, is := range d.Issuers {
		for _, p := range PlacesOf(is) {
			if !contains(places, p) {
				places = append(places, p)
			}
		}
	}
	for _, p := range d.Places {
		if p = folded(p); p != "" && !contains(places, p) {
			places = append(places, p)
		}
	}
	sortLongestFirst(places)
	l.places = places
	l.buildUnits(v, d.Units)
	l.buildLeaders(v, d.Leaders)
	starter := starterOn(v.StarterOff)
	l.starter = len(starter)
	l.synonyms = buildSynonyms(append(starter, v.Synonyms...))
	return l
}

func (l *Lexicon) key(name string) unitKey { return keyOf(name, l.places) }

// buildUnits joins the unit groups that are one unit: one key, a bracketed
// second name of the same kind, a merge of the vocabulary.
func (l *Lexicon) buildUnits(v *Vocabulary, groups []index.UnitGroup) {
	uf := unionFind{}
	tasks := map[string]int{}
	byKey := map[string]string{}       // key → a group holding it
	groupOf := map[string]string{}     // a name as written or base → its group
	spellings := map[string][]string{} // group or vocabulary node → its extra spellings
	for _, g := range groups {
		uf.find(g.Name)
		tasks[g.Name] = g.Tasks
		groupOf[g.Name] = g.Name
		for _, w := range g.Variants {
			groupOf[w.Name] = g.Name
			spellings[g.Name] = append(spellings[g.Name], w.Name)
		}
		k := l.key(g.Name).String()
		if other, ok := byKey[k]; ok {
			uf.union(other, g.Name)
		} else {
			byKey[k] = g.Name
		}
	}
	var bracketed []proposed
	for _, g := range groups {
		for _, w := range g.Variants {
			base, br := baseAndBracket(w.Name)
			if br == "" || utf8.RuneCountInString(br) < 2 {
				continue
			}
			kb := l.key(br)
			if kb.level == "" {
				// a bracketed name is at the level of the name it follows
				kb.level = l.key(base).level
			}
			other, found := byKey[kb.String()]
			if kindOf(br) != "" && kindOf(br) == kindOf(base) {
				spellings[g.Name] = append(spellings[g.Name], br)
				if found {
					uf.union(g.Name, other)
				}
			} else if found {
				bracketed = append(bracketed, proposed{g.Name, other, ReasonBracket})
			}
		}
	}
	display := map[string]string{} // root → the vocabulary's name for it
	decided := map[string]bool{}
	nodeOf := func(name string) string {
		if g, ok := groupOf[name]; ok {
			return g
		}
		if g, ok := byKey[l.key(name).String()]; ok {
			return g
		}
		return name // a name the data does not hold: an identity all the same
	}
	for _, m := range v.Units {
		first := nodeOf(m.Name)
		uf.find(first)
		spellings[first] = append(spellings[first], m.Name)
		for _, n := range m.Names {
			node := nodeOf(n)
			uf.union(first, node)
			spellings[node] = append(spellings[node], n)
		}
	}
	// The vocabulary's name, the first merge naming an identity in the
	// file's order, once every union is made.
	for _, m := range v.Units {
		r := uf.find(nodeOf(m.Name))
		if _, ok := display[r]; !ok {
			display[r] = m.Name
			decided[r] = true
		}
	}
	roots := map[string][]string{}
	for x := range uf {
		r := uf.find(x)
		roots[r] = append(roots[r], x)
	}
	ids := identities{of: map[string]string{}, names: map[string][]string{}, members: map[string][]index.NameCount{},
		byKey: map[string]string{}, decided: map[string]bool{}, byBody: map[string][]string{}}
	rootName := map[string]string{}
	for r, nodes := range roots {
		name, ok := display[r]
		if !ok {
			// the member with most tasks, then the shorter, then the first
			slices.SortFunc(nodes, func(a, b string) int {
				if d := tasks[b] - tasks[a]; d != 0 {
					return d
				}
				if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d != 0 {
					return d
				}
				return strings.Compare(a, b)
			})
			name = nodes[0]
		}
		rootName[r] = name
		ids.decided[name] = decided[r]
		all := []string{name}
		for _, n := range nodes {
			all = append(all, n)
			all = append(all, spellings[n]...)
			if _, ok := tasks[n]; ok {
				ids.members[name] = append(ids.members[name], index.NameCount{Name: n, Tasks: tasks[n]})
			}
		}
		slices.Sort(all)
		all = slices.Compact(all)
		ids.names[name] = all
		for _, s := range all {
			ids.of[s] = name
			k := l.key(s)
			if _, taken := ids.byKey[k.String()]; !taken {
				ids.byKey[k.String()] = name
			}
			if !contains(ids.byBody[k.body], name) {
				ids.byBody[k.body] = append(ids.byBody[k.body], name)
			}
		}
		slices.SortFunc(ids.members[name], byTasks)
	}
	l.units = ids
	l.proposals = l.proposeUnits(v, groups, uf, rootName, bracketed)
}

func byTasks(a, b index.NameCount) int {
	if a.Tasks != b.Tasks {
		return b.Tasks - a.Tasks
	}
	return cmp.Compare(a.Name, b.Name)
}

// buildLeaders joins leaders by the name left without titles, and by the
// vocabulary's merges.
func (l *Lexicon) buildLeaders(v *Vocabulary, leaders []index.NameCount) {
	uf := unionFind{}
	tasks := map[string]int{}
	byKey := map[string]string{}
	for _, n := range leaders {
		tasks[n.Name] = n.Tasks
		k := leaderKey(n.Name)
		uf.union(k, n.Name)
		byKey[k] = k
	}
	display := map[string]string{}
	for _, m := range v.Leaders {
		first := leaderKey(m.Name)
		uf.union(first, m.Name)
		for _, n := range m.Names {
			uf.union(first, leaderKey(n))
			uf.union(first, n)
		}
	}
	for _, m := range v.Leaders {
		if r := uf.find(leaderKey(m.Name)); display[r] == "" {
			display[r] = m.Name
		}
	}
	ids := identities{of: map[string]string{}, names: map[string][]string{}, members: map[string][]index.NameCount{},
		byKey: map[string]string{}, decided: map[string]bool{}}
	roots := map[string][]string{}
	for x := range uf {
		r := uf.find(x)
		roots[r] = append(roots[r], x)
	}
	for r, nodes := range roots {
		name, decided := display[r], true
		if name == "" {
			decided = false
			// a name the data holds, the shortest (the name without a
			// title), then the first
			slices.SortFunc(nodes, func(a, b string) int {
				_, ina := tasks[a]
				_, inb := tasks[b]
				if ina != inb {
					if ina {
						return -1
					}
					return 1
				}
				if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d != 0 {
					return d
				}
				return strings.Compare(a, b)
			})
			name = nodes[0]
		}
		ids.decided[name] = decided
		all := append([]string{name}, nodes...)
		slices.Sort(all)
		all = slices.Compact(all)
		ids.names[name] = all
		for _, s := range all {
			ids.of[s] = name
			ids.byKey[leaderKey(s)] = name
			if _, ok := tasks[s]; ok {
				ids.members[name] = append(ids.members[name], index.NameCount{Name: s, Tasks: tasks[s]})
			}
		}
		slices.SortFunc(ids.members[name], byTasks)
	}
	l.leaders = ids
}

// Synonyms returns the other words a query word also matches.
func (l *Lexicon) Synonyms(word string) []string { return l.synonyms.lookup(word) }

// UnitIdentity returns the identity a unit name is one of, "" when it
// knows none.
func (l *Lexicon) UnitIdentity(name string) string {
	if id, ok := l.units.of[name]; ok {
		return id
	}
	if id, ok := l.units.of[folded(name)]; ok {
		return id
	}
	return l.units.byKey[l.key(name).String()]
}

// UnitNames returns every spelling of the unit name's identity.
func (l *Lexicon) UnitNames(name string) []string {
	return l.units.names[l.UnitIdentity(name)]
}

// LeaderIdentity returns the identity a leader's name is one of, "" when
// it knows none.
func (l *Lexicon) LeaderIdentity(name string) string {
	if id, ok := l.leaders.of[name]; ok {
		return id
	}
	return l.leaders.byKey[leaderKey(name)]
}

// LeaderNames returns every spelling of the leader's identity.
func (l *Lexicon) LeaderNames(name string) []string {
	return l.leaders.names[l.LeaderIdentity(name)]
}

// Proposals returns the merges proposed and not yet decided.
func (l *Lexicon) Proposals() []Proposal { return l.proposals }

// StarterGroups is how many starter synonym groups are on.
func (l *Lexicon) StarterGroups() int { return l.starter }

// Units returns the unit identities of more than one name, or named by the
// vocabulary, most tasks first: what duban and the office have merged.
func (l *Lexicon) Units() []Identity { return l.units.list() }

// Leaders is Units for leaders.
func (l *Lexicon) Leaders() []Identity { return l.leaders.list() }

func (ids identities) list() []Identity {
	var out []Identity
	for name, names := range ids.names {
		if len(names) < 2 && !ids.decided[name] {
			continue
		}
		id := Identity{Name: name, Names: names, Members: ids.members[name], Decided: ids.decided[name]}
		if id.Members == nil {
			id.Members = []index.NameCount{}
		}
		for _, m := range id.Members {
			id.Tasks += m.Tasks // an upper bound: a task naming two members counts twice
		}
		out = append(out, id)
	}
	slices.SortFunc(out, func(a, b Identity) int {
		if a.Tasks != b.Tasks {
			return b.Tasks - a.Tasks
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out
}

// UnitShortForms returns the other ways a clerk may type a unit's name:
// without its place and level (区城市管理局 → 城市管理局) and in its short
// form (城管局), bracketed parts dropped; each at least two characters and
// other than the name. The search box's suggestions find a unit by them.
func (l *Lexicon) UnitShortForms(name string) []string {
	base, _ := baseAndBracket(name)
	k := l.key(name)
	var out []string
	add := func(s string) {
		if utf8.RuneCountInString(s) >= 2 && s != name && s != base && !contains(out, s) {
			out = append(out, s)
		}
	}
	long := base
	for _, p := range l.places {
		if rest, ok := strings.CutPrefix(long, p); ok && utf8.RuneCountInString(rest) >= 2 {
			long = rest
			break
		}
	}
	if k.level != "" {
		long = strings.TrimPrefix(long, k.level)
	}
	add(long)
	add(k.body)
	if base != folded(name) {
		add(base)
	}
	return out
}
