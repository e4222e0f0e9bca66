package ingest

import (
	"strings"
	"testing"
)

// TestUntitledNoticesKeepTheirOwnIDs: notices with no issuer, year or
// title no longer share one id (and silently replace each other); the same
// file twice still gets one id; a titled notice keeps the id it had.
func TestUntitledNoticesKeepTheirOwnIDs(t *testing.T) {
	parse := func(text string) *Document {
		t.Helper()
		doc, err := Parse("x.txt", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	const header = "序号 | 重点工作任务 | 牵头领导 | 牵头单位 |\n"
	a := parse(header + "1 | 推进垃圾分类。 | 王艳勤 | 区城管局 |\n")
	b := parse(header + "1 | 建设城市公园。 | 葛建伟 | 区林水局 |\n")
	again := parse(header + "1 | 推进垃圾分类。 | 王艳勤 | 区城管局 |\n")
	if a.Title != "" || a.Issuer != "" || a.Year != 0 {
		t.Fatalf("the fixture has metadata: %+v", a.Notice)
	}
	if a.ID == b.ID {
		t.Errorf("two different untitled notices share id %s", a.ID)
	}
	if again.ID != a.ID {
		t.Errorf("the same untitled notice twice: %s, then %s", a.ID, again.ID)
	}
	if a.Tasks[0].ID != a.ID+"-1" || a.Tasks[0].DocID != a.ID {
		t.Errorf("task ids follow the document id: %+v", a.Tasks[0])
	}
	seed := MustParseSeed(t)
	if seed.ID != "2018-ce61a2585d" {
		t.Errorf("the seed's id changed: %s", seed.ID)
	}
	// A titled notice edited keeps its id.
	edited := *seed
	edited.Tasks = edited.Tasks[:10]
	if DocumentID(&edited) != seed.ID {
		t.Error("an edited titled notice gets a new id")
	}
}
