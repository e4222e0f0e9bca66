package progress

import (
	"context"
	"strings"
	"time"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
)

// Notices is what the desk needs of the library of notices.
type Notices interface {
	Documents() []index.DocumentInfo
	Current(ctx context.Context, id string) (*ingest.Document, error)
	Refresh(ctx context.Context, ids []string) (int, error)
}

// Desk takes progress reports in: it matches them to the notices, keeps
// them in the book, and has the notices they touch served again with
// their tasks' new status.
type Desk struct {
	// Book keeps the reports; its reads (Reports, Report, Timeline) are
	// the desk's.
	*Book
	Notices Notices
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Taken is what taking a report in did, or would do (a dry run).
type Taken struct {
	Report   *Report `json:"report"`
	Replaced bool    `json:"replaced"`
	DryRun   bool    `json:"dry_run"`
	// Refreshed is how many notices are served with new status.
	Refreshed int `json:"refreshed"`
	// Skipped counts a ledger's rows left as exported (nothing new).
	Skipped int `json:"skipped"`
}

// freshRows keeps the rows of a filled-in ledger that say something new:
// a row's progress still as the export wrote it (the words of an earlier
// period's entry) is not news, nor its status when that entry's; a row
// left with nothing is skipped. A ledger with no row left is refused.
func (b *Book) freshRows(pr *ingest.ProgressReport) (*ingest.ProgressReport, int, error) {
	out := *pr
	out.Rows = nil
	skipped := 0
	for _, row := range pr.Rows {
		if row.Since != "" && row.Since != pr.Period && row.TaskID != "" {
			for _, e := range b.Timeline(row.TaskID) {
				if e.Period == row.Since && strings.TrimSpace(e.Text) == strings.TrimSpace(row.Progress) {
					row.Progress = ""
					if row.Status == e.Status || row.Status == e.Reported {
						row.Status = ""
					}
				}
			}
		}
		if strings.TrimSpace(row.Progress+row.Status+row.Problems+row.Plan) == "" {
			skipped++
			continue
		}
		out.Rows = append(out.Rows, row)
	}
	if len(out.Rows) == 0 {
		return nil, skipped, ingest.Errorf(ingest.EINVALID, "这份台账没有新填写的进展:请在“%s进展情况”列填写本期进展(或修改状态)后再上传", pr.PeriodLabel)
	}
	return &out, skipped, nil
}

func (d *Desk) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Take matches a report to the notices of its year and keeps it, unless
// dryRun. A report whose period cannot be named is refused: its status
// could not be ordered with the others.
func (d *Desk) Take(ctx context.Context, pr *ingest.ProgressReport, dryRun bool) (*Taken, error) {
	if pr.Period == "" {
		return nil, ingest.Errorf(ingest.EINVALID, "这份进度报告没有写明时间段(如“1-6月”“三季度”“10月”),无法确定它是哪一期的报告;请在标题或“进展情况”列名中写明")
	}
	notices, err := d.notices(ctx, pr.Year)
	if err != nil {
		return nil, err
	}
	skipped := 0
	if pr.Ledger {
		var err error
		if pr, skipped, err = d.Book.freshRows(pr); err != nil {
			return nil, err
		}
	}
	entries, unmatched := Match(pr, notices)
	now := d.now().UTC().Truncate(time.Second)
	r := &Report{ID: ReportID(pr.Period, pr.Title), Period: pr.Period, PeriodLabel: pr.PeriodLabel, Year: pr.Year, Title: pr.Title,
		Source: pr.Source, Checksum: pr.Checksum, At: now, Rows: len(pr.Rows), Entries: entries, Unmatched: unmatched}
	if r.Entries == nil {
		r.Entries = []Entry{}
	}
	if r.Unmatched == nil {
		r.Unmatched = []Unmatched{}
	}
	for i := range r.Entries {
		r.Entries[i].Report, r.Entries[i].At = r.ID, now
	}
	out := &Taken{Report: r, DryRun: dryRun, Skipped: skipped}
	if dryRun {
		_, out.Replaced = d.Book.reportExists(r.ID)
		return out, nil
	}
	replaced, err := d.Book.Save(r)
	if err != nil {
		return nil, err
	}
	out.Replaced = replaced
	out.Refreshed, err = d.Notices.Refresh(ctx, docIDs(r.Entries))
	return out, err
}

// notices are the notices of a year duban holds (all of them for year 0).
func (d *Desk) notices(ctx context.Context, year int) ([]*ingest.Document, error) {
	var notices []*ingest.Document
	for _, info := range d.Notices.Documents() {
		if year != 0 && info.Year != year {
			continue
		}
		doc, err := d.Notices.Current(ctx, info.ID)
		if err != nil {
			return nil, err
		}
		notices = append(notices, doc)
	}
	return notices, nil
}

// Matched counts the rows of a report that match a task of the notices
// duban holds of its year (Match), taking nothing in. A file that reads
// both as a report and as a notice (ingest.ProgressReport.Assigns: its
// rows say who does them) is a report only when some of its rows report on
// tasks duban has; with none it is the notice itself, its progress filled
// in.
func (d *Desk) Matched(ctx context.Context, pr *ingest.ProgressReport) (int, error) {
	notices, err := d.notices(ctx, pr.Year)
	if err != nil {
		return 0, err
	}
	_, unmatched := Match(pr, notices)
	return len(pr.Rows) - len(unmatched), nil
}

// Remove deletes a report and serves the notices it touched again.
func (d *Desk) Remove(ctx context.Context, id string) error {
	r, err := d.Book.Report(id)
	if err != nil {
		return err
	}
	if err := d.Book.Delete(id); err != nil {
		return err
	}
	_, err = d.Notices.Refresh(ctx, docIDs(r.Entries))
	return err
}

func docIDs(es []Entry) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, e := range es {
		if !seen[e.DocID] {
			seen[e.DocID] = true
			out = append(out, e.DocID)
		}
	}
	return out
}
