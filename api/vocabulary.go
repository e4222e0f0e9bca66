package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/suggest"
	"github.com/duban/duban/vocab"
)

// The office's vocabulary and the search box's suggestions, served beside
// the index. Both are built from what the index holds (its unit and leader
// names, terms and titles) and kept until it changes: every write through
// the API (noteWrites) and every save of the vocabulary moves a generation
// on, and the next request that needs them builds them again. The
// generation moves before a write starts and after it ends, so a request
// that builds while a write runs is built again after it.
//
// With a vocabulary (Server.Vocabulary), every read of the index goes
// through vocabStore, which hands it to the search (index.Request.
// Vocabulary), lists units and leaders by identity, and reads comparisons
// by identity; the handlers need not know.

// VocabularyStore is what the API needs of the office's vocabulary
// (vocab.Store).
type VocabularyStore interface {
	Get() (*vocab.Vocabulary, string)
	Put(v *vocab.Vocabulary, expect string) (string, error)
}

// suggestMaxTerms bounds the terms suggested: the most frequent.
const suggestMaxTerms = 20000

// derived holds what is built from the index and the vocabulary.
type derived struct {
	gen atomic.Uint64

	lexMu  sync.Mutex
	lex    *vocab.Lexicon
	lexGen uint64

	sugMu    sync.Mutex // guards sug, sugGen, building
	sug      *suggest.Index
	sugGen   uint64
	building bool       // a rebuild runs in the background
	buildMu  sync.Mutex // one build at a time
}

// noteWrites moves the generation on around every request that may write.
func (s *Server) noteWrites(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	s.derived.gen.Add(1)
	c.Next()
	s.derived.gen.Add(1)
}

// lexicon returns the vocabulary applied to what the index holds now, or
// nil when the server has no vocabulary.
func (s *Server) lexicon(ctx context.Context) (*vocab.Lexicon, error) {
	if s.Vocabulary == nil {
		return nil, nil
	}
	d := s.derived
	d.lexMu.Lock()
	defer d.lexMu.Unlock()
	gen := d.gen.Load()
	if d.lex != nil && d.lexGen == gen {
		return d.lex, nil
	}
	store := s.indexStore()
	units, err := store.UnitsAs(ctx, nil)
	if err != nil {
		return nil, err
	}
	leaders, err := store.Leaders(ctx)
	if err != nil {
		return nil, err
	}
	v, _ := s.Vocabulary.Get()
	d.lex, d.lexGen = vocab.Build(v, vocab.Data{Units: units, Leaders: leaders, Issuers: issuersOf(store)}), gen
	return d.lex, nil
}

// suggestions returns the suggestion index. The first is built at once;
// after a change, the one there is served while the next is built in the
// background (reading every task takes seconds at 100,000 tasks, and a
// suggestion a moment old does no harm).
func (s *Server) suggestions(ctx context.Context) (*suggest.Index, error) {
	d := s.derived
	d.sugMu.Lock()
	ix, stale := d.sug, d.sugGen != d.gen.Load()
	if ix != nil && stale && !d.building {
		d.building = true
		go func() {
			if _, err := s.rebuildSuggestions(context.Background()); err != nil {
				s.logger().Warn("cannot rebuild the suggestions", "err", err)
			}
			d.sugMu.Lock()
			d.building = false
			d.sugMu.Unlock()
		}()
	}
	d.sugMu.Unlock()
	if ix != nil {
		return ix, nil
	}
	return s.rebuildSuggestions(ctx)
}

// WarmUp builds the vocabulary's lexicon and the suggestion index ahead of
// the first request that needs them (the suggestions read every task: some
// seconds at 100,000 tasks). The command calls it once the server listens.
func (s *Server) WarmUp(ctx context.Context) error {
	if s.derived == nil {
		return fmt.Errorf("WarmUp before Handler")
	}
	_, err := s.rebuildSuggestions(ctx)
	return err
}

