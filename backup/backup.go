// Package backup makes and restores whole copies of a data dir: the index,
// every document's versions and kept originals, the progress reports and
// the office's vocabulary, as one archive.
//
// A backup is made from a running store without stopping it: its parts are
// held still (writes wait, searches go on), the index is copied online by
// bleve, and the rest of the data dir is hard-linked file by file into a
// stage directory in the data dir (every file there is written once and
// replaced by a rename, never changed in place, so a link holds the file
// as it was): the stage costs the data disk no copy of the data, only the
// index's small root file. Then the parts go on and the stage is written
// out as a gzip'd tar whose first entry, DUBAN-BACKUP.json, names every
// file with its size and SHA-256. A data dir nothing writes to (Store.Quiet)
// is read straight into the archive, with no stage at all. A restore reads
// the archive into a directory beside the target, checks every file
// against the manifest, and only then moves it into place, so a damaged or
// foreign archive changes nothing.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/ingest"
)

// ArchiveFormat is the layout of an archive this duban writes and reads.
const ArchiveFormat = 1

const (
	manifestName = "DUBAN-BACKUP.json"
	magic        = "duban-backup"
	// maxManifestBytes bounds the manifest read before anything is known
	// of an archive.
	maxManifestBytes = 64 << 20
)

// Manifest describes an archive.
type Manifest struct {
	Magic   string    `json:"magic"`
	Archive int       `json:"archive"`
	Created time.Time `json:"created"`
	// Version is the duban that made it; DataFormat the data dir's format
	// (index.FormatVersion).
	Version    string `json:"version"`
	DataFormat int    `json:"data_format"`
	Files      []File `json:"files"`
}

// File is one file of the data dir in an archive.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Bytes is the archive's content size, uncompressed.
func (m *Manifest) Bytes() int64 {
	var n int64
	for _, f := range m.Files {
		n += f.Size
	}
	return n
}

// Holder is a part of the store whose writes a backup holds still while it
// copies: fn runs while none of its writes does.
type Holder interface {
	Hold(fn func() error) error
}

// Indexer copies the index as one consistent snapshot into a directory.
type Indexer interface {
	Backup(dir string) error
}

// Store is what a backup copies: the index, the parts held still, and the
// data dir's other directories and files (relative names) copied as they
// are while those are held.
type Store struct {
	DataDir string
	Index   Indexer
	Holders []Holder
	Dirs    []string
	Files   []string
	// Quiet says nothing writes to the data dir while the backup runs (no
	// server; a shared lock keeps writers out): the archive is read
	// straight from it (the index dir and its format marker, Dirs and
	// Files), with no stage and no online copy.
	Quiet bool
	// Verify, when set, checks each file before it goes into the archive
	// (its slash path in the data dir, its bytes) and says why it is
	// damaged, or "": a damaged file fails the backup, naming it, rather
	// than being archived as if intact.
	Verify func(rel string, r io.Reader) string
}

// StagePrefix names the stage a backup of a running store makes in its
// data dir (hard links, and the index's root file); one a crash left is
// removed at the next start.
const StagePrefix = "duban-backup-"

// Marker files of the index beside it in the data dir that a quiet backup
// archives.
const (
	indexDir   = "index.bleve"
	formatFile = "duban-format.json"
)

// snapshot fills dir with a consistent copy of the store: the index copied
// online, the rest hard-linked (copied where a link cannot be made).
func (s Store) snapshot(dir string) error {
	var run func(i int) error
	run = func(i int) error {
		if i < len(s.Holders) {
			return s.Holders[i].Hold(func() error { return run(i + 1) })
		}
		if err := s.Index.Backup(dir); err != nil {
			return diskError(dir, err)
		}
		for _, d := range s.Dirs {
			if err := linkTree(filepath.Join(s.DataDir, d), filepath.Join(dir, d)); err != nil {
				return err
			}
		}
		for _, f := range s.Files {
			if err := linkFile(filepath.Join(s.DataDir, f), filepath.Join(dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
		}
		return nil
	}
	return run(0)
}

// quietFiles lists what a quiet backup archives, relative to the data dir.
func (s Store) quietFiles() ([]string, error) {
	var out []string
	for _, d := range append([]string{indexDir}, s.Dirs...) {
		root := filepath.Join(s.DataDir, d)
		err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.Type().IsRegular() && !strings.Contains(e.Name(), ".tmp-") {
				rel, _ := filepath.Rel(s.DataDir, p)
				out = append(out, rel)
			}
			return nil
		})
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("cannot read the data dir: %w", err)
		}
	}
	for _, f := range append([]string{formatFile}, s.Files...) {
		if st, err := os.Stat(filepath.Join(s.DataDir, f)); err == nil && st.Mode().IsRegular() {
			out = append(out, f)
		}
	}
	return out, nil
}

