package index

import (
	"math"
	"strings"

	"github.com/go-ego/gse/hmm"

	"github.com/duban/duban/index/gsedict"
)

// gse's accurate cut with HMM, gse.Segmenter.Cut(text, true) in gse v0.80.3
// (cutDAG, calc and getDag in its dag.go), over gsedict instead of gse's
// loaded dictionary. It is jieba's algorithm:
//
//  1. Lower-case the text and take its characters.
//  2. The DAG: from each character k, every dictionary word that starts
//     there (the trie is walked one character at a time, so a walk stops
//     as soon as no word starts with what it has read); a character from
//     which no word starts is a word of its own.
//  3. The route: from the last character back to the first, each position
//     takes the word that maximises log(freq) − log(total) plus the best
//     route after it (a character that is only the start of longer words
//     has frequency 0, so log gives −Inf, exactly as in gse; one not in
//     the dictionary counts log(1)). Ties go to the longer word.
//  4. Walk the route. Words of one character are gathered; a gathered run
//     of two or more is cut by gse's HMM (hmm.Cut) unless the run itself is
//     a dictionary word, in which case its characters stand alone.
//
// Every step follows gse's own code, down to the order of the floating
// point operations, so the words are the same; TestCutMatchesGSE checks
// it against gse's segmenter on a large body of text. What differs is
// speed: no maps for the DAG and the routes, no string built for every
// dictionary probe, and buffers reused from one cut to the next.

// edge is a word of the DAG: it ends at character end (inclusive); freq
// and ok are the dictionary's answer for it.
type edge struct {
	end  int32
	ok   bool
	freq float64
}

type route struct {
	freq  float64
	index int
}

// cutScratch holds one cut's buffers.
type cutScratch struct {
	runes  []rune
	starts []int32 // edges[starts[k]:starts[k+1]] start at character k
	edges  []edge
	routes []route
	buf    []rune
}

// maxPooledRunes bounds the texts whose buffers go back to the pool, so
// one huge text does not keep its buffers alive.
const maxPooledRunes = 1 << 16

// cut returns gse's accurate cut of text (lower case). The caller holds
// s.mu for reading.
func (s *Segmenter) cut(text string) []string {
	str := strings.ToLower(text)
	sc, _ := s.scratch.Get().(*cutScratch)
	if sc == nil {
		sc = new(cutScratch)
	}
	defer func() {
		if cap(sc.runes) <= maxPooledRunes {
			s.scratch.Put(sc)
		}
	}()
	sc.runes = sc.runes[:0]
	for _, r := range str { // as []rune(str): invalid bytes become U+FFFD
		sc.runes = append(sc.runes, r)
	}
	runes := sc.runes
	n := len(runes)
	s.dag(sc)
	routes := s.routes(sc)

	result := make([]string, 0, int(float32(len(str))/1.5)+1)
	buf := sc.buf[:0]
	flush := func() {
		if len(buf) == 0 {
			return
		}
		bufString := string(buf)
		if len(buf) == 1 {
			result = append(result, bufString)
		} else if f, ok := s.findLocked(bufString); !ok || f == 0 {
			result = append(result, hmm.Cut(bufString)...)
		} else {
			for _, r := range buf {
				result = append(result, string(r))
			}
		}
		buf = buf[:0]
	}
	for x := 0; x < n; {
		y := routes[x].index + 1
		if y-x == 1 {
			buf = append(buf, runes[x])
		} else {
			flush()
			result = append(result, string(runes[x:y]))
		}
		x = y
	}
	flush()
	sc.buf = buf
	return result
}

// dag fills sc.starts and sc.edges with the words that start at each
// character of sc.runes (gse's getDag).
func (s *Segmenter) dag(sc *cutScratch) {
	runes := sc.runes
	n := len(runes)
	sc.starts = append(sc.starts[:0], 0)
	sc.edges = sc.edges[:0]
	withUser := len(s.userStart) > 0 || len(s.user) > 0
	for k := 0; k < n; k++ {
		found := false
		node, nodeOK := gsedict.Root, true
		for i := k; i < n; i++ {
			if runes[i] == 0 {
				// gse's trie finds some words followed by a NUL byte,
				// and nothing after it (findLocked).
				if f, ok := s.findLocked(string(runes[k : i+1])); ok && f > 0 {
					sc.edges = append(sc.edges, edge{end: int32(i), ok: true, freq: f})
					found = true
				}
				break
			}
			if nodeOK {
				node, nodeOK = s.dict.Next(node, runes[i])
			}
			freq, ok := 0.0, nodeOK
			if nodeOK {
				freq = s.dict.Freq(node)
			}
			if withUser {
				freq, ok = s.withUserWords(string(runes[k:i+1]), freq, ok)
			}
			if !ok {
				break
			}
			if freq > 0 {
				sc.edges = append(sc.edges, edge{end: int32(i), ok: true, freq: freq})
				found = true
			}
		}
		if !found {
			// A character no word starts with is a word of its own; gse
			// looks it up again when it weighs the routes.
			freq, ok := s.findLocked(string(runes[k]))
			sc.edges = append(sc.edges, edge{end: int32(k), ok: ok, freq: freq})
		}
		sc.starts = append(sc.starts, int32(len(sc.edges)))
	}
}

// routes returns the best route from every character (gse's calc).
func (s *Segmenter) routes(sc *cutScratch) []route {
	n := len(sc.runes)
	if cap(sc.routes) < n+1 {
		sc.routes = make([]route, n+1)
	}
	rs := sc.routes[:n+1]
	rs[n] = route{freq: 0.0, index: 0}
	logT := s.logTotal
	for idx := n - 1; idx >= 0; idx-- {
		set := false
		for _, e := range sc.edges[sc.starts[idx]:sc.starts[idx+1]] {
			i := int(e.end)
			var r route
			if e.ok {
				f := math.Log(e.freq) - logT + rs[i+1].freq
				r = route{freq: f, index: i}
			} else {
				f := math.Log(1.0) - logT + rs[i+1].freq
				r = route{freq: f, index: i}
			}
			if !set {
				rs[idx], set = r, true
			} else if v := rs[idx]; v.freq < r.freq || (v.freq == r.freq && v.index < r.index) {
				rs[idx] = r
			}
		}
	}
	return rs
}

// findLocked answers as gse's Dictionary.Find does for key (a trie key):
// its frequency, 0 when it is only the start of longer words, and whether
// any word starts with it; with the user words, and with gse's answer for
// a word followed by a NUL byte (gsedict.Dict.Find). The caller holds
// s.mu.
func (s *Segmenter) findLocked(key string) (float64, bool) {
	if i := strings.IndexByte(key, 0); i >= 0 {
		if i != len(key)-1 {
			return 0, false
		}
		// In gse's trie a user word that continues a dictionary word gives
		// it children too.
		word := key[:i]
		n, inDict := s.dict.Lookup(word)
		if f, _ := s.findLocked(word); f > 0 && (inDict && s.dict.HasChildren(n) || s.userStart[word]) {
			return f, true
		}
		return 0, false
	}
	freq, ok := s.dict.Find(key)
	if len(s.user) > 0 {
		freq, ok = s.withUserWords(key, freq, ok)
	}
	return freq, ok
}

// withUserWords adds the user words to the dictionary's answer for key.
func (s *Segmenter) withUserWords(key string, freq float64, ok bool) (float64, bool) {
	if f, in := s.user[key]; in {
		return f, true
	}
	return freq, ok || s.userStart[key]
}
