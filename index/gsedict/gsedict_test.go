package gsedict

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// TestMatchesGSE regenerates the dictionary file from gse's own loader and
// checks that the embedded one is the same, byte for byte, and that Find
// answers as gse's Dictionary.Find does for every word and every start of
// a word.
func TestMatchesGSE(t *testing.T) {
	var seg gse.Segmenter
	seg.SkipLog = true
	if err := seg.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	entries := make([]Entry, len(seg.Dict.Tokens))
	for i := range seg.Dict.Tokens {
		entries[i] = Entry{Key: seg.Dict.Tokens[i].Text(), Freq: seg.Dict.Tokens[i].Freq()}
	}
	b, err := Build(entries, seg.Dict.TotalFreq())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, zhS) {
		t.Fatal("zh_s.dict is not what gse's dictionary gives: run go generate ./index/gsedict")
	}
	d := ZhS()
	if d.Words() != seg.Dict.NumTokens() || d.TotalFreq() != seg.Dict.TotalFreq() {
		t.Errorf("words %d total %v, gse %d %v", d.Words(), d.TotalFreq(), seg.Dict.NumTokens(), seg.Dict.TotalFreq())
	}
	checked := map[string]bool{}
	check := func(s string) {
		if checked[s] {
			return
		}
		checked[s] = true
		f, ok := d.Find(s)
		gf, _, gok := seg.Find(s)
		if f != gf || ok != gok {
			t.Fatalf("Find(%q) = %v %v, gse %v %v", s, f, ok, gf, gok)
		}
	}
	for _, e := range entries {
		for i := range e.Key {
			if i > 0 {
				check(e.Key[:i]) // every start of a word
			}
		}
		check(e.Key)
		r, _ := utf8.DecodeRuneInString(e.Key)
		check(e.Key + "\u9fa5") // a word and a character after it
		check(e.Key + "\x00")
		check(string(r) + "\u4e00")
	}
	for _, s := range []string{"a", "ab", "ABC", "阿里巴巴", "阿里巴巴巴", "\u00ff", "😀", "\x00", "垃圾分\x00", "垃圾\x00", "产业\x00", "产业\x00化", "兵\x00", "兵\x00\x00", "a\x00", "\x00a", "\ufffd"} {
		check(s)
	}
	// gse's trie is over bytes and finds a word's first bytes cut inside a
	// character; the cut never asks for them (it asks for whole
	// characters, and strings.ToLower replaces invalid bytes), and Find
	// says no.
	for _, s := range []string{"\xff", "a\xffb", "垃圾\xe5"} {
		if _, ok := d.Find(s); ok {
			t.Errorf("Find(%q) found invalid UTF-8", s)
		}
	}
	if len(checked) < 700000 {
		t.Errorf("only %d strings checked", len(checked))
	}
}

func TestParseRefusesOtherFiles(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("dbgsedc\x00"), zhS[:len(zhS)-4]} {
		if _, err := Parse(b); err == nil {
			t.Errorf("Parse accepted %d bytes", len(b))
		}
	}
}
