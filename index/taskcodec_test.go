package index

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/duban/duban/ingest"
)

// fill sets every field of the value v points to, recursively, to a value
// that is not zero and differs from field to field.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("值" + string(rune('a'+*n%26)) + string(rune(0x4e00+*n)))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(1000 + *n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 3 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n)
			fill(e, n)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	default:
		panic("fill: a " + v.Kind().String() + " field: teach encodeTask and fill about it")
	}
}

// TestTaskCodecRoundTrips: every field of a Task comes back as written,
// nil lists as nil and empty ones as empty; a field added to ingest.Task
// and not to the codec fails here.
func TestTaskCodecRoundTrips(t *testing.T) {
	var full ingest.Task
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n)
	derived := full
	derived.ID = taskID(derived.DocID, derived.Seq)
	empty := ingest.Task{ID: "x", Leaders: []string{}, Units: []string{}, Extra: map[string]string{}, Targets: []ingest.Target{}}
	// Characters of every kind the packing tells apart, and the edges of
	// its blocks; then a task with invalid UTF-8, stored unpacked.
	mixed := ingest.Task{Text: "一龥\u4dff\ua000　〿ぁ・＀｡￿ \u2000“”—…\u20ff\u1fff\u2100€é😀\ufffd\x00\x7f,。、（）ABC123",
		Leaders: []string{"王艳勤", "\U0010FFFF"}}
	invalid := ingest.Task{Text: "垃圾\xff分类\xe5", Units: []string{"\xc0"}}
	seed := MustParseSeed(t).Tasks
	for _, want := range append([]ingest.Task{full, derived, empty, {}, mixed, invalid}, seed...) {
		raw := encodeTask(&want)
		var got ingest.Task
		if err := decodeTask(raw, &got); err != nil {
			t.Fatalf("decode %+v: %v", want, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip:\n got %#v\nwant %#v", got, want)
		}
		js, _ := json.Marshal(want)
		if want.Text != "" && len(raw) >= len(js) {
			t.Errorf("stored form %d bytes, JSON %d", len(raw), len(js))
		}
	}
	// A task stored as JSON by an earlier duban reads as before.
	js, _ := json.Marshal(seed[48])
	var got ingest.Task
	if err := decodeTask(js, &got); err != nil || !reflect.DeepEqual(got, seed[48]) {
		t.Errorf("JSON task: %v %+v", err, got)
	}
}

// TestTaskCodecRefusesDamage: a stored task cut short, with bytes left
// over or with counts past its end is an error, never a panic or a huge
// allocation.
func TestTaskCodecRefusesDamage(t *testing.T) {
	raw := encodeTask(&MustParseSeed(t).Tasks[48])
	var got ingest.Task
	for i := range len(raw) {
		if err := decodeTask(raw[:i], &got); err == nil {
			t.Errorf("cut to %d bytes: no error", i)
		}
	}
	if err := decodeTask(append(slices.Clone(raw), 0), &got); err == nil {
		t.Error("a byte left over: no error")
	}
	for i := range raw {
		for _, b := range []byte{0x00, 0x7f, 0xff} {
			bad := slices.Clone(raw)
			bad[i] = b
			decodeTask(bad, &got) // must not panic
		}
	}
}

// FuzzDecodeTask: any bytes decode to a task or an error, without panic;
// a decoded task encodes to the same bytes.
func FuzzDecodeTask(f *testing.F) {
	for _, task := range MustParseSeed(f).Tasks[:5] {
		f.Add(encodeTask(&task))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > 0 && raw[0] == '{' {
			return // JSON: encoding/json's
		}
		var got ingest.Task
		if decodeTask(raw, &got) != nil {
			return
		}
		var again ingest.Task
		if err := decodeTask(encodeTask(&got), &again); err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("%q decodes to %+v, which does not round-trip: %v", raw, got, err)
		}
	})
}

// earlierMapping is the mapping of duban before the lean index: seq a
// number (sixteen terms a task), frequencies and norms on every field.
func earlierMapping() *mapping.IndexMappingImpl {
	m := newMapping()
	delete(m.DefaultMapping.Properties, fieldSeqKey)
	for _, p := range m.DefaultMapping.Properties {
		for _, f := range p.Fields {
			f.SkipFreqNorm = false
		}
	}
	seq := mapping.NewNumericFieldMapping()
	seq.Store, seq.IncludeInAll, seq.DocValues = false, false, false
	m.DefaultMapping.AddFieldMappingsAt(fieldSeq, seq)
	return m
}

// TestIndexOfEarlierDubanReads: an index written by an earlier duban (seq
// a number, tasks stored as JSON) answers as a new one does, in the same
// order, and takes new tasks in its own mapping.
func TestIndexOfEarlierDubanReads(t *testing.T) {
	dir := t.TempDir()
	idx, err := bleve.New(filepath.Join(dir, indexDirName), earlierMapping())
	if err != nil {
		t.Fatal(err)
	}
	seed := MustParseSeed(t)
	stored := &storedDocument{DocumentInfo: DocumentInfo{Notice: seed.Notice, TaskCount: len(seed.Tasks)}}
	batch := idx.NewBatch()
	for i := range seed.Tasks {
		task := &seed.Tasks[i]
		stored.Seqs = append(stored.Seqs, task.Seq)
		raw, _ := json.Marshal(task)
		if err := batch.Index(task.ID, newIndexedTask(task, raw, foldedDomainWords(seed))); err != nil {
			t.Fatal(err)
		}
	}
	meta, _ := json.Marshal(stored)
	batch.SetInternal([]byte(docKeyPrefix+seed.ID), meta)
	if err := idx.Batch(batch); err != nil {
		t.Fatal(err)
	}
	idx.Close()

	old, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	fresh := MustOpenIndex(t)
	compare := func(when string) {
		for _, req := range []Request{{}, {Query: "垃圾分类"}, {Query: "推进"}, {Leaders: []string{"王艳勤"}}, {Query: "区住建局"}} {
			req.Size = MaxSize
			a, err := old.Search(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			b := mustSearch(t, fresh, req)
			if !slices.Equal(seqs(a), seqs(b)) || a.Total != b.Total || !reflect.DeepEqual(a.Hits[0].Task, b.Hits[0].Task) {
				t.Errorf("%s, %+v: earlier index %v, new %v", when, req, seqs(a), seqs(b))
			}
		}
	}
	compare("as written")
	// A second notice written into the earlier index by this duban.
	next := nextYear(t)
	if _, err := old.Replace(next); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Replace(next); err != nil {
		t.Fatal(err)
	}
	compare("with a notice added")
}
