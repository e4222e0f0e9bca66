package index

import (
	"context"
	"errors"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/duban/duban/ingest"
)

// Limits of a search request and of its answer.
const (
	DefaultSize   = 20
	MaxSize       = 100
	MaxWindow     = 10000 // from+size
	MaxQueryRunes = 500
	// MaxHighlightRunes bounds a hit's highlight: a longer task is shown
	// as the window around its first match, marked "…" where it is cut.
	MaxHighlightRunes = 1000
	// MaxHitTextRunes bounds a hit's text (ingest.MaxTaskRunes bounds what
	// is indexed now; an index written before that limit may hold longer
	// tasks). GET /api/tasks/:id gives the whole text.
	MaxHitTextRunes = ingest.MaxTaskRunes
)

// Facet names in a Result, as DESIGN.md's API gives them.
const (
	FacetLeader = "leader"
	FacetUnit   = "unit"
	FacetYear   = "year"
	FacetDoc    = "doc" // document ids; the page names them by title
	FacetDue    = "due" // months (YYYY-MM) of the tasks' due dates
	FacetStatus = "status"
	FacetPeriod = "period"
)

// Request is one search: free text plus exact filters. The values of one
// filter are alternatives (OR: two units are the tasks of either); different
// filters must all hold (AND). See filters.go.
type Request struct {
	// Query is free text. Words apart by spaces must all match; "quoted
	// words" match as one phrase. Empty means every task.
	Query   string
	Leaders []string
	// Units match a unit as written or its base name (区住建局 matches
	// 区住建局(规划分局)); full-width and ASCII brackets alike.
	Units []string
	Years []int
	Docs  []string
	// Due are months (YYYY-MM) a task's due date falls in.
	Due []string
	// DueBefore and DueAfter bound the due date (YYYY-MM-DD, both
	// inclusive); a task without a due date is outside any bound.
	DueBefore, DueAfter string
	// Status and Period filter by the tasks' progress: their status
	// (已完成, 序时推进, 滞后, 逾期, 未报送) and the period of their latest
	// report (2019-H1).
	Status, Period []string
	// Sort is SortRelevance (""), SortOrder or SortDue.
	Sort string
	From int
	Size int
	// FacetsOnly answers the total and the facets without hits (the API's
	// size=0); From and Size are not used.
	FacetsOnly bool
	// Vocabulary, when set, applies the office's vocabulary: filters match
	// every spelling of a unit or leader, words their synonyms too, and
	// facets count by identity (vocabulary.go).
	Vocabulary Vocabulary
}

// Hit is one task found, with its score and its text highlighted.
type Hit struct {
	ingest.Task
	Score float64 `json:"score"`
	// Highlight is the task text, HTML-escaped, with <mark> around matches.
	Highlight string `json:"highlight"`
	// Synonyms are the synonyms the task matched through where the word
	// typed did not match it (匹配同义词).
	Synonyms []string `json:"synonyms,omitempty"`
	// Matched are the names of its lead units or leaders through which the
	// task was found because the query named their identity (匹配单位:
	// 区环保局 → 区生态环境分局); see vocabulary.go.
	Matched []MatchedName `json:"matched,omitempty"`
	// ProgressHighlight is the task's latest progress, highlighted like
	// the text: a task found by its progress shows why.
	ProgressHighlight string `json:"progress_highlight,omitempty"`
}

// FacetValue is one value of a facet and how many matching tasks hold it.
type FacetValue struct {
	Value any `json:"value"`
	Count int `json:"count"`
	// Spellings are the names counted under one identity of the office's
	// vocabulary (Request.Vocabulary), when it has more than its own.
	Spellings []FacetValue `json:"spellings,omitempty"`
}

// Result is the answer to a Request.
type Result struct {
	Total  uint64                  `json:"total"`
	TookMS float64                 `json:"took_ms"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets"`
}

// validate fills defaults and rejects what the caller got wrong.
func (r *Request) validate() error {
	if r.Size == 0 {
		r.Size = DefaultSize
	}
	switch {
	case r.Size < 0 || r.Size > MaxSize:
		return ingest.Errorf(ingest.EINVALID, "size 必须在 1 到 %d 之间", MaxSize)
	case r.From < 0:
		return ingest.Errorf(ingest.EINVALID, "from 不能为负数")
	// From is compared on its own first: From+Size could overflow.
	case r.From > MaxWindow || r.From+r.Size > MaxWindow:
		return ingest.Errorf(ingest.EINVALID, "from+size 不能超过 %d", MaxWindow)
	case !utf8.ValidString(r.Query):
		return ingest.Errorf(ingest.EINVALID, "查询不是有效的 UTF-8 文字")
	case utf8.RuneCountInString(r.Query) > MaxQueryRunes:
		return ingest.Errorf(ingest.EINVALID, "查询过长(最多 %d 个字符)", MaxQueryRunes)
	}
	switch r.Sort {
	case "", SortRelevance, SortOrder, SortDue:
	default:
		return ingest.Errorf(ingest.EINVALID, "sort 只能是 relevance(相关度)、order(年度·序号)或 due(完成时限),收到 %q", r.Sort)
	}
	return r.validateDue()
}

