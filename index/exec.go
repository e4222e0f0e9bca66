package index

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
	vellumre "github.com/blevesearch/vellum/regexp"

	"github.com/duban/duban/ingest"
)

// How a query runs. Each word of the free text matches a task through any
// of three signals, each a bitmap of the segment's documents:
//
//   - P, the word as typed in the text: its cjk tokens (character pairs;
//     digits and letters one by one) at consecutive positions in text_cjk.
//     All the tokens being there is not enough — 极推进 has 极推 and 推进 in
//     积极推动…推进 — so a word of two or more tokens is checked by position.
//   - G, the word's gse words (accurate mode) all in the text's gse field, in
//     any order: 规模工业增加值 finds 规模工业…增加值; or the word is one of
//     its notice's domain words standing in the text (the words field,
//     words.go). Exact from postings. gse's dictionary never changes after
//     the store is opened, so tasks and queries are cut alike whatever was
//     ingested before.
//   - N, the word in a leader, unit or section name (the names field, as P,
//     within one name).
//
// A task matches when every word matches and every filter holds. Positions
// are read where they decide: at once for the candidates only P or N could
// match (within what the filters and the other words allow); for the others,
// which match through G anyway, only when they reach the page (matches.top,
// matches.check), their score meanwhile an upper bound.
//
// The score adds, for each word, idf × (2·(P + G) / √(runes of the text) +
// 0.8·N / √(its leaders and unit groups)): the word as typed and as gse
// words counts most, a short task that holds it ranks above a long one, and
// a name counts about as much as the word in a task of a hundred
// characters, more when the task has few leaders and units (the unit owns
// it) than many. Words typed apart whose tokens all stand in the text when
// joined (the pair across the gap included) add 3 × their mean idf,
// length-normed; that bonus is not checked by position. Ties go to the
// newer year, then the notice's order.
//
// The counts (total, facets) come from the same bitmaps and the segments'
// columns, so they are exact for what the search matched, without reading a
// stored value per match.
const (
	weightText    = 2
	weightGSE     = 2
	weightName    = 0.8
	weightAdjoins = 3
)

// plan is a Request made ready to run against segments.
type plan struct {
	cjk     analysis.Analyzer // the text_cjk analyzer, to check a stored text
	words   []*wordPlan
	joined  []string // cjk tokens of the words side by side; nil for fewer than two
	leaders []string
	units   []string
	years   []string
	docs    []string
	// vocab widens filters to every spelling and words to their synonyms
	// (vocabulary.go); nil for none. typed counts the words as typed:
	// words holds them first, then their synonyms.
	vocab Vocabulary
	typed int
	// The progress filters: statuses and periods.
	statuses, periods []string
	// The due filters (filters.go): months YYYY-MM, bounds YYYY-MM-DD.
	dueMonths           []string
	dueBefore, dueAfter string
	// sort is how hits are ordered (SortRelevance, SortOrder, SortDue).
	sort string
	// disjunctive: facets will be counted without their own filter group
	// (matches.without), so words are settled wherever that looks.
	disjunctive bool
}

type posTerm struct {
	term string
	pos  int // relative to the word's first token
}

type wordPlan struct {
	text   string            // the word as typed, or the synonym
	of     int               // the typed word it is or stands for
	weight float32           // 1, or synonymWeight for a synonym
	whole  string            // the word folded, a term of the words field; "" for one character
	char   string            // set for a one-character word
	suffix segment.Automaton // for a one-character word: pairs ending with it
	cjk    []posTerm         // the word's tokens in text_cjk and names
	gse    []string          // the word's gse words, for the text field
	idf    float64
	// identity is set for an identity word (vocabulary.go): it matches
	// the documents holding any of nameTerms (field, term), and has no
	// text of its own.
	identity  *NameIn
	nameTerms [][2]string
}

func (s *Store) newPlan(req Request, words []string) *plan {
	p := &plan{cjk: s.cjk, leaders: req.Leaders, units: req.Units, docs: req.Docs, vocab: req.Vocabulary,
		dueMonths: req.Due, dueBefore: req.DueBefore, dueAfter: req.DueAfter, sort: req.Sort,
		statuses: req.Status, periods: req.Period}
	for _, y := range req.Years {
		p.years = append(p.years, strconv.Itoa(y))
	}
	words, names := p.identityWords(words)
	for i, w := range words {
		wp := s.wordPlan(w)
		wp.of = i
		p.words = append(p.words, wp)
	}
	p.typed = len(words)
	s.addSynonyms(p, words)
	s.addIdentities(p, names)
	if len(words) > 1 {
		for _, t := range s.cjkTokens(strings.Join(words, "")) {
			p.joined = append(p.joined, t.term)
		}
	}
	return p
}

// gseCuts returns each word's gse words, as highlightCut takes them.
func (p *plan) gseCuts() [][]string {
	cuts := make([][]string, len(p.words))
	for i, wp := range p.words {
		cuts[i] = wp.gse
	}
	return cuts
}

// cjkTokens analyses w as text_cjk is, positions relative to its first
// token.
func (s *Store) cjkTokens(w string) []posTerm {
	var out []posTerm
	first := -1
	for _, t := range s.cjk.Analyze([]byte(w)) {
		if first < 0 {
			first = t.Position
		}
		out = append(out, posTerm{term: string(t.Term), pos: t.Position - first})
	}
	return out
}

func (s *Store) wordPlan(w string) *wordPlan {
	folded := strings.ToLower(ingest.ToSimplified(w))
	if utf8.RuneCountInString(w) == 1 {
		wp := &wordPlan{text: w, weight: 1, char: folded, gse: []string{folded}}
		if re, err := vellumre.New("." + regexp.QuoteMeta(folded)); err == nil {
			wp.suffix = re
		}
		return wp
	}
	wp := &wordPlan{text: w, weight: 1, cjk: s.cjkTokens(w), whole: folded}
	// Cut by gse once, in accurate mode (search mode would offer 垃圾 for
	// 垃圾分类 and match every task about 垃圾).
	for _, t := range s.seg.Terms(ingest.ToSimplified(w), false) {
		wp.gse = append(wp.gse, strings.ToLower(t.Word))
	}
	return wp
}

