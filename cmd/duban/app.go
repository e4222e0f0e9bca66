package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/duban/duban/api"
	"github.com/duban/duban/buildinfo"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/seeds"
	"github.com/duban/duban/vocab"
)

// Main is the running program: the store and, for serve, the HTTP server.
// Tests start the real program through it without flags.
type Main struct {
	Addr     string // listen address; "127.0.0.1:0" picks a free port
	DataDir  string
	Token    string // DUBAN_TOKEN
	UserDict string
	Logger   *slog.Logger
	// Hosts are more names clients reach the server by (a DNS name, a
	// proxy's name), beside those of the listen address.
	Hosts []string
	// Build is the running duban (version, commit, date); zero means what
	// buildinfo.Resolve finds. The data dir's format marker records it.
	Build buildinfo.Info
	// BackupDir, when BackupEvery is not 0, is where serve writes a backup
	// every BackupEvery, keeping the newest BackupKeep (ops.go).
	BackupDir   string
	BackupEvery time.Duration
	BackupKeep  int
	// MetricsPublic serves /metrics to every client, not only loopback
	// ones.
	MetricsPublic bool
	// ParseTimeout and ParseMemory (bytes) limit the parse of one file;
	// 0 means worker's defaults. Parser runs the parses, each in a child
	// under those limits; nil means one made when the library opens.
	ParseTimeout time.Duration
	ParseMemory  int64
	Parser       *worker.Parser
	// ReadOnly opens an existing index for reading only (the commands
	// that only read: search, export, documents, compare), so a read-only
	// data dir can be searched.
	ReadOnly bool

	Store *index.Store
	// Library keeps every document's versions, originals and trash.
	Library *library.Library
	// Desk takes progress reports in; its book dresses the library's
	// documents with their tasks' status.
	Desk *progress.Desk
	// Vocabulary is the office's own words (DATA/vocabulary.txt).
	Vocabulary *vocab.Store

	srv    *api.Server
	server *http.Server
	ln     net.Listener
	done   chan error
	// stopRefresh ends the hourly refresh of the tasks' status.
	stopRefresh context.CancelFunc
	// stopBackups ends the scheduled backups; backupsDone is closed when
	// the one in progress, if any, has finished.
	stopBackups context.CancelFunc
	backupsDone chan struct{}
	// now is the clock backups are named by; nil means time.Now.
	now func() time.Time
}

// OpenStore opens the data dir and, when it holds no document, ingests the
// embedded seed notice so a new user has something to search.
// With ReadOnly (the commands that only read), a data dir without an index
// is an error that says so: they never create one (a mistyped --data would
// otherwise get a new store with the seed in it).
func (m *Main) OpenStore() error {
	if m.ReadOnly {
		if err := mustExist(m.DataDir); err != nil {
			return err
		}
	}
	readOnly := m.ReadOnly
	store, err := index.Open(m.DataDir, m.indexOptions(readOnly))
	if err != nil {
		return err
	}
	m.Store = store
	if m.Vocabulary, err = vocab.Open(m.DataDir, readOnly); err != nil {
		store.Close()
		return err
	}
	if err := m.openLibrary(readOnly); err != nil {
		store.Close()
		return err
	}
	if readOnly || len(store.Documents()) > 0 {
		return nil
	}
	parsed, err := m.Library.ParseTrusted(context.Background(), seeds.NoticeName, seeds.Notice())
	if err != nil {
		return fmt.Errorf("cannot parse the seed notice: %w", err)
	}
	doc := parsed.Doc
	if _, err := m.Library.Import(context.Background(), doc, seeds.Notice(), library.ImportOptions{Who: library.WhoSeed, AsNew: true}); err != nil {
		return fmt.Errorf("cannot index the seed notice: %w", err)
	}
	m.Logger.Info("empty index: ingested the seed notice",
		slog.String("doc", doc.ID), slog.String("title", doc.Title), slog.Int("tasks", len(doc.Tasks)))
	return nil
}

// mustExist refuses a data dir that does not exist or holds no index,
// saying which.
func mustExist(dataDir string) error {
	if _, err := os.Stat(dataDir); errors.Is(err, os.ErrNotExist) {
		return ingest.Errorf(ingest.ENOTFOUND, "数据目录 %s 不存在:请检查 --data(只有 duban serve 和 duban ingest 会创建数据目录)", dataDir)
	}
	if !index.Exists(dataDir) {
		return ingest.Errorf(ingest.ENOTFOUND, "数据目录 %s 中没有索引:请检查 --data(只有 duban serve 和 duban ingest 会创建数据目录)", dataDir)
	}
	return nil
}

// build is the running duban: Build, or what the toolchain recorded.
func (m *Main) build() buildinfo.Info {
	if m.Build.Version == "" {
		m.Build = buildinfo.Resolve("", "", "")
	}
	return m.Build
}

