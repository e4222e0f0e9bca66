package index

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/duban/duban/seeds"
)

// gseOracle is gse's own segmenter with the embedded zh_s dictionary,
// loaded as duban loaded it before gsedict: the oracle of the cut. Its HMM
// model is the one loadHMM loaded (loading it again would race with the
// cuts of other tests).
var gseOracle = sync.OnceValues(func() (*gse.Segmenter, error) {
	loadHMM()
	seg := &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
	return seg, seg.LoadDictEmbed("zh_s")
})

func mustGSE(tb testing.TB) *gse.Segmenter {
	tb.Helper()
	seg, err := gseOracle()
	if err != nil {
		tb.Fatal(err)
	}
	return seg
}

// referenceTerms is Segmenter.Terms as it was written on gse's segmenter.
func referenceTerms(g *gse.Segmenter, text string, searchMode bool) []Term {
	words := g.Cut(text, true)
	hay := text
	if lowered := strings.ToLower(text); len(lowered) == len(text) {
		hay = lowered
	}
	var terms []Term
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
			word := text[start:end]
			offs := []int{}
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
					if f, _, ok := g.Find(strings.ToLower(gram)); ok && f > 0 {
						terms = append(terms, Term{Word: gram, Start: start + offs[i], End: start + offs[i+size], Position: pos})
					}
				}
			}
		}
		terms = append(terms, Term{Word: text[start:end], Start: start, End: end, Position: pos})
	}
	return terms
}

// cutBody is the body of text the cut is checked on: every text file of
// the repository (notices, fixtures in several encodings, the README),
// cut line by line and whole, and about two million characters made of
// gse's own words, single characters, digits, Latin words in both cases
// and punctuation, in random order (an eighth of it under the race
// detector, which slows the cut twentyfold and has nothing to find in it).
func cutBody(tb testing.TB, g *gse.Segmenter) []string {
	var texts []string
	texts = append(texts, string(seeds.Notice()))
	filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, "third_party") || strings.Contains(path, ".git") {
			return nil
		}
		switch filepath.Ext(path) {
		case ".txt", ".html", ".json", ".md":
			if b, err := os.ReadFile(path); err == nil {
				texts = append(texts, string(b))
				texts = append(texts, strings.Split(string(b), "\n")...)
			}
		}
		return nil
	})
	if len(texts) < 1000 {
		tb.Fatalf("only %d texts in the repository", len(texts))
	}
	rng := rand.New(rand.NewPCG(18, 2024))
	words := g.Dict.Tokens
	pieces := []string{"，", "。", "、", " ", "(", ")", "“", "”", "2018", "15000", "80%", "Ali", "ABC", "iPhone", "5G", "ａｂ", "１２", "\t", "—", "-", "\x00", "\ufffd", "\xff", "Σ"}
	for range 20000 {
		var b strings.Builder
		for b.Len() < 300 {
			switch rng.IntN(10) {
			case 0:
				b.WriteString(pieces[rng.IntN(len(pieces))])
			case 1:
				b.WriteRune(rune(0x4E00 + rng.IntN(0x9FA5-0x4E00)))
			case 2:
				b.WriteString(strings.ToUpper(words[rng.IntN(len(words))].Text()))
			default:
				b.WriteString(words[rng.IntN(len(words))].Text())
			}
		}
		texts = append(texts, b.String())
	}
	if raceEnabled {
		part := texts[:0]
		for i := 0; i < len(texts); i += 8 {
			part = append(part, texts[i])
		}
		texts = part
	}
	return texts
}

