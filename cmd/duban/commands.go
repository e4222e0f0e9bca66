package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
)

// globals are the flags every command shares.
type globals struct {
	dataDir   string
	userDict  string
	logFormat string
	logLevel  string
	stderr    io.Writer
}

func (g *globals) logger() *slog.Logger {
	level := slog.LevelInfo
	if err := level.UnmarshalText([]byte(g.logLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if g.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(g.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(g.stderr, opts))
}

func (g *globals) main() *Main {
	return &Main{DataDir: g.dataDir, UserDict: g.userDict, Logger: g.logger(), Token: os.Getenv("DUBAN_TOKEN")}
}

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	g := &globals{stderr: stderr}
	root := &cobra.Command{
		Use:           "duban",
		Short:         "督办搜: search who leads which task of a government's task-breakdown notice",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&g.dataDir, "data", "./data", "data directory holding the index")
	pf.StringVar(&g.userDict, "dict", "", "user dictionary file for the Chinese segmenter (one word per line)")
	pf.StringVar(&g.logFormat, "log-format", "text", "log format: text or json")
	pf.StringVar(&g.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	root.AddCommand(serveCommand(g), ingestCommand(g), searchCommand(g, stdout), exportCommand(g, stdout))
	return root
}

func serveCommand(g *globals) *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "serve the API and the web page (ingests the embedded seed notice into an empty index)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m := g.main()
			m.Addr = addr
			if err := m.Run(cmd.Context()); err != nil {
				return err
			}
			err := m.Wait(cmd.Context())
			m.Logger.Info("shutting down")
			if cerr := m.Close(); err == nil {
				err = cerr
			}
			return err
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen address; a non-loopback address needs DUBAN_TOKEN")
	return cmd
}

func ingestCommand(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "ingest FILE…",
		Short: "parse notices and add them to the index (a notice already there is replaced)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			store, err := index.Open(g.dataDir, index.Options{UserDict: g.userDict, Logger: g.logger()})
			if err != nil {
				return err
			}
			defer store.Close()
			out := cmd.OutOrStdout()
			failed := 0
			for _, file := range files {
				if err := ingestFile(store, file, out); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", file, describe(err))
					failed++
				}
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d files failed; the index keeps what it had for them", failed, len(files))
			}
			return nil
		},
	}
}

func ingestFile(store *index.Store, file string, out io.Writer) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	doc, err := ingest.Parse(baseName(file), f)
	if err != nil {
		return err
	}
	if err := store.Replace(doc); err != nil {
		return err
	}
	r := doc.Report
	fmt.Fprintf(out, "%s\t%s\t%d年\t任务 %d 条\t读入 %d 行\t未用 %d 行\n", doc.ID, doc.Title, doc.Year, r.TasksMade, r.LinesRead, len(r.Unused))
	for _, u := range r.Unused {
		fmt.Fprintf(out, "  第 %d 行:%s:%s\n", u.Line, u.Reason, trimRunes(u.Text, 60))
	}
	return nil
}

func baseName(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// describe renders an error for the terminal: the application message, or
// the error itself.
func describe(err error) string {
	if ingest.ErrorCode(err) != ingest.EINTERNAL {
		return ingest.ErrorMessage(err)
	}
	return err.Error()
}

// searchFlags are the filters search and export share.
type searchFlags struct {
	leaders, units, docs []string
	years                []int
}

func (f *searchFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.leaders, "leader", nil, "only tasks this leader leads (repeatable)")
	cmd.Flags().StringArrayVar(&f.units, "unit", nil, "only tasks this unit leads, base name or as written (repeatable)")
	cmd.Flags().IntSliceVar(&f.years, "year", nil, "only tasks of these years")
	cmd.Flags().StringArrayVar(&f.docs, "doc", nil, "only tasks of this document id (repeatable)")
}

func (f *searchFlags) request(q string) index.Request {
	return index.Request{Query: q, Leaders: f.leaders, Units: f.units, Years: f.years, Docs: f.docs}
}

func searchCommand(g *globals, stdout io.Writer) *cobra.Command {
	var (
		f        searchFlags
		asJSON   bool
		from, sz int
	)
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "search the index and print the tasks found",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m := g.main()
			if err := m.OpenStore(); err != nil {
				return err
			}
			defer m.Close()
			q := ""
			if len(args) == 1 {
				q = args[0]
			}
			req := f.request(q)
			req.From, req.Size = from, sz
			res, err := m.Store.Search(cmd.Context(), req)
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(res)
			}
			printHits(stdout, res)
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON instead of a table")
	cmd.Flags().IntVar(&from, "from", 0, "skip this many hits")
	cmd.Flags().IntVar(&sz, "size", index.DefaultSize, "print at most this many hits (1-100)")
	return cmd
}

func printHits(w io.Writer, res *index.Result) {
	fmt.Fprintf(w, "共 %d 条任务(用时 %.1f ms)\n", res.Total, res.TookMS)
	if len(res.Hits) == 0 {
		return
	}
	fmt.Fprintf(w, "%-6s %-6s %s | %s | %s\n", "年度", "序号", "任务", "牵头领导", "牵头单位")
	for _, h := range res.Hits {
		fmt.Fprintf(w, "%-6d %6d %s | %s | %s\n", h.Year, h.Seq, trimRunes(h.Text, 40),
			strings.Join(h.Leaders, "、"), strings.Join(h.Units, "、"))
	}
}

func trimRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func exportCommand(g *globals, stdout io.Writer) *cobra.Command {
	var (
		f      searchFlags
		format string
	)
	cmd := &cobra.Command{
		Use:   "export [QUERY]",
		Short: "write every matching task (not one page) as CSV or JSON lines",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "csv" && format != "jsonl" {
				return fmt.Errorf("unknown --format %q: use csv or jsonl", format)
			}
			m := g.main()
			if err := m.OpenStore(); err != nil {
				return err
			}
			defer m.Close()
			q := ""
			if len(args) == 1 {
				q = args[0]
			}
			var write func(ingest.Task) error
			var cw *csv.Writer
			if format == "csv" {
				io.WriteString(stdout, "\ufeff") // so Excel reads UTF-8
				cw = csv.NewWriter(stdout)
				cw.Write([]string{"年度", "序号", "重点工作任务", "牵头领导", "牵头单位", "配合单位", "完成时限", "文件"})
				write = func(t ingest.Task) error {
					return cw.Write([]string{strconv.Itoa(t.Year), strconv.Itoa(t.Seq), t.Text,
						strings.Join(t.Leaders, "、"), strings.Join(t.Units, "、"), strings.Join(t.CoUnits, "、"), t.Deadline, t.DocID})
				}
			} else {
				enc := json.NewEncoder(stdout)
				enc.SetEscapeHTML(false)
				write = func(t ingest.Task) error { return enc.Encode(t) }
			}
			if err := m.Store.Scan(cmd.Context(), f.request(q), write); err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			if cw != nil {
				cw.Flush()
				return cw.Error()
			}
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&format, "format", "csv", "csv (UTF-8 with BOM, for Excel) or jsonl")
	return cmd
}
