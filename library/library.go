// Package library keeps the office's notices through their lives: every
// version a document had, the files they were read from, and a trash that
// deleted documents go to first. The index holds only each document's
// current version; the library is what lets an import be previewed, a
// replace be undone and a notice read badly today be read again with a
// better parser tomorrow.
//
// On disk, beside the index, in DATA/history:
//
//	docs/ID/000003.json.gz   one version of document ID: when, who, the file
//	                         it came from, and the whole parsed Document
//	docs/ID/trashed.json     the document was deleted (while the index lacks it)
//	originals/SHA256         the uploaded bytes, by content, within a budget
//
// Every file is written to a temporary name, synced and renamed, so a crash
// leaves it whole or absent. An import writes its version record first and
// replaces the index after: a crash between the two leaves a version that
// never became current (listed, never served), and nothing acknowledged is
// lost. The current version is the one whose number the index's document
// carries.
package library

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
)

// DefaultOriginalsBudget is how many bytes of uploaded files the library
// keeps at most when Options.OriginalsBudget is 0.
const DefaultOriginalsBudget = 512 << 20

// Who made a version (Version.Who).
const (
	WhoToken   = "token"   // a write with the server's token
	WhoLocal   = "local"   // a write from this machine (loopback, the command line)
	WhoReparse = "reparse" // duban reparse --apply
	WhoSeed    = "seed"    // the embedded seed, on first start
)

// Actions that made a version (Version.Action).
const (
	ActionImport  = "import"
	ActionRestore = "restore"
	ActionReparse = "reparse"
	ActionAdopt   = "adopt" // the version the index held before versions were kept
	// ActionEdit (correct.go): a correction by hand.
)

// Index is what the library needs from the index.
type Index interface {
	Replace(doc *ingest.Document) (index.Outcome, error)
	ReplaceMany(docs []*ingest.Document) ([]index.Outcome, error)
	Delete(id string) error
	Documents() []index.DocumentInfo
	Document(id string) (index.DocumentInfo, error)
	Scan(ctx context.Context, req index.Request, fn func(ingest.Task) error) error
}

// Annotator dresses a document as the index serves it: its tasks' status
// and latest progress (package progress). It returns a copy; the library
// keeps versions as parsed.
type Annotator interface {
	Annotate(doc *ingest.Document, today time.Time) *ingest.Document
}

// Options configure a Library.
type Options struct {
	// Annotator, when set, dresses every document before the index gets
	// it; Refresh dresses served documents again.
	Annotator Annotator
	// OriginalsBudget bounds the bytes of uploaded files kept; 0 means
	// DefaultOriginalsBudget, a negative value keeps none.
	OriginalsBudget int64
	Logger          *slog.Logger
	// Rules, when set, gives the office's reading rules (the vocabulary's
	// [栏目]: vocab.Store.ReadingOptions) that every parse through the
	// library reads with; it is called once per parse, from any goroutine.
	Rules func() ingest.Options
	// Parser parses the files of ImportFiles and the originals Reparse
	// reads, each in a contained child process (package ingest/worker);
	// nil parses in this process, for tests only: duban always sets one.
	Parser *worker.Parser
}

// Library keeps the versions, originals and trash of the documents of one
// index. Its writes are serialised; reads may run beside them.
type Library struct {
	idx    Index
	ann    Annotator
	dir    string
	budget int64
	log    *slog.Logger
	rules  func() ingest.Options
	parser *worker.Parser
	// parse parses a file in a child with the office's rules:
	// parser.ParseWith (a test watches what it is given).
	parse func(ctx context.Context, name string, data []byte, kind worker.Kind, opt ingest.Options) (*worker.Result, error)

	// origMu guards originals: the bytes of the kept originals, counted
	// once and kept up to date by keepOriginal, so a bulk import does not
	// list every kept original for each file it keeps (which made a
	// million-task import quadratic); -1 when it must be counted again.
	origMu    sync.Mutex
	originals int64

	mu sync.Mutex // one import, restore, delete or emptying at a time
	// busy is the document a write is on, for restores that must not wait
	// behind it (ECONFLICT instead).
	busyMu sync.Mutex
	busy   map[string]bool
}

// Open opens (or creates) the library in dataDir for the index idx.
// Temporary files a crash left behind are removed.
func Open(dataDir string, idx Index, opts Options) (*Library, error) {
	l := &Library{idx: idx, ann: opts.Annotator, dir: filepath.Join(dataDir, "history"), budget: opts.OriginalsBudget, log: opts.Logger, busy: map[string]bool{},
		rules: opts.Rules, parser: opts.Parser, originals: -1}
	l.parse = l.parser.ParseWith
	if l.budget == 0 {
		l.budget = DefaultOriginalsBudget
	}
	if l.log == nil {
		l.log = slog.Default()
	}
	for _, d := range []string{l.docsDir(), l.originalsDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("cannot create the history dir: %w", err)
		}
	}
	l.removeTemporaries()
	return l, nil
}

