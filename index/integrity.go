package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/util"
	bolt "go.etcd.io/bbolt"

	"github.com/duban/duban/ingest"
)

// Integrity. Every segment file bleve writes (zap) ends with the CRC-32 of
// everything before it, but bleve never checks it: a flipped byte changes a
// task's text or a leader, reorders a search, or makes bleve panic when it
// opens the file. So the store checks every segment file's CRC when it
// opens (VerifySegments) and refuses a damaged store with an ECORRUPT
// error; each task is also stored with the CRC-32 of its JSON (_crc),
// checked whenever it is read (segmentTask). Check reports everything wrong
// with a data dir; Repair builds a new index from the stored tasks that
// pass their checksum and the documents' metadata, and sets the damaged
// index aside.

// SegmentProblem is a segment file that failed its checksum.
type SegmentProblem struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// crcTable is the IEEE table zap's own CRC uses.
var crcTable = crc32.MakeTable(crc32.IEEE)

// taskCRC is the checksum stored beside a task's JSON.
func taskCRC(raw []byte) string {
	return strconv.FormatUint(uint64(crc32.Checksum(raw, crcTable)), 16)
}

// VerifySegments checks the CRC-32 at the end of every segment file of the
// index at path (the index.bleve directory) that its last committed
// snapshot names, and returns the files that fail or are missing. The
// snapshot is read from root.bolt directly, not through bleve: bleve skips
// a snapshot whose segment it cannot load and silently serves an older one.
// A file a killed write left half-written is in no snapshot (bleve deletes
// it when it next opens the index for writing).
func VerifySegments(path string) ([]SegmentProblem, error) {
	files, err := committedSegments(path)
	if err != nil {
		return []SegmentProblem{{File: "root.bolt", Reason: "无法读取:" + err.Error()}}, nil
	}
	var bad []SegmentProblem
	for _, f := range files {
		if reason, err := verifySegment(f); err != nil {
			return nil, err
		} else if reason != "" {
			bad = append(bad, SegmentProblem{File: filepath.Base(f), Reason: reason})
		}
	}
	return bad, nil
}

// committedSegments lists the segment files of the index's last committed
// snapshot, as scorch records it in root.bolt: the snapshots bucket, its
// last key, one sub-bucket per segment holding the file's name.
func committedSegments(path string) (files []string, err error) {
	store := filepath.Join(path, "store")
	db, err := bolt.Open(filepath.Join(store, "root.bolt"), 0o600, &bolt.Options{ReadOnly: true, Timeout: 2 * time.Second})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		snapshots := tx.Bucket(util.BoltSnapshotsBucket)
		if snapshots == nil {
			return nil
		}
		k, _ := snapshots.Cursor().Last()
		if k == nil {
			return nil
		}
		snap := snapshots.Bucket(k)
		if snap == nil {
			return fmt.Errorf("snapshot %x has no bucket", k)
		}
		return snap.ForEach(func(key, _ []byte) error {
			if len(key) == 0 || key[0] == util.BoltInternalKey[0] || key[0] == util.BoltMetaDataKey[0] {
				return nil
			}
			seg := snap.Bucket(key)
			if seg == nil {
				return fmt.Errorf("segment %x has no bucket", key)
			}
			name := seg.Get(util.BoltPathKey)
			if len(name) == 0 {
				return fmt.Errorf("segment %x has no file", key)
			}
			files = append(files, filepath.Join(store, filepath.Base(string(name))))
			return nil
		})
	})
	slices.Sort(files)
	return files, err
}

// verifySegment returns why a segment file fails its checksum, or "".
func verifySegment(file string) (string, error) {
	f, err := os.Open(file)
	if errors.Is(err, os.ErrNotExist) {
		return "文件缺失", nil
	}
	if err != nil {
		return "", fmt.Errorf("cannot read segment %s: %w", file, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if st.Size() < 4 {
		return "文件被截断", nil
	}
	h := crc32.New(crcTable)
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, st.Size()-4)); err != nil {
		return "", fmt.Errorf("cannot read segment %s: %w", file, err)
	}
	var tail [4]byte
	if _, err := f.ReadAt(tail[:], st.Size()-4); err != nil {
		return "", fmt.Errorf("cannot read segment %s: %w", file, err)
	}
	if binary.BigEndian.Uint32(tail[:]) != h.Sum32() {
		return "校验和不符(文件内容被改动或截断)", nil
	}
	return "", nil
}

// corruptError is the error of a store whose segment files failed their
// checksums.
func corruptError(bad []SegmentProblem) error {
	names := make([]string, len(bad))
	for i, b := range bad {
		names[i] = b.File + ":" + b.Reason
	}
	return ingest.Errorf(ingest.ECORRUPT, "索引已损坏,不能使用:%d 个段文件校验失败(%s)。请运行 duban check 查看详情,duban repair 用保存的任务重建索引",
		len(bad), strings.Join(names, ";"))
}