// stagedFiles lists the files of a stage, relative to it.
func stagedFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, rel)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cannot read the backup's stage: %w", err)
	}
	return out, nil
}

// Write backs the store up as an archive onto w and returns its manifest.
// A running store is staged in its data dir (hard links: no copy of the
// data); a quiet one is read as it is. Every file is checked with
// s.Verify as it is summed. A failed write says why (磁盘空间不足, and
// where).
func Write(w io.Writer, s Store, version string, dataFormat int) (*Manifest, error) {
	root := s.DataDir
	var files []string
	var err error
	if s.Quiet {
		files, err = s.quietFiles()
	} else {
		root, err = os.MkdirTemp(s.DataDir, StagePrefix)
		if err != nil {
			return nil, atomicfile.Failed(s.DataDir, err)
		}
		defer os.RemoveAll(root)
		if err = s.snapshot(root); err == nil {
			files, err = stagedFiles(root)
		}
	}
	if err != nil {
		return nil, err
	}
	m := &Manifest{Magic: magic, Archive: ArchiveFormat, Created: time.Now().UTC().Truncate(time.Second), Version: version, DataFormat: dataFormat}
	for _, rel := range files {
		slash := filepath.ToSlash(rel)
		sum, size, why, err := hashFile(filepath.Join(root, rel), slash, s.Verify)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s for the backup: %w", slash, err)
		}
		if why != "" {
			return nil, ingest.Errorf(ingest.ECORRUPT, "无法备份:%s 已损坏(%s),不能当作完好的文件备份;请运行 duban check 查看", slash, why)
		}
		m.Files = append(m.Files, File{Path: slash, Size: size, SHA256: sum})
	}
	slices.SortFunc(m.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	dir := root
	zw := gzip.NewWriter(w)
	tw := tar.NewWriter(zw)
	raw, _ := json.MarshalIndent(m, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o644, Size: int64(len(raw)), ModTime: m.Created}); err != nil {
		return nil, err
	}
	if _, err := tw.Write(raw); err != nil {
		return nil, err
	}
	for _, f := range m.Files {
		if err := addFile(tw, filepath.Join(dir, filepath.FromSlash(f.Path)), "data/"+f.Path, f.Size, m.Created); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return m, nil
}

func addFile(tw *tar.Writer, src, name string, size int64, mod time.Time) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: size, ModTime: mod}); err != nil {
		return err
	}
	_, err = io.CopyN(tw, f, size)
	return err
}

// refuse is the error for an archive that is not a whole duban backup.
func refuse(format string, args ...any) error {
	return ingest.Errorf(ingest.EINVALID, "备份文件无法使用:"+format, args...)
}

// Extract reads an archive into dir (which it creates), checking every file
// against the manifest: its name, size and checksum, and that no file is
// missing or extra. Nothing but regular files named in the manifest is
// written, each no larger than the manifest says, and nothing at all when
// the files the manifest declares do not fit on dir's disk with room to
// spare (a small archive that would unpack to more than the disk holds).
// It returns the manifest; on any error what it wrote is removed.
func Extract(r io.Reader, dir string) (m *Manifest, err error) {
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	return extract(r, dir)
}

// Limits of what an archive may declare, checked before anything of it is
// written.
const (
	// maxFiles bounds the files of one archive (a data dir holds a few per
	// document version).
	maxFiles = 1 << 20
	// spaceReserve is what a restore leaves free on the disk beyond the
	// files it writes, so the restored server can still work.
	spaceReserve = 64 << 20
)

