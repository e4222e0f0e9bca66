package library

import (
	"strings"

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

// Change is one task whose section, text, leaders, units, co-units or
// deadline differ between two versions.
type Change struct {
	Seq int `json:"seq"`
	// Fields are the fields that differ, by their JSON names (for
	// programs); Values say each one old → new with its Chinese name (for
	// the office).
	Fields []string      `json:"fields"`
	Values []FieldChange `json:"values"`
	Old    ingest.Task   `json:"old"`
	New    ingest.Task   `json:"new"`
}

// FieldChange is one field of a task, old → new: lists joined with 、 as
// the notice writes them, an empty value as "".
type FieldChange struct {
	Field string `json:"field"`
	// Label is the field as the office names it: 所属部分, 任务内容,
	// 牵头领导, 牵头单位, 配合单位, 完成时限.
	Label string `json:"label"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// diffFields are the fields a diff compares, in the order a task is read.
var diffFields = [...]string{"section", "text", "leaders", "units", "co_units", "deadline"}

// fieldValue is one field of a task as the office reads it.
func fieldValue(t *ingest.Task, field string) string {
	switch field {
	case "section":
		return t.Section
	case "text":
		return t.Text
	case "leaders":
		return strings.Join(t.Leaders, "、")
	case "units":
		return strings.Join(t.Units, "、")
	case "co_units":
		return strings.Join(t.CoUnits, "、")
	case "deadline":
		return t.Deadline
	}
	return ""
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
		c := Change{Seq: t.Seq, Fields: []string{}, Values: []FieldChange{}, Old: o, New: t}
		for _, f := range diffFields {
			// lists compare element by element: 区A、区B is not 区A、区B as one name
			was, is := fieldValue(&o, f), fieldValue(&t, f)
			if was == is && sameList(&o, &t, f) {
				continue
			}
			c.Fields = append(c.Fields, f)
			c.Values = append(c.Values, FieldChange{Field: f, Label: FieldLabel(f), Old: was, New: is})
		}
		if len(c.Fields) == 0 {
			d.Same++
			continue
		}
		d.Changed = append(d.Changed, c)
	}
	for _, t := range old.Tasks {
		if !seen[t.Seq] {
			d.Removed = append(d.Removed, t)
		}
	}
	return d
}

// sameList reports whether a list field holds the same names in both
// tasks (true for a field that is no list).
func sameList(a, b *ingest.Task, field string) bool {
	var x, y []string
	switch field {
	case "leaders":
		x, y = a.Leaders, b.Leaders
	case "units":
		x, y = a.Units, b.Units
	case "co_units":
		x, y = a.CoUnits, b.CoUnits
	default:
		return true
	}
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
