package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// testdata/notices holds whole notices of the wider family — counties,
// cities, provinces and the State Council, 2006–2025, as text, GBK text,
// HTML, tab-separated copies and HTML printed to PDF by Chromium (its page
// under print/, printed by TestMakeFixtures) — each beside
// NAME.truth.json, the parse a
// person expects, in the conventions of ../shared/real (text without its
// number and assignment, lead rule splits units from co_units, names as
// written). Every field of every task must come out right and nothing
// else may be a task. Compared after NFKC and without white space, as
// ../shared/tools/score-notices compares.

type truthFile struct {
	Count int `json:"count"`
	Tasks []struct {
		Seq     int      `json:"seq"`
		Text    string   `json:"text"`
		Leaders []string `json:"leaders"`
		Units   []string `json:"units"`
		CoUnits []string `json:"co_units"`
	} `json:"tasks"`
}

var spaces = regexp.MustCompile(`\s+`)

func normText(s string) string { return spaces.ReplaceAllString(norm.NFKC.String(s), "") }

func normNames(ns []string) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		out = append(out, normText(n))
	}
	return out
}

func TestNoticesAgainstTruth(t *testing.T) {
	truths, _ := filepath.Glob("testdata/notices/*.truth.json")
	if len(truths) < 10 {
		t.Fatalf("truth files: %v", truths)
	}
	for _, tp := range truths {
		stem := strings.TrimSuffix(tp, ".truth.json")
		t.Run(filepath.Base(stem), func(t *testing.T) {
			var truth truthFile
			b, err := os.ReadFile(tp)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &truth); err != nil {
				t.Fatal(err)
			}
			files, _ := filepath.Glob(stem + ".*")
			files = slices.DeleteFunc(files, func(f string) bool { return f == tp })
			if len(files) != 1 {
				t.Fatalf("notice files for %s: %v", stem, files)
			}
			f, err := os.Open(files[0])
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			doc, err := Parse(filepath.Base(files[0]), f)
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Tasks) != truth.Count || len(truth.Tasks) != truth.Count {
				t.Errorf("%d tasks, want %d", len(doc.Tasks), truth.Count)
			}
			// A task's seq is its number in the notice; where the numbering
			// restarts (per table, per attachment) duban numbers on, so seq
			// is compared only where the notice's numbers are distinct.
			distinctSeqs := true
			seen := map[int]bool{}
			for _, want := range truth.Tasks {
				distinctSeqs = distinctSeqs && !seen[want.Seq]
				seen[want.Seq] = true
			}
			for i, want := range truth.Tasks {
				if i >= len(doc.Tasks) {
					break
				}
				got := doc.Tasks[i]
				if distinctSeqs && got.Seq != want.Seq {
					t.Errorf("task %d: seq %d", want.Seq, got.Seq)
				}
				if normText(got.Text) != normText(want.Text) {
					t.Errorf("task %d text:\n got %q\nwant %q", want.Seq, got.Text, want.Text)
				}
				if !slices.Equal(normNames(got.Leaders), normNames(want.Leaders)) || !slices.Equal(normNames(got.Units), normNames(want.Units)) ||
					!slices.Equal(normNames(got.CoUnits), normNames(want.CoUnits)) {
					t.Errorf("task %d: leaders %q units %q co %q; want %q %q %q", want.Seq, got.Leaders, got.Units, got.CoUnits,
						want.Leaders, want.Units, want.CoUnits)
				}
			}
		})
	}
}
