package library

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/internal/tmpfs"
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

// TestBulkImportWritesTogether: the notices of one ImportMany keep their
// originals and versions written together (pendingWrites): every file
// lands, no temporary file stays, the originals' count is what is on
// disk; when the disk refuses the writes, no notice is imported, nothing
// half-written stays, the count is worked out again and the next import
// goes in.
func TestBulkImportWritesTogether(t *testing.T) {
	dir := tmpfs.Mount(t, "64m")
	s, l := mustOpenAt(t, dir)
	items := func(from, n int) []Item {
		var out []Item
		for i := from; i < from+n; i++ {
			// a title of its own: each notice a document of its own
			notice := strings.Replace(string(deadlineNotice(3+i, true)), "区政府重点工作", fmt.Sprintf("区政府第%d批重点工作", i), 1)
			data := []byte(fmt.Sprintf("第%d号\n%s", i, notice))
			out = append(out, Item{Doc: parse(t, fmt.Sprintf("n%d.txt", i), data), Data: data})
		}
		return out
	}
	temporaries := func() []string {
		var left []string
		filepath.WalkDir(filepath.Join(dir, "history"), func(p string, d fs.DirEntry, err error) error {
			if err == nil && atomicfile.IsTemporary(d.Name()) {
				left = append(left, p)
			}
			return nil
		})
		return left
	}
	ps, errs := l.ImportMany(ctx, items(0, 3), ImportOptions{Who: WhoLocal, AsNew: true})
	for i, err := range errs {
		if err != nil || !ps[i].Original || ps[i].Version != 1 {
			t.Fatalf("item %d: %v %+v", i, err, ps[i])
		}
		if _, err := l.document(ps[i].Document.ID, 1); err != nil {
			t.Errorf("item %d: its version is not readable: %v", i, err)
		}
		if !l.hasOriginal(ps[i].Document.Checksum) {
			t.Errorf("item %d: its original is not kept", i)
		}
	}
	if left := temporaries(); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}
	onDisk := func() int64 {
		entries, _ := os.ReadDir(l.originalsDir())
		var n int64
		for _, e := range entries {
			if info, err := e.Info(); err == nil && checksumRe.MatchString(e.Name()) {
				n += info.Size()
			}
		}
		return n
	}
	if l.originalsListed() || l.originals != onDisk() {
		t.Errorf("originals counted %d, %d on disk", l.originals, onDisk())
	}
	free := tmpfs.Fill(t, dir)
	_, errs = l.ImportMany(ctx, items(3, 2), ImportOptions{Who: WhoLocal, AsNew: true})
	free()
	for i, err := range errs {
		if err == nil {
			t.Fatalf("item %d imported on a read-only disk", i)
		}
	}
	if n := len(s.Documents()); n != 3 {
		t.Errorf("%d documents after the failed import, want 3", n)
	}
	if left := temporaries(); len(left) > 0 {
		t.Errorf("temporary files left after the failure: %q", left)
	}
	if !l.originalsListed() {
		t.Error("after a failed write the originals' count is trusted")
	}
	ps, errs = l.ImportMany(ctx, items(3, 2), ImportOptions{Who: WhoLocal, AsNew: true})
	for i, err := range errs {
		if err != nil || !ps[i].Original {
			t.Fatalf("item %d after the disk came back: %v", i, err)
		}
	}
	if l.originals != onDisk() {
		t.Errorf("originals counted %d, %d on disk", l.originals, onDisk())
	}
}
