package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/ingest"
)

// TestReadingRulesWired: the [栏目] rules of the data dir's vocabulary
// reach the library of every command that parses (serve's store, ingest's,
// a dry run's read-only one).
func TestReadingRulesWired(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	file := filepath.Join(files, "v.txt")
	os.WriteFile(file, []byte("[栏目]\n包保单位 = 牵头单位\n"), 0o644)
	out, _, err := runCLI(t, "vocabulary", "--import", file, "--data", dir)
	if err != nil || !strings.Contains(out, "栏目规则 1 条") {
		t.Fatalf("import: %q %v", out, err)
	}
	for _, c := range []struct {
		name string
		open func(m *Main) error
	}{
		{"serve", (*Main).OpenStore},
		{"ingest", (*Main).openForIngest},
		{"ingest --dry-run", func(m *Main) error { m.ReadOnly = true; return m.openForIngest() }},
	} {
		m := &Main{DataDir: dir, Logger: quietLogger()}
		if err := c.open(m); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := m.Library.ReadingOptions().Columns["包保单位"]; got != ingest.RoleUnits {
			t.Errorf("%s: the library reads 包保单位 as %q", c.name, got)
		}
		m.Store.Close()
	}
}

// TestReadingRuleTeachesAColumn: a notice whose units column is headed with
// a word duban does not know is refused; once the office adds
// `承接方 = 牵头单位` under [栏目], the same file is read with its units
// (through the contained child, which gets the rules), and the import says
// which rule it applied.
func TestReadingRuleTeachesAColumn(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	notice := filepath.Join(files, "rule.txt")
	os.WriteFile(notice, []byte("某区2026年民生实事任务分解\n\n序号\t重点工作任务\t承接方\t完成时限\n"+
		"1\t新建幼儿园3所。\t区教育局\t2026年9月底\n2\t改造老旧小区20个。\t区住建局\t2026年12月底\n3\t新增停车位500个。\t区交通局\t2026年12月底\n"), 0o644)
	if _, _, err := runCLI(t, "ingest", "--data", dir, notice); err == nil {
		t.Fatal("a units column headed 承接方 was read without a rule: the test no longer shows what a rule does")
	}
	rules := filepath.Join(files, "v.txt")
	os.WriteFile(rules, []byte("[栏目]\n承接方 = 牵头单位\n"), 0o644)
	if _, _, err := runCLI(t, "vocabulary", "--import", rules, "--data", dir); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "ingest", "--data", dir, notice)
	if err != nil || !strings.Contains(out, "任务 3 条") || !strings.Contains(out, "按词表栏目规则读取:承接方 = 牵头单位") {
		t.Fatalf("ingest with the rule: %q %v", out, err)
	}
	out, _, err = runCLI(t, "search", "--unit", "区住建局", "--year", "2026", "--data", dir)
	if err != nil || !strings.Contains(out, "共 1 条") || !strings.Contains(out, "改造老旧小区") {
		t.Errorf("the taught column's units: %q %v", out, err)
	}
}
