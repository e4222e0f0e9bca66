package vocab

import "testing"

// BenchmarkNamesIn scans query words for names on the seed: a short word,
// a name with a task's words, and the longest word scanned.
func BenchmarkNamesIn(b *testing.B) {
	_, lex := seededLexicon(b)
	for _, w := range []string{"垃圾分类", "城管局垃圾分类", "深化垃圾治理全区垃圾分类覆盖面达到加强垃圾末端处置设施建设提高区城管局"} {
		b.Run(string([]rune(w)[:2]), func(b *testing.B) {
			for b.Loop() {
				lex.NamesIn(w)
			}
		})
	}
}
