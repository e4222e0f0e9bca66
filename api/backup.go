package api

import (
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/duban/duban/backup"
	"github.com/duban/duban/ingest"
)

// Backups makes archives of the whole data dir (package backup) while the
// server keeps answering.
type Backups interface {
	WriteBackup(w io.Writer) (*backup.Manifest, error)
}

// How a backup was asked for: the trigger label of its metrics.
const (
	BackupByAPI      = "api"
	BackupBySchedule = "schedule"
)

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteBackup writes one archive of the data dir onto w, one backup at a
// time, and counts it in the metrics (made or failed, when, how large). The
// scheduled backups of duban serve come through here too. Handler must
// have been called.
func (s *Server) WriteBackup(w io.Writer, trigger string) (*backup.Manifest, int64, error) {
	if s.Backups == nil || s.ops == nil {
		return nil, 0, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不制作备份")
	}
	s.ops.backupMu.Lock()
	defer s.ops.backupMu.Unlock()
	return s.writeBackupLocked(w, trigger)
}

func (s *Server) writeBackupLocked(w io.Writer, trigger string) (*backup.Manifest, int64, error) {
	start := time.Now()
	cw := &countingWriter{w: w}
	m, err := s.Backups.WriteBackup(cw)
	s.ops.metrics.backupDone(trigger, cw.n, time.Since(start), err)
	if err != nil {
		s.logger().Error("backup failed", slog.String("trigger", trigger), slog.Int64("bytes_written", cw.n), slog.Any("err", err))
		return nil, cw.n, err
	}
	s.logger().Info("backup made", slog.String("trigger", trigger), slog.Int64("bytes", cw.n),
		slog.Int("files", len(m.Files)), slog.Duration("took", time.Since(start)))
	return m, cw.n, nil
}

// NoteBackup tells the metrics of a backup made before this server started
// (the newest archive in the backup dir), so the time since the last
// backup means something from the first scrape on.
func (s *Server) NoteBackup(when time.Time, bytes int64) {
	if s.ops != nil {
		s.ops.metrics.noteLastBackup(when, bytes)
	}
}

// backup answers GET /api/backup: the whole data dir (index, versions, kept
// originals, progress reports, vocabulary) as one gzip'd tar, made while
// searches go on and writes wait. It is a write-level operation (the
// archive holds everything), so it passes sameOrigin and authorize. One
// backup runs at a time: another is 503 busy.
func (s *Server) backup(c *gin.Context) {
	if s.Backups == nil {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不制作备份"))
		return
	}
	if !s.ops.backupMu.TryLock() {
		s.fail(c, ingest.Errorf(ingest.EBUSY, "正在制作另一份备份,请稍后再试"))
		return
	}
	defer s.ops.backupMu.Unlock()
	h := c.Writer.Header()
	h.Set("Content-Type", "application/gzip")
	h.Set("Content-Disposition", `attachment; filename="`+backup.FileName(s.now())+`"`)
	h.Set("Cache-Control", "no-store")
	cw := &countingWriter{w: c.Writer}
	if _, _, err := s.writeBackupLocked(cw, BackupByAPI); err != nil {
		if cw.n == 0 {
			// nothing sent yet: the copy failed before the archive began,
			// so the answer can still be an error
			h.Del("Content-Disposition")
			s.fail(c, err)
			return
		}
		// The archive is cut short: its gzip and tar do not end, so a
		// restore (and duban backup, which verifies what it received)
		// refuses it.
		c.Abort()
		return
	}
	c.Status(http.StatusOK)
}