// wordSets are one word's signals in one segment. text and name may hold
// documents not yet checked (textMaybe, nameMaybe: their tokens are all
// there, their positions not yet read), so a score computed from them is an
// upper bound until those are checked. any (the documents the word matches)
// is exact.
type wordSets struct {
	text, name, gse, any *roaring.Bitmap
	upper                *roaring.Bitmap // every document the word may match
	textMaybe, nameMaybe *roaring.Bitmap // nil when none
}

// segMatch is what a query matched in one segment.
type segMatch struct {
	sv     *segView
	groups [numGroups]*roaring.Bitmap // each filter group's documents; nil when inactive
	words  []wordSets
	joined *roaring.Bitmap
	match  *roaring.Bitmap
	docs   []uint32  // matching document numbers, ascending
	rest   []uint32  // the segment's other documents, once counted
	scores []float32 // beside docs; nil when the query has no words
}

// matches is what a query matched in a whole view.
type matches struct {
	v       *view
	segs    []segMatch
	total   uint64
	plan    *plan      // nil when the query has no words
	adjoins float32    // the bonus for words typed apart standing side by side
	vocab   Vocabulary // the plan's; facets merge by its identities
	order   string     // the plan's sort; "" is SortRelevance
}

// run evaluates the plan on every segment of v and scores the matches.
func (p *plan) run(ctx context.Context, v *view) (*matches, error) {
	m := &matches{v: v, segs: make([]segMatch, len(v.segs)), vocab: p.vocab, order: p.sort}
	errs := make([]error, len(v.segs))
	parallel(v.segs, func(i int) {
		if errs[i] = ctx.Err(); errs[i] == nil {
			m.segs[i], errs[i] = p.evalSegment(&v.segs[i], v.bufs)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	df := make([]uint64, len(p.words))
	for _, sm := range m.segs {
		for w, ws := range sm.words {
			// From the candidates, so a word weighs the same whatever the
			// filters and the other words left to check.
			df[w] += liveCount(ws.upper, sm.sv.deleted)
		}
		m.total += uint64(len(sm.docs))
	}
	if len(p.words) == 0 {
		return m, nil
	}
	var idfSum float64
	for w, wp := range p.words {
		wp.idf = 1 + math.Log(float64(v.live+1)/float64(df[w]+1))
		if w < p.typed {
			idfSum += wp.idf
		}
	}
	m.adjoins = float32(weightAdjoins * idfSum / float64(p.typed))
	m.plan = p
	parallel(v.segs, func(i int) {
		sm := &m.segs[i]
		if len(sm.docs) == 0 {
			return
		}
		match := sm.match
		normed := v.bufs.float32s(len(sm.docs))
		flat := v.bufs.float32s(len(sm.docs))
		defer v.bufs.put(nil, flat)
		var ident []float32 // identity words' shares; nil for none
		// The same sums in the same order as scoreOf, so a score computed
		// again for one document is the same number.
		for w, ws := range sm.words {
			idf := float32(p.words[w].idf) * p.words[w].weight
			if p.words[w].identity != nil {
				if ident == nil {
					ident = v.bufs.float32s(len(sm.docs))
					defer v.bufs.put(nil, ident)
				}
				addWhere(ident, sm.docs, roaring.And(ws.name, match), idf)
				continue
			}
			addWhere(normed, sm.docs, roaring.And(ws.text, match), idf*weightText)
			addWhere(normed, sm.docs, roaring.And(ws.gse, match), idf*weightGSE)
			addWhere(flat, sm.docs, roaring.And(ws.name, match), idf*weightName)
		}
		if sm.joined != nil {
			addWhere(normed, sm.docs, roaring.And(sm.joined, match), m.adjoins)
		}
		cols := sm.sv.cols
		for j, d := range sm.docs {
			normed[j] *= cols.norm[d]
			if flat[j] != 0 {
				normed[j] += flat[j] / namesNorm(cols, d)
			}
			if ident != nil {
				normed[j] += ident[j]
			}
		}
		sm.scores = normed
	})
	return m, nil
}

func namesNorm(cols *columns, d uint32) float32 {
	return float32(math.Sqrt(float64(max(len(cols.leaders.of(d))+len(cols.groups.of(d)), 1))))
}

// scoreOf computes one document's score from its segment's signals.
func (m *matches) scoreOf(sm *segMatch, d uint32) float32 {
	var normed, flat, ident float32
	for w, ws := range sm.words {
		idf := float32(m.plan.words[w].idf) * m.plan.words[w].weight
		if m.plan.words[w].identity != nil {
			if ws.name.Contains(d) {
				ident += idf
			}
			continue
		}
		if ws.text.Contains(d) {
			normed += idf * weightText
		}
		if ws.gse.Contains(d) {
			normed += idf * weightGSE
		}
		if ws.name.Contains(d) {
			flat += idf * weightName
		}
	}
	if sm.joined != nil && sm.joined.Contains(d) {
		normed += m.adjoins
	}
	cols := sm.sv.cols
	normed *= cols.norm[d]
	if flat != 0 {
		normed += flat / namesNorm(cols, d)
	}
	return normed + ident
}

// check settles the unchecked signals of the documents at js (indexes into
// sm.docs, ascending) and scores them again. It returns how many signals it
// checked and how many did not hold.
func (m *matches) check(sm *segMatch, js []int) (checked, failed int, err error) {
	if m.plan == nil || len(js) == 0 {
		return 0, 0, nil
	}
	d := dicts{seg: sm.sv.seg, open: map[string]segment.TermDictionary{}, cjk: m.plan.cjk}
	for w, ws := range sm.words {
		toks := m.plan.words[w].cjk
		for _, sig := range []struct {
			field       string
			maybe, sure *roaring.Bitmap
		}{{fieldTextCJK, ws.textMaybe, ws.text}, {fieldNames, ws.nameMaybe, ws.name}} {
			if sig.maybe == nil {
				continue
			}
			var docs []uint32
			for _, j := range js {
				if sig.maybe.Contains(sm.docs[j]) {
					docs = append(docs, sm.docs[j])
				}
			}
			if len(docs) == 0 {
				continue
			}
			held, err := d.heldBy(sig.field, toks, docs)
			if err != nil {
				return 0, 0, err
			}
			fail := roaring.New()
			for i, doc := range docs {
				if !held[i] {
					fail.Add(doc)
				}
			}
			// One pass each: removing one by one moves an array container
			// for every document.
			sig.maybe.AndNot(roaring.BitmapOf(docs...))
			sig.sure.AndNot(fail)
			checked += len(docs)
			failed += int(fail.GetCardinality())
		}
	}
	if failed > 0 {
		for _, j := range js {
			sm.scores[j] = m.scoreOf(sm, sm.docs[j])
		}
	}
	return checked, failed, nil
}

// heldBy analyses documents again when they are few; more (an export of
// every match) are checked in one pass over the postings. Analysing a task
// costs about as much as stepping over textCheckCost postings (measured at
// 1M: about 30 µs against 30 ns), so short postings are walked rather than
// documents analysed.
const (
	checkByText   = 256
	textCheckCost = 1000
)

// holds reports whether one of values, analysed as text_cjk is, holds the
// tokens at their relative positions.
func holds(cjk analysis.Analyzer, values []string, toks []posTerm) bool {
	for _, v := range values {
		pos := map[string][]int{}
		for _, t := range cjk.Analyze([]byte(v)) {
			pos[string(t.Term)] = append(pos[string(t.Term)], t.Position)
		}
	starts:
		for _, st := range pos[toks[0].term] {
			for _, t := range toks[1:] {
				if !slices.Contains(pos[t.term], st+t.pos) {
					continue starts
				}
			}
			return true
		}
	}
	return false
}

// parallel calls fn for each segment's index on as many goroutines as
// there are cores, the largest segments first. A panic in fn (a segment
// whose file is damaged) is raised again on the caller's goroutine, where
// the store turns it into an error: on a goroutine of its own it would end
// the process.
func parallel(segs []segView, fn func(i int)) {
	order := make([]int, len(segs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(segs[b].seg.Count(), segs[a].seg.Count()) })
	workers := min(len(segs), runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for _, i := range order {
			fn(i)
		}
		return
	}
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		panicMu sync.Mutex
		panicV  any
	)
	for range workers {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					panicMu.Lock()
					panicV = p
					panicMu.Unlock()
				}
			}()
			for k := int(next.Add(1)) - 1; k < len(order); k = int(next.Add(1)) - 1 {
				fn(order[k])
			}
		})
	}
	wg.Wait()
	if panicV != nil {
		panic(panicV)
	}
}

