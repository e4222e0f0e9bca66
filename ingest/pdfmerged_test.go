package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// n242: a leader merged over a row at the foot of page 1 and the first row
// of page 2 prints its name on page 1 only. The layout gives it to the row
// at the page's top because the leader column shows merged cells elsewhere
// and leaves no other row empty — a guess, so the report warns of that
// task's leader (inherited, field leaders), and of no other.
func TestMergedCellOverPageWarned(t *testing.T) {
	name := "n242-libreoffice-pdf-docx-duty-group-leader-top-over-page-2024.pdf"
	f, err := os.Open(filepath.Join("testdata", "notices", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := Parse(name, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Tasks) < 4 || !slices.Equal(doc.Tasks[3].Leaders, []string{"欧阳靖"}) {
		t.Fatalf("task 4 of %d: leaders %v, want [欧阳靖]", len(doc.Tasks), doc.Tasks[3].Leaders)
	}
	var warned []Warning
	for _, w := range doc.Report.Warnings {
		if w.Code == WarnInherited {
			warned = append(warned, w)
		}
	}
	if len(warned) != 1 || warned[0].Field != "leaders" || !slices.Equal(warned[0].Seqs, []int{4}) {
		t.Errorf("inherited warnings %+v, want one of the leaders of task 4", warned)
	}
}