// rebuildSuggestions builds the suggestion index of what the index holds
// now, unless one is already.
func (s *Server) rebuildSuggestions(ctx context.Context) (*suggest.Index, error) {
	d := s.derived
	d.buildMu.Lock()
	defer d.buildMu.Unlock()
	gen := d.gen.Load()
	d.sugMu.Lock()
	if d.sug != nil && d.sugGen == gen {
		defer d.sugMu.Unlock()
		return d.sug, nil
	}
	d.sugMu.Unlock()
	ix, err := s.buildSuggestions(ctx)
	if err != nil {
		return nil, err
	}
	d.sugMu.Lock()
	d.sug, d.sugGen = ix, gen
	d.sugMu.Unlock()
	return ix, nil
}

// buildSuggestions gathers the entries: leaders and units under their
// identities (every spelling leads to it), the terms of the tasks, and the
// notices' titles (newest first among equals: a title counts its year).
func (s *Server) buildSuggestions(ctx context.Context) (*suggest.Index, error) {
	lex, err := s.lexicon(ctx)
	if err != nil {
		return nil, err
	}
	store := s.indexStore()
	unitID := func(n string) string { return n }
	leaderID := unitID
	if lex != nil {
		unitID = func(n string) string { return orSelf(lex.UnitIdentity(n), n) }
		leaderID = func(n string) string { return orSelf(lex.LeaderIdentity(n), n) }
	}
	var entries []suggest.Entry
	leaders, err := store.Leaders(ctx)
	if err != nil {
		return nil, err
	}
	total := map[string]int{}
	for _, l := range leaders {
		total[leaderID(l.Name)] += l.Tasks
	}
	for _, l := range leaders {
		id := leaderID(l.Name)
		entries = append(entries, suggest.Entry{Text: l.Name, Kind: suggest.Leader, Value: id, Count: total[id]})
	}
	units, err := store.UnitsAs(ctx, nil)
	if err != nil {
		return nil, err
	}
	total = map[string]int{}
	for _, u := range units {
		total[unitID(u.Name)] += u.Tasks
	}
	// Every spelling of a unit's identity is offered (the vocabulary's
	// names too: the old name of a renamed unit finds it), each found also
	// by its short forms.
	aliasLex := lex
	if aliasLex == nil {
		aliasLex = vocab.Build(nil, vocab.Data{Issuers: issuersOf(store)})
	}
	offered := map[string]bool{}
	offer := func(name, id string) {
		if offered[name] {
			return
		}
		offered[name] = true
		entries = append(entries, suggest.Entry{Text: name, Kind: suggest.Unit, Value: id, Count: total[id],
			Aliases: aliasLex.UnitShortForms(name)})
	}
	for _, u := range units {
		id := unitID(u.Name)
		offer(u.Name, id)
		for _, w := range u.Variants {
			offer(w.Name, id)
		}
	}
	if lex != nil {
		for _, u := range units {
			id := unitID(u.Name)
			for _, n := range lex.UnitNames(u.Name) {
				offer(n, id)
			}
		}
	}
	terms, err := store.Terms(ctx, 1, suggestMaxTerms)
	if err != nil {
		return nil, err
	}
	for _, t := range terms {
		entries = append(entries, suggest.Entry{Text: t.Name, Kind: suggest.Term, Value: t.Name, Count: t.Tasks})
	}
	for _, doc := range store.Documents() {
		if doc.Title != "" {
			entries = append(entries, suggest.Entry{Text: doc.Title, Kind: suggest.Title, Value: doc.ID, Count: doc.Year})
		}
	}
	return suggest.Build(entries), nil
}

// issuersOf lists the issuers of the store's documents, whose place names
// a unit's name may begin with.
func issuersOf(store Store) []string {
	var issuers []string
	for _, doc := range store.Documents() {
		issuers = append(issuers, doc.Issuer)
	}
	return issuers
}

func orSelf(id, name string) string {
	if id == "" {
		return name
	}
	return id
}

// identities returns the functions naming the identity a unit group and a
// leader are counted under by the office's vocabulary; each name is its
// own without a vocabulary. The 催办 list and the progress overview group
// by them, as the search's facets and the stats do.
func (s *Server) identities(ctx context.Context) (unit, leader func(string) string, err error) {
	self := func(n string) string { return n }
	lex, err := s.lexicon(ctx)
	if err != nil || lex == nil {
		return self, self, err
	}
	return func(n string) string { return orSelf(lex.UnitIdentity(n), n) },
		func(n string) string { return orSelf(lex.LeaderIdentity(n), n) }, nil
}

