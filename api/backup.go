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
// time (it waits for one that runs). It does not count it: the caller
// keeps the archive (duban serve's scheduled backups: synced, verified,
// renamed) and then says with BackupDone how the backup ended, so one that
// could not be kept counts as failed. Handler must have been called.
func (s *Server) WriteBackup(w io.Writer) (*backup.Manifest, error) {
	if s.Backups == nil || s.ops == nil {
		return nil, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不制作备份")
	}
	s.ops.backupMu.Lock()
	defer s.ops.backupMu.Unlock()
	return s.Backups.WriteBackup(w)
}

// BackupDone counts a backup in the metrics and logs it: made (bytes is
// the archive's size) or failed, whatever failed (the backup dir, the
// disk, the copy).
func (s *Server) BackupDone(trigger string, bytes int64, took time.Duration, err error) {
	if s.ops == nil {
		return
	}
	s.ops.metrics.backupDone(trigger, bytes, took, err)
	if err != nil {
		s.logger().Error("backup failed", slog.String("trigger", trigger), slog.Int64("bytes_written", bytes), slog.Any("err", err))
		return
	}
	s.logger().Info("backup made", slog.String("trigger", trigger), slog.Int64("bytes", bytes), slog.Duration("took", took))
}

// NoteBackup tells the metrics of a backup made before this server started
// (the newest archive in the backup dir), so the time since the last
// backup means something from the first scrape on.
func (s *Server) NoteBackup(when time.Time, bytes int64) {
	if s.ops != nil {
		s.ops.metrics.noteLastBackup(when, bytes)
	}
}

// backupStall is how long one write of an archive to a client may take by
// default (Server.ops.backupStall in tests): a client that stops reading
// but keeps its connection open would otherwise hold the one backup at a
// time, and so the scheduled ones, for ever.
const backupStall = time.Minute

// stallWriter gives each write to the client its own deadline.
type stallWriter struct {
	w     io.Writer
	rc    *http.ResponseController
	stall time.Duration
}

func (s *stallWriter) Write(p []byte) (int, error) {
	s.rc.SetWriteDeadline(time.Now().Add(s.stall)) // not supported by a test recorder: no deadline
	return s.w.Write(p)
}

// backup answers GET /api/backup: the whole data dir (index, versions, kept
// originals, progress reports, vocabulary) as one gzip'd tar, made while
// searches go on and writes wait. It is a write-level operation (the
// archive holds everything), so it passes sameOrigin and authorize; and
// without a token only a client on this machine that no proxy forwards
// may have it. One backup runs at a time: another is 503 busy.
func (s *Server) backup(c *gin.Context) {
	if s.Backups == nil {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "此服务器不制作备份"))
		return
	}
	if s.Token == "" && !localClient(c.Request) {
		s.fail(c, ingest.Errorf(ingest.EFORBIDDEN, "未设置管理口令时,备份只能在本机下载(duban backup)"))
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
	stall := s.ops.backupStall
	if stall <= 0 {
		stall = backupStall
	}
	cw := &countingWriter{w: &stallWriter{w: c.Writer, rc: http.NewResponseController(c.Writer), stall: stall}}
	start := time.Now()
	_, err := s.Backups.WriteBackup(cw)
	s.BackupDone(BackupByAPI, cw.n, time.Since(start), err)
	if err != nil {
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

// localClient: a request from a loopback address that no proxy forwarded
// (a reverse proxy on this machine connects from loopback for everyone).
func localClient(r *http.Request) bool {
	return !forwarded(r) && loopbackClient(r.RemoteAddr)
}

// forwarded reports whether a proxy says it forwarded r.
func forwarded(r *http.Request) bool {
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return true
		}
	}
	return false
}
