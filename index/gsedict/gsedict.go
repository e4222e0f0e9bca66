// Package gsedict is gse's simplified-Chinese dictionary (zh_s of
// github.com/go-ego/gse v0.80.3) prepared once, at build time, in a form a
// process reads where it lies: a trie over characters, embedded in the
// binary, walked without being loaded.
//
// gse's own loader reads the dictionary's 352,275 lines at every start and
// builds a cedar trie, a struct per word with a []byte per character, and
// every word's sub-segments for its search mode: about a second and 130 MB
// of heap that never shrinks back. duban's cut (gse's accurate cut, the
// DAG of dictionary words with HMM for the rest) asks the dictionary one
// thing only: is this string a word or the start of one, and how frequent
// is it. This package answers that from zh_s.dict, generated from gse's
// loaded dictionary by `go generate` (gen/main.go). Nothing is built at
// start-up: the arrays are the embedded bytes, and only the pages a cut
// touches become resident.
//
// The file holds every word exactly as gse's trie holds it (its key: the
// word with ASCII letters lower-cased) and the frequency gse gives it (one
// character words count 2, words below 2 are dropped). TestMatchesGSE
// regenerates it from gse and compares, so a gse upgrade without a
// regeneration fails.
//
// Layout (little endian): an 8-byte magic, then uint32 node count M, word
// count, first rune and length of the root's direct table, the total
// frequency as float64 bits, then uint32 arrays: first[M+1] (the children
// of node i are nodes first[i] to first[i+1]-1, sorted by character: nodes
// are numbered breadth first), label[M] (the character leading to a node),
// freq[M] (the frequency of the word ending there, 0 when none), and the
// root's children for the CJK block (direct[c-firstRune], 0 when none).
package gsedict

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:generate go run ./gen -o zh_s.dict

//go:embed zh_s.dict
var zhS []byte

// magic opens a dictionary file; the last byte is the format's version.
const magic = "dbgsedc\x01"

const (
	headerSize = 8 + 4*4 + 8
	// directFirst and directLen bound the root's direct table: the CJK
	// Unified Ideographs block, where almost every word starts.
	directFirst = 0x4E00
	directLen   = 0xA000 - 0x4E00
)

// Node is a node of the trie: the string of characters that leads to it.
// Root is the empty string.
type Node uint32

// Root is the trie's root.
const Root Node = 0

// Dict is a read-only dictionary over bytes in the layout above.
type Dict struct {
	nodes, words int
	total        float64
	first        []byte
	label        []byte
	freq         []byte
	direct       []byte
	directFirst  rune
}

// ZhS returns the embedded zh_s dictionary. It costs nothing to call:
// the Dict is a view of the binary's own bytes.
func ZhS() *Dict {
	d, err := Parse(zhS)
	if err != nil {
		panic("gsedict: embedded zh_s.dict: " + err.Error()) // the file is generated and tested
	}
	return d
}

// Parse returns the dictionary held in b, which must not change while the
// Dict is used.
func Parse(b []byte) (*Dict, error) {
	if len(b) < headerSize || string(b[:8]) != magic {
		return nil, fmt.Errorf("not a dictionary file of this version")
	}
	u := func(i int) int { return int(binary.LittleEndian.Uint32(b[8+4*i:])) }
	m, words, df, dl := u(0), u(1), u(2), u(3)
	total := math.Float64frombits(binary.LittleEndian.Uint64(b[24:]))
	need := headerSize + 4*(m+1+m+m+dl)
	if m < 1 || len(b) != need {
		return nil, fmt.Errorf("dictionary file is %d bytes, its header says %d", len(b), need)
	}
	d := &Dict{nodes: m, words: words, total: total, directFirst: rune(df)}
	off := headerSize
	take := func(n int) []byte {
		s := b[off : off+4*n : off+4*n]
		off += 4 * n
		return s
	}
	d.first, d.label, d.freq, d.direct = take(m+1), take(m), take(m), take(dl)
	return d, nil
}

func at(a []byte, i uint32) uint32 { return binary.LittleEndian.Uint32(a[4*i:]) }

// Words is the number of words.
func (d *Dict) Words() int { return d.words }

// TotalFreq is the sum of every word's frequency, as gse sums it.
func (d *Dict) TotalFreq() float64 { return d.total }

// Freq is the frequency of the word n spells, 0 when n is only the start
// of longer words.
func (d *Dict) Freq(n Node) float64 { return float64(at(d.freq, uint32(n))) }