// indexOptions are the store's options: the marker of the data dir's
// format says which duban wrote it.
func (m *Main) indexOptions(readOnly bool) index.Options {
	return index.Options{UserDict: m.UserDict, Logger: m.Logger, ReadOnly: readOnly, Version: m.build().Short()}
}

// openForIngest opens the store and the library for duban ingest: an
// empty data dir is not seeded (the files given are what it holds). With
// ReadOnly (a dry run), an existing index is opened for reading, and a
// missing one is created empty.
func (m *Main) openForIngest() error {
	readOnly := m.ReadOnly && index.Exists(m.DataDir)
	store, err := index.Open(m.DataDir, m.indexOptions(readOnly))
	if err != nil {
		return err
	}
	m.Store = store
	// the office's reading rules ([栏目]) read every file imported
	if m.Vocabulary, err = vocab.Open(m.DataDir, true); err != nil {
		store.Close()
		return err
	}
	if err := m.openLibrary(readOnly); err != nil {
		store.Close()
		return err
	}
	return nil
}

// openLibrary opens what keeps the store's documents' lives beside it: the
// progress book, the library (its documents dressed by the book) and the
// desk that takes progress reports in.
func (m *Main) openLibrary(readOnly bool) error {
	if readOnly {
		book, err := progress.OpenReadOnly(m.DataDir)
		if err != nil {
			return err
		}
		var rules func() ingest.Options
		if m.Vocabulary != nil {
			rules = m.Vocabulary.ReadingOptions
		}
		m.Library = library.OpenReadOnly(m.DataDir, m.Store, rules, m.parser())
		m.Desk = &progress.Desk{Book: book, Notices: m.Library}
		return nil
	}
	book, err := progress.Open(m.DataDir)
	if err != nil {
		return err
	}
	opts := library.Options{Logger: m.Logger, Annotator: book, Parser: m.parser()}
	if m.Vocabulary != nil {
		opts.Rules = m.Vocabulary.ReadingOptions
	}
	if m.Library, err = library.Open(m.DataDir, m.Store, opts); err != nil {
		return err
	}
	m.Desk = &progress.Desk{Book: book, Notices: m.Library}
	return nil
}

// parser returns the Parser every file is parsed by (never in this
// process), made on first use.
func (m *Main) parser() *worker.Parser {
	if m.Parser == nil {
		m.Parser = worker.New(worker.Config{Timeout: m.ParseTimeout, Memory: m.ParseMemory, Logger: m.Logger})
	}
	return m.Parser
}

// Run opens the store and starts serving; it returns once the server is
// listening. Writes are allowed with a token, or without one only on a
// loopback address; a non-loopback address without a token is refused.
func (m *Main) Run(ctx context.Context) error {
	start := time.Now()
	addr, err := listenAddr(m.Addr)
	if err != nil {
		return err
	}
	loopback, err := isLoopback(addr)
	if err != nil {
		return err
	}
	if m.Token != "" {
		if err := api.CheckToken(m.Token); err != nil {
			return err
		}
	}
	if !loopback && m.Token == "" {
		return fmt.Errorf("refusing to listen on %s without DUBAN_TOKEN: set a token, or bind a loopback address such as 127.0.0.1:8080", m.Addr)
	}
	// Listen first: a port in use is said at once, before the store is
	// opened and the seed ingested.
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("端口已被占用:%s 上已有程序在监听(可能是另一个 duban serve),请先停止它,或用 --addr 换一个端口,例如 --addr 127.0.0.1:8081", m.Addr)
		}
		return fmt.Errorf("cannot listen on %s: %w", m.Addr, err)
	}
	if m.BackupEvery > 0 {
		if m.BackupDir == "" {
			m.BackupDir = DefaultBackupDir(m.DataDir)
		}
		// A backup disk missing at boot must not take search down: the
		// server starts, says so, and each scheduled backup tries again
		// (and counts its failure in duban_backups_total).
		if err := os.MkdirAll(m.BackupDir, 0o750); err != nil {
			m.Logger.Error("cannot create the backup dir: scheduled backups fail until it can be written (--backup-dir; --backup-every 0 turns them off)",
				slog.String("dir", m.BackupDir), slog.Any("err", err))
		}
	}
	if err := m.OpenStore(); err != nil {
		ln.Close()
		return err
	}
	m.ln = ln
	m.removeLeftovers()
	srv := &api.Server{Store: m.Store, Library: m.Library, Progress: m.Desk, Logger: m.Logger, Parser: m.parser(), Token: m.Token, WritesAllowed: true,
		Hosts: hostNames(addr, loopback, m.Hosts), Vocabulary: m.Vocabulary,
		Build: m.build(), Backups: m, Disk: m.Store, StartUp: time.Since(start), MetricsPublic: m.MetricsPublic}
	m.srv = srv
	m.server = &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	m.done = make(chan error, 1)
	go func() { m.done <- m.server.Serve(ln) }()
	go func() {
		// the suggestions are ready before the first keystroke needs them
		if err := srv.WarmUp(context.Background()); err != nil {
			m.Logger.Warn("cannot build the search suggestions yet", slog.Any("err", err))
		}
	}()
	refresh, stop := context.WithCancel(context.Background())
	m.stopRefresh = stop
	go m.refreshStatus(refresh, time.Hour)
	if m.BackupEvery > 0 {
		// the metrics know the last backup from the first scrape on
		last, size := latestBackup(m.BackupDir)
		if !last.IsZero() {
			srv.NoteBackup(last, size)
		}
		backups, stop := context.WithCancel(context.Background())
		m.stopBackups, m.backupsDone = stop, make(chan struct{})
		go func() {
			defer close(m.backupsDone)
			m.scheduleBackups(backups, last)
		}()
	}
	if err := m.writeServeRecord(); err != nil {
		m.Logger.Warn("cannot record the server's address in the data dir: duban backup will not find it", slog.Any("err", err))
	}
	m.Logger.Info("serving", slog.String("url", m.URL()), slog.String("data", m.DataDir),
		slog.Bool("token", m.Token != ""), slog.Int("documents", len(m.Store.Documents())),
		slog.String("version", m.build().Version), slog.String("commit", m.build().Commit),
		slog.String("backup_dir", m.BackupDir), slog.Duration("backup_every", m.BackupEvery),
		slog.Duration("startup", time.Since(start)))
	return nil
}