// extract reads and checks an archive; into dir when dir is not "", else
// only reading it (Verify).
func extract(r io.Reader, dir string) (*Manifest, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, refuse("不是 duban 的备份(不是 gzip 压缩的归档)")
	}
	tr := tar.NewReader(zr)
	h, err := tr.Next()
	if err != nil || h.Name != manifestName || h.Typeflag != tar.TypeReg || h.Size > maxManifestBytes {
		return nil, refuse("不是 duban 的备份(缺少 %s)", manifestName)
	}
	raw, err := io.ReadAll(io.LimitReader(tr, maxManifestBytes))
	if err != nil {
		return nil, refuse("清单读不出来:%v", err)
	}
	m := &Manifest{}
	if err := json.Unmarshal(raw, m); err != nil || m.Magic != magic {
		return nil, refuse("不是 duban 的备份(清单不对)")
	}
	if m.Archive != ArchiveFormat {
		return nil, refuse("备份格式 %d 不是本程序能读的格式 %d;请用 %s 版本的 duban 恢复", m.Archive, ArchiveFormat, m.Version)
	}
	if len(m.Files) > maxFiles {
		return nil, refuse("清单列出 %d 个文件,超过上限 %d", len(m.Files), maxFiles)
	}
	want := make(map[string]File, len(m.Files))
	var total int64
	for _, f := range m.Files {
		if !validPath(f.Path) {
			return nil, refuse("清单中的文件名 %q 不合法", f.Path)
		}
		if _, dup := want[f.Path]; dup {
			return nil, refuse("清单中的文件 %s 出现了两次", f.Path)
		}
		if f.Size < 0 || f.Size > math.MaxInt64/2-total {
			return nil, refuse("清单中 %s 的大小 %d 不合法", f.Path, f.Size)
		}
		total += f.Size
		want[f.Path] = f
	}
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := checkSpace(dir, total, len(m.Files)); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, refuse("归档已损坏:%v", err)
		}
		name, ok := strings.CutPrefix(h.Name, "data/")
		f, listed := want[name]
		if !ok || !listed || seen[name] || h.Typeflag != tar.TypeReg {
			return nil, refuse("归档中有清单之外的内容:%s", h.Name)
		}
		seen[name] = true
		if h.Size != f.Size {
			return nil, refuse("%s 的大小与清单不符", name)
		}
		dst := ""
		if dir != "" {
			dst = filepath.Join(dir, filepath.FromSlash(name))
		}
		if err := extractFile(tr, dst, f); err != nil {
			return nil, err
		}
	}
	for _, f := range m.Files {
		if !seen[f.Path] {
			return nil, refuse("归档不完整:缺少 %s", f.Path)
		}
	}
	return m, nil
}

// checkSpace refuses an archive whose files do not fit on dir's disk with
// spaceReserve to spare (each file counted a block larger, for what the
// file system needs beside its bytes).
func checkSpace(dir string, bytes int64, files int) error {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return nil // cannot tell: the writes themselves will say
	}
	block := int64(st.Bsize)
	free := int64(min(st.Bavail, uint64(math.MaxInt64/max(block, 1)))) * block
	need := bytes + int64(files)*block + spaceReserve
	if need > free || need < 0 {
		return ingest.Errorf(ingest.ETOOLARGE, "备份解压后有 %.1f MB(%d 个文件),%s 所在磁盘只剩 %.1f MB 可用空间(还需留出 %d MB);未写入任何文件",
			float64(bytes)/(1<<20), files, dir, float64(free)/(1<<20), spaceReserve>>20)
	}
	return nil
}

// extractFile copies one file's f.Size bytes from r into dst (only checks
// them when dst is ""), refusing it when its checksum is not the
// manifest's.
func extractFile(r io.Reader, dst string, f File) error {
	h := sha256.New()
	var err error
	if dst == "" {
		_, err = io.CopyN(h, r, f.Size)
	} else {
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return atomicfile.Failed(filepath.Dir(dst), err)
		}
		out, oerr := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if oerr != nil {
			return atomicfile.Failed(dst, oerr)
		}
		ow := &writeRecorder{w: out}
		_, err = io.CopyN(io.MultiWriter(ow, h), r, f.Size)
		if cerr := out.Close(); err == nil && cerr != nil {
			ow.err, err = cerr, cerr
		}
		if ow.err != nil {
			// the disk refused it: not the archive's fault
			return atomicfile.Failed(dst, ow.err)
		}
	}
	if err != nil {
		return refuse("%s 读不完整:%v", f.Path, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
		return refuse("%s 的校验和与清单不符,备份已损坏", f.Path)
	}
	return nil
}

// writeRecorder keeps the error of the writes to w, so a write the disk
// refused is told from an archive that ends too soon.
type writeRecorder struct {
	w   io.Writer
	err error
}

func (r *writeRecorder) Write(p []byte) (int, error) {
	n, err := r.w.Write(p)
	if err != nil && r.err == nil {
		r.err = err
	}
	return n, err
}