// Next returns the node for n's string followed by r, and whether the
// dictionary holds a word starting with that string.
func (d *Dict) Next(n Node, r rune) (Node, bool) {
	if n == Root {
		if i := r - d.directFirst; i >= 0 && int(i) < len(d.direct)/4 {
			c := at(d.direct, uint32(i))
			return Node(c), c != 0
		}
	}
	lo, hi := at(d.first, uint32(n)), at(d.first, uint32(n)+1)
	// Binary search among n's children, sorted by character.
	for lo < hi {
		mid := lo + (hi-lo)/2
		switch l := rune(at(d.label, mid)); {
		case l == r:
			return Node(mid), true
		case l < r:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0, false
}

// Find returns the frequency of word and whether the dictionary holds a
// word starting with it, as gse's Dictionary.Find does (a word that is
// only the start of longer words has frequency 0). word is a trie key:
// ASCII letters lower case.
//
// Two answers follow gse's trie rather than its words. Its cedar trie keeps
// the value of a word that longer words continue under the label 0 below
// the word, so such a word followed by one NUL byte is found, with the
// word's frequency, and nothing longer is (WithNUL). And the trie is over
// bytes, so it finds a word's first bytes cut inside a character; the cut
// never asks for those (it asks for whole characters), and Find says no to
// any string that is not valid UTF-8.
func (d *Dict) Find(word string) (float64, bool) {
	if i := strings.IndexByte(word, 0); i >= 0 {
		if n, ok := d.Lookup(word[:i]); ok && i == len(word)-1 {
			return d.WithNUL(n)
		}
		return 0, false
	}
	n, ok := d.Lookup(word)
	if !ok {
		return 0, false
	}
	return d.Freq(n), true
}

// Lookup returns the node of word (a trie key without NUL bytes), and
// whether the dictionary holds a word starting with it.
func (d *Dict) Lookup(word string) (Node, bool) {
	if word == "" || !utf8.ValidString(word) {
		return 0, false
	}
	n := Root
	for _, r := range word {
		var ok bool
		if n, ok = d.Next(n, r); !ok {
			return 0, false
		}
	}
	return n, true
}

// HasChildren reports whether longer words continue n's string.
func (d *Dict) HasChildren(n Node) bool {
	return at(d.first, uint32(n)+1) > at(d.first, uint32(n))
}

// WithNUL is gse's answer for n's string followed by a NUL byte: found,
// with the word's frequency, when n is a word that longer words continue.
func (d *Dict) WithNUL(n Node) (float64, bool) {
	if f := d.Freq(n); f > 0 && d.HasChildren(n) {
		return f, true
	}
	return 0, false
}

// Entry is one word of a dictionary to build.
type Entry struct {
	Key  string // as the trie holds it
	Freq float64
}

// Build lays out entries (each key once, valid UTF-8, frequency a
// positive integer below 2³²) in the file format; total is the sum of the
// frequencies in gse's order of summing.
func Build(entries []Entry, total float64) ([]byte, error) {
	type tnode struct {
		children map[rune]*tnode
		freq     uint32
		id       uint32
	}
	root := &tnode{}
	for _, e := range entries {
		if e.Key == "" || !utf8.ValidString(e.Key) {
			return nil, fmt.Errorf("key %q is empty or not UTF-8", e.Key)
		}
		if e.Freq < 1 || e.Freq >= 1<<32 || e.Freq != math.Trunc(e.Freq) {
			return nil, fmt.Errorf("key %q: frequency %v is not a positive 32-bit integer", e.Key, e.Freq)
		}
		n := root
		for _, r := range e.Key {
			if n.children == nil {
				n.children = map[rune]*tnode{}
			}
			c := n.children[r]
			if c == nil {
				c = &tnode{}
				n.children[r] = c
			}
			n = c
		}
		if n.freq != 0 {
			return nil, fmt.Errorf("key %q twice", e.Key)
		}
		n.freq = uint32(e.Freq)
	}
	// Number the nodes breadth first, each node's children by character,
	// so a node's children are consecutive and so are the children of
	// consecutive nodes.
	order := []*tnode{root}
	labels := []rune{0}
	firsts := make([]uint32, 0, len(entries)*2)
	for i := 0; i < len(order); i++ {
		n := order[i]
		n.id = uint32(i)
		firsts = append(firsts, uint32(len(order)))
		keys := make([]rune, 0, len(n.children))
		for r := range n.children {
			keys = append(keys, r)
		}
		sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
		for _, r := range keys {
			order = append(order, n.children[r])
			labels = append(labels, r)
		}
	}
	firsts = append(firsts, uint32(len(order)))
	m := len(order)
	out := make([]byte, headerSize, headerSize+4*(3*m+1+directLen))
	copy(out, magic)
	binary.LittleEndian.PutUint32(out[8:], uint32(m))
	binary.LittleEndian.PutUint32(out[12:], uint32(len(entries)))
	binary.LittleEndian.PutUint32(out[16:], directFirst)
	binary.LittleEndian.PutUint32(out[20:], directLen)
	binary.LittleEndian.PutUint64(out[24:], math.Float64bits(total))
	for _, f := range firsts {
		out = binary.LittleEndian.AppendUint32(out, f)
	}
	for _, l := range labels {
		out = binary.LittleEndian.AppendUint32(out, uint32(l))
	}
	for _, n := range order {
		out = binary.LittleEndian.AppendUint32(out, n.freq)
	}
	for r := rune(directFirst); r < directFirst+directLen; r++ {
		var id uint32
		if c := root.children[r]; c != nil {
			id = c.id
		}
		out = binary.LittleEndian.AppendUint32(out, id)
	}
	return out, nil
}
