package main

import (
	"github.com/xuri/excelize/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/duban/duban/seeds"
)

func TestVocabularyCommand(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	notice := filepath.Join(files, "notice.txt")
	os.WriteFile(notice, seeds.Notice(), 0o644)
	if _, _, err := runCLI(t, "ingest", notice, "--data", dir); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "vocabulary", "--proposals", "--data", dir)
	if err != nil || !strings.Contains(out, "区发改局 = 区金融办") {
		t.Errorf("proposals: %q %v", out, err)
	}
	file := filepath.Join(files, "v.txt")
	os.WriteFile(file, []byte("[单位]\n区生态环境分局 = 区环保局\n[同义词]\nCXKC = 杭州城西科创大走廊\n"), 0o644)
	if out, _, err := runCLI(t, "vocabulary", "--import", file, "--data", dir); err != nil || !strings.Contains(out, "单位 1 条") {
		t.Fatalf("import: %q %v", out, err)
	}
	out, _, err = runCLI(t, "search", "--unit", "区生态环境分局", "--data", dir)
	if err != nil || !strings.Contains(out, "共 3 条") {
		t.Errorf("search by the new name: %q %v", out, err)
	}
	// the old name typed finds the unit's tasks, first, and says why
	out, _, err = runCLI(t, "search", "区生态环境分局", "--data", dir)
	if err != nil || !strings.Contains(out, "共 3 条") || !strings.Contains(out, "匹配单位:区环保局 → 区生态环境分局") {
		t.Errorf("search for the new name: %q %v", out, err)
	}
	out, _, err = runCLI(t, "search", "城管局", "--json", "--data", dir)
	if err != nil || !strings.Contains(out, `"identity": "区城管局"`) {
		t.Errorf("search for a short form: %q %v", out, err)
	}
	csv := filepath.Join(files, "out.csv")
	if _, _, err := runCLI(t, "export", "区生态环境分局", "--format", "csv", "--out", csv, "--data", dir); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(csv); strings.Count(string(b), "区环保局") != 3 {
		t.Errorf("export for the new name: %s", b)
	}
	// the ledger says which unit the query named, with its other spellings
	xlsx := filepath.Join(files, "out.xlsx")
	if _, _, err := runCLI(t, "export", "区环保局", "--out", xlsx, "--data", dir); err != nil {
		t.Fatal(err)
	}
	if f, err := excelize.OpenFile(xlsx); err != nil {
		t.Fatal(err)
	} else {
		about, _ := f.GetCellValue("督办台账", "A2")
		f.Close()
		if !strings.Contains(about, "匹配单位:区生态环境分局(含") || !strings.Contains(about, "区环保局") {
			t.Errorf("the ledger's filter row %q does not say which unit the query named", about)
		}
	}
	out, _, err = runCLI(t, "search", "CXKC", "--data", dir)
	if err != nil || !strings.Contains(out, "匹配同义词:杭州城西科创大走廊") {
		t.Errorf("search by a synonym: %q %v", out, err)
	}
	out, _, err = runCLI(t, "vocabulary", "--data", dir)
	if err != nil || !strings.Contains(out, "区生态环境分局 = 区环保局") {
		t.Errorf("export: %q %v", out, err)
	}
	os.WriteFile(file, []byte("[单位]\n坏\n"), 0o644)
	if _, stderr, err := runCLI(t, "vocabulary", "--import", file, "--data", dir); err == nil || !strings.Contains(err.Error()+stderr, "第 2 行") {
		t.Errorf("a bad file: %q %v", stderr, err)
	}
}

// --proposals prints each name's own task count; --import replaces a
// vocabulary file broken by hand (kept aside).
func TestVocabularyProposalCountsAndBrokenFile(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	notice := filepath.Join(files, "notice.txt")
	os.WriteFile(notice, seeds.Notice(), 0o644)
	if _, _, err := runCLI(t, "ingest", notice, "--data", dir); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, "vocabulary", "--proposals", "--data", dir)
	if err != nil {
		t.Fatal(err)
	}
	tasks := func(unit string) string {
		out, _, _ := runCLI(t, "search", "--unit", unit, "--size", "1", "--data", dir)
		return strings.TrimSuffix(strings.Fields(out)[1], "条任务")
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		m := regexp.MustCompile(`^(\S+) = (\S+)\t.*;(\d+) 项与 (\d+) 项任务`).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("proposal line %q", line)
		}
		if a, b := tasks(m[1]), tasks(m[2]); a != m[3] || b != m[4] {
			t.Errorf("%q: %s has %s tasks, %s has %s", line, m[1], a, m[2], b)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no proposal to check")
	}
	os.WriteFile(filepath.Join(dir, "vocabulary.txt"), []byte("[单位]\n坏\n"), 0o644)
	good := filepath.Join(files, "v.txt")
	os.WriteFile(good, []byte("[单位]\n区生态环境分局 = 区环保局\n"), 0o644)
	out, _, err = runCLI(t, "vocabulary", "--import", good, "--data", dir)
	if err != nil || !strings.Contains(out, "已移到") || !strings.Contains(out, "单位 1 条") {
		t.Fatalf("import over a broken file: %q %v", out, err)
	}
	if aside, _ := filepath.Glob(filepath.Join(dir, "vocabulary.txt.broken-*")); len(aside) != 1 {
		t.Errorf("the broken file is not kept aside: %v", aside)
	}
}