// OpenReadOnly opens an existing library for reading only (versions,
// originals, the trash, dry runs); a data dir without one reads as empty.
// rules, when not nil, are the office's reading rules (Options.Rules);
// parser parses the files of a dry run (Options.Parser).
func OpenReadOnly(dataDir string, idx Index, rules func() ingest.Options, parser *worker.Parser) *Library {
	l := &Library{idx: idx, dir: filepath.Join(dataDir, "history"), budget: -1, log: slog.Default(), busy: map[string]bool{},
		rules: rules, parser: parser, originals: -1}
	l.parse = l.parser.ParseWith
	return l
}

// Version is one kept version of a document.
type Version struct {
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	// Source is the file name as given, Checksum the SHA-256 of its bytes.
	Source   string `json:"source"`
	Checksum string `json:"checksum"`
	Format   string `json:"format,omitempty"`
	Title    string `json:"title"`
	Year     int    `json:"year"`
	Tasks    int    `json:"task_count"`
	// Who is token, local, reparse or seed; Action is import, restore,
	// reparse, edit or adopt.
	Who    string `json:"who"`
	Action string `json:"action"`
	// By is the name of the person who made a correction, when given.
	By string `json:"by,omitempty"`
	// Correction is what an edit version changed (who, when, the fields
	// before and after); Corrections counts the corrections by hand the
	// version holds (its layer, correct.go).
	Correction  *Correction `json:"correction,omitempty"`
	Corrections int         `json:"corrections,omitempty"`
	// From is the version a restore brought back.
	From int `json:"from,omitempty"`
	// Original says the file's bytes are kept and can be downloaded.
	Original bool `json:"original"`
	// Current: the index serves this version now.
	Current bool `json:"current"`
}

// History is a document's versions, newest first.
type History struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Current  int       `json:"current"` // 0 when the document is in the trash
	Trashed  bool      `json:"trashed"`
	Versions []Version `json:"versions"`
}

// Versions returns a document's history, or ENOTFOUND when the library
// knows nothing of it.
func (l *Library) Versions(id string) (*History, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	recs, err := l.records(id)
	if err != nil {
		return nil, err
	}
	info, live := l.live(id)
	if len(recs) == 0 && !live {
		return nil, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的文件", id)
	}
	h := &History{ID: id, Versions: []Version{}}
	if live {
		h.Current, h.Title = info.Version, info.Title
		if len(recs) == 0 || !slices.ContainsFunc(recs, func(v Version) bool { return v.Version == info.Version }) {
			// indexed before versions were kept: the index's copy is the
			// version, adopted when it is first replaced
			h.Versions = append(h.Versions, Version{Version: info.Version, At: info.IngestedAt, Source: info.Source,
				Checksum: info.Checksum, Format: info.Format, Title: info.Title, Year: info.Year, Tasks: info.TaskCount,
				Action: ActionAdopt, Current: true, Original: l.hasOriginal(info.Checksum)})
		}
	} else {
		h.Trashed = l.trashed(id)
	}
	for _, v := range recs {
		v.Current = live && v.Version == info.Version
		v.Original = l.hasOriginal(v.Checksum)
		h.Versions = append(h.Versions, v)
		if h.Title == "" {
			h.Title = v.Title
		}
	}
	slices.SortFunc(h.Versions, func(a, b Version) int { return cmp.Compare(b.Version, a.Version) })
	return h, nil
}

// live reports whether the index serves the document, with its info.
func (l *Library) live(id string) (index.DocumentInfo, bool) {
	info, err := l.idx.Document(id)
	return info, err == nil
}

// Trash lists the documents in the trash, the version each would come back
// as.
func (l *Library) Trash() ([]Version, []string, error) {
	entries, err := os.ReadDir(l.docsDir())
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("cannot list the history: %w", err)
	}
	var out []Version
	var ids []string
	for _, e := range entries {
		id := e.Name()
		if !e.IsDir() || checkID(id) != nil {
			continue
		}
		if _, live := l.live(id); live || !l.trashed(id) {
			continue
		}
		recs, err := l.records(id)
		if err != nil || len(recs) == 0 {
			continue
		}
		out = append(out, recs[len(recs)-1])
		ids = append(ids, id)
	}
	return out, ids, nil
}

// lockDoc marks a document busy for the duration of a write; a restore of
// a busy document fails at once rather than queueing behind it.
func (l *Library) lockDoc(id string) bool {
	l.busyMu.Lock()
	defer l.busyMu.Unlock()
	if l.busy[id] {
		return false
	}
	l.busy[id] = true
	return true
}

func (l *Library) unlockDoc(id string) {
	l.busyMu.Lock()
	defer l.busyMu.Unlock()
	delete(l.busy, id)
}

// checkID refuses ids that are not a document's (they name directories).
func checkID(id string) error {
	if id == "" || len(id) > 100 || id == "." || id == ".." {
		return ingest.Errorf(ingest.EINVALID, "文件 id 不正确")
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r == '-') {
			return ingest.Errorf(ingest.EINVALID, "文件 id 不正确")
		}
	}
	return nil
}

// Documents lists the documents the index serves.
func (l *Library) Documents() []index.DocumentInfo { return l.idx.Documents() }

// Hold runs fn while no write of the library runs (a backup copies the
// history and the index in between).
func (l *Library) Hold(fn func() error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fn()
}
