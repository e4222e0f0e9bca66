package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/duban/duban/api"
	"github.com/duban/duban/atomicfile"
	"github.com/duban/duban/backup"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/vocab"
)

// What running duban for years needs beside the server: backups of the
// open data dir (on demand and on a schedule) and the record of where the
// server answers, so duban backup can go through it.

// serveFileName is the file in the data dir where duban serve says where it
// answers, while it runs.
const serveFileName = "serve.json"

// serveRecord is what serve.json holds.
type serveRecord struct {
	URL     string    `json:"url"`
	PID     int       `json:"pid"`
	Version string    `json:"version"`
	Started time.Time `json:"started"`
}

// backupStore is what a backup of this data dir copies: the index online;
// the history (versions, kept originals), the progress reports and the
// vocabulary while the library, the progress book and the vocabulary hold
// their writes. The lock file and serve.json belong to the running process
// and are not copied.
func (m *Main) backupStore() backup.Store {
	holders := []backup.Holder{m.Library}
	if m.Desk != nil && m.Desk.Book != nil {
		holders = append(holders, m.Desk.Book)
	}
	if m.Vocabulary != nil {
		holders = append(holders, m.Vocabulary)
	}
	return backup.Store{DataDir: m.DataDir, Index: m.Store, Holders: holders,
		Dirs: []string{"history", "progress"}, Files: []string{vocab.FileName}, Verify: library.VerifyFile}
}

// WriteBackup writes an archive of the open data dir onto w (api.Backups).
// Its stage is made of hard links inside the data dir (package backup), so
// it needs no room for a copy of the data on any disk.
func (m *Main) WriteBackup(w io.Writer) (*backup.Manifest, error) {
	return backup.Write(w, m.backupStore(), m.build().Short(), index.FormatVersion)
}

// writeServeRecord says in the data dir where this server answers: on a
// loopback address even when it listens on every address.
func (m *Main) writeServeRecord() error {
	host, port, err := net.SplitHostPort(m.ln.Addr().String())
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	rec := serveRecord{URL: "http://" + net.JoinHostPort(host, port), PID: os.Getpid(), Version: m.build().Version, Started: time.Now().UTC()}
	raw, _ := json.MarshalIndent(rec, "", "  ")
	return atomicfile.Write(filepath.Join(m.DataDir, serveFileName), raw)
}

// removeServeRecord removes serve.json when it is this process's.
func (m *Main) removeServeRecord() {
	path := filepath.Join(m.DataDir, serveFileName)
	if rec, err := readServeRecord(m.DataDir); err == nil && rec.PID == os.Getpid() {
		os.Remove(path)
	}
}

func readServeRecord(dataDir string) (*serveRecord, error) {
	raw, err := os.ReadFile(filepath.Join(dataDir, serveFileName))
	if err != nil {
		return nil, err
	}
	var rec serveRecord
	if err := json.Unmarshal(raw, &rec); err != nil || rec.URL == "" {
		return nil, fmt.Errorf("%s is not what duban serve writes", serveFileName)
	}
	return &rec, nil
}

// removeLeftovers removes, at start, what a duban killed mid-work left:
// a backup's stage in the data dir and its half-written archive in the
// backup dir, serve.json's temporary file (serve.json.tmp from an earlier
// duban, serve.json.tmp-* now), and the LibreOffice conversion dirs of
// processes that no longer run (ingest.RemoveStaleConversions). It runs
// once the data dir is held, so nothing in it is another process's; the
// vocabulary's, the progress reports' and the history's temporary files
// are removed when those open.
func (m *Main) removeLeftovers() {
	left, _ := filepath.Glob(filepath.Join(m.DataDir, backup.StagePrefix+"*"))
	more, _ := filepath.Glob(filepath.Join(m.DataDir, serveFileName+".tmp-*"))
	left = append(left, more...)
	if _, err := os.Lstat(filepath.Join(m.DataDir, serveFileName+".tmp")); err == nil {
		left = append(left, filepath.Join(m.DataDir, serveFileName+".tmp"))
	}
	if m.BackupDir != "" {
		more, _ := filepath.Glob(filepath.Join(m.BackupDir, ".duban-*.tmp"))
		left = append(left, more...)
	}
	for _, p := range left {
		if err := os.RemoveAll(p); err == nil {
			m.Logger.Info("removed what an interrupted process left", slog.String("path", p))
		}
	}
	for _, p := range ingest.RemoveStaleConversions() {
		m.Logger.Info("removed what an interrupted conversion left", slog.String("path", p))
	}
}

// Backup dir defaults and limits.
const (
	// DefaultBackupEvery is how often duban serve backs up by default.
	DefaultBackupEvery = 24 * time.Hour
	// DefaultBackupKeep is how many scheduled backups are kept.
	DefaultBackupKeep = 14
	// backupAfterStart is how long after a start a backup that is due (the
	// machine was off when it should have run) waits, so the start-up is
	// not slowed.
	backupAfterStart = time.Minute
)

