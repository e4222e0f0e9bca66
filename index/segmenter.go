package index

import (
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse/hmm"

	"github.com/duban/duban/index/gsedict"
)

// domainWordFreq is the frequency given to the words of a user dictionary.
// It is high enough that the DAG keeps them whole against the dictionary's
// split (零直|排区).
const domainWordFreq = 20000

// Segmenter is the one gse segmenter of the process: gse's zh_s dictionary
// plus the words of a user dictionary (--dict) added when a store is
// opened. Notices never add words to it (words.go says why: a cut depends on
// the whole dictionary).
//
// The cut is gse's accurate cut with HMM (gse.Segmenter.Cut(text, true):
// the DAG of dictionary words, the most probable route through it, gse's
// HMM for runs of single characters), done over gsedict, gse's zh_s
// dictionary prepared at build time, instead of the dictionary gse's loader
// builds at every start (about a second and 130 MB that never shrink back).
// cut.go holds the port; TestCutMatchesGSE keeps gse's own segmenter as its
// oracle over a large body of text. The dictionary is the binary's own
// bytes, so a Segmenter costs next to nothing, but one is still shared by
// every analyzer and Store (SharedSegmenter) because user words added to it
// must reach them all. Cuts take a read lock and AddWords a write lock.
type Segmenter struct {
	dict *gsedict.Dict

	mu sync.RWMutex
	// added holds the user words as given, so each counts once.
	added map[string]bool
	// user holds the user words gse's trie did not hold, by trie key, and
	// userStart every start of them, so a walk through the dictionary
	// goes on where only a user word continues.
	user      map[string]float64
	userStart map[string]bool
	total     float64 // the dictionary's total frequency and the user words'
	logTotal  float64

	scratch sync.Pool // *cutScratch: one cut's buffers, reused by the next
}

// sharedSegmenter makes the segmenter on first use. bleve builds analyzers
// through its process-wide registry by name, so the segmenter they use must be
// reachable from there; it is set once and never replaced.
var sharedSegmenter = sync.OnceValues(loadSegmenter)

// SharedSegmenter returns the process's segmenter, loading it on first call.
func SharedSegmenter() (*Segmenter, error) { return sharedSegmenter() }

// loadHMM loads gse's HMM model, which lives in its hmm package, as
// gse.Segmenter's Init does; once, because loading replaces the model's
// maps while a cut may be reading them.
var loadHMM = sync.OnceFunc(func() { hmm.LoadModel() })

func loadSegmenter() (*Segmenter, error) {
	loadHMM()
	d := gsedict.ZhS()
	return &Segmenter{dict: d, added: map[string]bool{}, user: map[string]float64{}, userStart: map[string]bool{},
		total: d.TotalFreq(), logTotal: math.Log(d.TotalFreq())}, nil
}

// AddWords adds words to the dictionary (LoadUserDict) as gse's AddToken
// does: a word gse's dictionary already holds keeps its frequency. Words
// shorter than two characters or already added are skipped; it returns how
// many were new.
func (s *Segmenter) AddWords(words ...string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, w := range words {
		w = strings.TrimSpace(w)
		// A NUL byte would land on the label gse's trie keeps values under.
		if utf8.RuneCountInString(w) < 2 || s.added[w] || strings.IndexByte(w, 0) >= 0 {
			continue
		}
		s.added[w] = true
		n++
		key := trieKey(w)
		if f, _ := s.findLocked(key); f > 0 {
			continue
		}
		s.user[key] = domainWordFreq
		for i := range key {
			if i > 0 {
				s.userStart[key[:i]] = true
			}
		}
		s.total += domainWordFreq
		s.logTotal = math.Log(s.total)
	}
	return n
}

// trieKey is w as gse's trie holds it: ASCII letters lower case (gse's
// SplitTextToWords).
func trieKey(w string) string {
	b := []byte(w)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// LoadUserDict adds a user dictionary: one word per line, optionally
// followed by a frequency and a part of speech (gse's format); only the word
// is used. Blank lines and lines starting with # are skipped.
func (s *Segmenter) LoadUserDict(r io.Reader) (int, error) {
	data, err := io.ReadAll(io.LimitReader(r, 16<<20))
	if err != nil {
		return 0, fmt.Errorf("cannot read user dictionary: %w", err)
	}
	var words []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		words = append(words, strings.Fields(line)[0])
	}
	return s.AddWords(words...), nil
}

// Term is one token of a text: the word, its byte offsets and the position
// of the word it belongs to (sub-words share their word's position).
type Term struct {
	Word       string
	Start, End int
	Position   int
}

// Terms cuts text into words (gse's accurate cut, DAG with HMM) with exact
// byte offsets and positions; punctuation and spaces are dropped. In search
// mode each word is preceded by its two- and three-character sub-words that
// the dictionary knows, like gse's CutSearch, at the word's position: the
// index holds 阿里巴巴 and 阿里 at one position, so a query for either finds
// it, while phrases over following words still line up.
func (s *Segmenter) Terms(text string, searchMode bool) []Term {
	s.mu.RLock()
	defer s.mu.RUnlock()
	words := s.cut(text)

	// gse lowercases ASCII before cutting; find words in a lowered copy,
	// which has the same byte offsets when lowering keeps the length.
	hay := text
	if lowered := strings.ToLower(text); len(lowered) == len(text) {
		hay = lowered
	}
	terms := make([]Term, 0, len(words)+len(words)/2)
	cursor, pos := 0, 0
	for _, w := range words {
		i := strings.Index(hay[cursor:], w)
		if i < 0 {
			continue
		}
		start := cursor + i
		end := start + len(w)
		cursor = end
		if !hasWordChar(w) {
			continue
		}
		pos++
		if n := utf8.RuneCountInString(w); searchMode && n > 2 {
			terms = s.subWords(terms, text[start:end], start, pos, n)
		}
		terms = append(terms, Term{Word: text[start:end], Start: start, End: end, Position: pos})
	}
	return terms
}

// subWords appends the dictionary words of two and three characters inside
// word (n characters, at byte offset base).
func (s *Segmenter) subWords(terms []Term, word string, base, pos, n int) []Term {
	offs := make([]int, 0, n+1)
	for i := range word {
		offs = append(offs, i)
	}
	offs = append(offs, len(word))
	for _, size := range [2]int{2, 3} {
		if n <= size {
			continue
		}
		for i := 0; i+size <= n; i++ {
			gram := word[offs[i]:offs[i+size]]
			if f, _ := s.findLocked(strings.ToLower(gram)); f > 0 {
				terms = append(terms, Term{Word: gram, Start: base + offs[i], End: base + offs[i+size], Position: pos})
			}
		}
	}
	return terms
}

// hasWordChar reports whether w holds a letter or digit (not only
// punctuation, symbols or spaces).
func hasWordChar(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
