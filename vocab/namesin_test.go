package vocab

import (
	"context"
	"fmt"
	"testing"

	"github.com/duban/duban/index"
)

// TestNamesIn: the names of units and leaders a query word holds, in any
// spelling of their identity, on the seed with one rename.
func TestNamesIn(t *testing.T) {
	s, _ := seededLexicon(t)
	units, err := s.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	leaders, err := s.Leaders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v := &Vocabulary{Units: []Merge{{Name: "区生态环境分局", Names: []string{"区环保局"}}}}
	lex := Build(v, Data{Units: units, Leaders: leaders, Issuers: []string{"杭州市余杭区人民政府办公室"}})
	show := func(word string) string {
		var out string
		for _, n := range lex.NamesIn(word) {
			out += fmt.Sprintf("[%s %s %s]", n.Kind, word[n.Start:n.End], n.Identity)
		}
		return out
	}
	tests := []struct{ word, want string }{
		{"区生态环境分局", "[unit 区生态环境分局 区生态环境分局]"},
		{"区环保局", "[unit 区环保局 区生态环境分局]"},
		{"城管局", "[unit 城管局 区城管局]"},
		{"余杭区城市管理局", "[unit 余杭区城市管理局 区城管局]"},
		{"经信局", "[unit 经信局 区经信局]"},
		{"区经济和信息化局", "[unit 区经济和信息化局 区经信局]"},
		{"城管局垃圾分类", "[unit 城管局 区城管局]"},
		{"垃圾分类城管局", "[unit 城管局 区城管局]"},
		{"祝振伟", "[leader 祝振伟 祝振伟]"},
		{"祝振伟副区长", "[leader 祝振伟副区长 祝振伟]"},
		{"常务副区长祝振伟", "[leader 常务副区长祝振伟 祝振伟]"},
		{"祝振伟同志区城管局", "[leader 祝振伟同志 祝振伟][unit 区城管局 区城管局]"},
		{"於卫国", "[leader 於卫国 於卫国]"},
		{"垃圾分类", ""},
		{"城管", ""},
		{"局", ""},
		{"推进重点项目建设", ""},
	}
	for _, tc := range tests {
		if got := show(tc.word); got != tc.want {
			t.Errorf("NamesIn(%q) = %s, want %s", tc.word, got, tc.want)
		}
	}
	var _ index.Vocabulary = lex
}
