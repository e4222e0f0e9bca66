package library

import (
	"slices"

	"github.com/duban/duban/ingest"
)

// Diff is what replacing one version of a document by another changes,
// task by task. Tasks are matched by seq, as their ids are: a task whose
// seq stays keeps its id (links and exports go on pointing at it).
type Diff struct {
	Added   []ingest.Task `json:"added"`
	Removed []ingest.Task `json:"removed"`
	Changed []Change      `json:"changed"`
	Same    int           `json:"same"`
}

// Change is one task whose text, leaders, units, co-units or deadline
// differ between two versions.
type Change struct {
	Seq    int         `json:"seq"`
	Fields []string    `json:"fields"`
	Old    ingest.Task `json:"old"`
	New    ingest.Task `json:"new"`
}

// Empty reports whether the versions have the same tasks.
func (d *Diff) Empty() bool {
	return d == nil || len(d.Added)+len(d.Removed)+len(d.Changed) == 0
}

func diffDocs(old, cur *ingest.Document) *Diff {
	d := &Diff{Added: []ingest.Task{}, Removed: []ingest.Task{}, Changed: []Change{}}
	before := make(map[int]ingest.Task, len(old.Tasks))
	for _, t := range old.Tasks {
		before[t.Seq] = t
	}
	seen := make(map[int]bool, len(cur.Tasks))
	for _, t := range cur.Tasks {
		seen[t.Seq] = true
		o, ok := before[t.Seq]
		if !ok {
			d.Added = append(d.Added, t)
			continue
		}
		var fields []string
		if o.Text != t.Text {
			fields = append(fields, "text")
		}
		if !slices.Equal(o.Leaders, t.Leaders) {
			fields = append(fields, "leaders")
		}
		if !slices.Equal(o.Units, t.Units) {
			fields = append(fields, "units")
		}
		if !slices.Equal(o.CoUnits, t.CoUnits) {
			fields = append(fields, "co_units")
		}
		if o.Deadline != t.Deadline {
			fields = append(fields, "deadline")
		}
		if len(fields) == 0 {
			d.Same++
			continue
		}
		d.Changed = append(d.Changed, Change{Seq: t.Seq, Fields: fields, Old: o, New: t})
	}
	for _, t := range old.Tasks {
		if !seen[t.Seq] {
			d.Removed = append(d.Removed, t)
		}
	}
	return d
}
