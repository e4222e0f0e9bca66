package library

import (
	"fmt"
	"os"
	"testing"
)

// TestOriginalsCountedOnce: the originals' bytes are counted once and kept
// up to date as files are kept, so keeping one more original within the
// budget does not list every original kept before (a million-task bulk
// import listed and stat'ed them per file: quadratic). The running count
// equals the bytes on disk after imports and after the trash is emptied.
func TestOriginalsCountedOnce(t *testing.T) {
	_, l, _ := MustOpen(t)
	onDisk := func() int64 {
		entries, err := os.ReadDir(l.originalsDir())
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, e := range entries {
			if info, err := e.Info(); err == nil && checksumRe.MatchString(e.Name()) {
				n += info.Size()
			}
		}
		return n
	}
	var ids []string
	for i := range 5 {
		data := []byte(fmt.Sprintf("%s%d | 推进第%d项补充工作。 | 祝振伟 | 区城管局 | 区住建局 | 2019年6月底\n", deadlineNotice(3+i, true), 90+i, 90+i))
		data = append([]byte(fmt.Sprintf("第%d号\n", i)), data...)
		parsed, err := l.ParseFile(ctx, fmt.Sprintf("n%d.txt", i), data)
		if err != nil {
			t.Fatal(err)
		}
		p, err := l.Import(ctx, parsed.Doc, data, ImportOptions{Who: WhoLocal, AsNew: true})
		if err != nil || !p.Original {
			t.Fatalf("import %d: %v %+v", i, err, p)
		}
		ids = append(ids, p.Document.ID)
		if l.originalsListed() {
			t.Fatalf("after import %d the next original would list every one kept", i)
		}
		if got, want := l.originals, onDisk(); got != want {
			t.Fatalf("after import %d the running count is %d bytes, %d on disk", i, got, want)
		}
	}
	if err := l.Delete(ids[0], WhoLocal); err != nil {
		t.Fatal(err)
	}
	if _, err := l.EmptyTrash(""); err != nil {
		t.Fatal(err)
	}
	if !l.originalsListed() {
		t.Error("originals were removed but the running count was kept")
	}
}