// DefaultBackupDir is where duban serve keeps its scheduled backups when
// no --backup-dir is given: beside the data dir, not in it (a restore
// replaces the data dir, and a backup must not copy the backups), on the
// same disk, so a backup is quick and costs no network; copying them off
// the machine is the README's deployment step.
func DefaultBackupDir(dataDir string) string {
	return filepath.Clean(dataDir) + "-backups"
}

// BackupNow makes one scheduled backup into BackupDir: written to a hidden
// temporary file, synced, verified by reading it back, renamed to
// duban-TIME.tar.gz; then only the newest BackupKeep are kept. It returns
// the archive's path.
func (m *Main) BackupNow() (path string, err error) {
	if m.srv == nil {
		return "", fmt.Errorf("the server is not running")
	}
	// counted however it ends: a backup dir that cannot be written, a full
	// disk or an archive that does not verify is a failed backup
	start := time.Now()
	var size int64
	defer func() { m.srv.BackupDone(api.BackupBySchedule, size, time.Since(start), err) }()
	if err := os.MkdirAll(m.BackupDir, 0o750); err != nil {
		return "", fmt.Errorf("cannot create the backup dir: %w", err)
	}
	path = filepath.Join(m.BackupDir, backup.FileName(m.clock()))
	if _, err := writeArchive(path, func(w io.Writer) error {
		_, err := m.srv.WriteBackup(w)
		return err
	}); err != nil {
		return "", fmt.Errorf("cannot write a backup into %s: %w", m.BackupDir, err)
	}
	if info, err := os.Stat(path); err == nil {
		size = info.Size()
	}
	removed, perr := backup.Prune(m.BackupDir, m.BackupKeep)
	for _, r := range removed {
		m.Logger.Info("old backup removed", slog.String("file", r))
	}
	if perr != nil {
		m.Logger.Warn("cannot remove old backups", slog.Any("err", perr))
	}
	return path, nil
}

// writeArchive writes an archive to path through a hidden temporary file in
// the same dir: write fills it, it is synced and read back (backup.Verify,
// which checks every file without unpacking it),
// and only then renamed into place, so path is whole or absent. It returns
// the archive's manifest.
func writeArchive(path string, write func(io.Writer) error) (*backup.Manifest, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".duban-*.tmp")
	if err != nil {
		return nil, atomicfile.Failed(path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	fw := &fileWriter{f: f}
	err = write(fw)
	if err == nil {
		err = f.Sync()
		fw.err = err
	}
	if cerr := f.Close(); err == nil && cerr != nil {
		err, fw.err = cerr, cerr
	}
	if fw.err != nil {
		// the backup's own disk refused it: say so, and where
		return nil, atomicfile.Failed(path, fw.err)
	}
	if err != nil {
		return nil, err
	}
	in, err := os.Open(tmp)
	if err != nil {
		return nil, err
	}
	m, err := backup.Verify(in)
	in.Close()
	if err != nil {
		return nil, fmt.Errorf("the backup just written does not verify: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, err
	}
	return m, nil
}

// fileWriter keeps the first error writing to f, so a disk that refuses
// the archive is told from a backup that fails at its source.
type fileWriter struct {
	f   *os.File
	err error
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// latestBackup is the newest scheduled backup in dir: its time (from its
// name) and size; zero when there is none.
func latestBackup(dir string) (time.Time, int64) {
	entries, _ := os.ReadDir(dir)
	var when time.Time
	var size int64
	for _, e := range entries {
		t, ok := backup.ParseFileName(e.Name())
		if !ok || !e.Type().IsRegular() || !t.After(when) {
			continue
		}
		if info, err := e.Info(); err == nil {
			when, size = t, info.Size()
		}
	}
	return when, size
}

// nextBackup is when the next scheduled backup is due: every after the
// last one, but no sooner than delay after now (a start), so a machine
// that is switched off at night still gets its daily backup soon after it
// is switched on.
func nextBackup(last, now time.Time, every, delay time.Duration) time.Time {
	next := last.Add(every)
	if earliest := now.Add(delay); last.IsZero() || next.Before(earliest) {
		return earliest
	}
	return next
}

// scheduleBackups backs up every BackupEvery until ctx ends. A failed
// backup is logged and counted (duban_backups_total{result="failed"}) and
// tried again at the next turn.
// last is the newest backup already in the dir.
func (m *Main) scheduleBackups(ctx context.Context, last time.Time) {
	for {
		next := nextBackup(last, m.clock(), m.BackupEvery, backupAfterStart)
		m.Logger.Info("next backup", slog.String("dir", m.BackupDir), slog.Time("at", next))
		t := time.NewTimer(next.Sub(m.clock()))
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		path, err := m.BackupNow()
		if err != nil {
			// logged and counted by BackupNow; try again within the hour
			// rather than a whole turn later
			last = m.clock().Add(min(time.Hour, m.BackupEvery) - m.BackupEvery)
			continue
		}
		last = m.clock()
		m.Logger.Info("scheduled backup written", slog.String("file", path))
	}
}

func (m *Main) clock() time.Time {
	if m.now != nil {
		return m.now()
	}
	return time.Now()
}