// validPath: a relative slash path that stays inside the data dir and
// names something in it.
func validPath(p string) bool {
	return p != "" && p != "." && !strings.HasPrefix(p, "/") && !strings.Contains(p, "\\") && !strings.ContainsRune(p, 0) &&
		path.Clean(p) == p && !strings.HasPrefix(p, "../") && p != ".."
}

// Verify checks an archive as a restore does (every file against the
// manifest) without writing anything.
func Verify(r io.Reader) (*Manifest, error) {
	return extract(r, "")
}

// Restore installs an archive as the data dir dataDir: it is extracted and
// checked beside dataDir, then moved into place in one rename. dataDir
// must be absent or an empty directory; with replace, an existing one is
// moved aside to dataDir.before-restore-TIME first (the caller makes sure
// no duban holds it), and moved back if the restored one cannot be put in
// its place. A symbolic link to the data dir is followed, so the restored
// dir is where the link points (on that disk). It returns the manifest and
// where the old data dir went. A refused restore leaves dataDir as it was.
func Restore(r io.Reader, dataDir string, replace bool, supportedFormat int) (*Manifest, string, error) {
	return RestoreVerified(r, dataDir, replace, supportedFormat, nil)
}

// RestoreVerified is Restore that also checks every file it installs with
// verify (its slash path in the data dir, its bytes; see Store.Verify)
// before anything is moved into place: an archive holding a damaged file
// (an original that is not its SHA-256, a version file that fails its
// checksum) is refused, naming it, and changes nothing.
func RestoreVerified(r io.Reader, dataDir string, replace bool, supportedFormat int, verify func(string, io.Reader) string) (*Manifest, string, error) {
	dataDir = filepath.Clean(dataDir)
	if real, err := filepath.EvalSymlinks(dataDir); err == nil {
		dataDir = real
	}
	full, err := hasFiles(dataDir)
	if err != nil {
		return nil, "", err
	}
	if full && !replace {
		return nil, "", ingest.Errorf(ingest.ECONFLICT, "数据目录 %s 不是空的;请恢复到一个新的目录,或加 --replace 把现有的数据目录移到一旁", dataDir)
	}
	parent := filepath.Dir(dataDir)
	var made []string // the parent dirs this restore creates, deepest first
	for p := parent; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || p == filepath.Dir(p) {
			break
		}
		made = append(made, p)
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, "", err
	}
	m, aside, err := restore(r, dataDir, parent, full, supportedFormat, verify)
	if err != nil {
		for _, p := range made {
			os.Remove(p)
		}
	}
	return m, aside, err
}

func restore(r io.Reader, dataDir, parent string, full bool, supportedFormat int, verify func(string, io.Reader) string) (*Manifest, string, error) {
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dataDir)+".restore-")
	if err != nil {
		return nil, "", atomicfile.Failed(parent, err)
	}
	defer os.RemoveAll(stage)
	m, err := Extract(r, filepath.Join(stage, "data"))
	if err != nil {
		return nil, "", err
	}
	if verify != nil {
		for _, f := range m.Files {
			_, _, why, err := hashFile(filepath.Join(stage, "data", filepath.FromSlash(f.Path)), f.Path, verify)
			if err != nil {
				return nil, "", err
			}
			if why != "" {
				return nil, "", refuse("%s 已损坏(%s):备份时它已不完好;未做任何改动", f.Path, why)
			}
		}
	}
	if m.DataFormat > supportedFormat {
		return nil, "", ingest.Errorf(ingest.ECONFLICT, "备份中的数据格式 %d 比本程序能读的格式 %d 新(由 %s 版本的 duban 备份);请升级 duban 后再恢复", m.DataFormat, supportedFormat, m.Version)
	}
	// the data dir again: something may have started writing into an
	// empty one while the archive was read (no lock held it then)
	now, err := hasFiles(dataDir)
	if err != nil {
		return nil, "", err
	}
	if now && !full {
		return nil, "", ingest.Errorf(ingest.ECONFLICT, "恢复期间数据目录 %s 中出现了文件(是否有 duban 在使用它?);未做任何改动", dataDir)
	}
	aside := ""
	if now {
		aside = fmt.Sprintf("%s.before-restore-%s", dataDir, time.Now().Format("20060102-150405"))
		if err := os.Rename(dataDir, aside); err != nil {
			return nil, "", fmt.Errorf("cannot move the old data dir aside: %w", err)
		}
	} else if err := os.Remove(dataDir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, "", err
	}
	if err := os.Rename(filepath.Join(stage, "data"), dataDir); err != nil {
		if aside != "" {
			if berr := os.Rename(aside, dataDir); berr != nil {
				return nil, aside, fmt.Errorf("cannot install the restored data dir (%w), nor move the old one back from %s: %v", err, aside, berr)
			}
		}
		return nil, "", fmt.Errorf("cannot install the restored data dir: %w", err)
	}
	return m, aside, nil
}