// parallel is parallel over the segments of m.
func (m *matches) parallel(fn func(i int)) {
	segs := make([]segView, len(m.segs))
	for i := range m.segs {
		segs[i] = *m.segs[i].sv
	}
	parallel(segs, fn)
}

// liveCount counts the documents of bm not deleted.
func liveCount(bm, deleted *roaring.Bitmap) uint64 {
	if deleted == nil {
		return bm.GetCardinality()
	}
	return bm.GetCardinality() - bm.AndCardinality(deleted)
}

// addWhere adds w to sums[j] for every docs[j] in set (a subset of docs;
// both ascending).
func addWhere(sums []float32, docs []uint32, set *roaring.Bitmap, w float32) {
	if set.GetCardinality() == uint64(len(docs)) {
		for j := range sums {
			sums[j] += w
		}
		return
	}
	j := 0
	it := set.ManyIterator()
	buf := make([]uint32, 512)
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, d := range buf[:n] {
			for docs[j] < d {
				j++
			}
			sums[j] += w
		}
	}
}

// evalSegment finds the documents of one segment the plan matches.
func (p *plan) evalSegment(sv *segView, bufs *buffers) (segMatch, error) {
	sm := segMatch{sv: sv}
	d := dicts{seg: sv.seg, open: map[string]segment.TermDictionary{}, cjk: p.cjk}
	var err error
	if sm.groups, err = p.groupBitmaps(&d); err != nil {
		return sm, err
	}
	var filters []*roaring.Bitmap
	for _, g := range sm.groups {
		if g != nil {
			filters = append(filters, g)
		}
	}
	limit := restrictTo(sm.groups, p.disjunctive)
	for _, wp := range p.words {
		ws, err := d.candidates(wp)
		if err != nil {
			return sm, err
		}
		sm.words = append(sm.words, ws)
	}
	// A word's positions are read only where the filters and the other
	// words leave a chance of a match. A typed word matches through itself
	// or any of its synonyms.
	must := slices.Clone(filters)
	uppers := p.byTyped(sm.words, func(ws *wordSets) *roaring.Bitmap { return ws.upper })
	for w, wp := range p.words {
		// limit, not the filters: with facets counted without their own
		// group, a word is settled wherever one of them looks.
		within := slices.Clone(limit)
		for o, up := range uppers {
			if o != wp.of {
				within = append(within, up)
			}
		}
		if err := d.settle(wp, &sm.words[w], within, sv.deleted); err != nil {
			return sm, err
		}
	}
	must = append(must, p.byTyped(sm.words, func(ws *wordSets) *roaring.Bitmap { return ws.any })...)
	if p.joined != nil {
		// Words typed apart standing side by side only add to a score: their
		// tokens all there is taken as enough.
		if sm.joined, err = d.all(fieldTextCJK, p.joined); err != nil {
			return sm, err
		}
	}
	var match *roaring.Bitmap
	switch len(must) {
	case 0:
		match = roaring.New()
		match.AddRange(0, sv.seg.Count())
	case 1:
		match = must[0].Clone()
	default:
		match = roaring.FastAnd(must...)
	}
	if sv.deleted != nil {
		match.AndNot(sv.deleted)
	}
	sm.match, sm.docs = match, bufs.uint32s(int(match.GetCardinality()))
	it := match.ManyIterator()
	for at := 0; at < len(sm.docs); {
		at += it.NextMany(sm.docs[at:])
	}
	return sm, nil
}