// TestCutMatchesGSE: duban's cut over gsedict gives the words of gse's own
// segmenter, in both the accurate and the search mode of Terms, on a
// large body of text.
func TestCutMatchesGSE(t *testing.T) {
	g := mustGSE(t)
	s, err := loadSegmenter() // its own: other tests add user words to the shared one
	if err != nil {
		t.Fatal(err)
	}
	runes, diffs := 0, 0
	for _, text := range cutBody(t, g) {
		runes += utf8.RuneCountInString(text)
		want, got := g.Cut(text, true), s.cut(text)
		if !slices.Equal(got, want) {
			if diffs++; diffs <= 5 {
				t.Errorf("cut of %q:\n got %q\nwant %q", text, got, want)
			}
			continue
		}
		for _, search := range []bool{false, true} {
			if got, want := s.Terms(text, search), referenceTerms(g, text, search); !slices.Equal(got, want) {
				if diffs++; diffs <= 5 {
					t.Errorf("terms (search %v) of %q:\n got %v\nwant %v", search, text, got, want)
				}
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d texts cut differently", diffs)
	}
	if want := 2000000; raceEnabled && runes < want/8 || !raceEnabled && runes < want {
		t.Errorf("only %d characters cut", runes)
	}
	t.Logf("%d characters cut, no difference", runes)
}

// TestCutWithUserWordsMatchesGSE: user words (--dict) change the cut as
// gse's AddToken changes it: new words, a word gse already holds, a word
// in capitals, a word only the start of dictionary words.
func TestCutWithUserWordsMatchesGSE(t *testing.T) {
	g := &gse.Segmenter{SkipLog: true, NotLoadHMM: true}
	loadHMM()
	if err := g.LoadDictEmbed("zh_s"); err != nil {
		t.Fatal(err)
	}
	s, err := loadSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"数智督查", "零直排区", "垃圾分类", "未来科技城", "ABC数码", "阿里巴", "余杭经", "督办搜平台建设", "1号店长", "数智督查\x00"}
	for _, w := range words[:len(words)-1] { // not the one with a NUL byte: AddWords skips it
		if err := g.AddToken(w, domainWordFreq, "nz"); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.AddWords(append(words, "阿里巴")...); n != len(words)-1 {
		t.Errorf("AddWords counted %d new words, want %d", n, len(words)-1)
	}
	texts := []string{"推进数智督查平台建设", "全域创建污水零直排区", "深化与阿里巴巴集团的合作", "abc数码产品", "余杭经济技术开发区", "督办搜平台建设推进", "1号店\x00好", "1号店长\x00", "垃圾分类\x00数智督查\x00平台", "数智\x00"}
	texts = append(texts, strings.Split(string(seeds.Notice()), "\n")...)
	for _, text := range texts {
		if got, want := s.cut(text), g.Cut(text, true); !slices.Equal(got, want) {
			t.Errorf("cut of %q:\n got %q\nwant %q", text, got, want)
		}
		if got, want := s.Terms(text, true), referenceTerms(g, text, true); !slices.Equal(got, want) {
			t.Errorf("terms of %q:\n got %v\nwant %v", text, got, want)
		}
	}
}

// FuzzCutMatchesGSE compares the cut with gse's on any text.
func FuzzCutMatchesGSE(f *testing.F) {
	for _, s := range []string{"垃圾分类", "深化与浙江大学、阿里巴巴集团的合作,ABC。", "余杭经济技术开发区(钱江经济开发区)", "\xff\x00阿", "2018年GDP增长8%"} {
		f.Add(s)
	}
	g := mustGSE(f)
	s, err := loadSegmenter()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := s.cut(text), g.Cut(text, true); !slices.Equal(got, want) {
			t.Errorf("cut of %q:\n got %q\nwant %q", text, got, want)
		}
	})
}

// BenchmarkCut cuts the seed notice's tasks with duban's cut and with
// gse's segmenter.
func BenchmarkCut(b *testing.B) {
	var texts []string
	for _, t := range MustParseSeed(b).Tasks {
		texts = append(texts, t.Text)
	}
	s, err := loadSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	g := mustGSE(b)
	b.Run("duban", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				s.cut(t)
			}
		}
	})
	b.Run("gse", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				g.Cut(t, true)
			}
		}
	})
	b.Run("terms", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				s.Terms(t, true)
			}
		}
	})
	b.Run("gse-terms", func(b *testing.B) {
		for b.Loop() {
			for _, t := range texts {
				referenceTerms(g, t, true)
			}
		}
	})
}