// corruptf is an ECORRUPT error found while reading the index.
func corruptf(format string, args ...any) error {
	return ingest.Errorf(ingest.ECORRUPT, "索引可能已损坏:"+format+"。请运行 duban check 查看,duban repair 修复", args...)
}

// recoverRead turns a panic of bleve's segment readers (a damaged file)
// into an ECORRUPT error of the read that met it.
func recoverRead(err *error) {
	if p := recover(); p != nil {
		*err = corruptf("读取索引时出错(%v)", p)
	}
}

// CheckReport is what Check found.
type CheckReport struct {
	Segments  int              `json:"segments"`
	Documents int              `json:"documents"`
	Tasks     int              `json:"tasks"`
	Damaged   []SegmentProblem `json:"damaged_segments"`
	// Problems are everything else found wrong, one sentence each.
	Problems []string `json:"problems"`
}

// OK reports whether nothing was found wrong.
func (r *CheckReport) OK() bool { return len(r.Damaged) == 0 && len(r.Problems) == 0 }

// Check reads the whole store in dir without changing it: every segment
// file's checksum, every stored task against its own checksum, and each
// document's metadata against the tasks stored for it. It opens the index
// for reading only, so it runs beside nothing that writes (a running server
// holds the dir and Check fails at once naming it).
func Check(dir string, opts Options) (*CheckReport, error) {
	rep := &CheckReport{Damaged: []SegmentProblem{}, Problems: []string{}}
	path := filepath.Join(dir, indexDirName)
	if _, err := os.Stat(path); err != nil {
		return nil, ingest.Errorf(ingest.ENOTFOUND, "数据目录 %s 中没有索引", dir)
	}
	opts.ReadOnly, opts.SkipVerify = true, true
	s, err := Open(dir, opts)
	if ingest.ErrorCode(err) == ingest.ECONFLICT {
		return nil, err
	}
	files, _ := committedSegments(path)
	rep.Segments = len(files)
	bad, verr := VerifySegments(path)
	if verr != nil {
		if s != nil {
			s.Close()
		}
		return nil, verr
	}
	rep.Damaged = append(rep.Damaged, bad...)
	if err != nil {
		rep.Problems = append(rep.Problems, "索引无法打开:"+err.Error())
		return rep, nil
	}
	defer s.Close()
	stored, lost, err := s.storedTasks()
	if err != nil {
		return nil, err
	}
	rep.Problems = append(rep.Problems, lost...)
	docs := s.Documents()
	rep.Documents = len(docs)
	for _, d := range docs {
		rep.Tasks += len(stored[d.ID])
		if n := len(stored[d.ID]); n != d.TaskCount {
			rep.Problems = append(rep.Problems, fmt.Sprintf("文件 %s(%s)应有 %d 项任务,读到 %d 项完好的", d.ID, d.Title, d.TaskCount, n))
		}
	}
	for id, tasks := range stored {
		if _, err := s.Document(id); err != nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("有 %d 项任务属于文件 %s,但该文件的信息缺失或无法读取", len(tasks), id))
		}
	}
	slices.Sort(rep.Problems)
	return rep, nil
}

// storedTasks reads every live task of the index, each checked against its
// checksum, by document id; lost says which could not be read.
func (s *Store) storedTasks() (map[string][]ingest.Task, []string, error) {
	v, err := s.acquire()
	if err != nil {
		return nil, nil, err
	}
	defer v.release()
	out := map[string][]ingest.Task{}
	var lost []string
	for _, sv := range v.segs {
		for d := range uint32(sv.seg.Count()) {
			if sv.deleted != nil && sv.deleted.Contains(d) {
				continue
			}
			t, err := segmentTask(sv.seg, d)
			if err != nil {
				lost = append(lost, ingest.ErrorMessage(err))
				continue
			}
			out[t.DocID] = append(out[t.DocID], t)
		}
	}
	for id := range out {
		slices.SortFunc(out[id], func(a, b ingest.Task) int { return a.Seq - b.Seq })
	}
	return out, lost, nil
}

// RepairReport is what Repair did.
type RepairReport struct {
	Documents int `json:"documents"`
	Tasks     int `json:"tasks"`
	// Lost are the tasks and documents that could not be restored, one
	// sentence each: their notices must be ingested again.
	Lost []string `json:"lost"`
	// SetAside is where the damaged index was moved.
	SetAside string `json:"set_aside"`
}