// distinctAs maps names through as, each result once, in order.
func distinctAs(names []string, as func(string) string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if id := as(n); !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// indexStore is the store under the vocabulary's wrapper.
func (s *Server) indexStore() Store {
	if vs, ok := s.Store.(*vocabStore); ok {
		return vs.Store
	}
	return s.Store
}

// SuggestResult is the answer of GET /api/suggest.
type SuggestResult struct {
	Q           string               `json:"q"`
	Suggestions []suggest.Suggestion `json:"suggestions"`
}

// suggest answers GET /api/suggest?q=&n=.
func (s *Server) suggest(c *gin.Context) {
	q := c.Query("q")
	if !utf8.ValidString(q) {
		s.fail(c, ingest.Errorf(ingest.EINVALID, "q 不是有效的 UTF-8 文字"))
		return
	}
	n, err := intParam(c, "n", suggest.DefaultLimit)
	if err != nil {
		s.fail(c, err)
		return
	}
	if n < 1 || n > suggest.MaxLimit {
		s.fail(c, ingest.Errorf(ingest.EINVALID, "n 必须在 1 到 %d 之间", suggest.MaxLimit))
		return
	}
	res := SuggestResult{Q: q, Suggestions: []suggest.Suggestion{}}
	if strings.TrimSpace(q) != "" {
		ix, err := s.suggestions(c.Request.Context())
		if err != nil {
			s.fail(c, err)
			return
		}
		res.Suggestions = ix.Lookup(q, n)
	}
	c.JSON(http.StatusOK, res)
}

// VocabularyResult is the answer of GET /api/vocabulary: the office's
// vocabulary with its revision, what duban proposes, and the identities
// the data has (merged by duban or the office).
type VocabularyResult struct {
	Revision   string            `json:"revision"`
	Vocabulary *vocab.Vocabulary `json:"vocabulary"`
	Proposals  []vocab.Proposal  `json:"proposals"`
	Units      []vocab.Identity  `json:"units"`
	Leaders    []vocab.Identity  `json:"leaders"`
	Starter    []vocab.Synonym   `json:"starter"`
	Writable   bool              `json:"writable"`
}

func (s *Server) vocabularyStore(c *gin.Context) (VocabularyStore, bool) {
	if s.Vocabulary == nil {
		s.fail(c, ingest.Errorf(ingest.ENOTFOUND, "本服务器没有词表"))
		return nil, false
	}
	return s.Vocabulary, true
}

// getVocabulary answers GET /api/vocabulary; format=text gives the file.
func (s *Server) getVocabulary(c *gin.Context) {
	vs, ok := s.vocabularyStore(c)
	if !ok {
		return
	}
	v, rev := vs.Get()
	switch c.DefaultQuery("format", "json") {
	case "text":
		c.Header("Content-Disposition", `attachment; filename="vocabulary.txt"`)
		c.Header("ETag", strconv.Quote(rev))
		c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(v.Format()))
		return
	case "json":
	default:
		s.fail(c, ingest.Errorf(ingest.EINVALID, "format 必须是 json 或 text"))
		return
	}
	lex, err := s.lexicon(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	res := VocabularyResult{Revision: rev, Vocabulary: v.Clean(), Proposals: lex.Proposals(), Units: lex.Units(),
		Leaders: lex.Leaders(), Starter: vocab.Starter(), Writable: s.WritesAllowed}
	for _, list := range []*[]vocab.Identity{&res.Units, &res.Leaders} {
		if *list == nil {
			*list = []vocab.Identity{}
		}
	}
	if res.Proposals == nil {
		res.Proposals = []vocab.Proposal{}
	}
	c.JSON(http.StatusOK, res)
}

// VocabularyPut is the JSON body of PUT /api/vocabulary.
type VocabularyPut struct {
	Vocabulary *vocab.Vocabulary `json:"vocabulary"`
	// Revision is the revision edited; a save over another is refused
	// (409). Empty: save whatever is there.
	Revision string `json:"revision"`
}

// putVocabulary answers PUT /api/vocabulary: a JSON VocabularyPut, or the
// file itself (Content-Type text/plain, revision in ?revision= or not at
// all) to import it.
func (s *Server) putVocabulary(c *gin.Context) {
	vs, ok := s.vocabularyStore(c)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, vocab.MaxFileBytes+1))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		s.fail(c, ingest.Errorf(ingest.ETOOLARGE, "词表超过 %d KB", vocab.MaxFileBytes>>10))
		return
	case err != nil:
		s.fail(c, ingest.Errorf(ingest.EINVALID, "无法读取请求:%v", err))
		return
	}
	var put VocabularyPut
	if strings.HasPrefix(c.ContentType(), "text/plain") {
		put.Revision = c.Query("revision")
		if put.Vocabulary, err = vocab.Parse(string(body)); err != nil {
			s.fail(c, err)
			return
		}
	} else {
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&put); err != nil || put.Vocabulary == nil {
			s.fail(c, ingest.Errorf(ingest.EINVALID, "请求应为 JSON {\"vocabulary\":{…},\"revision\":\"…\"},或 text/plain 的词表文件"))
			return
		}
	}
	s.derived.gen.Add(1)
	rev, err := vs.Put(put.Vocabulary, put.Revision)
	s.derived.gen.Add(1)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, _ := vs.Get()
	c.JSON(http.StatusOK, gin.H{"revision": rev, "vocabulary": v})
}

