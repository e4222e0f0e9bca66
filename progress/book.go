package progress

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/ingest"
)

// Report is a kept progress report: what it covers, the entries it gave
// and the rows that matched nothing.
type Report struct {
	// ID is the period and a hash of the report's title: a report with the
	// same period and title replaces it.
	ID          string      `json:"id"`
	Period      string      `json:"period"`
	PeriodLabel string      `json:"period_label"`
	Year        int         `json:"year"`
	Title       string      `json:"title"`
	Source      string      `json:"source"`
	Checksum    string      `json:"checksum"`
	At          time.Time   `json:"at"`
	Version     int         `json:"version"`
	Rows        int         `json:"rows"`
	Entries     []Entry     `json:"entries"`
	Unmatched   []Unmatched `json:"unmatched"`
	// Matched and UnmatchedRows count Entries and Unmatched, also where a
	// list of reports leaves them out.
	Matched       int `json:"matched"`
	UnmatchedRows int `json:"unmatched_rows"`
	// Desk is true for the entries recorded on the task page, one task at
	// a time (Desk.Record): they are not a report of the period, so they
	// do not make the period's other tasks 未报送.
	Desk bool `json:"desk,omitempty"`
}

// Book keeps the progress reports of one data dir, in DATA/progress.
type Book struct {
	dir string
	mu  sync.RWMutex
	// reports by id, loaded at open and kept current by Save and Delete
	reports map[string]*Report
}

var reportFile = regexp.MustCompile(`^([0-9A-Za-z-]+)\.json$`)

// Open opens (or creates) the book in dataDir.
func Open(dataDir string) (*Book, error) { return open(dataDir, true) }

func open(dataDir string, write bool) (*Book, error) {
	b := &Book{dir: filepath.Join(dataDir, "progress"), reports: map[string]*Report{}}
	if write {
		if err := os.MkdirAll(b.dir, 0o755); err != nil {
			return nil, fmt.Errorf("cannot create the progress dir: %w", err)
		}
	}
	entries, err := os.ReadDir(b.dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		m := reportFile.FindStringSubmatch(e.Name())
		if m == nil {
			if write && atomicfile.IsTemporary(e.Name()) {
				os.Remove(filepath.Join(b.dir, e.Name()))
			}
			continue
		}
		raw, err := os.ReadFile(filepath.Join(b.dir, e.Name()))
		if err != nil {
			return nil, err
		}
		var r Report
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, ingest.Errorf(ingest.ECORRUPT, "进度报告 %s 已损坏", e.Name())
		}
		b.reports[r.ID] = &r
	}
	return b, nil
}

// OpenReadOnly opens the book of a data dir that may be read-only: one
// that holds none reads as empty.
func OpenReadOnly(dataDir string) (*Book, error) {
	if _, err := os.Stat(filepath.Join(dataDir, "progress")); errors.Is(err, os.ErrNotExist) {
		return &Book{dir: filepath.Join(dataDir, "progress"), reports: map[string]*Report{}}, nil
	}
	return open(dataDir, false)
}

// ReportID is the id a report of this period and title is kept under.
func ReportID(period, title string) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(title), "")))
	p := period
	if p == "" {
		p = "unknown"
	}
	return p + "-" + hex.EncodeToString(sum[:])[:8]
}

// Save keeps a report: its entries replace those of a report kept under
// the same id, which is kept as an earlier version (ID.vN.json).
func (b *Book) Save(r *Report) (replaced bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.save(r)
}

// save is Save with the book locked.
func (b *Book) save(r *Report) (replaced bool, err error) {
	old := b.reports[r.ID]
	r.Version = 1
	if old != nil {
		r.Version = old.Version + 1
		raw, _ := json.Marshal(old)
		if err := atomicfile.Write(filepath.Join(b.dir, fmt.Sprintf("%s.v%d.old", old.ID, old.Version)), raw); err != nil {
			return false, err
		}
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return false, err
	}
	if err := atomicfile.Write(filepath.Join(b.dir, r.ID+".json"), raw); err != nil {
		return false, err
	}
	b.reports[r.ID] = r
	return old != nil, nil
}

