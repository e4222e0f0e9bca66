package main

import (
	"os"
	"path/filepath"
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
