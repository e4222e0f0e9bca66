package index

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/duban/duban/ingest"
)

// Limits of a search request.
const (
	DefaultSize   = 20
	MaxSize       = 100
	MaxWindow     = 10000 // from+size
	MaxQueryRunes = 500
)

// Facet names in a Result, as DESIGN.md's API gives them.
const (
	FacetLeader = "leader"
	FacetUnit   = "unit"
	FacetYear   = "year"
	FacetDoc    = "doc" // document ids; the page names them by title
)

// Request is one search: free text plus exact filters. Leaders and Units
// must all hold (AND); Years and Docs are alternatives (OR).
type Request struct {
	// Query is free text. Words apart by spaces must all match; "quoted
	// words" match as one phrase. Empty means every task.
	Query   string
	Leaders []string
	// Units match a unit as written or its base name (区住建局 matches
	// 区住建局(规划分局)).
	Units []string
	Years []int
	Docs  []string
	From  int
	Size  int
}

// Hit is one task found, with its score and its text highlighted.
type Hit struct {
	ingest.Task
	Score float64 `json:"score"`
	// Highlight is the task text, HTML-escaped, with <mark> around matches.
	Highlight string `json:"highlight"`
}

// FacetValue is one value of a facet and how many matching tasks hold it.
type FacetValue struct {
	Value any `json:"value"`
	Count int `json:"count"`
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
	case r.From+r.Size > MaxWindow:
		return ingest.Errorf(ingest.EINVALID, "from+size 不能超过 %d", MaxWindow)
	case utf8.RuneCountInString(r.Query) > MaxQueryRunes:
		return ingest.Errorf(ingest.EINVALID, "查询过长(最多 %d 个字符)", MaxQueryRunes)
	}
	return nil
}

// Search runs req and returns its hits, total, facets and highlights.
func (s *Store) Search(ctx context.Context, req Request) (*Result, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	words := splitQuery(req.Query)
	sr := bleve.NewSearchRequestOptions(s.buildQuery(req, words), req.Size, req.From, false)
	sr.Fields = []string{fieldJSON}
	if len(words) > 0 {
		// Score alone: a sort on doc values as tie-breaker made every query
		// read three more doc values for every match (a quarter of the
		// latency); ties are ordered within the page below instead.
		sr.SortBy([]string{"-_score"})
	} else {
		// Filters alone rank nothing: list the tasks in the notice's order.
		sr.SortBy([]string{"-" + fieldYear, fieldDocID, fieldSeq})
	}
	sr.AddFacet(FacetLeader, bleve.NewFacetRequest(fieldLeaders, 50))
	sr.AddFacet(FacetUnit, bleve.NewFacetRequest(fieldUnitGroups, 100))
	// Years are counted from the document facet (a document id starts with
	// its year): one doc-values field less to read for every match.
	sr.AddFacet(FacetDoc, bleve.NewFacetRequest(fieldDocID, maxDocFacet))
	res, err := s.idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("search failed: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits)), Facets: map[string][]FacetValue{}}
	for _, h := range res.Hits {
		t, err := storedTask(h)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, Hit{Task: t, Score: h.Score, Highlight: s.highlight(t.Text, words)})
	}
	if len(words) > 0 {
		// Equal scores (the same task text in two years): newest year
		// first, then the notice's order.
		slices.SortStableFunc(out.Hits, func(a, b Hit) int {
			switch {
			case a.Score != b.Score:
				return cmpFloatDesc(a.Score, b.Score)
			case a.Year != b.Year:
				return b.Year - a.Year
			case a.DocID != b.DocID:
				return strings.Compare(a.DocID, b.DocID)
			}
			return a.Seq - b.Seq
		})
	}
	for _, name := range []string{FacetLeader, FacetUnit} {
		out.Facets[name] = facetValues(res.Facets[name], false)
	}
	docs := facetValues(res.Facets[FacetDoc], false)
	out.Facets[FacetYear] = yearsOf(docs)
	out.Facets[FacetDoc] = docs[:min(len(docs), 50)]
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// Task returns one task by id, or an ENOTFOUND error.
func (s *Store) Task(ctx context.Context, id string) (*ingest.Task, error) {
	sr := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{id}))
	sr.Fields = []string{fieldJSON}
	res, err := s.idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("task lookup failed: %w", err)
	}
	if len(res.Hits) == 0 {
		return nil, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的任务", id)
	}
	t, err := storedTask(res.Hits[0])
	return &t, err
}