// hasFiles says whether dir is a directory with something in it; false
// when it does not exist, an error when it is not a directory or cannot be
// read.
func hasFiles(dir string) (bool, error) {
	st, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !st.IsDir() {
		return false, ingest.Errorf(ingest.ECONFLICT, "%s 不是目录;请给出数据目录的路径", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, fmt.Errorf("cannot read the data dir: %w", err)
	}
	return len(entries) > 0, nil
}

// hashFile sums a file and checks it with verify (rel is its slash path
// in the data dir), in one reading: its SHA-256, its size, and why verify
// finds it damaged ("" when whole or when there is no verify).
func hashFile(p, rel string, verify func(string, io.Reader) string) (sum string, size int64, why string, err error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	if verify == nil {
		size, err = io.Copy(h, f)
	} else {
		cr := &readCounter{r: io.TeeReader(f, h)}
		why = verify(rel, cr)
		// what verify left unread is summed too
		var rest int64
		rest, err = io.Copy(h, f)
		size = cr.n + rest
	}
	return hex.EncodeToString(h.Sum(nil)), size, why, err
}

type readCounter struct {
	r io.Reader
	n int64
}

func (c *readCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// diskError is err, said as a write the disk refused at path when it is
// one (no space, read-only): the office reads 磁盘空间不足 and where.
func diskError(path string, err error) error {
	switch atomicfile.Reason(err) {
	case "磁盘空间不足", "数据目录不可写":
		return atomicfile.Failed(path, err)
	}
	return err
}

// linkFile puts src into the stage at dst: a hard link where the file
// system allows one (no bytes copied), a copy where not.
func linkFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return atomicfile.Failed(filepath.Dir(dst), err)
	}
	err := os.Link(src, dst)
	if err == nil || errors.Is(err, os.ErrNotExist) {
		return err
	}
	return copyFile(src, dst)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return atomicfile.Failed(dst, err)
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return diskError(dst, err)
}

// linkTree puts a directory's regular files (not the temporary ones a
// write in progress leaves) into the stage; a directory that does not
// exist is nothing to stage.
func linkTree(src, dst string) error {
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		switch {
		case d.IsDir():
			if err := os.MkdirAll(filepath.Join(dst, rel), 0o755); err != nil {
				return atomicfile.Failed(filepath.Join(dst, rel), err)
			}
			return nil
		case !d.Type().IsRegular() || strings.Contains(d.Name(), ".tmp-"):
			return nil
		}
		// removed meanwhile (an original let go): not part of the copy
		if err := linkFile(p, filepath.Join(dst, rel)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// Prune keeps the newest keep (at least one) archives that FileName named
// in dir and removes the older ones. Nothing else is touched: not another
// file whose name merely begins with duban- (duban-before-upgrade.tar.gz, a
// copy someone keeps), not a directory, not a link.
func Prune(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if _, ok := ParseFileName(e.Name()); ok && e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names) // the names carry the time: oldest first
	var removed []string
	for len(names) > max(keep, 1) {
		if err := os.Remove(filepath.Join(dir, names[0])); err != nil {
			return removed, err
		}
		removed, names = append(removed, names[0]), names[1:]
	}
	return removed, nil
}

// fileTime is the layout of the time in FileName.
const fileTime = "20060102-150405"

// ParseFileName is the time a name FileName made carries; ok is false for
// any other name.
func ParseFileName(name string) (t time.Time, ok bool) {
	stamp, found := strings.CutPrefix(name, "duban-")
	stamp, suffixed := strings.CutSuffix(stamp, ".tar.gz")
	if !found || !suffixed || len(stamp) != len(fileTime) {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(fileTime, stamp, time.Local)
	return t, err == nil
}

// FileName is the name a scheduled backup made at t gets.
func FileName(t time.Time) string {
	return "duban-" + t.Format(fileTime) + ".tar.gz"
}