// dicts opens a segment's term dictionaries as a query needs them.
type dicts struct {
	seg   segment.Segment
	open  map[string]segment.TermDictionary
	cjk   analysis.Analyzer       // to check a stored task again
	tasks map[uint32]*ingest.Task // stored tasks read so far
}

func (d *dicts) dict(field string) (segment.TermDictionary, error) {
	if td, ok := d.open[field]; ok {
		return td, nil
	}
	td, err := d.seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("cannot read field %s: %w", field, err)
	}
	d.open[field] = td
	return td, nil
}

func (d *dicts) postings(field, term string) (*roaring.Bitmap, error) {
	td, err := d.dict(field)
	if err != nil {
		return nil, err
	}
	return postings(td, term)
}

// candidates finds one word's signals before any position is read: text
// and name hold the documents with all the word's cjk tokens, upper every
// document the word may match. For a one-character word or a word of one
// token they are exact, and any is set.
func (d *dicts) candidates(wp *wordPlan) (wordSets, error) {
	var (
		ws  wordSets
		err error
	)
	if wp.identity != nil {
		ws.name = roaring.New()
		for _, ft := range wp.nameTerms {
			bm, err := d.postings(ft[0], ft[1])
			if err != nil {
				return ws, err
			}
			ws.name.Or(bm)
		}
		ws.text, ws.gse = roaring.New(), roaring.New()
		ws.upper, ws.any = ws.name, ws.name
		return ws, nil
	}
	if ws.gse, err = d.all(fieldText, wp.gse); err != nil {
		return ws, err
	}
	if wp.whole != "" {
		// The word is one of its notice's domain words in the task's text
		// (words.go): a word-level match, as if gse had cut it whole.
		dw, err := d.postings(fieldWords, wp.whole)
		if err != nil {
			return ws, err
		}
		if !dw.IsEmpty() {
			ws.gse = roaring.Or(ws.gse, dw)
		}
	}
	if wp.char != "" {
		if ws.text, err = d.charIn(fieldTextCJK, wp); err != nil {
			return ws, err
		}
		if ws.name, err = d.charIn(fieldNames, wp); err != nil {
			return ws, err
		}
	} else {
		terms := make([]string, len(wp.cjk))
		for i, t := range wp.cjk {
			terms[i] = t.term
		}
		if ws.text, err = d.all(fieldTextCJK, terms); err != nil {
			return ws, err
		}
		if ws.name, err = d.all(fieldNames, terms); err != nil {
			return ws, err
		}
	}
	ws.upper = roaring.FastOr(ws.text, ws.gse, ws.name)
	if wp.char != "" || len(wp.cjk) < 2 {
		ws.any = ws.upper
	}
	return ws, nil
}

// settle makes a word's match exact. Positions are read at once only for
// the documents the word would match through its tokens alone (not through
// its gse words) and that the within bitmaps all hold; the rest are left
// unchecked (textMaybe, nameMaybe) until they reach a page (matches.check).
func (d *dicts) settle(wp *wordPlan, ws *wordSets, within []*roaring.Bitmap, deleted *roaring.Bitmap) error {
	if ws.any != nil {
		return nil
	}
	alone := roaring.AndNot(roaring.Or(ws.text, ws.name), ws.gse)
	for _, bm := range within {
		alone.And(bm)
	}
	if deleted != nil {
		alone.AndNot(deleted)
	}
	textSure, err := d.holding(fieldTextCJK, wp.cjk, roaring.And(alone, ws.text))
	if err != nil {
		return err
	}
	nameAlone := roaring.AndNot(roaring.And(alone, ws.name), textSure)
	nameSure, err := d.holding(fieldNames, wp.cjk, nameAlone)
	if err != nil {
		return err
	}
	ws.any = roaring.FastOr(ws.gse, textSure, nameSure)
	ws.textMaybe = roaring.And(ws.text, ws.gse)
	ws.text = roaring.Or(textSure, ws.textMaybe)
	ws.nameMaybe = roaring.And(ws.name, roaring.Or(ws.gse, textSure))
	ws.name = roaring.Or(nameSure, ws.nameMaybe)
	return nil
}

// all returns the documents holding every term (none for no terms).
func (d *dicts) all(field string, terms []string) (*roaring.Bitmap, error) {
	if len(terms) == 0 {
		return roaring.New(), nil
	}
	bms := make([]*roaring.Bitmap, 0, len(terms))
	for _, t := range terms {
		bm, err := d.postings(field, t)
		if err != nil {
			return nil, err
		}
		if bm.IsEmpty() {
			return roaring.New(), nil
		}
		bms = append(bms, bm)
	}
	if len(bms) == 1 {
		return bms[0], nil
	}
	return roaring.FastAnd(bms...), nil
}

// holding returns the documents of cands whose field holds the tokens at
// their relative positions.
func (d *dicts) holding(field string, toks []posTerm, cands *roaring.Bitmap) (*roaring.Bitmap, error) {
	out := roaring.New()
	if cands.IsEmpty() {
		return out, nil
	}
	docs := cands.ToArray()
	held, err := d.heldBy(field, toks, docs)
	if err != nil {
		return nil, err
	}
	for i, ok := range held {
		if ok {
			out.Add(docs[i])
		}
	}
	return out, nil
}