func cmpFloatDesc(a, b float64) int {
	if a > b {
		return -1
	}
	return 1
}

func storedTask(h *search.DocumentMatch) (ingest.Task, error) {
	var t ingest.Task
	raw, _ := h.Fields[fieldJSON].(string)
	if err := json.Unmarshal([]byte(raw), &t); err != nil {
		return t, fmt.Errorf("stored task %s is corrupt: %w", h.ID, err)
	}
	return t, nil
}

// maxDocFacet bounds the documents counted in the doc facet, from which the
// year facet is summed; far more notices than an office ingests in decades.
const maxDocFacet = 5000

// yearsOf sums document counts by the year their id starts with, most tasks
// first, then the later year.
func yearsOf(docs []FacetValue) []FacetValue {
	counts := map[int]int{}
	for _, d := range docs {
		id, _ := d.Value.(string)
		if y, err := strconv.Atoi(id[:max(0, strings.IndexByte(id, '-'))]); err == nil {
			counts[y] += d.Count
		}
	}
	out := make([]FacetValue, 0, len(counts))
	for y, n := range counts {
		out = append(out, FacetValue{Value: y, Count: n})
	}
	slices.SortFunc(out, func(a, b FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return b.Value.(int) - a.Value.(int)
	})
	return out
}

func facetValues(f *search.FacetResult, numeric bool) []FacetValue {
	out := []FacetValue{}
	if f == nil || f.Terms == nil {
		return out
	}
	for _, t := range f.Terms.Terms() {
		var v any = t.Term
		if numeric {
			if n, err := strconv.Atoi(t.Term); err == nil {
				v = n
			}
		}
		out = append(out, FacetValue{Value: v, Count: t.Count})
	}
	return out
}

