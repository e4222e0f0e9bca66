package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"slices"

	"github.com/duban/duban/ingest"
)

// The stored task. Every task is stored once, whole, in _json, and read
// back for every hit; it is most of what a segment stores. zap compresses
// each document's stored fields on their own (snappy), so the names of a
// JSON object's keys are stored again in every task: about a quarter of
// it. So a task is stored in a small binary form of its own, and an index
// written by an earlier duban, whose tasks are JSON, is read as before.
//
// The form (taskFormat, then fields in Task's order): uvarint flags (bit 0:
// the id is doc_id-seq and not stored); the id when it is not; doc_id;
// varint year and seq; section, text; leaders, units, unit_groups,
// co_units; deadline, due, via; extra (keys sorted); targets (text, what,
// value as float64 bits, unit, qualifier). A string is a uvarint length
// and its bytes; a list or map is a uvarint count plus one, 0 for nil, so
// a task reads back exactly as it was written. TestTaskCodecRoundTrips
// fills every field of Task by reflection: a field added to Task and not
// here fails it.

// taskFormat opens a task in the binary form; JSON starts with '{'.
const taskFormat = 1

const flagDerivedID = 1

// encodeTask returns the stored form of t.
func encodeTask(t *ingest.Task) []byte {
	b := make([]byte, 0, 64+len(t.Text)+len(t.Section))
	b = append(b, taskFormat)
	flags := uint64(0)
	if t.ID == taskID(t.DocID, t.Seq) {
		flags |= flagDerivedID
	}
	b = binary.AppendUvarint(b, flags)
	if flags&flagDerivedID == 0 {
		b = appendString(b, t.ID)
	}
	b = appendString(b, t.DocID)
	b = binary.AppendVarint(b, int64(t.Year))
	b = binary.AppendVarint(b, int64(t.Seq))
	b = appendString(b, t.Section)
	b = appendString(b, t.Text)
	for _, list := range [][]string{t.Leaders, t.Units, t.UnitGroups, t.CoUnits} {
		b = appendStrings(b, list)
	}
	b = appendString(b, t.Deadline)
	b = appendString(b, t.Due)
	b = appendString(b, t.Via)
	b = appendCount(b, t.Extra == nil, len(t.Extra))
	keys := make([]string, 0, len(t.Extra))
	for k := range t.Extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = appendString(appendString(b, k), t.Extra[k])
	}
	b = appendCount(b, t.Targets == nil, len(t.Targets))
	for _, g := range t.Targets {
		b = appendString(b, g.Text)
		b = appendString(b, g.What)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(g.Value))
		b = appendString(b, g.Unit)
		b = appendString(b, g.Qualifier)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendCount(b []byte, isNil bool, n int) []byte {
	if isNil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

func appendStrings(b []byte, list []string) []byte {
	b = appendCount(b, list == nil, len(list))
	for _, s := range list {
		b = appendString(b, s)
	}
	return b
}

var errBadTask = errors.New("stored task is cut short or overlong")

// decodeTask reads a stored task, in the binary form or as JSON.
func decodeTask(raw []byte, t *ingest.Task) error {
	if len(raw) > 0 && raw[0] == '{' {
		return json.Unmarshal(raw, t)
	}
	if len(raw) == 0 || raw[0] != taskFormat {
		return errors.New("stored task in an unknown form")
	}
	r := taskReader{b: raw[1:]}
	*t = ingest.Task{}
	flags := r.uvarint()
	if flags&flagDerivedID == 0 {
		t.ID = r.string()
	}
	t.DocID = r.string()
	t.Year = int(r.varint())
	t.Seq = int(r.varint())
	if flags&flagDerivedID != 0 {
		t.ID = taskID(t.DocID, t.Seq)
	}
	t.Section = r.string()
	t.Text = r.string()
	for _, list := range []*[]string{&t.Leaders, &t.Units, &t.UnitGroups, &t.CoUnits} {
		*list = r.strings()
	}
	t.Deadline = r.string()
	t.Due = r.string()
	t.Via = r.string()
	if n, ok := r.count(); ok {
		t.Extra = make(map[string]string, n)
		for range n {
			k := r.string()
			t.Extra[k] = r.string()
		}
	}
	if n, ok := r.count(); ok {
		t.Targets = make([]ingest.Target, n)
		for i := range t.Targets {
			g := &t.Targets[i]
			g.Text = r.string()
			g.What = r.string()
			g.Value = math.Float64frombits(r.uint64())
			g.Unit = r.string()
			g.Qualifier = r.string()
		}
	}
	if r.bad || len(r.b) != 0 {
		return errBadTask
	}
	return nil
}

// taskReader reads the binary form; a read past the end sets bad and
// gives zero values.
type taskReader struct {
	b   []byte
	bad bool
}

func (r *taskReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *taskReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *taskReader) uint64() uint64 {
	if len(r.b) < 8 {
		r.bad, r.b = true, nil
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *taskReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// count reads a list's count; ok is false for nil. A count larger than
// what is left to read is refused before anything is allocated.
func (r *taskReader) count() (int, bool) {
	v := r.uvarint()
	if v == 0 {
		return 0, false
	}
	if v-1 > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return 0, false
	}
	return int(v - 1), true
}

func (r *taskReader) strings() []string {
	n, ok := r.count()
	if !ok {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.string()
	}
	return out
}
