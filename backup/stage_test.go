package backup

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/internal/tmpfs"
	"github.com/duban/duban/library"
	"github.com/duban/duban/seeds"
)

// fill writes a file into dir until its disk is full, then gives back
// leave bytes; it returns the filler's path.
func fill(t *testing.T, dir string, leave int64) string {
	t.Helper()
	p := filepath.Join(dir, "filler")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	var n int64
	for {
		m, err := f.Write(chunk)
		n += int64(m)
		if errors.Is(err, syscall.ENOSPC) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Truncate(max(n-leave, 0)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// TestBackupNeedsNoRoomForACopy: a data dir holding 8 MB more than its disk
// has free is backed up while it runs (its stage is hard links, not a
// copy), and the stage is gone after; on a disk with no room at all the
// backup fails saying 磁盘空间不足 and where; a dir nothing writes to is
// read straight into the archive, needing no room at all.
func TestBackupNeedsNoRoomForACopy(t *testing.T) {
	mnt := tmpfs.Mount(t, "24m")
	dir := filepath.Join(mnt, "data")
	o := mustOpen(t, dir)
	defer o.store.Close()
	if _, err := o.lib.Import(ctx, parse(t, "seed.txt", seeds.Notice()), seeds.Notice(), library.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 8<<20)
	rand.Read(big)
	sum := sha256.Sum256(big)
	name := "history/originals/" + hex.EncodeToString(sum[:])
	if err := os.WriteFile(filepath.Join(dir, name), big, 0o644); err != nil {
		t.Fatal(err)
	}
	filler := fill(t, mnt, 2<<20) // 2 MB free, 8 MB of data and more
	s := o.backupStore()
	s.Verify = library.VerifyFile
	var archive bytes.Buffer
	m, err := Write(&archive, s, "test", 3)
	if err != nil {
		t.Fatalf("backup with 2 MB free: %v", err)
	}
	found := false
	for _, f := range m.Files {
		found = found || f.Path == name && f.Size == int64(len(big))
	}
	if !found {
		t.Errorf("the large original is not in the archive: %+v", m.Files)
	}
	if _, err := Verify(bytes.NewReader(archive.Bytes())); err != nil {
		t.Errorf("the archive does not verify: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, StagePrefix+"*")); len(left) != 0 {
		t.Errorf("the stage was left: %v", left)
	}

	// no room at all: said, with the path
	os.Remove(filler)
	fill(t, mnt, 0)
	_, err = Write(&bytes.Buffer{}, s, "test", 3)
	if err == nil || !strings.Contains(ingest.ErrorMessage(err), "磁盘空间不足") || !strings.Contains(ingest.ErrorMessage(err), mnt) {
		t.Errorf("backup onto a full data disk: %v (%q)", err, ingest.ErrorMessage(err))
	}
	if left, _ := filepath.Glob(filepath.Join(dir, StagePrefix+"*")); len(left) != 0 {
		t.Errorf("a failed backup left its stage: %v", left)
	}
	// a quiet data dir needs no room
	s.Quiet = true
	archive.Reset()
	if m, err := Write(&archive, s, "test", 3); err != nil || len(m.Files) < 4 {
		t.Fatalf("quiet backup of a full disk: %v", err)
	}
	got, err := Extract(bytes.NewReader(archive.Bytes()), filepath.Join(t.TempDir(), "x"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"index.bleve/store/root.bolt", name, "duban-format.json"} {
		ok := false
		for _, f := range got.Files {
			ok = ok || f.Path == want
		}
		if !ok {
			t.Errorf("the quiet archive lacks %s", want)
		}
	}
}

// TestBackupAndRestoreRefuseDamagedHistory: an original whose bytes are no
// longer its SHA-256 fails the backup naming it, and an archive holding
// one (made by a duban that did not check) is refused by a verified
// restore, naming it, with nothing installed.
func TestBackupAndRestoreRefuseDamagedHistory(t *testing.T) {
	dir := t.TempDir()
	o := mustOpen(t, dir)
	defer o.store.Close()
	doc := parse(t, "seed.txt", seeds.Notice())
	if _, err := o.lib.Import(ctx, doc, seeds.Notice(), library.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	name := "history/originals/" + doc.Checksum
	raw, _ := os.ReadFile(filepath.Join(dir, name))
	raw[7] ^= 0x01
	os.WriteFile(filepath.Join(dir, name), raw, 0o644)
	s := o.backupStore()
	s.Verify = library.VerifyFile
	if _, err := Write(&bytes.Buffer{}, s, "test", 3); ingest.ErrorCode(err) != ingest.ECORRUPT || !strings.Contains(ingest.ErrorMessage(err), name) {
		t.Errorf("backup of a damaged original: %v", err)
	}
	s.Verify = nil
	var archive bytes.Buffer
	if _, err := Write(&archive, s, "test", 3); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	if _, _, err := RestoreVerified(bytes.NewReader(archive.Bytes()), target, false, 3, library.VerifyFile); err == nil || !strings.Contains(ingest.ErrorMessage(err), name) {
		t.Errorf("restore of an archive holding a damaged original: %v", err)
	}
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused restore installed %s", target)
	}
}
