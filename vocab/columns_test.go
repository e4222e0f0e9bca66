package vocab

import (
	"slices"
	"strings"
	"testing"

	"github.com/duban/duban/ingest"
)

func TestColumnRules(t *testing.T) {
	v, err := Parse("[栏目]\n包保单位 = 牵头单位\n协同责任单位＝配合单位\n备注栏 = 忽略\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []ColumnRule{{"包保单位", ingest.RoleUnits}, {"协同责任单位", ingest.RoleCoUnits}, {"备注栏", ingest.RoleIgnore}}
	if !slices.Equal(v.Columns, want) {
		t.Fatalf("columns = %+v", v.Columns)
	}
	again, err := Parse(v.Format())
	if err != nil || !slices.Equal(again.Columns, want) {
		t.Errorf("round trip: %+v %v\n%s", again, err, v.Format())
	}
	opt := v.ReadingOptions()
	if len(opt.Columns) != 3 || opt.Columns["包保单位"] != ingest.RoleUnits || opt.Columns["备注栏"] != ingest.RoleIgnore {
		t.Errorf("options = %+v", opt)
	}
	for _, c := range []struct{ text, says string }{
		{"[栏目]\n包保单位 = 负责人\n", "第 2 行"},
		{"[栏目]\n包保单位\n", "第 2 行"},
		{"[栏目]\n\n包保单位 = 牵头单位 = 配合单位\n", "第 3 行"},
		{"[栏目]\n包保单位 = 牵头单位\n包保单位 = 配合单位\n", "写了两次"},
	} {
		_, err := Parse(c.text)
		if err == nil || ingest.ErrorCode(err) != ingest.EINVALID || !strings.Contains(ingest.ErrorMessage(err), c.says) {
			t.Errorf("%q: %v, want an error saying %s", c.text, err, c.says)
		}
	}
	for _, role := range Roles() {
		if err := (&Vocabulary{Columns: []ColumnRule{{"某列", role}}}).Check(); err != nil {
			t.Errorf("role %s refused: %v", role, err)
		}
	}
	if err := (&Vocabulary{Columns: []ColumnRule{{"某列", "units"}}}).Check(); err == nil {
		t.Error("an English role accepted")
	}
	if opt := (&Vocabulary{}).ReadingOptions(); opt.Columns != nil {
		t.Errorf("no rules: %+v", opt)
	}
}
