package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/duban/duban/api"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/seeds"
)

// Main is the running program: the store and, for serve, the HTTP server.
// Tests start the real program through it without flags.
type Main struct {
	Addr     string // listen address; "127.0.0.1:0" picks a free port
	DataDir  string
	Token    string // DUBAN_TOKEN
	UserDict string
	Logger   *slog.Logger

	Store  *index.Store
	server *http.Server
	ln     net.Listener
	done   chan error
}

// OpenStore opens the data dir and, when it holds no document, ingests the
// embedded seed notice so a new user has something to search.
func (m *Main) OpenStore() error {
	store, err := index.Open(m.DataDir, index.Options{UserDict: m.UserDict, Logger: m.Logger})
	if err != nil {
		return err
	}
	m.Store = store
	if len(store.Documents()) > 0 {
		return nil
	}
	doc, err := ingest.Parse(seeds.NoticeName, bytes.NewReader(seeds.Notice()))
	if err != nil {
		return fmt.Errorf("cannot parse the seed notice: %w", err)
	}
	if _, err := store.Replace(doc); err != nil {
		return fmt.Errorf("cannot index the seed notice: %w", err)
	}
	m.Logger.Info("empty index: ingested the seed notice",
		slog.String("doc", doc.ID), slog.String("title", doc.Title), slog.Int("tasks", len(doc.Tasks)))
	return nil
}

// Run opens the store and starts serving; it returns once the server is
// listening. Writes are allowed with a token, or without one only on a
// loopback address; a non-loopback address without a token is refused.
func (m *Main) Run(ctx context.Context) error {
	loopback, err := isLoopback(m.Addr)
	if err != nil {
		return err
	}
	if !loopback && m.Token == "" {
		return fmt.Errorf("refusing to listen on %s without DUBAN_TOKEN: set a token, or bind a loopback address such as 127.0.0.1:8080", m.Addr)
	}
	if err := m.OpenStore(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", m.Addr)
	if err != nil {
		m.Store.Close()
		return fmt.Errorf("cannot listen on %s: %w", m.Addr, err)
	}
	m.ln = ln
	srv := &api.Server{Store: m.Store, Logger: m.Logger, Token: m.Token, WritesAllowed: true}
	m.server = &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	m.done = make(chan error, 1)
	go func() { m.done <- m.server.Serve(ln) }()
	m.Logger.Info("serving", slog.String("url", m.URL()), slog.String("data", m.DataDir),
		slog.Bool("token", m.Token != ""), slog.Int("documents", len(m.Store.Documents())))
	return nil
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
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.server.Shutdown(ctx))
	}
	if m.Store != nil {
		errs = append(errs, m.Store.Close())
	}
	return errors.Join(errs...)
}

// isLoopback reports whether addr's host is a loopback address. An empty
// host (":8080") listens everywhere, so it is not.
func isLoopback(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("bad --addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return true, nil
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback(), nil
}
