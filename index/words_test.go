package index

import (
	"slices"
	"strings"
	"testing"
)

// TestWordsInFindsEveryWordInItsText: the words found by reading a text
// position by position are those a search for each word finds, in the
// words' order — for every task of the seed with its own domain words, and
// for words of one character, words inside words and traditional
// characters folded.
func TestWordsInFindsEveryWordInItsText(t *testing.T) {
	naive := func(text string, words []string) []string {
		hay := foldWord(text)
		var out []string
		for _, w := range words {
			if strings.Contains(hay, w) {
				out = append(out, w)
			}
		}
		return out
	}
	doc := MustParseSeed(t)
	dw := foldedDomainWords(doc)
	if len(dw.words) < 50 {
		t.Fatalf("the seed gives %d domain words", len(dw.words))
	}
	found := 0
	for _, task := range doc.Tasks {
		got, want := wordsIn(task.Text, dw), naive(task.Text, dw.words)
		if !slices.Equal(got, want) {
			t.Errorf("task %d: %q, want %q", task.Seq, got, want)
		}
		found += len(got)
	}
	if found == 0 {
		t.Fatal("no domain word found in any task: the test proves nothing")
	}
	words := []string{"垃圾分类", "垃圾", "分类", "城", "区城管局", "城管", "x", "管局"}
	dw = newDomainWords(words)
	for _, text := range []string{"推进垃圾分类,区城管局牵头", "區城管局負責垃圾分類", "城", "", "分", "管局管局"} {
		if got, want := wordsIn(text, dw), naive(text, words); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}
