package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/duban/duban/suggest"
	"github.com/duban/duban/vocab"
)

// judgedSuggestions are what a clerk types and the unit, leader or term
// they mean, judged on the embedded seed with the vocabulary's one rename
// (区生态环境分局 = 区环保局): the value must come within the first
// `within` suggestions. A ranking that regresses fails here.
var judgedSuggestions = []struct {
	q, value, kind string
	within         int
}{
	// units by pinyin, initials and any prefix of either, the 区 skipped
	{"chengguan", "区城管局", suggest.Unit, 3},
	{"chengguanju", "区城管局", suggest.Unit, 1},
	{"cgj", "区城管局", suggest.Unit, 1},
	{"城管", "区城管局", suggest.Unit, 3},
	{"城管局", "区城管局", suggest.Unit, 1},
	{"quchengguan", "区城管局", suggest.Unit, 1},
	{"qcgj", "区城管局", suggest.Unit, 1},
	{"jxj", "区经信局", suggest.Unit, 1},
	{"jingxin", "区经信局", suggest.Unit, 1},
	{"经信", "区经信局", suggest.Unit, 1},
	{"kjj", "区科技局", suggest.Unit, 1},
	{"kejiju", "区科技局", suggest.Unit, 1},
	{"scjg", "区市场监管局", suggest.Unit, 1},
	{"shichangjianguan", "区市场监管局", suggest.Unit, 1},
	{"gongan", "区公安分局", suggest.Unit, 1},
	{"gafj", "区公安分局", suggest.Unit, 1},
	{"zhujian", "区住建局", suggest.Unit, 1},
	{"fgj", "区发改局", suggest.Unit, 1},
	{"fagai", "区发改局", suggest.Unit, 1},
	// a renamed unit by its new name, its old one, and their pinyin
	{"区生态", "区生态环境分局", suggest.Unit, 1},
	{"shengtaihuanjing", "区生态环境分局", suggest.Unit, 1},
	{"sthj", "区生态环境分局", suggest.Unit, 1},
	{"huanbao", "区生态环境分局", suggest.Unit, 1},
	{"hbj", "区生态环境分局", suggest.Unit, 1},
	// leaders by initials, full pinyin, surnames read as surnames
	{"ywg", "於卫国", suggest.Leader, 1},
	{"yuweiguo", "於卫国", suggest.Leader, 1},
	{"zzw", "祝振伟", suggest.Leader, 1},
	{"zhuzhen", "祝振伟", suggest.Leader, 1},
	{"祝振", "祝振伟", suggest.Leader, 1},
	// terms as the tasks write them
	{"ljfl", "垃圾分类", suggest.Term, 1},
	{"lajifen", "垃圾分类", suggest.Term, 1},
	{"垃圾分", "垃圾分类", suggest.Term, 1},
}

func TestJudgedSuggestions(t *testing.T) {
	s, _ := MustOpenVocabularyServer(t, "", true)
	v := &vocab.Vocabulary{Units: []vocab.Merge{{Name: "区生态环境分局", Names: []string{"区环保局"}}}}
	if _, err := s.Vocabulary.Put(v, ""); err != nil {
		t.Fatal(err)
	}
	ix, err := s.rebuildSuggestions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	show := func(ss []suggest.Suggestion) string {
		var b strings.Builder
		for _, sg := range ss {
			fmt.Fprintf(&b, "%s(%s,%s) ", sg.Text, sg.Kind, sg.Match)
		}
		return b.String()
	}
	for _, tc := range judgedSuggestions {
		got := ix.Lookup(tc.q, suggest.DefaultLimit)
		at := -1
		for i, sg := range got {
			if sg.Value == tc.value && sg.Kind == tc.kind {
				at = i
				break
			}
		}
		if at < 0 || at >= tc.within {
			t.Errorf("%s: %s at %d, want within the first %d: %s", tc.q, tc.value, at+1, tc.within, show(got))
		}
	}
	// A rare reading ranks after every common one: 提高 reads ti gao, and
	// cg (chi gao) must not put it first.
	got := ix.Lookup("cg", suggest.MaxLimit)
	if len(got) == 0 || got[0].Value != "区城管局" {
		t.Errorf("cg: the unit first: %s", show(got))
	}
	at := map[string]int{}
	for i, sg := range got {
		at[sg.Text] = i
	}
	for _, common := range []string{"城管", "成果", "场馆"} {
		i, ok := at[common]
		if j, rare := at["提高"]; !ok || rare && j < i {
			t.Errorf("cg: %s (common readings) not before 提高 (a rare one): %s", common, show(got))
		}
	}
	// Terms are words and phrases as the tasks write them: no fragment
	// joined with a particle or cut from a longer name.
	for _, q := range []string{"城公", "市场监管", "环保", "工厂", "之间", "chenggong", "scjgy"} {
		for _, sg := range ix.Lookup(q, suggest.MaxLimit) {
			for _, bad := range []string{"城公共", "市场监管与", "环保与", "工厂物", "之间的"} {
				if sg.Text == bad {
					t.Errorf("%s offers the fragment %s", q, bad)
				}
			}
		}
	}
	t.Logf("%d judged cases", len(judgedSuggestions)+2)
}
