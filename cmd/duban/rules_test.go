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