// buildQuery turns a Request into a bleve query.
//
// Each word of the free text must match (AND) through any of: a phrase of
// cjk bigrams (exact substring: every run of two or more characters in a
// task finds it), a gse phrase (the word on word boundaries, boosted), the
// gse words in any order, or a leader/unit name or the section heading. A
// task holding the words
// as typed, side by side, gets an extra boost.
func (s *Store) buildQuery(req Request, words []string) query.Query {
	var must []query.Query
	for _, w := range words {
		must = append(must, s.wordQuery(w))
	}
	for _, l := range req.Leaders {
		must = append(must, termQuery(fieldLeaders, l))
	}
	for _, u := range req.Units {
		must = append(must, bleve.NewDisjunctionQuery(termQuery(fieldUnits, u), termQuery(fieldUnitGroups, u)))
	}
	if len(req.Years) > 0 {
		var qs []query.Query
		for _, y := range req.Years {
			qs = append(qs, termQuery(fieldYear, strconv.Itoa(y)))
		}
		must = append(must, bleve.NewDisjunctionQuery(qs...))
	}
	if len(req.Docs) > 0 {
		var qs []query.Query
		for _, d := range req.Docs {
			qs = append(qs, termQuery(fieldDocID, d))
		}
		must = append(must, bleve.NewDisjunctionQuery(qs...))
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	if len(words) > 1 {
		b.AddShould(phrase(fieldTextCJK, strings.Join(words, ""), 3))
	}
	return b
}

func (s *Store) wordQuery(w string) query.Query {
	if utf8.RuneCountInString(w) == 1 {
		return charQuery(w)
	}
	clauses := []query.Query{phrase(fieldTextCJK, w, 1), phrase(fieldNames, w, 1.5)}
	// The word is cut by gse once, here, in accurate mode (as the query
	// analyzer would, folded the same way), and its words become the phrase
	// and the any-order clauses directly rather than being analysed again
	// for each.
	var words []string
	for _, t := range s.seg.Terms(ingest.ToSimplified(w), false) {
		words = append(words, strings.ToLower(t.Word))
	}
	switch len(words) {
	case 0:
	case 1:
		clauses = append(clauses, boosted(termQuery(fieldText, words[0]), 2))
	default:
		gsePhrase := bleve.NewPhraseQuery(words, fieldText)
		gsePhrase.SetBoost(2)
		all := make([]query.Query, len(words))
		for i, word := range words {
			all[i] = termQuery(fieldText, word)
		}
		clauses = append(clauses, gsePhrase, bleve.NewConjunctionQuery(all...))
	}
	return bleve.NewDisjunctionQuery(clauses...)
}

func boosted(q *query.TermQuery, boost float64) query.Query {
	q.SetBoost(boost)
	return q
}

// charQuery finds a one-character word in the bigram field: the bigrams
// that start with it, those that end with it (a character ending a run), a
// lone character (indexed as itself), a gse word, or a name.
func charQuery(w string) query.Query {
	c := strings.ToLower(ingest.ToSimplified(w))
	qs := []query.Query{}
	for _, field := range []string{fieldTextCJK, fieldNames} {
		prefix := bleve.NewPrefixQuery(c)
		prefix.SetField(field)
		alone := bleve.NewTermQuery(c)
		alone.SetField(field)
		qs = append(qs, prefix, alone)
		if strings.ContainsAny(c, "*?\\") {
			continue
		}
		suffix := bleve.NewWildcardQuery("?" + c)
		suffix.SetField(field)
		qs = append(qs, suffix)
	}
	word := bleve.NewTermQuery(c)
	word.SetField(fieldText)
	word.SetBoost(2)
	return bleve.NewDisjunctionQuery(append(qs, word)...)
}

func phrase(field, text string, boost float64) query.Query {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func termQuery(field, term string) *query.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
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
	for _, w := range words {
		if !mark(w) {
			for _, t := range s.seg.Terms(ingest.ToSimplified(w), false) {
				mark(t.Word)
			}
		}
	}
	if len(spans) == 0 {
		return html.EscapeString(text)
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	pos := 0
	for i := 0; i < len(spans); {
		st, e := spans[i].start, spans[i].end
		for i++; i < len(spans) && spans[i].start <= e; i++ {
			e = max(e, spans[i].end)
		}
		if st < pos {
			st = pos
		}
		b.WriteString(html.EscapeString(text[pos:st]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[st:e]))
		b.WriteString("</mark>")
		pos = e
	}
	b.WriteString(html.EscapeString(text[pos:]))
	return b.String()
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

// Scan calls fn for every task req matches, in the order of a search, page
// by page (search after), so an export is not bounded by MaxWindow.
func (s *Store) Scan(ctx context.Context, req Request, fn func(ingest.Task) error) error {
	req.From, req.Size = 0, MaxSize
	if err := req.validate(); err != nil {
		return err
	}
	words := splitQuery(req.Query)
	var after []string
	for {
		sr := bleve.NewSearchRequestOptions(s.buildQuery(req, words), 500, 0, false)
		sr.Fields = []string{fieldJSON}
		if len(words) > 0 {
			sr.SortBy([]string{"-_score", "-" + fieldYear, fieldDocID, fieldSeq, "_id"})
		} else {
			sr.SortBy([]string{"-" + fieldYear, fieldDocID, fieldSeq, "_id"})
		}
		if after != nil {
			sr.SearchAfter = after
		}
		res, err := s.idx.SearchInContext(ctx, sr)
		if err != nil {
			return fmt.Errorf("scan failed: %w", err)
		}
		for _, h := range res.Hits {
			t, err := storedTask(h)
			if err != nil {
				return err
			}
			if err := fn(t); err != nil {
				return err
			}
		}
		if len(res.Hits) < 500 {
			return nil
		}
		after = res.Hits[len(res.Hits)-1].Sort
	}
}