// vocabStore reads the index through the office's vocabulary.
type vocabStore struct {
	Store
	srv *Server
}

func (v *vocabStore) Search(ctx context.Context, req index.Request) (*index.Result, error) {
	lex, err := v.srv.lexicon(ctx)
	if err != nil {
		return nil, err
	}
	if lex != nil {
		req.Vocabulary = lex
	}
	return v.Store.Search(ctx, req)
}

func (v *vocabStore) Stats(ctx context.Context, req index.Request) (*index.Stats, error) {
	lex, err := v.srv.lexicon(ctx)
	if err != nil {
		return nil, err
	}
	if lex != nil {
		req.Vocabulary = lex
	}
	return v.Store.Stats(ctx, req)
}

func (v *vocabStore) ScanAll(ctx context.Context, req index.Request, begin func(index.ScanInfo) error, fn func(ingest.Task) error) error {
	lex, err := v.srv.lexicon(ctx)
	if err != nil {
		return err
	}
	if lex != nil {
		req.Vocabulary = lex
	}
	return v.Store.ScanAll(ctx, req, begin, fn)
}

// Units lists the units by identity: its count the tasks naming any of its
// spellings, its variants every name it is written as.
func (v *vocabStore) Units(ctx context.Context) ([]index.UnitGroup, error) {
	lex, err := v.srv.lexicon(ctx)
	if err != nil {
		return nil, err
	}
	if lex == nil {
		return v.Store.Units(ctx)
	}
	return v.Store.UnitsAs(ctx, lex)
}

// Leaders lists the leaders by identity.
func (v *vocabStore) Leaders(ctx context.Context) ([]index.NameCount, error) {
	lex, err := v.srv.lexicon(ctx)
	if err != nil {
		return nil, err
	}
	if lex == nil {
		return v.Store.Leaders(ctx)
	}
	ls, err := v.Store.LeadersAs(ctx, lex)
	if err != nil {
		return nil, err
	}
	out := make([]index.NameCount, len(ls))
	for i, l := range ls {
		out[i] = l.NameCount
	}
	return out, nil
}

// Compare reads the comparison by identity (vocab.Lexicon.Compare).
func (v *vocabStore) Compare(ctx context.Context, from, to string) (*index.Comparison, error) {
	cmp, err := v.Store.Compare(ctx, from, to)
	if err != nil {
		return nil, err
	}
	lex, err := v.srv.lexicon(ctx)
	if err != nil {
		return nil, err
	}
	if lex != nil {
		lex.Compare(cmp)
	}
	return cmp, nil
}