// matchesNothing reports whether a query was typed but holds no word to
// search (only punctuation or symbols: 、 ,。 ()): it matches no task.
// Were its words simply dropped, the query would be empty and match every
// task — the opposite of what was asked.
func matchesNothing(q string, words []string) bool {
	return len(words) == 0 && strings.TrimSpace(q) != ""
}

// emptyResult is the answer of a query that matches nothing.
func emptyResult() *Result {
	return &Result{Hits: []Hit{}, Facets: map[string][]FacetValue{
		FacetLeader: {}, FacetUnit: {}, FacetYear: {}, FacetDoc: {}, FacetDue: {}, FacetStatus: {}, FacetPeriod: {},
	}}
}

// Search runs req and returns its hits, total, facets and highlights. How
// words match and rank is described in exec.go.
func (s *Store) Search(ctx context.Context, req Request) (_ *Result, err error) {
	defer recoverRead(&err)
	if err := req.validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	words := splitQuery(req.Query)
	if matchesNothing(req.Query, words) {
		return emptyResult(), nil
	}
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.release()
	p := s.newPlan(req, words)
	p.disjunctive = true
	m, err := p.run(ctx, v)
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	defer m.release()
	out := &Result{Total: m.total, Hits: make([]Hit, 0, req.Size), Facets: map[string][]FacetValue{}}
	if !req.FacetsOnly {
		top, err := m.top(req.From + req.Size)
		if err != nil {
			return nil, fmt.Errorf("search failed: %w", err)
		}
		page := top[min(req.From, len(top)):]
		scores, err := m.scoresOf(page)
		if err != nil {
			return nil, fmt.Errorf("search failed: %w", err)
		}
		cuts := p.gseCuts()
		for i, h := range page {
			t, err := m.task(h)
			if err != nil {
				return nil, err
			}
			hl := highlightCut(t.Text, p.texts(), cuts)
			t.Text = truncateRunes(t.Text, MaxHitTextRunes)
			hit := Hit{Task: t, Score: float64(scores[i]), Highlight: hl, Synonyms: m.synonymsOf(h), Matched: m.matchedOf(h, &t)}
			if t.Progress != "" {
				t.Progress = truncateRunes(t.Progress, MaxHitTextRunes)
				hit.Task.Progress = t.Progress
				hit.ProgressHighlight = highlightCut(t.Progress, p.texts(), cuts)
			}
			out.Hits = append(out.Hits, hit)
		}
	}
	// Each facet is counted without its own filter (filters.go); leaders and
	// units are then merged by the vocabulary's identities over those same
	// matches, so an identity chosen as a filter (every spelling, OR) leaves
	// its own facet counted as if nothing of the group were chosen.
	facet := func(g filterGroup, count func(*matches) error) error {
		w := m.without(g)
		defer m.releaseWithout(w)
		return count(w)
	}
	err = errors.Join(
		facet(groupLeader, func(w *matches) (err error) {
			out.Facets[FacetLeader], err = w.byIdentity(w.countLeaders(), fieldLeaders, 50)
			return err
		}),
		facet(groupUnit, func(w *matches) (err error) {
			out.Facets[FacetUnit], err = w.byIdentity(w.countGroups(), fieldUnitGroups, 100)
			return err
		}),
		facet(groupYear, func(w *matches) error {
			out.Facets[FacetYear] = yearsOf(w.countDocs())
			return nil
		}),
		facet(groupDoc, func(w *matches) error {
			// The fifty largest, listed as the years are: latest first.
			docs := w.countDocs().top(50)
			slices.SortStableFunc(docs, func(a, b FacetValue) int {
				return yearOfDocID(b.Value.(string)) - yearOfDocID(a.Value.(string))
			})
			out.Facets[FacetDoc] = docs
			return nil
		}),
		facet(groupDue, func(w *matches) error {
			out.Facets[FacetDue] = monthsOf(w.countDue())
			return nil
		}),
		facet(groupStatus, func(w *matches) error {
			out.Facets[FacetStatus] = topValues(w.countKeyword(func(c *columns) *keywordColumn { return &c.status }), 10)
			return nil
		}),
		facet(groupPeriod, func(w *matches) error {
			// in the order of the periods' values: 2019-H1 before 2019-Q3
			out.Facets[FacetPeriod] = periodsOf(w.countKeyword(func(c *columns) *keywordColumn { return &c.period }))
			return nil
		}),
	)
	if err != nil {
		return nil, err
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// periodsOf lists report periods newest year first and, within a year, in
// the order of the month each ends in (Q1, 04, H1, Q3, 10, Q4, H2, the
// year).
func periodsOf(counts map[string]int) []FacetValue {
	out := make([]FacetValue, 0, len(counts))
	for p, n := range counts {
		out = append(out, FacetValue{Value: p, Count: n})
	}
	key := func(p string) (year, within int) {
		y, rest, _ := strings.Cut(p, "-")
		year, _ = strconv.Atoi(y)
		switch {
		case rest == "":
			return year, 12*4 + 3
		case strings.HasPrefix(rest, "Q"):
			q, _ := strconv.Atoi(rest[1:])
			return year, q*3*4 + 1
		case strings.HasPrefix(rest, "H"):
			h, _ := strconv.Atoi(rest[1:])
			return year, h*6*4 + 2
		}
		m, _ := strconv.Atoi(rest)
		return year, m * 4
	}
	slices.SortFunc(out, func(a, b FacetValue) int {
		ya, wa := key(a.Value.(string))
		yb, wb := key(b.Value.(string))
		if ya != yb {
			return yb - ya
		}
		return wa - wb
	})
	return out
}

// monthsOf lists due months in date order.
func monthsOf(counts map[string]int) []FacetValue {
	out := make([]FacetValue, 0, len(counts))
	for month, n := range counts {
		out = append(out, FacetValue{Value: month, Count: n})
	}
	slices.SortFunc(out, func(a, b FacetValue) int { return strings.Compare(a.Value.(string), b.Value.(string)) })
	return out
}

// Task returns one task by id, or an ENOTFOUND error.
func (s *Store) Task(ctx context.Context, id string) (_ *ingest.Task, err error) {
	defer recoverRead(&err)
	v, err := s.acquire()
	if err != nil {
		return nil, err
	}
	defer v.release()
	for _, sv := range v.segs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		nums, err := sv.seg.DocNumbers([]string{id})
		if err != nil {
			return nil, fmt.Errorf("task lookup failed: %w", err)
		}
		if sv.deleted != nil {
			nums.AndNot(sv.deleted)
		}
		if !nums.IsEmpty() {
			t, err := segmentTask(sv.seg, nums.Minimum())
			return &t, err
		}
	}
	return nil, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的任务", id)
}

// yearsOf sums document counts by the year their id starts with, the
// latest year first (a list of years reads in their order, not by size).
func yearsOf(docs counts) []FacetValue {
	years := map[int]int{}
	for ord, n := range docs.n {
		if y := yearOfDocID(docs.names[ord]); y != 0 && n > 0 {
			years[y] += n
		}
	}
	out := make([]FacetValue, 0, len(years))
	for y, n := range years {
		out = append(out, FacetValue{Value: y, Count: n})
	}
	slices.SortFunc(out, func(a, b FacetValue) int { return b.Value.(int) - a.Value.(int) })
	return out
}

// splitQuery splits free text into words on spaces; "double quotes" (ASCII
// or Chinese) keep a phrase together. Words with no letter or digit are
// dropped. Nothing in the text is query syntax, so no input is malformed.
func splitQuery(q string) []string {
	var (
		words  []string
		cur    strings.Builder
		quoted bool
	)
	flush := func() {
		if w := strings.TrimSpace(cur.String()); w != "" && hasWordChar(w) {
			words = append(words, w)
		}
		cur.Reset()
	}
	for _, r := range q {
		switch {
		case r == '"' || r == '“' || r == '”':
			flush()
			quoted = !quoted
		case unicode.IsSpace(r) && !quoted:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return words
}

// highlight returns text HTML-escaped with <mark> around every occurrence
// of the query's words. A word that does not stand in the text as typed (it
// matched through its gse words apart) has those words marked instead.
// Matching folds case and traditional characters.
func (s *Store) highlight(text string, words []string) string {
	cuts := make([][]string, len(words))
	for i, w := range words {
		for _, t := range s.seg.Terms(ingest.ToSimplified(w), false) {
			cuts[i] = append(cuts[i], t.Word)
		}
	}
	return highlightCut(text, words, cuts)
}

// highlightCut is highlight with each word's gse words already cut (a
// search has them in its plan).
func highlightCut(text string, words []string, cuts [][]string) string {
	type span struct{ start, end int }
	hay, toText := foldForMatch(text)
	var spans []span
	mark := func(w string) bool {
		w, _ = foldForMatch(w)
		found := false
		for from := 0; w != "" && from < len(hay); {
			i := strings.Index(hay[from:], w)
			if i < 0 {
				break
			}
			spans = append(spans, span{toText(from + i), toText(from + i + len(w))})
			from += i + len(w)
			found = true
		}
		return found
	}
	for i, w := range words {
		if !mark(w) {
			for _, g := range cuts[i] {
				mark(g)
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	// A long text is shown as a window of MaxHighlightRunes characters
	// from a little before its first match.
	lo, hi := 0, len(text)
	if len(text) > MaxHighlightRunes && utf8.RuneCountInString(text) > MaxHighlightRunes {
		first := 0
		if len(spans) > 0 {
			first = spans[0].start
		}
		lo = backRunes(text, first, MaxHighlightRunes/10)
		hi = forwardRunes(text, lo, MaxHighlightRunes)
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("…")
	}
	pos := lo
	for i := 0; i < len(spans); {
		st, e := spans[i].start, spans[i].end
		for i++; i < len(spans) && spans[i].start <= e; i++ {
			e = max(e, spans[i].end)
		}
		st, e = max(st, pos), min(e, hi)
		if st >= e {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:st]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[st:e]))
		b.WriteString("</mark>")
		pos = e
	}
	b.WriteString(html.EscapeString(text[pos:hi]))
	if hi < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// backRunes returns the byte offset n characters before offset i of s
// (or 0).
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// forwardRunes returns the byte offset n characters after offset i of s
// (or len(s)).
func forwardRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// truncateRunes cuts s to n characters, marking the cut with "…".
func truncateRunes(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	return s[:forwardRunes(s, 0, n)] + "…"
}

// foldForMatch returns text lowercased and with traditional characters
// simplified, and a map from byte offsets in the folded text back to
// offsets in text. When folding changes the number of characters (a rare
// phrase conversion), text is only lowercased, or used as it is.
func foldForMatch(text string) (string, func(int) int) {
	identity := func(i int) int { return i }
	folded := strings.ToLower(ingest.ToSimplified(text))
	if folded == text {
		return text, identity
	}
	if len(folded) == len(text) {
		return folded, identity
	}
	if utf8.RuneCountInString(folded) != utf8.RuneCountInString(text) {
		if lowered := strings.ToLower(text); len(lowered) == len(text) {
			return lowered, identity
		}
		return text, identity
	}
	// Same characters, different byte lengths: map through rune indices.
	textOffs := make([]int, 0, len(text)+1)
	for i := range text {
		textOffs = append(textOffs, i)
	}
	textOffs = append(textOffs, len(text))
	runeAt := make(map[int]int, len(textOffs))
	n := 0
	for i := range folded {
		runeAt[i] = n
		n++
	}
	runeAt[len(folded)] = n
	return folded, func(i int) int { return textOffs[runeAt[i]] }
}

// Scan calls fn for every task req matches, in the order of a search, so an
// export is not bounded by MaxWindow.
func (s *Store) Scan(ctx context.Context, req Request, fn func(ingest.Task) error) error {
	return s.ScanAll(ctx, req, nil, fn)
}

// ScanInfo is what a scan knows before its first task: how many it yields
// and from which documents (an export's title and sheet size need them
// first).
type ScanInfo struct {
	Total int
	Docs  []string // sorted
}

// ScanAll is Scan that first calls begin (when not nil) with what the scan
// will yield.
func (s *Store) ScanAll(ctx context.Context, req Request, begin func(ScanInfo) error, fn func(ingest.Task) error) (err error) {
	defer recoverRead(&err)
	req.From, req.Size = 0, MaxSize
	if err := req.validate(); err != nil {
		return err
	}
	if matchesNothing(req.Query, splitQuery(req.Query)) {
		if begin != nil {
			return begin(ScanInfo{})
		}
		return nil
	}
	v, err := s.acquire()
	if err != nil {
		return err
	}
	defer v.release()
	m, err := s.newPlan(req, splitQuery(req.Query)).run(ctx, v)
	if err != nil {
		return fmt.Errorf("scan failed: %w", err)
	}
	defer m.release()
	all, err := m.top(-1)
	if err != nil {
		return fmt.Errorf("scan failed: %w", err)
	}
	if begin != nil {
		info := ScanInfo{Total: len(all)}
		for doc := range m.countDocs().byName() {
			info.Docs = append(info.Docs, doc)
		}
		slices.Sort(info.Docs)
		if err := begin(info); err != nil {
			return err
		}
	}
	for i, h := range all {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		t, err := m.task(h)
		if err != nil {
			return err
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}
