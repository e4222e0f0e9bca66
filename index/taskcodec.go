package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"unicode/utf8"

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
// value as float64 bits, unit, qualifier); status, period, progress;
// then, only when the task has a corrected list, that list (format 4: a
// task the office never corrected is stored as format 3 stored it, and a
// list stored empty is a count of 1, never 0). A string is a uvarint length
// and its bytes; a list or map is a uvarint count plus one, 0 for nil, so
// a task reads back exactly as it was written. TestTaskCodecRoundTrips
// fills every field of Task by reflection: a field added to Task and not
// here fails it.
//
// Strings are packed (flag bit 1) when all of a task's strings are valid
// UTF-8, which takes three bytes for a Chinese character: a character of
// the CJK Unified Ideographs block is two bytes (0x80 + the high byte of
// its offset from U+4E00, 0x80–0xD1, then the low byte), as is one of
// U+3000–U+30FF, U+FF00–U+FFFF and U+2000–U+20FF (0xD2, 0xD3, 0xD4, then
// the low byte): the punctuation of Chinese text; ASCII is itself; any
// other character is 0xFF and its UTF-8. A stored task shrinks by a fifth
// more (snappy after), and unpacking costs a table-free loop.

// taskFormat opens a task in the binary form; JSON starts with '{'.
const taskFormat = 1

const (
	flagDerivedID = 1 << iota
	flagPacked
)

// encodeTask returns the stored form of t.
func encodeTask(t *ingest.Task) []byte {
	b := make([]byte, 0, 64+len(t.Text)+len(t.Section))
	b = append(b, taskFormat)
	flags := uint64(0)
	if t.ID == taskID(t.DocID, t.Seq) {
		flags |= flagDerivedID
	}
	if allValidUTF8(t) {
		flags |= flagPacked
	}
	b = binary.AppendUvarint(b, flags)
	appendString := func(b []byte, s string) []byte { return appendString(b, s, flags&flagPacked != 0) }
	appendStrings := func(b []byte, list []string) []byte {
		b = appendCount(b, list == nil, len(list))
		for _, s := range list {
			b = appendString(b, s)
		}
		return b
	}
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
	b = appendString(b, t.Status)
	b = appendString(b, t.Period)
	b = appendString(b, t.Progress)
	if t.Corrected != nil {
		b = appendStrings(b, t.Corrected)
	}
	return b
}

func appendString(b []byte, s string, packed bool) []byte {
	if !packed {
		return append(binary.AppendUvarint(b, uint64(len(s))), s...)
	}
	n := packedLen(s)
	b = binary.AppendUvarint(b, uint64(n))
	return appendPacked(b, s)
}

// allValidUTF8 reports whether every string of t is valid UTF-8.
func allValidUTF8(t *ingest.Task) bool {
	ok := true
	check := func(ss ...string) {
		for _, s := range ss {
			ok = ok && utf8.ValidString(s)
		}
	}
	check(t.ID, t.DocID, t.Section, t.Text, t.Deadline, t.Due, t.Via, t.Status, t.Period, t.Progress)
	for _, list := range [][]string{t.Leaders, t.Units, t.UnitGroups, t.CoUnits, t.Corrected} {
		check(list...)
	}
	for k, v := range t.Extra {
		check(k, v)
	}
	for _, g := range t.Targets {
		check(g.Text, g.What, g.Unit, g.Qualifier)
	}
	return ok
}

// packedLen is the length of s (valid UTF-8) packed.
func packedLen(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			n++
		case r >= 0x4E00 && r <= 0x9FFF, r>>8 == 0x30, r>>8 == 0xFF, r>>8 == 0x20:
			n += 2
		default:
			n += 1 + utf8.RuneLen(r)
		}
	}
	return n
}

// appendPacked appends s (valid UTF-8) packed.
func appendPacked(b []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case r >= 0x4E00 && r <= 0x9FFF:
			o := r - 0x4E00
			b = append(b, byte(0x80+o>>8), byte(o))
		case r>>8 == 0x30:
			b = append(b, 0xD2, byte(r))
		case r>>8 == 0xFF:
			b = append(b, 0xD3, byte(r))
		case r>>8 == 0x20:
			b = append(b, 0xD4, byte(r))
		default:
			b = utf8.AppendRune(append(b, 0xFF), r)
		}
	}
	return b
}

// unpack returns the string p packs, and false when p is not packed text.
func unpack(p []byte) (string, bool) {
	out := make([]byte, 0, len(p)+len(p)/2)
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		case c <= 0xD4:
			if i+1 >= len(p) {
				return "", false
			}
			var r rune
			switch c {
			case 0xD2:
				r = 0x3000 | rune(p[i+1])
			case 0xD3:
				r = 0xFF00 | rune(p[i+1])
			case 0xD4:
				r = 0x2000 | rune(p[i+1])
			default:
				r = 0x4E00 + (rune(c-0x80)<<8 | rune(p[i+1]))
			}
			out = utf8.AppendRune(out, r)
			i += 2
		case c == 0xFF:
			r, n := utf8.DecodeRune(p[i+1:])
			if r == utf8.RuneError && n <= 1 {
				return "", false
			}
			out = append(out, p[i+1:i+1+n]...)
			i += 1 + n
		default:
			return "", false
		}
	}
	return string(out), true
}

func appendCount(b []byte, isNil bool, n int) []byte {
	if isNil {
		return append(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
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
	r.packed = flags&flagPacked != 0
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
	t.Status = r.string()
	t.Period = r.string()
	t.Progress = r.string()
	if len(r.b) > 0 && !r.bad {
		// the corrected list, stored only when there is one: a count of
		// 0 (nil) here is never written
		if t.Corrected = r.strings(); t.Corrected == nil {
			return errBadTask
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
	b      []byte
	packed bool // strings are packed
	bad    bool
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
	p := r.b[:n]
	r.b = r.b[n:]
	if !r.packed {
		return string(p)
	}
	s, ok := unpack(p)
	if !ok {
		r.bad, r.b = true, nil
	}
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