// heldBy reports for each document (ascending) whether field holds the
// tokens at their relative positions. A few documents of a large segment
// are checked on their stored task, analysed again (zap reaches a
// document's positions by walking the postings list from its start); more,
// or a small segment's, in one pass over the postings of every token.
func (d *dicts) heldBy(field string, toks []posTerm, docs []uint32) ([]bool, error) {
	td, err := d.dict(field)
	if err != nil {
		return nil, err
	}
	lists := make([]segment.PostingsList, len(toks))
	walk := 0
	for i, t := range toks {
		if lists[i], err = td.PostingsList([]byte(t.term), nil, nil); err != nil {
			return nil, fmt.Errorf("cannot read postings of %q: %w", t.term, err)
		}
		walk += int(lists[i].Count())
	}
	if len(docs) > checkByText || len(docs)*textCheckCost > walk {
		return d.sideBySide(field, toks, lists, docs)
	}
	held := make([]bool, len(docs))
	for i, doc := range docs {
		t := d.tasks[doc]
		if t == nil {
			task, err := segmentTask(d.seg, doc)
			if err != nil {
				return nil, err
			}
			t = &task
			if d.tasks == nil {
				d.tasks = map[uint32]*ingest.Task{}
			}
			d.tasks[doc] = t
		}
		values := searchedTexts(t)
		if field == fieldNames {
			values = taskNames(t)
		}
		held[i] = holds(d.cjk, values, toks)
	}
	return held, nil
}

// sideBySide reports for each document (ascending) whether field holds the
// tokens at their relative positions, reading the positions of every token.
func (d *dicts) sideBySide(field string, toks []posTerm, lists []segment.PostingsList, docs []uint32) ([]bool, error) {
	its := make([]segment.PostingsIterator, len(toks))
	for i, pl := range lists {
		its[i] = pl.Iterator(false, false, true, nil)
	}
	held := make([]bool, len(docs))
	// Each token's places in the document: the value of a multi-valued
	// field (array position) and the position in it.
	type place struct{ value, pos uint64 }
	pos := make([][]place, len(toks))
	for k, doc := range docs {
		ok := true
		for i := 0; i < len(its) && ok; i++ {
			p, err := its[i].Advance(uint64(doc))
			if err != nil {
				return nil, fmt.Errorf("cannot read positions in %s: %w", field, err)
			}
			if ok = p != nil && p.Number() == uint64(doc); ok {
				pos[i] = pos[i][:0]
				for _, l := range p.Locations() {
					pl := place{pos: l.Pos()}
					if ap := l.ArrayPositions(); len(ap) > 0 {
						pl.value = ap[0]
					}
					pos[i] = append(pos[i], pl)
				}
			}
		}
		if !ok {
			continue
		}
	starts:
		for _, st := range pos[0] {
			for i := 1; i < len(toks); i++ {
				if !slices.Contains(pos[i], place{st.value, st.pos + uint64(toks[i].pos)}) {
					continue starts
				}
			}
			held[k] = true
			break
		}
	}
	return held, nil
}

// charIn returns the documents holding one character in field: as a term of
// its own, or first or last in a character pair.
func (d *dicts) charIn(field string, wp *wordPlan) (*roaring.Bitmap, error) {
	td, err := d.dict(field)
	if err != nil {
		return nil, err
	}
	out := roaring.New()
	add := func(it segment.DictionaryIterator) error {
		return eachPosting(td, field, it, func(_ string, bm *roaring.Bitmap) { out.Or(bm) })
	}
	end := []byte(wp.char)
	end[len(end)-1]++
	if err := add(td.AutomatonIterator(&vellum.AlwaysMatch{}, []byte(wp.char), end)); err != nil {
		return nil, err
	}
	if wp.suffix == nil {
		return out, nil // not a character a pattern can name: prefix and term only
	}
	if err := add(td.AutomatonIterator(wp.suffix, nil, nil)); err != nil {
		return nil, err
	}
	return out, nil
}

// hit is one matching task's place in the ranking.
type hit struct {
	score float32
	key   uint32 // what the sort puts first: 0 by relevance and order, the due date (YYYYMMDD) by due
	year  int
	doc   string
	seq   uint32
	seg   int
	j     int // index in the segment's docs
	num   uint32
}

// rankScore is the score a sort ranks by: none but by relevance.
func (m *matches) rankScore(score float32) float32 {
	if m.sort() != SortRelevance {
		return 0
	}
	return score
}

// sort is how the matches are ordered.
func (m *matches) sort() string {
	if m.order == "" {
		return SortRelevance
	}
	return m.order
}

// before reports whether a ranks above b: higher score (by relevance) or the
// earlier due date (by due, none last), then the newer year, then the
// document, then the notice's order.
func (m *matches) before(a, b *hit) bool {
	as, bs := m.rankScore(a.score), m.rankScore(b.score)
	switch {
	case as != bs:
		return as > bs
	case a.key != b.key:
		return a.key < b.key
	case a.year != b.year:
		return a.year > b.year
	case a.doc != b.doc:
		return a.doc < b.doc
	case a.seq != b.seq:
		return a.seq < b.seq
	}
	return a.seg < b.seg || a.seg == b.seg && a.num < b.num
}

// sortKey is what the sort ranks document d by before its year, document
// and seq.
func (m *matches) sortKey(cols *columns, d uint32) uint32 {
	if m.sort() != SortDue {
		return 0
	}
	if o := cols.due[d]; o != noValue {
		return cols.dueKeys[o]
	}
	return math.MaxUint32
}

func (m *matches) hitAt(seg, j int) hit {
	sm := &m.segs[seg]
	d := sm.docs[j]
	cols := sm.sv.cols
	h := hit{seq: cols.seq[d], seg: seg, j: j, num: d, key: m.sortKey(cols, d)}
	if sm.scores != nil {
		h.score = sm.scores[j]
	}
	if o := cols.doc[d]; o != noValue {
		h.doc, h.year = cols.docTerms[o], cols.docYears[o]
	}
	return h
}