// refreshStatus serves the documents again whenever their tasks' status
// changed without an upload (a deadline passed: 逾期): at start, then every
// interval, until ctx ends.
func (m *Main) refreshStatus(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := m.Library.Refresh(ctx, nil)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			m.Logger.Warn("refreshing the tasks' status failed", slog.Any("err", err))
		case n > 0:
			m.Logger.Info("tasks' status refreshed", slog.Int("documents", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// URL is where the server listens.
func (m *Main) URL() string {
	if m.ln == nil {
		return ""
	}
	return "http://" + m.ln.Addr().String()
}

// Wait blocks until ctx ends or the server fails.
func (m *Main) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return nil
	case err := <-m.done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	}
}

// Close shuts the server down gracefully (in-flight requests finish, up to
// 10 s) and closes the store.
func (m *Main) Close() error {
	var errs []error
	if m.stopRefresh != nil {
		m.stopRefresh()
	}
	if m.stopBackups != nil {
		m.stopBackups()
		<-m.backupsDone
	}
	// a parse in progress is stopped, not waited for (its upload is
	// answered 503)
	if m.Parser != nil {
		m.Parser.Close()
	}
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.server.Shutdown(ctx))
		m.removeServeRecord()
	}
	if m.Store != nil {
		errs = append(errs, m.Store.Close())
	}
	return errors.Join(errs...)
}

// listenAddr is the address to listen on: the name localhost is replaced
// by 127.0.0.1, so what is listened on is the loopback address whatever the
// resolver (a hosts file) says localhost is.
func listenAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("bad --addr %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	return addr, nil
}

// isLoopback reports whether addr's host is a loopback IP address. A name
// is not trusted to be one (listenAddr has replaced localhost by its
// address); an empty host (":8080") listens everywhere, so it is not.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("bad --addr %q: %w", addr, err)
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}

// hostNames are the Host names the server answers to: the listen address's
// host and the names given with --host; on a loopback address also
// localhost, 127.0.0.1 and ::1; on every address (0.0.0.0, ::, empty) the
// machine's own addresses and name too. Any other Host is refused (DNS
// rebinding).
func hostNames(addr string, loopback bool, extra []string) []string {
	host, _, _ := net.SplitHostPort(addr)
	names := append([]string{}, extra...)
	if host != "" {
		names = append(names, host)
	}
	if loopback {
		names = append(names, api.LoopbackHosts...)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		names = append(names, api.LoopbackHosts...)
		if name, err := os.Hostname(); err == nil {
			names = append(names, name)
		}
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok {
					names = append(names, n.IP.String())
				}
			}
		}
	}
	return names
}

// Lexicon applies the office's vocabulary to what the store holds, as the
// server does, so the commands answer as the page does.
func (m *Main) Lexicon(ctx context.Context) (*vocab.Lexicon, error) {
	units, err := m.Store.Units(ctx)
	if err != nil {
		return nil, err
	}
	leaders, err := m.Store.Leaders(ctx)
	if err != nil {
		return nil, err
	}
	var issuers []string
	for _, d := range m.Store.Documents() {
		issuers = append(issuers, d.Issuer)
	}
	v, _ := m.Vocabulary.Get()
	return vocab.Build(v, vocab.Data{Units: units, Leaders: leaders, Issuers: issuers}), nil
}
