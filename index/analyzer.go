// Package index keeps the tasks of every ingested notice in a bleve index and
// searches them: a gse (Chinese word segmentation) analyzer registered in
// bleve, a cjk bigram field beside it for full recall, keyword fields for
// facets and exact filters, and a Store that swaps a document's tasks
// atomically. Searches run on bleve's segments directly: bitmap algebra over
// the postings of the query's terms, positions read where they decide,
// counts and ordering from per-segment columns (exec.go, segments.go).
//
// index knows nothing of HTTP or file formats.
package index

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/duban/duban/ingest"
)

// Names under which the gse tokenizer and analyzer are registered in bleve;
// the mapping refers to them by these names.
//
// Tasks are indexed in search mode (words and their sub-words); queries are
// cut in accurate mode only, once per word (Store.wordPlan). Were queries
// cut in search mode too, 垃圾分类 would bring 垃圾 as one of its words and
// find every task that mentions 垃圾.
const (
	TokenizerName = "duban_gse"
	AnalyzerName  = "duban_gse"
	// CJKAnalyzerName names the full-recall analyzer: bleve's cjk bigram
	// analyzer with digits and letters cut into characters like Chinese, so
	// every run of two or more characters in a text, Chinese, digits or both
	// (到80, 500 in 15000), is a phrase of its bigrams. Unigrams beside the
	// bigrams would find single characters too, but cost a third more
	// tokens at index time; a one-character query takes the bigrams that
	// start or end with it instead (dicts.charIn).
	CJKAnalyzerName = "duban_cjk"
)

func init() {
	registerGSE()
	registry.RegisterAnalyzer(CJKAnalyzerName, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(unicode.Name)
		if err != nil {
			return nil, err
		}
		width, err := cache.TokenFilterNamed(cjk.WidthName)
		if err != nil {
			return nil, err
		}
		lower, err := cache.TokenFilterNamed(lowercase.Name)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{
			CharFilters:  []analysis.CharFilter{simplifier{}},
			Tokenizer:    tok,
			TokenFilters: []analysis.TokenFilter{width, lower, runeSplitter{}, cjk.NewCJKBigramFilter(false), offsetDropper{}},
		}, nil
	})
}

func registerGSE() {
	registry.RegisterTokenizer(TokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		seg, err := SharedSegmenter()
		if err != nil {
			return nil, err
		}
		return &Tokenizer{seg: seg}, nil
	})
	registry.RegisterAnalyzer(AnalyzerName, func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(TokenizerName)
		if err != nil {
			return nil, err
		}
		lower, err := cache.TokenFilterNamed(lowercase.Name)
		if err != nil {
			return nil, err
		}
		return &analysis.DefaultAnalyzer{CharFilters: []analysis.CharFilter{simplifier{}}, Tokenizer: tok, TokenFilters: []analysis.TokenFilter{lower}}, nil
	})
}

// Tokenizer is a bleve tokenizer that cuts Chinese text with gse
// in search mode (Segmenter.Terms): sub-words carry their word's position and
// byte offsets are exact. The text field keeps no positions (a query's gse
// words match in any order), so what counts is that each word and sub-word
// is a term.
type Tokenizer struct {
	seg *Segmenter
}

// Tokenize implements analysis.Tokenizer.
func (t *Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	terms := t.seg.Terms(string(input), true)
	stream := make(analysis.TokenStream, len(terms))
	for i, tm := range terms {
		typ := analysis.Ideographic
		if !isHanWord(tm.Word) {
			typ = analysis.AlphaNumeric
		}
		stream[i] = &analysis.Token{
			Term:     []byte(tm.Word),
			Start:    tm.Start,
			End:      tm.End,
			Position: tm.Position,
			Type:     typ,
		}
	}
	return stream
}

// runeSplitter cuts every token into one token per character, typed
// Ideographic, so the bigram filter after it treats digits and letters like
// Chinese characters. Offsets stay exact; characters that were apart stay
// apart (the bigram filter checks that offsets touch).
type runeSplitter struct{}

func (runeSplitter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)*2)
	for _, tok := range input {
		for i, r := range string(tok.Term) {
			n := utf8.RuneLen(r)
			out = append(out, &analysis.Token{
				Term:  tok.Term[i : i+n],
				Start: tok.Start + i,
				End:   tok.Start + i + n,
				Type:  analysis.Ideographic,
			})
		}
	}
	return out
}

// offsetDropper sets every token's byte offsets to zero once the bigram
// filter has used them. The positions of text_cjk and names are read
// (phrases, side-by-side checks); their offsets never are (highlights
// come from the query's words), and zap writes each location's start and
// end as varints: two bytes each for most of a task's pairs, one when zero.
type offsetDropper struct{}

func (offsetDropper) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		tok.Start, tok.End = 0, 0
	}
	return input
}

// simplifier folds traditional characters to simplified before analysis, in
// the index and in queries alike, so 垃圾分類 finds 垃圾分类 and the other
// way round. Stored text stays as written.
type simplifier struct{}

func (simplifier) Filter(input []byte) []byte {
	s := string(input)
	if out := ingest.ToSimplified(s); out != s {
		return []byte(out)
	}
	return input
}
