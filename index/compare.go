package index

import (
	"container/heap"
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
	if fromID == toID {
		return nil, ingest.Errorf(ingest.EINVALID, "不能把一份文件和它自己对比:请选两份不同的文件")
	}
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
	cands, err := pairCandidates(ctx, olds, news)
	if err != nil {
		return nil, err
	}
	oldPaired := make([]bool, len(olds))
	pairOf := make([]*Pair, len(news))
	for i, c := range cands {
		if oldPaired[c.o] || pairOf[c.n] != nil {
			continue
		}
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
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

// Bounds of the pairing. Two tasks are the same task only if they share
// character pairs, so the candidates of a new task are found through an
// index from each pair to the old tasks holding it, not by trying every old
// task: the work is the postings read, not len(olds) × len(news). A pair
// held by more than maxPairPostings old tasks (推进, 全区 in a notice of
// thousands of tasks) says little about which task is which; it is not read
// for finding candidates (though it still counts in their similarity),
// unless the task has no rarer pair: then its rarestPairs rarest are read.
// Of the candidates, the maxPairCandidates sharing most pairs are scored.
const (
	maxPairPostings   = 256
	maxPairCandidates = 64
	rarestPairs       = 2
)

// pairCand is an old task o and a new task n with their similarity.
type pairCand struct {
	o, n int
	sim  float64
}

// pairCandidates returns every pair of an old and a new task similar enough
// to be the same task, most similar first. It stops when ctx ends (the
// client left).
func pairCandidates(ctx context.Context, olds, news []ingest.Task) ([]pairCand, error) {
	oldGrams := make([]map[string]bool, len(olds))
	postings := map[string][]int32{}
	for i := range olds {
		oldGrams[i] = bigrams(olds[i].Text)
		for g := range oldGrams[i] {
			postings[g] = append(postings[g], int32(i))
		}
	}
	var cands []pairCand
	shared := make([]int32, len(olds))
	var touched []int32
	var common []string
	for n := range news {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		ng := bigrams(news[n].Text)
		touched, common = touched[:0], common[:0]
		read := func(ps []int32) {
			for _, o := range ps {
				if shared[o] == 0 {
					touched = append(touched, o)
				}
				shared[o]++
			}
		}
		for g := range ng {
			if ps := postings[g]; len(ps) > maxPairPostings {
				common = append(common, g)
			} else {
				read(ps)
			}
		}
		if len(touched) == 0 && len(common) > 0 {
			slices.SortFunc(common, func(a, b string) int {
				if d := len(postings[a]) - len(postings[b]); d != 0 {
					return d
				}
				return strings.Compare(a, b)
			})
			for _, g := range common[:min(len(common), rarestPairs)] {
				read(postings[g])
			}
		}
		// The candidates sharing most pairs; ties by the old task's order.
		byShared := func(a, b int32) int {
			if shared[a] != shared[b] {
				return int(shared[b] - shared[a])
			}
			return int(a - b)
		}
		best := touched
		if len(best) > maxPairCandidates {
			best = topK(touched, maxPairCandidates, byShared)
		} else {
			slices.SortFunc(best, byShared)
		}
		for _, o := range best {
			sim := 0.8*dice(oldGrams[o], ng) + 0.2*jaccard(olds[o].UnitGroups, news[n].UnitGroups)
			if sim >= minPairSimilarity {
				cands = append(cands, pairCand{int(o), n, sim})
			}
		}
		for _, o := range touched {
			shared[o] = 0
		}
	}
	slices.SortStableFunc(cands, func(a, b pairCand) int {
		switch {
		case a.sim > b.sim:
			return -1
		case a.sim < b.sim:
			return 1
		case a.n != b.n:
			return a.n - b.n
		}
		return a.o - b.o
	})
	return cands, nil
}

// topK returns the k first of xs by cmp, in order, without sorting all of
// xs (a heap of k); xs is left as it was.
func topK(xs []int32, k int, cmp func(a, b int32) int) []int32 {
	h := &int32Heap{less: func(a, b int32) bool { return cmp(a, b) > 0 }} // the worst of the best on top
	for _, x := range xs {
		switch {
		case h.Len() < k:
			heap.Push(h, x)
		case cmp(x, h.xs[0]) < 0:
			h.xs[0] = x
			heap.Fix(h, 0)
		}
	}
	out := slices.Clone(h.xs)
	slices.SortFunc(out, cmp)
	return out
}

type int32Heap struct {
	xs   []int32
	less func(a, b int32) bool
}

func (h *int32Heap) Len() int           { return len(h.xs) }
func (h *int32Heap) Less(i, j int) bool { return h.less(h.xs[i], h.xs[j]) }
func (h *int32Heap) Swap(i, j int)      { h.xs[i], h.xs[j] = h.xs[j], h.xs[i] }
func (h *int32Heap) Push(x any)         { h.xs = append(h.xs, x.(int32)) }
func (h *int32Heap) Pop() any {
	x := h.xs[len(h.xs)-1]
	h.xs = h.xs[:len(h.xs)-1]
	return x
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

// maxDiffCells bounds the table of a word diff (words of one text × words
// of the other): two texts longer than that are shown as one removed and
// one added, not diffed word by word.
const maxDiffCells = 1 << 20

// diffWords is a longest-common-subsequence diff of two word lists, with
// neighbouring runs of one kind joined.
func diffWords(a, b []string) []DiffOp {
	n, m := len(a), len(b)
	if n*m > maxDiffCells {
		return []DiffOp{{"-", strings.Join(a, "")}, {"+", strings.Join(b, "")}}
	}
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
