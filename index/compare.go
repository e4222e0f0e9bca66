package index

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/duban/duban/ingest"
)

// Classes of a compared task.
const (
	Carried = "carried" // the same task in both notices
	Changed = "changed" // the closest task in the other notice, with changes
	New     = "new"     // only in the later notice
	Dropped = "dropped" // only in the earlier notice
)

// minPairSimilarity is the least similarity at which two tasks are the same
// task, changed. Below it they are one dropped and one new.
const minPairSimilarity = 0.3

// DiffOp is one run of a word diff: "=" in both, "-" only in From, "+" only
// in To.
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// NumberChange is a number that changed between the two versions of a task
// (80% → 90%).
type NumberChange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Pair is a task of the later notice paired with its closest task in the
// earlier one, or a task alone in one of them.
type Pair struct {
	Class      string         `json:"class"`
	From       *ingest.Task   `json:"from,omitempty"`
	To         *ingest.Task   `json:"to,omitempty"`
	Similarity float64        `json:"similarity"`
	Diff       []DiffOp       `json:"diff,omitempty"`
	Numbers    []NumberChange `json:"numbers,omitempty"`
	// UnitsAdded and UnitsRemoved say how the lead units changed.
	UnitsAdded   []string `json:"units_added,omitempty"`
	UnitsRemoved []string `json:"units_removed,omitempty"`
}

// Comparison is one notice set beside another, year over year.
type Comparison struct {
	From   DocumentInfo   `json:"from"`
	To     DocumentInfo   `json:"to"`
	Counts map[string]int `json:"counts"`
	Pairs  []Pair         `json:"pairs"`
}

