package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/duban/duban/seeds"
)

// A look-alike file: the dry run says what the import would (the
// refusal) and fails like it; the refusal names --replace and --as-new
// and is Chinese to the end; a changed task's fields are named in Chinese.
func TestIngestSaysWhatTheImportWould(t *testing.T) {
	data, files := t.TempDir(), t.TempDir()
	seed := filepath.Join(files, seeds.NoticeName)
	os.WriteFile(seed, seeds.Notice(), 0o644)
	lines := strings.Split(string(seeds.Notice()), "\n")
	alike := filepath.Join(files, "任务表.txt")
	os.WriteFile(alike, []byte(strings.Join(lines[6:], "\n")), 0o644)
	out, _, err := runCLI(t, "--data", data, "ingest", seed)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.Fields(out)[1]
	english := regexp.MustCompile(`[A-Za-z]{4,}`)
	for _, dry := range []bool{true, false} {
		args := []string{"--data", data, "ingest", alike}
		if dry {
			args = append(args, "--dry-run")
		}
		out, errb, err := runCLI(t, args...)
		if err == nil || strings.Contains(out, "新增") {
			t.Errorf("dry %v: a look-alike passed: %q", dry, out)
			continue
		}
		if !strings.Contains(errb, "--replace "+id) || !strings.Contains(errb, "--as-new") || strings.Contains(errb, "as_new") || strings.Contains(errb, "replace=") {
			t.Errorf("dry %v: refusal %q", dry, errb)
		}
		if w := english.FindString(err.Error()); w != "" {
			t.Errorf("dry %v: the last line %q has English (%q)", dry, err, w)
		}
	}
	if _, _, err := runCLI(t, "--data", data, "ingest", alike, "--replace", id, "--dry-run"); err != nil {
		t.Errorf("with --replace the preview passes: %v", err)
	}
	renamed := filepath.Join(files, "改了领导.txt")
	os.WriteFile(renamed, []byte(strings.Replace(string(seeds.Notice()), "祝振伟", "祝某某", 1)), 0o644)
	out, _, err = runCLI(t, "--data", data, "ingest", renamed, "--dry-run")
	if err != nil || !strings.Contains(out, "(牵头领导)") || strings.Contains(out, "leaders") {
		t.Errorf("changed fields: %v %q", err, out)
	}
}