// Repair rebuilds the index in dir from what it stores: every task that
// passes its checksum and its document's metadata, indexed again from
// scratch (so an index from an earlier duban is brought up to date too).
// The old index is moved aside (index.bleve.damaged-TIME), not deleted.
// Tasks that could not be read are listed in the report: their notices must
// be ingested again. It needs the data dir to itself.
func Repair(dir string, opts Options) (*RepairReport, error) {
	opts.ReadOnly, opts.SkipVerify = false, true
	path := filepath.Join(dir, indexDirName)
	if _, err := os.Stat(path); err != nil {
		return nil, ingest.Errorf(ingest.ENOTFOUND, "数据目录 %s 中没有索引", dir)
	}
	lock, err := lockDir(dir, false)
	if err != nil {
		return nil, err
	}
	defer func() {
		if lock != nil {
			lock.Close()
		}
	}()
	// Read through a read-only open (nothing of the damaged index is
	// rewritten), under the exclusive lock taken above.
	s := &Store{dir: dir, opts: opts, log: logger(opts), readOnly: true, docs: map[string]*storedDocument{}}
	s.opts.ReadOnly = true
	if err := s.open(); err != nil {
		return nil, fmt.Errorf("cannot read the damaged index: %w", err)
	}
	stored, lost, err := s.storedTasks()
	if err != nil {
		s.Close()
		return nil, err
	}
	metas := map[string]*storedDocument{}
	for id := range stored {
		raw, err := s.idx.GetInternal([]byte(docKeyPrefix + id))
		var d storedDocument
		if err == nil && json.Unmarshal(raw, &d) == nil && d.ID == id {
			metas[id] = &d
		}
	}
	s.Close()

	rep := &RepairReport{Lost: lost}
	var docs []*storedDocument
	ids := make([]string, 0, len(stored))
	for id := range stored {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		tasks := stored[id]
		d := metas[id]
		if d == nil {
			// The tasks survive, their notice's metadata does not: keep
			// them under what the tasks themselves say.
			d = &storedDocument{DocumentInfo: DocumentInfo{Notice: ingest.Notice{ID: id, Year: tasks[0].Year, Title: id}, IngestedAt: time.Now().UTC().Truncate(time.Second)}}
			rep.Lost = append(rep.Lost, fmt.Sprintf("文件 %s 的信息(标题、发文机关)无法读取,只恢复了它的 %d 项任务", id, len(tasks)))
		}
		have := map[int]bool{}
		d.Seqs = d.Seqs[:0]
		for _, t := range tasks {
			have[t.Seq] = true
			d.Seqs = append(d.Seqs, t.Seq)
		}
		if missing := d.TaskCount - len(tasks); missing > 0 {
			rep.Lost = append(rep.Lost, fmt.Sprintf("文件 %s(%s)有 %d 项任务无法恢复,请重新导入该文件", id, d.Title, missing))
		}
		d.TaskCount = len(tasks)
		docs = append(docs, d)
		rep.Documents++
		rep.Tasks += len(tasks)
	}

	tmp := filepath.Join(dir, indexDirName+".repair")
	os.RemoveAll(tmp)
	if err := rebuild(tmp, docs, stored); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("cannot build the new index: %w", err)
	}
	rep.SetAside = filepath.Join(dir, indexDirName+".damaged-"+time.Now().Format("20060102-150405"))
	if err := os.Rename(path, rep.SetAside); err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("cannot set the damaged index aside: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("cannot put the new index in place (the damaged one is at %s): %w", rep.SetAside, err)
	}
	slices.Sort(rep.Lost)
	return rep, nil
}

// rebuild writes a new index at path holding docs and their tasks, in
// batches, each document's tasks and metadata in one batch.
func rebuild(path string, docs []*storedDocument, tasks map[string][]ingest.Task) error {
	idx, err := bleve.New(path, newMapping())
	if err != nil {
		return err
	}
	batch := idx.NewBatch()
	n := 0
	for _, d := range docs {
		doc := &ingest.Document{Notice: d.Notice, Tasks: tasks[d.ID]}
		words := foldedDomainWords(doc)
		for i := range doc.Tasks {
			t := &doc.Tasks[i]
			if err := batch.Index(t.ID, newIndexedTask(t, encodeTask(t), words)); err != nil {
				idx.Close()
				return err
			}
		}
		raw, err := json.Marshal(d)
		if err != nil {
			idx.Close()
			return err
		}
		batch.SetInternal([]byte(docKeyPrefix+d.ID), raw)
		if n += len(doc.Tasks); n >= batchTasks {
			if err := idx.Batch(batch); err != nil {
				idx.Close()
				return err
			}
			batch, n = idx.NewBatch(), 0
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return err
	}
	return idx.Close()
}

func logger(opts Options) *slog.Logger {
	if opts.Logger != nil {
		return opts.Logger
	}
	return slog.Default()
}