// reportExists reports whether a report is kept under id.
func (b *Book) reportExists(id string) (*Report, bool) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	r := b.reports[id]
	return r, r != nil
}

// Delete removes a report and its entries.
func (b *Book) Delete(id string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.reports[id] == nil {
		return ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的进度报告", id)
	}
	if err := os.Remove(filepath.Join(b.dir, id+".json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	delete(b.reports, id)
	return nil
}

// Reports lists the reports, the latest period first.
func (b *Book) Reports() []Report {
	b.mu.RLock()
	defer b.mu.RUnlock()
	out := make([]Report, 0, len(b.reports))
	for _, r := range b.reports {
		c := *r
		c.Matched, c.UnmatchedRows = len(r.Entries), len(r.Unmatched)
		c.Entries, c.Unmatched = nil, nil
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, c Report) int {
		if k := PeriodKey(c.Period) - PeriodKey(a.Period); k != 0 {
			return k
		}
		return strings.Compare(a.ID, c.ID)
	})
	return out
}

// Report returns one kept report with its entries.
func (b *Book) Report(id string) (*Report, error) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	r := b.reports[id]
	if r == nil {
		return nil, ingest.Errorf(ingest.ENOTFOUND, "没有 id 为 %q 的进度报告", id)
	}
	c := *r
	c.Matched, c.UnmatchedRows = len(r.Entries), len(r.Unmatched)
	return &c, nil
}

// Timeline is a task's entries, period by period (the latest last).
func (b *Book) Timeline(taskID string) []Entry {
	b.mu.RLock()
	defer b.mu.RUnlock()
	var out []Entry
	for _, r := range b.reports {
		for _, e := range r.Entries {
			if e.TaskID == taskID {
				out = append(out, e)
			}
		}
	}
	sortEntries(out)
	return out
}

func sortEntries(es []Entry) {
	slices.SortFunc(es, func(a, c Entry) int {
		if k := PeriodKey(a.Period) - PeriodKey(c.Period); k != 0 {
			return k
		}
		return a.At.Compare(c.At)
	})
}

// Latest returns, for the tasks of one document, each task's latest entry,
// and the latest period any report of the document's year covers ("" when
// none does).
func (b *Book) Latest(docID string, year int) (map[string]Entry, string) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	latest := map[string]Entry{}
	period := ""
	for _, r := range b.reports {
		if r.Year == year && !r.Desk && PeriodKey(r.Period) > PeriodKey(period) {
			period = r.Period
		}
		for _, e := range r.Entries {
			if e.DocID != docID {
				continue
			}
			if cur, ok := latest[e.TaskID]; !ok || PeriodKey(e.Period) > PeriodKey(cur.Period) ||
				PeriodKey(e.Period) == PeriodKey(cur.Period) && e.At.After(cur.At) {
				latest[e.TaskID] = e
			}
		}
	}
	return latest, period
}

// PeriodKey orders periods by the month they end in (a year ends in
// December, after its Q4 and H2): YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY.
func PeriodKey(p string) int {
	if p == "" {
		return 0
	}
	y, rest, _ := strings.Cut(p, "-")
	year, err := strconv.Atoi(y)
	if err != nil {
		return 0
	}
	month, tie := 12, 3
	switch {
	case rest == "":
	case strings.HasPrefix(rest, "Q"):
		q, _ := strconv.Atoi(rest[1:])
		month, tie = q*3, 1
	case strings.HasPrefix(rest, "H"):
		h, _ := strconv.Atoi(rest[1:])
		month, tie = h*6, 2
	default:
		month, _ = strconv.Atoi(rest)
		tie = 0
	}
	return year*100*4 + month*4 + tie
}

// Hold runs fn while no report is saved or deleted (a backup copies the
// book in between).
func (b *Book) Hold(fn func() error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return fn()
}