// Compare pairs each task of the notice to with its closest task in the
// notice from (similar text, weighted with shared lead units), one to one,
// most similar first, and classes every task: carried over, changed (with
// the words and numbers that changed), new, or dropped.
func (s *Store) Compare(ctx context.Context, fromID, toID string) (*Comparison, error) {
	from, err := s.Document(fromID)
	if err != nil {
		return nil, err
	}
	to, err := s.Document(toID)
	if err != nil {
		return nil, err
	}
	olds, err := s.docTasks(ctx, fromID)
	if err != nil {
		return nil, err
	}
	news, err := s.docTasks(ctx, toID)
	if err != nil {
		return nil, err
	}
	cmp := &Comparison{From: from, To: to, Counts: map[string]int{Carried: 0, Changed: 0, New: 0, Dropped: 0}}
	oldGrams := make([]map[string]bool, len(olds))
	for i := range olds {
		oldGrams[i] = bigrams(olds[i].Text)
	}
	type cand struct {
		o, n int
		sim  float64
	}
	var cands []cand
	for n := range news {
		ng := bigrams(news[n].Text)
		for o := range olds {
			sim := 0.8*dice(oldGrams[o], ng) + 0.2*jaccard(olds[o].UnitGroups, news[n].UnitGroups)
			if sim >= minPairSimilarity {
				cands = append(cands, cand{o, n, sim})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		switch {
		case a.sim > b.sim:
			return -1
		case a.sim < b.sim:
			return 1
		}
		return 0
	})
	oldPaired := make([]bool, len(olds))
	pairOf := make([]*Pair, len(news))
	for _, c := range cands {
		if oldPaired[c.o] || pairOf[c.n] != nil {
			continue
		}
		oldPaired[c.o] = true
		pairOf[c.n] = s.pair(&olds[c.o], &news[c.n], c.sim)
	}
	for n := range news {
		p := pairOf[n]
		if p == nil {
			p = &Pair{Class: New, To: &news[n]}
		}
		cmp.Pairs = append(cmp.Pairs, *p)
	}
	for o := range olds {
		if !oldPaired[o] {
			cmp.Pairs = append(cmp.Pairs, Pair{Class: Dropped, From: &olds[o]})
		}
	}
	for _, p := range cmp.Pairs {
		cmp.Counts[p.Class]++
	}
	return cmp, nil
}

func (s *Store) docTasks(ctx context.Context, id string) ([]ingest.Task, error) {
	var tasks []ingest.Task
	err := s.Scan(ctx, Request{Docs: []string{id}}, func(t ingest.Task) error {
		tasks = append(tasks, t)
		return nil
	})
	slices.SortFunc(tasks, func(a, b ingest.Task) int { return a.Seq - b.Seq })
	return tasks, err
}

func (s *Store) pair(old, cur *ingest.Task, sim float64) *Pair {
	p := &Pair{From: old, To: cur, Similarity: round2(sim)}
	p.UnitsAdded = minus(cur.Units, old.Units)
	p.UnitsRemoved = minus(old.Units, cur.Units)
	if sameText(old.Text, cur.Text) && len(p.UnitsAdded) == 0 && len(p.UnitsRemoved) == 0 && slices.Equal(old.Leaders, cur.Leaders) {
		p.Class = Carried
		return p
	}
	p.Class = Changed
	p.Diff = diffWords(s.words(old.Text), s.words(cur.Text))
	p.Numbers = numberChanges(old.Text, cur.Text)
	return p
}

// words cuts text into words with gse (accurate mode), keeping punctuation
// so the diff can be read back as text.
func (s *Store) words(text string) []string {
	terms := s.seg.Terms(text, false)
	var out []string
	pos := 0
	for _, t := range terms {
		if t.Start > pos {
			out = append(out, text[pos:t.Start])
		}
		out = append(out, text[t.Start:t.End])
		pos = t.End
	}
	if pos < len(text) {
		out = append(out, text[pos:])
	}
	return out
}

// diffWords is a longest-common-subsequence diff of two word lists, with
// neighbouring runs of one kind joined.
func diffWords(a, b []string) []DiffOp {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []DiffOp
	add := func(op, text string) {
		if len(ops) > 0 && ops[len(ops)-1].Op == op {
			ops[len(ops)-1].Text += text
			return
		}
		ops = append(ops, DiffOp{op, text})
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			add("=", a[i])
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			add("-", a[i])
			i++
		default:
			add("+", b[j])
			j++
		}
	}
	for ; i < n; i++ {
		add("-", a[i])
	}
	for ; j < m; j++ {
		add("+", b[j])
	}
	return ops
}

var numberRe = regexp.MustCompile(`\d+(?:\.\d+)?(?:%|个百分点)?`)

// numberChanges pairs the numbers of two texts in order and returns those
// that differ; numbers only one text has are paired with "".
func numberChanges(a, b string) []NumberChange {
	na, nb := numberRe.FindAllString(a, -1), numberRe.FindAllString(b, -1)
	var out []NumberChange
	for i := 0; i < max(len(na), len(nb)); i++ {
		var x, y string
		if i < len(na) {
			x = na[i]
		}
		if i < len(nb) {
			y = nb[i]
		}
		if x != y {
			out = append(out, NumberChange{x, y})
		}
	}
	return out
}

// bigrams returns the set of two-character runs of the letters and digits of
// text (punctuation breaks runs).
func bigrams(text string) map[string]bool {
	set := map[string]bool{}
	var prev rune
	for _, r := range ingest.ToSimplified(text) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			prev = 0
			continue
		}
		if prev != 0 {
			set[string([]rune{prev, r})] = true
		}
		prev = r
	}
	return set
}

func dice(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	small, large := a, b
	if len(small) > len(large) {
		small, large = large, small
	}
	common := 0
	for g := range small {
		if large[g] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	common := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			common++
		}
	}
	return float64(common) / float64(len(a)+len(b)-common)
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// sameText reports whether two task texts are equal but for white space.
func sameText(a, b string) bool {
	return strings.Join(strings.Fields(a), "") == strings.Join(strings.Fields(b), "")
}