// top returns the first k hits in rank order (all of them for k < 0).
// Scores of unchecked documents are upper bounds: the first k are checked
// and, while any falls, the first k are taken again. What stays on top is
// then exact, since every other document's true score is at most its bound.
func (m *matches) top(k int) ([]hit, error) {
	if m.sort() != SortRelevance {
		return m.topByKey(k)
	}
	if k < 0 || uint64(k) >= m.total {
		if m.unsettledCount() > 0 {
			if err := m.checkAll(); err != nil {
				return nil, err
			}
		}
		all := make([]hit, 0, m.total)
		for s := range m.segs {
			for j := range m.segs[s].docs {
				all = append(all, m.hitAt(s, j))
			}
		}
		m.sortHits(all)
		return all, nil
	}
	// Few unchecked matches are all checked at once. Otherwise each round
	// checks the unchecked among the first k<<round by the current scores;
	// it ends when the first k are all checked. Should checks keep failing
	// (a phrase whose tokens mostly stand apart), every unchecked match is
	// settled in one pass over the postings instead.
	if u := m.unsettledCount(); u == 0 {
		return m.firstByScore(k), nil
	} else if u <= checkByText {
		if err := m.checkAll(); err != nil {
			return nil, err
		}
		return m.firstByScore(k), nil
	}
	for round := 0; round < 2; round++ {
		// The first k of the first k<<round are the first k: one ranking
		// pass serves both the test and the checks.
		wide := m.firstByScore(min(k<<round, int(m.total)))
		if hits := wide[:k]; !m.unsettled(hits) {
			return hits, nil
		}
		bySeg := map[int][]int{}
		for _, h := range wide {
			bySeg[h.seg] = append(bySeg[h.seg], h.j)
		}
		checked, failed := 0, 0
		for s, js := range bySeg {
			slices.Sort(js)
			c, f, err := m.check(&m.segs[s], js)
			if err != nil {
				return nil, err
			}
			checked, failed = checked+c, failed+f
		}
		if 2*failed > checked {
			break // most fail: a page would take many rounds
		}
	}
	if err := m.checkAll(); err != nil {
		return nil, err
	}
	return m.firstByScore(k), nil
}

// topByKey returns the first k hits (all for k < 0) of a sort that does not
// rank by score: which tasks match is exact before any position is read, so
// nothing is checked here (scoresOf settles the scores a page reports).
func (m *matches) topByKey(k int) ([]hit, error) {
	if k < 0 || uint64(k) > m.total {
		k = int(m.total)
	}
	return m.firstByScore(k), nil
}

// scoresOf settles the unchecked signals of hits and returns their exact
// scores (a sort other than by relevance leaves them upper bounds).
func (m *matches) scoresOf(hits []hit) ([]float32, error) {
	out := make([]float32, len(hits))
	if m.plan == nil {
		return out, nil
	}
	bySeg := map[int][]int{}
	for _, h := range hits {
		if m.segs[h.seg].unsettled(h.num) {
			bySeg[h.seg] = append(bySeg[h.seg], h.j)
		}
	}
	for s, js := range bySeg {
		slices.Sort(js)
		if _, _, err := m.check(&m.segs[s], js); err != nil {
			return nil, err
		}
	}
	for i, h := range hits {
		out[i] = m.segs[h.seg].scores[h.j]
	}
	return out, nil
}

// sortHits puts hits in rank order.
func (m *matches) sortHits(hits []hit) {
	slices.SortFunc(hits, func(a, b hit) int {
		if m.before(&a, &b) {
			return -1
		}
		return 1
	})
}

// unsettled reports whether any of hits has a signal not yet checked.
func (m *matches) unsettled(hits []hit) bool {
	for _, h := range hits {
		if m.segs[h.seg].unsettled(h.num) {
			return true
		}
	}
	return false
}

// unsettled reports whether document d has a signal not yet checked.
func (sm *segMatch) unsettled(d uint32) bool {
	for _, ws := range sm.words {
		if ws.textMaybe != nil && ws.textMaybe.Contains(d) || ws.nameMaybe != nil && ws.nameMaybe.Contains(d) {
			return true
		}
	}
	return false
}

// checkAll settles every unchecked signal of every match.
func (m *matches) checkAll() error {
	errs := make([]error, len(m.segs))
	m.parallel(func(s int) {
		sm := &m.segs[s]
		var js []int
		for j, d := range sm.docs {
			if sm.unsettled(d) {
				js = append(js, j)
			}
		}
		_, _, errs[s] = m.check(sm, js)
	})
	return errors.Join(errs...)
}

// unsettledCount counts the matches with a signal not yet checked.
func (m *matches) unsettledCount() int {
	n := 0
	for _, sm := range m.segs {
		u := roaring.New()
		for _, ws := range sm.words {
			for _, maybe := range []*roaring.Bitmap{ws.textMaybe, ws.nameMaybe} {
				if maybe != nil {
					u.Or(roaring.And(maybe, sm.match))
				}
			}
		}
		n += int(u.GetCardinality())
	}
	return n
}

// firstByScore returns the first k hits by the current scores: each
// segment's first k on its integer rank, then those merged.
func (m *matches) firstByScore(k int) []hit {
	if k == 0 {
		return nil
	}
	per := make([][]hit, len(m.segs))
	m.parallel(func(s int) {
		sm := &m.segs[s]
		cols := sm.sv.cols
		h := &segTop{}
		for j, d := range sm.docs {
			var score float32
			if sm.scores != nil {
				score = m.rankScore(sm.scores[j])
			}
			c := segHit{score, m.sortKey(cols, d), cols.rank[d], int32(j)}
			if len(h.hits) < k {
				heap.Push(h, c)
			} else if c.before(h.hits[0]) {
				h.hits[0] = c
				heap.Fix(h, 0)
			}
		}
		for _, c := range h.hits {
			per[s] = append(per[s], m.hitAt(s, int(c.j)))
		}
	})
	var all []hit
	for _, hs := range per {
		all = append(all, hs...)
	}
	m.sortHits(all)
	return all[:min(k, len(all))]
}

// segHit is a match ranked within its segment: by score (by relevance),
// then its sort key, then rank.
type segHit struct {
	score float32
	key   uint32
	rank  uint64
	j     int32
}

func (a segHit) before(b segHit) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.key != b.key {
		return a.key < b.key
	}
	return a.rank < b.rank
}

