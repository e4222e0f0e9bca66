package library

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/duban/duban/index"
	"github.com/duban/duban/seeds"
)

// sources are in-memory files of ImportFiles; open fails for a nil text.
func sources(names []string, texts []*string) []index.Source {
	out := make([]index.Source, len(names))
	for i, name := range names {
		text := texts[i]
		out[i] = index.Source{Name: name, Open: func() (io.ReadCloser, error) {
			if text == nil {
				return nil, errors.New("no such file")
			}
			return io.NopCloser(strings.NewReader(*text)), nil
		}}
	}
	return out
}

// TestImportFilesStreams: every file is reported once, in order, after
// its chunk is imported; notices become documents with a first version
// and their original, a progress report comes back parsed (after the
// notice it is about is in the index), a file that is neither or cannot
// be opened is reported with its error, and a notice like one already
// there is refused as ImportMany refuses it.
func TestImportFilesStreams(t *testing.T) {
	s, l, _ := MustOpen(t)
	notice := string(seeds.Notice())
	report, err := os.ReadFile("../ingest/testdata/progress/seed_h1.txt")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var texts []*string
	add := func(name string, text *string) { names, texts = append(names, name), append(texts, text) }
	for i := range 6 {
		year := strconv.Itoa(2010 + i)
		text := strings.ReplaceAll(notice, "2018", year)
		add(year+".txt", &text)
	}
	add("2018.txt", &notice)
	r := string(report)
	add("seed_h1.txt", &r)
	noise := "这不是一份通知。\n"
	add("noise.txt", &noise)
	add("missing.txt", nil)

	next := 0
	err = l.ImportFiles(ctx, sources(names, texts), ImportOptions{Who: WhoLocal}, func(i int, r FileResult) {
		if i != next {
			t.Errorf("file %d reported, want %d", i, next)
		}
		next = i + 1
		switch names[i] {
		case "seed_h1.txt":
			if r.Err != nil || r.Progress == nil || r.Preview != nil {
				t.Errorf("%s: %+v", names[i], r)
			}
			// the notice it reports on is already served
			if _, err := s.Document(seedID(t)); err != nil {
				t.Errorf("the report came before its notice was imported: %v", err)
			}
		case "noise.txt", "missing.txt":
			if r.Err == nil || r.Preview != nil || r.Progress != nil {
				t.Errorf("%s should fail: %+v", names[i], r)
			}
		default:
			if r.Err != nil || r.Preview == nil || r.Preview.Outcome != "added" || r.Preview.Version != 1 || !r.Preview.Original || len(r.Preview.Document.Tasks) != 83 {
				t.Errorf("%s: %+v %v", names[i], r.Preview, r.Err)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if next != len(names) {
		t.Errorf("%d of %d files reported", next, len(names))
	}
	if n := len(s.Documents()); n != 7 {
		t.Errorf("%d documents, want 7", n)
	}
	h, err := l.Versions(seedID(t))
	if err != nil || len(h.Versions) != 1 {
		t.Errorf("versions of the seed: %+v %v", h, err)
	}
	// the same bytes again change nothing; a file that looks like a
	// notice already there is refused
	again := strings.ReplaceAll(notice, "2018", "2011")
	err = l.ImportFiles(ctx, sources([]string{"2011-again.txt"}, []*string{&again}), ImportOptions{}, func(i int, r FileResult) {
		if r.Err != nil || r.Preview == nil || r.Preview.Outcome != "unchanged" {
			t.Errorf("the same file again: %+v", r)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	look := strings.Replace(notice, "区人民政府", "区政府办公室", 1)
	err = l.ImportFiles(ctx, sources([]string{"look.txt"}, []*string{&look}), ImportOptions{}, func(i int, r FileResult) {
		var same *SameNoticeError
		if !errors.As(r.Err, &same) {
			t.Errorf("a look-alike of the seed: %+v", r)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

func seedID(t *testing.T) string {
	t.Helper()
	return parse(t, seeds.NoticeName, seeds.Notice()).ID
}

// TestImportFilesStopsAtFailedWrite: a write that fails ends the import
// with its error, and the files after its chunk are not reported (130
// notices of 83 tasks are more than one chunk of 10,000).
func TestImportFilesStopsAtFailedWrite(t *testing.T) {
	s, l, _ := MustOpen(t)
	s.Close()
	notice := string(seeds.Notice())
	var names []string
	var texts []*string
	for i := range 130 {
		text := strings.ReplaceAll(notice, "2018", strconv.Itoa(1980+i))
		names, texts = append(names, strconv.Itoa(i)+".txt"), append(texts, &text)
	}
	reported := 0
	err := l.ImportFiles(ctx, sources(names, texts), ImportOptions{}, func(i int, r FileResult) {
		reported++
		if r.Err == nil {
			t.Errorf("%s imported into a closed store", names[i])
		}
	})
	if err == nil {
		t.Fatal("an import into a closed store succeeded")
	}
	if reported >= len(names) {
		t.Errorf("all %d files reported after the first write failed", reported)
	}
}