// segTop is a heap of segHits with the lowest ranked on top.
type segTop struct{ hits []segHit }

func (h *segTop) Len() int           { return len(h.hits) }
func (h *segTop) Less(i, j int) bool { return h.hits[j].before(h.hits[i]) }
func (h *segTop) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *segTop) Push(x any)         { h.hits = append(h.hits, x.(segHit)) }
func (h *segTop) Pop() any {
	x := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return x
}

// task reads a hit's stored task.
func (m *matches) task(h hit) (ingest.Task, error) { return segmentTask(m.segs[h.seg].sv.seg, h.num) }

// segmentTask reads the stored task of document d of a segment and checks
// it against its stored checksum (tasks indexed before checksums were
// stored have none): a task whose bytes changed on disk is an ECORRUPT
// error, never a hit with garbled text.
func segmentTask(seg segment.Segment, d uint32) (t ingest.Task, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = corruptf("读取第 %d 项保存的任务时出错(%v)", d, p)
		}
	}()
	var raw, sum []byte
	err = seg.VisitStoredFields(uint64(d), func(field string, _ byte, value []byte, _ []uint64) bool {
		// value is the segment's buffer, reused once the visit returns.
		switch field {
		case fieldJSON:
			raw = slices.Clone(value)
		case fieldCRC:
			sum = slices.Clone(value)
		}
		return raw == nil || sum == nil
	})
	if err != nil {
		return t, corruptf("读取保存的任务时出错(%v)", err)
	}
	if sum != nil && string(sum) != taskCRC(raw) {
		return t, corruptf("保存的任务 %d 校验失败", d)
	}
	if err := decodeTask(raw, &t); err != nil {
		return t, corruptf("保存的任务 %d 无法解析(%v)", d, err)
	}
	return t, nil
}

// counts are how many matches hold each value of a facet, by the value's
// store-wide ordinal.
type counts struct {
	n     []int
	names []string
}

// top lists the values most first, then by name, at most n.
func (c counts) top(n int) []FacetValue {
	all := make([]valueCount[string], 0, len(c.n))
	for ord, k := range c.n {
		if k > 0 {
			all = append(all, valueCount[string]{c.names[ord], k})
		}
	}
	return topOf(all, n)
}

// byName returns the counts keyed by name.
func (c counts) byName() map[string]int {
	m := map[string]int{}
	for ord, k := range c.n {
		if k > 0 {
			m[c.names[ord]] += k
		}
	}
	return m
}

// countLeaders and countGroups count the matches' leaders and unit groups.
func (m *matches) countLeaders() counts {
	return m.countCSR(func(c *columns) (*csr, []int, []uint32) { return &c.leaders, c.leaderTotals, c.leaderOrds }, m.v.leaderNames)
}

func (m *matches) countGroups() counts {
	return m.countCSR(func(c *columns) (*csr, []int, []uint32) { return &c.groups, c.groupTotals, c.groupOrds }, m.v.groupNames)
}

// countCSR counts the values of a multi-valued column over the matches:
// one pass over the matches, or, when most of a segment matches, its
// totals less one pass over the rest.
func (m *matches) countCSR(col func(*columns) (*csr, []int, []uint32), names []string) counts {
	per := make([][]int, len(m.segs))
	m.parallel(func(i int) {
		sm := &m.segs[i]
		c, totals, _ := col(sm.sv.cols)
		var local []int
		if dense, rest := sm.denseRest(); !dense {
			local = make([]int, len(totals))
			for _, d := range sm.docs {
				for _, v := range c.val[c.off[d]:c.off[d+1]] {
					local[v]++
				}
			}
		} else {
			local = slices.Clone(totals)
			for _, d := range rest {
				for _, v := range c.val[c.off[d]:c.off[d+1]] {
					local[v]--
				}
			}
		}
		per[i] = local
	})
	out := counts{n: make([]int, len(names)), names: names}
	for i, local := range per {
		_, _, ords := col(m.segs[i].sv.cols)
		for v, k := range local {
			out.n[ords[v]] += k
		}
	}
	return out
}

// countDocs counts the matches of each document.
func (m *matches) countDocs() counts {
	per := make([][]int, len(m.segs))
	m.parallel(func(i int) {
		sm := &m.segs[i]
		cols := sm.sv.cols
		var local []int
		if dense, rest := sm.denseRest(); !dense {
			local = make([]int, len(cols.docTerms))
			for _, d := range sm.docs {
				if o := cols.doc[d]; o != noValue {
					local[o]++
				}
			}
		} else {
			local = slices.Clone(cols.docTotals)
			for _, d := range rest {
				if o := cols.doc[d]; o != noValue {
					local[o]--
				}
			}
		}
		per[i] = local
	})
	out := counts{n: make([]int, len(m.v.docNames)), names: m.v.docNames}
	for i, local := range per {
		ords := m.segs[i].sv.cols.docOrds
		for o, k := range local {
			out.n[ords[o]] += k
		}
	}
	return out
}

// countKeyword counts the matches by the value of a single-valued keyword
// column (status, period); tasks without a value are not counted.
func (m *matches) countKeyword(col func(*columns) *keywordColumn) map[string]int {
	per := make([][]int, len(m.segs))
	m.parallel(func(i int) {
		sm := &m.segs[i]
		c := col(sm.sv.cols)
		if len(c.terms) == 0 {
			return
		}
		var local []int
		if dense, rest := sm.denseRest(); !dense {
			local = make([]int, len(c.terms))
			for _, d := range sm.docs {
				if o := c.of[d]; o != noValue {
					local[o]++
				}
			}
		} else {
			local = slices.Clone(c.totals)
			for _, d := range rest {
				if o := c.of[d]; o != noValue {
					local[o]--
				}
			}
		}
		per[i] = local
	})
	out := map[string]int{}
	for i, local := range per {
		terms := col(m.segs[i].sv.cols).terms
		for o, k := range local {
			if k > 0 {
				out[terms[o]] += k
			}
		}
	}
	return out
}

// countDue counts the matches by the month (YYYY-MM) of their due date;
// tasks without one are not counted.
func (m *matches) countDue() map[string]int {
	per := make([][]int, len(m.segs))
	m.parallel(func(i int) {
		sm := &m.segs[i]
		cols := sm.sv.cols
		if len(cols.dueTerms) == 0 {
			return
		}
		var local []int
		if dense, rest := sm.denseRest(); !dense {
			local = make([]int, len(cols.dueTerms))
			for _, d := range sm.docs {
				if o := cols.due[d]; o != noValue {
					local[o]++
				}
			}
		} else {
			local = slices.Clone(cols.dueTotals)
			for _, d := range rest {
				if o := cols.due[d]; o != noValue {
					local[o]--
				}
			}
		}
		per[i] = local
	})
	out := map[string]int{}
	for i, local := range per {
		terms := m.segs[i].sv.cols.dueTerms
		for o, k := range local {
			if k > 0 {
				out[terms[o][:7]] += k
			}
		}
	}
	return out
}

// without returns the matches of the same query with filter group g left
// out, for counting g's facet: a value's count there is what choosing it
// would add (filters.go). With g inactive it is m itself. Release it with
// releaseWithout.
func (m *matches) without(g filterGroup) *matches {
	if len(m.segs) == 0 || m.segs[0].groups[g] == nil {
		return m
	}
	// vocab goes along: the facet counted over these is merged by identity
	// (byIdentity), and an identity's exact count is over these too.
	out := &matches{v: m.v, segs: make([]segMatch, len(m.segs)), vocab: m.vocab, order: m.order}
	m.parallel(func(i int) {
		sm := &m.segs[i]
		var must []*roaring.Bitmap
		for h, bm := range sm.groups {
			if filterGroup(h) != g && bm != nil {
				must = append(must, bm)
			}
		}
		// A typed word holds where it or any of its synonyms does, as in
		// evalSegment.
		if m.plan != nil {
			must = append(must, m.plan.byTyped(sm.words, func(ws *wordSets) *roaring.Bitmap { return ws.any })...)
		}
		var match *roaring.Bitmap
		switch len(must) {
		case 0:
			match = roaring.New()
			match.AddRange(0, sm.sv.seg.Count())
		case 1:
			match = must[0].Clone()
		default:
			match = roaring.FastAnd(must...)
		}
		if sm.sv.deleted != nil {
			match.AndNot(sm.sv.deleted)
		}
		docs := m.v.bufs.uint32s(int(match.GetCardinality()))
		it := match.ManyIterator()
		for at := 0; at < len(docs); {
			at += it.NextMany(docs[at:])
		}
		out.segs[i] = segMatch{sv: sm.sv, groups: sm.groups, match: match, docs: docs}
	})
	for _, sm := range out.segs {
		out.total += uint64(len(sm.docs))
	}
	return out
}

// releaseWithout releases what without made (not m itself).
func (m *matches) releaseWithout(w *matches) {
	if w != m {
		w.release()
	}
}

// denseRest reports whether most of the segment matches and, if so,
// returns the documents that do not (deleted ones included: the totals
// count them).
func (sm *segMatch) denseRest() (bool, []uint32) {
	n := sm.sv.seg.Count()
	if uint64(len(sm.docs)) <= n/2 {
		return false, nil
	}
	if sm.rest == nil {
		sm.rest = roaring.Flip(sm.match, 0, n).ToArray()
	}
	return true, sm.rest
}

// release returns the search's large slices for the next search.
func (m *matches) release() {
	for i := range m.segs {
		m.v.bufs.put(m.segs[i].docs, m.segs[i].scores)
		m.segs[i].docs, m.segs[i].scores = nil, nil
	}
}

// countPairs returns how many matches each leader and unit group share.
func (m *matches) countPairs() map[[2]string]int {
	out := map[[2]string]int{}
	for _, sm := range m.segs {
		cols := sm.sv.cols
		counts := map[[2]uint32]int{}
		for _, d := range sm.docs {
			for _, l := range cols.leaders.of(d) {
				for _, g := range cols.groups.of(d) {
					counts[[2]uint32{l, g}]++
				}
			}
		}
		for k, n := range counts {
			out[[2]string{cols.leaderTerms[k[0]], cols.groupTerms[k[1]]}] += n
		}
	}
	return out
}

// countTargets returns how many matches set a quantitative target.
func (m *matches) countTargets() int {
	n := 0
	for _, sm := range m.segs {
		n += int(sm.match.AndCardinality(sm.sv.cols.targets))
	}
	return n
}

// topValues lists counts most first, then by value, at most n.
func topValues[K cmp.Ordered](counts map[K]int, n int) []FacetValue {
	all := make([]valueCount[K], 0, len(counts))
	for k, c := range counts {
		all = append(all, valueCount[K]{k, c})
	}
	return topOf(all, n)
}

type valueCount[K cmp.Ordered] struct {
	k K
	n int
}

// topOf sorts only the n it keeps: a facet may count thousands of
// documents to show fifty.
func topOf[K cmp.Ordered](all []valueCount[K], n int) []FacetValue {
	first := func(a, b valueCount[K]) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return cmp.Compare(a.k, b.k)
	}
	if n < len(all)/4 {
		// Keep the n first in a sorted window; most values fall out on one
		// comparison with its last.
		win := make([]valueCount[K], 0, n+1)
		for _, e := range all {
			if len(win) == n && first(e, win[n-1]) >= 0 {
				continue
			}
			at, _ := slices.BinarySearchFunc(win, e, first)
			win = slices.Insert(win, at, e)
			if len(win) > n {
				win = win[:n]
			}
		}
		all = win
	} else {
		slices.SortFunc(all, first)
		all = all[:min(len(all), n)]
	}
	out := make([]FacetValue, len(all))
	for i, e := range all {
		out[i] = FacetValue{Value: e.k, Count: e.n}
	}
	return out
}
