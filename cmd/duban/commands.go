package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/duban/duban/api"
	"github.com/duban/duban/buildinfo"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/ingest/worker"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
)

// globals are the flags every command shares.
type globals struct {
	dataDir   string
	userDict  string
	logFormat string
	logLevel  string
	// parseTimeout and parseMemory (MB) are the limits of a parse
	// (package ingest/worker).
	parseTimeout time.Duration
	parseMemory  int64
	stderr       io.Writer
	// build is the running duban (the linker's stamp, or what the
	// toolchain recorded).
	build buildinfo.Info
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
	return &Main{DataDir: g.dataDir, UserDict: g.userDict, Logger: g.logger(), Token: os.Getenv("DUBAN_TOKEN"), Build: g.build,
		ParseTimeout: g.parseTimeout, ParseMemory: g.parseMemory << 20}
}

// reader is main for a command that only reads: an existing index is
// opened read-only, so a read-only data dir can be searched.
func (g *globals) reader() *Main {
	m := g.main()
	m.ReadOnly = true
	return m
}

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	g := &globals{stderr: stderr, build: buildinfo.Resolve(version, commit, date)}
	root := &cobra.Command{
		Use:           "duban",
		Short:         "督办搜: search who leads which task of a government's task-breakdown notice",
		SilenceUsage:  true,
		SilenceErrors: true,
		// DUBAN_DATA, DUBAN_ADDR … stand for flags not given
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := applyEnv(cmd, os.Getenv); err != nil {
				return err
			}
			return g.checkParseLimits()
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	pf := root.PersistentFlags()
	pf.StringVar(&g.dataDir, "data", "./data", "data directory holding the index")
	pf.StringVar(&g.userDict, "dict", "", "user dictionary file for the Chinese segmenter (one word per line)")
	pf.StringVar(&g.logFormat, "log-format", "text", "log format: text or json")
	pf.StringVar(&g.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	pf.DurationVar(&g.parseTimeout, "parse-timeout", worker.DefaultTimeout, "how long reading one file may take before its parse is stopped (DUBAN_PARSE_TIMEOUT)")
	pf.Int64Var(&g.parseMemory, "parse-memory", worker.DefaultMemory>>20, "how much memory (MB) reading one file may take before its parse is stopped (DUBAN_PARSE_MEMORY)")
	root.AddCommand(serveCommand(g), ingestCommand(g), searchCommand(g, stdout), exportCommand(g, stdout),
		documentsCommand(g, stdout), compareCommand(g, stdout), checkCommand(g, stdout), repairCommand(g, stdout),
		versionsCommand(g, stdout), restoreCommand(g, stdout), deleteCommand(g, stdout), trashCommand(g, stdout), reparseCommand(g, stdout), editCommand(g, stdout),
		vocabularyCommand(g, stdout), versionCommand(g, stdout), backupCommand(g, stdout), parseWorkerCommand())
	return root
}

func serveCommand(g *globals) *cobra.Command {
	var (
		addr  string
		hosts []string
		sched = struct {
			dir   string
			every time.Duration
			keep  int
		}{}
		metricsPublic bool
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "serve the API and the web page (ingests the embedded seed notice into an empty index); every flag may be given as DUBAN_<FLAG> in the environment",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m := g.main()
			m.Addr, m.Hosts = addr, hosts
			m.BackupDir, m.BackupEvery, m.BackupKeep, m.MetricsPublic = sched.dir, sched.every, sched.keep, metricsPublic
			if sched.every < 0 || sched.keep < 1 {
				return fmt.Errorf("--backup-every must be 0 (off) or more, --backup-keep at least 1")
			}
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
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "listen address; a non-loopback address needs DUBAN_TOKEN (DUBAN_ADDR)")
	f.StringArrayVar(&hosts, "host", nil, "another host name clients reach the server by, such as a DNS name (repeatable; DUBAN_HOST: comma-separated); other Host headers are refused")
	f.StringVar(&sched.dir, "backup-dir", "", "where scheduled backups are written (DUBAN_BACKUP_DIR; default: the data dir's path + \"-backups\")")
	f.DurationVar(&sched.every, "backup-every", DefaultBackupEvery, "how often to back up the data dir; 0 turns scheduled backups off (DUBAN_BACKUP_EVERY)")
	f.IntVar(&sched.keep, "backup-keep", DefaultBackupKeep, "how many scheduled backups to keep (DUBAN_BACKUP_KEEP)")
	f.BoolVar(&metricsPublic, "metrics-public", false, "serve /metrics to every client, not only to this machine (DUBAN_METRICS_PUBLIC)")
	return cmd
}

func ingestCommand(g *globals) *cobra.Command {
	var opts library.ImportOptions
	cmd := &cobra.Command{
		Use:   "ingest FILE…",
		Short: "parse notices and keep them as new versions of their documents (--dry-run: only show what would change)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, files []string) error {
			if opts.Replace != "" && len(files) != 1 {
				return fmt.Errorf("--replace 只能用于一个文件")
			}
			if err := library.CheckKind(opts.Kind, "--kind"); err != nil {
				return errors.New(describe(err))
			}
			if opts.Kind == library.FileProgress && (opts.Replace != "" || opts.AsNew) {
				return fmt.Errorf("--replace 和 --as-new 只用于任务分解通知,不能与 --kind progress 同用")
			}
			m := g.main()
			m.ReadOnly = opts.DryRun
			if err := m.openForIngest(); err != nil {
				return err
			}
			defer m.Close()
			// Files are parsed on all cores a few ahead and imported a
			// chunk at a time, each printed once its chunk is on disk.
			if !opts.DryRun {
				defer index.LimitIngestMemory()()
			}
			sources := make([]index.Source, len(files))
			for i, file := range files {
				sources[i] = index.Source{Name: baseName(file), Open: func() (io.ReadCloser, error) { return os.Open(file) }}
			}
			out, failed := cmd.OutOrStdout(), 0
			fail := func(i int, err error) {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", files[i], describeIngest(err))
				failed++
			}
			opts.Who = library.WhoLocal
			err := m.Library.ImportFiles(cmd.Context(), sources, opts, func(i int, r library.FileResult) {
				switch {
				case r.Err != nil:
					fail(i, r.Err)
				case r.Progress != nil && r.Notice != nil && opts.Kind == "" && !reportsOnHeldTasks(cmd.Context(), m.Desk, r.Progress):
					// it reads as a report too, but reports on no task
					// duban holds: the notice itself, its progress filled in
					p, err := m.Library.Import(cmd.Context(), r.Notice, r.Data, opts)
					switch {
					case err != nil:
						fail(i, err)
					case opts.DryRun && len(p.Candidates) > 0 && opts.Replace == "" && !opts.AsNew:
						fail(i, sameNoticeRefusal(p.Candidates))
					default:
						printIngested(out, p, opts.DryRun)
					}
				case r.Progress != nil:
					taken, err := m.Desk.Take(cmd.Context(), r.Progress, opts.DryRun)
					if err != nil {
						fail(i, err)
						return
					}
					printTaken(out, taken)
				case opts.DryRun && len(r.Preview.Candidates) > 0 && opts.Replace == "" && !opts.AsNew:
					// what the real import would say
					fail(i, sameNoticeRefusal(r.Preview.Candidates))
				default:
					printIngested(out, r.Preview, opts.DryRun)
				}
			})
			if err != nil {
				return fmt.Errorf("%s;其后的文件没有读取", describe(err))
			}
			if failed > 0 && opts.DryRun {
				return fmt.Errorf("%d 个文件中有 %d 个导入时会被拒绝(预览,未写入任何内容)", len(files), failed)
			}
			if failed > 0 {
				return fmt.Errorf("%d 个文件中有 %d 个未能导入;索引中它们原有的内容不变", len(files), failed)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "parse and compare with what the index holds; write nothing")
	cmd.Flags().StringVar(&opts.Replace, "replace", "", "the file is a new version of this document id (the same notice in another file)")
	cmd.Flags().BoolVar(&opts.AsNew, "as-new", false, "keep the file as a new document although it looks like one already there")
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "what every file is: notice (a task notice) or progress (a progress report); unset, each file is decided by evidence")
	return cmd
}

// reportsOnHeldTasks: some row of a file read both as a progress report and
// as a notice matches a task duban holds, so it is the report. A report
// that names no period could not be taken in as one either.
func reportsOnHeldTasks(ctx context.Context, desk *progress.Desk, pr *ingest.ProgressReport) bool {
	if pr.Period == "" {
		return false
	}
	n, err := desk.Matched(ctx, pr)
	return err != nil || n > 0 // a failed look is said by Take
}

// printIngested prints what an import did or, dry, would do: the outcome,
// the document, its counts, the difference from the version it replaces,
// the warnings and the lines not used.
func printIngested(out io.Writer, p *library.Preview, dry bool) {
	doc := p.Document
	r := doc.Report
	label := outcomeLabel[index.Outcome(p.Outcome)]
	if dry {
		label = "预览:" + label
	}
	version := ""
	if p.Version > 0 {
		version = fmt.Sprintf("\t第 %d 版", p.Version)
	}
	fmt.Fprintf(out, "%s\t%s\t%s\t%d年\t任务 %d 条\t读入 %d 行\t未用 %d 行%s\n", label, doc.ID, doc.Title, doc.Year, r.TasksMade, r.LinesRead, len(r.Unused), version)
	if d := p.Diff; d != nil {
		fmt.Fprintf(out, "  与当前版本相比:新增 %d 项,删除 %d 项,改动 %d 项,不变 %d 项\n", len(d.Added), len(d.Removed), len(d.Changed), d.Same)
		for _, t := range d.Removed {
			fmt.Fprintf(out, "  删除 第 %d 项:%s\n", t.Seq, trimRunes(t.Text, 50))
		}
		for _, c := range d.Changed {
			printChange(out, c)
		}
		for _, t := range d.Added {
			fmt.Fprintf(out, "  新增 第 %d 项:%s\n", t.Seq, trimRunes(t.Text, 50))
		}
	}
	for _, rule := range r.Rules {
		fmt.Fprintf(out, "  按词表栏目规则读取:%s\n", rule)
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(out, "  注意:%s\n", w.Message)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(out, "  说明:%s\n", n)
	}
	for _, u := range r.Unused {
		fmt.Fprintf(out, "  第 %d 行:%s:%s\n", u.Line, u.Reason, trimRunes(u.Text, 60))
	}
}

// printChange prints a changed task, field by field old → new, with the
// fields' Chinese names.
func printChange(out io.Writer, c library.Change) {
	labels := make([]string, len(c.Values))
	for i, v := range c.Values {
		labels[i] = v.Label
	}
	fmt.Fprintf(out, "  改动 第 %d 项(%s):%s\n", c.Seq, strings.Join(labels, "、"), trimRunes(c.New.Text, 50))
	for _, v := range c.Values {
		if v.Field == "text" {
			continue
		}
		fmt.Fprintf(out, "    %s:%s → %s\n", v.Label, orNone(v.Old), orNone(v.New))
	}
}

// orNone is a field's value, or 无 when it is empty.
func orNone(s string) string {
	if s == "" {
		return "无"
	}
	return trimRunes(s, 50)
}

// printTaken prints what taking a progress report in did (or would do).
func printTaken(out io.Writer, t *progress.Taken) {
	r := t.Report
	label := "进度报告"
	switch {
	case t.DryRun:
		label = "预览:进度报告"
	case t.Replaced:
		label = "进度报告(已替换同期报告)"
	}
	fmt.Fprintf(out, "%s\t%s\t%s\t%s\t对应任务 %d 项\t未能对应 %d 行\n", label, r.Period, r.Title, r.Source, len(r.Entries), len(r.Unmatched))
	for _, u := range r.Unmatched {
		fmt.Fprintf(out, "  序号 %d:%s:%s\n", u.Seq, u.Reason, trimRunes(u.Text, 50))
	}
}

var outcomeLabel = map[index.Outcome]string{index.Added: "新增", index.Replaced: "已替换", index.Unchanged: "未变化"}

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
	due                  []string
	dueBefore, dueAfter  string
	sort                 string
}

func (f *searchFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.leaders, "leader", nil, "only tasks this leader leads (repeatable)")
	cmd.Flags().StringArrayVar(&f.units, "unit", nil, "only tasks this unit leads, base name or as written (repeatable)")
	cmd.Flags().IntSliceVar(&f.years, "year", nil, "only tasks of these years")
	cmd.Flags().StringArrayVar(&f.docs, "doc", nil, "only tasks of this document id (repeatable)")
	cmd.Flags().StringArrayVar(&f.due, "due", nil, "only tasks due in this month, YYYY-MM (repeatable)")
	cmd.Flags().StringVar(&f.dueBefore, "due-before", "", "only tasks due on or before this date, YYYY-MM-DD")
	cmd.Flags().StringVar(&f.dueAfter, "due-after", "", "only tasks due on or after this date, YYYY-MM-DD")
	cmd.Flags().StringVar(&f.sort, "sort", "", "relevance, order (year, then the notice's order) or due (earliest first); export defaults to order")
}

// request is the search the flags ask for. Values of one flag are
// alternatives (two --unit: either), different flags must all hold.
func (f *searchFlags) request(q string) index.Request {
	return index.Request{Query: q, Leaders: f.leaders, Units: f.units, Years: f.years, Docs: f.docs,
		Due: f.due, DueBefore: f.dueBefore, DueAfter: f.dueAfter, Sort: f.sort}
}

func searchCommand(g *globals, stdout io.Writer) *cobra.Command {
	var (
		f        searchFlags
		asJSON   bool
		all      bool
		from, sz int
	)
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "search the index and print the tasks found (through the running server when one holds the data dir)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := g.openReading(cmd.Context())
			if err != nil {
				return err
			}
			defer r.Close()
			q := firstArg(args)
			req := f.request(q)
			req.From, req.Size = from, sz
			var res *index.Result
			if all {
				res, err = r.SearchAll(req)
			} else {
				res, err = r.Search(req)
			}
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			if asJSON {
				return printJSON(stdout, res)
			}
			printHits(stdout, res)
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON instead of a table")
	cmd.Flags().IntVar(&from, "from", 0, "skip this many hits")
	cmd.Flags().IntVar(&sz, "size", index.DefaultSize, "print at most this many hits (1-100)")
	cmd.Flags().BoolVar(&all, "all", false, "print every hit from --from on (page by page, up to 10,000)")
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
		if len(h.Synonyms) > 0 {
			fmt.Fprintf(w, "%-6s %6s 匹配同义词:%s\n", "", "", strings.Join(h.Synonyms, "、"))
		}
		if note := matchedNote(h.Matched); note != "" {
			fmt.Fprintf(w, "%-6s %6s %s\n", "", "", note)
		}
	}
}

// matchedNote says through which of its units or leaders a hit was found
// when the query named their identity: 匹配单位:区环保局 → 区生态环境分局.
func matchedNote(ms []index.MatchedName) string {
	var units, leaders []string
	for _, m := range ms {
		s := m.Name
		if m.Identity != m.Name {
			s += " → " + m.Identity
		}
		if m.Kind == index.NameLeader {
			leaders = append(leaders, s)
		} else {
			units = append(units, s)
		}
	}
	var parts []string
	if len(units) > 0 {
		parts = append(parts, "匹配单位:"+strings.Join(units, "、"))
	}
	if len(leaders) > 0 {
		parts = append(parts, "匹配领导:"+strings.Join(leaders, "、"))
	}
	return strings.Join(parts, " ")
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
		out    string
	)
	cmd := &cobra.Command{
		Use:   "export [QUERY]",
		Short: "write every matching task (not one page) as the office's ledger: xlsx, csv (UTF-8 with BOM) or jsonl (through the running server when one holds the data dir: xlsx or csv)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("format") {
				// the file's name says the format when --format does not
				switch ext := strings.ToLower(filepath.Ext(out)); ext {
				case ".xlsx", ".jsonl":
					format = ext[1:]
				}
			}
			if format != api.ExportXLSX && format != api.ExportCSV && format != api.ExportJSONL {
				return fmt.Errorf("unknown --format %q: use xlsx, csv or jsonl", format)
			}
			if format == api.ExportXLSX && out == "" {
				return fmt.Errorf("xlsx needs --out FILE (it is not text for a terminal)")
			}
			r, err := g.openReading(cmd.Context())
			if err != nil {
				return err
			}
			defer r.Close()
			q := firstArg(args)
			req := f.request(q)
			if req.Sort == "" {
				req.Sort = index.SortOrder // a ledger lists the notices' order
			}
			w := stdout
			if out != "" {
				file, err := os.Create(out)
				if err != nil {
					return err
				}
				defer file.Close()
				w = file
			}
			if err := r.Export(w, format, req, time.Now()); err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			return nil
		},
	}
	f.add(cmd)
	cmd.Flags().StringVar(&format, "format", api.ExportCSV, "xlsx, csv (UTF-8 with BOM, for Excel) or jsonl; without it, --out FILE.xlsx or .jsonl says the format")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to this file instead of standard output")
	return cmd
}

func documentsCommand(g *globals, stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "documents",
		Short: "list the ingested documents with their task counts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m := g.reader()
			if err := m.OpenStore(); err != nil {
				return err
			}
			defer m.Close()
			// one line a document, its fields apart by tabs: a field's own
			// line break or tab is written as a space
			field := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace
			for _, d := range m.Store.Documents() {
				fmt.Fprintf(stdout, "%s\t%d年\t%s\t%s\t%s\t任务 %d 条\t%s\n", d.ID, d.Year, field(d.Title), field(d.Issuer), field(d.Date), d.TaskCount, field(d.Source))
			}
			return nil
		},
	}
}

var classLabel = map[string]string{index.Carried: "延续", index.Changed: "变化", index.New: "新增", index.Dropped: "取消"}

func compareCommand(g *globals, stdout io.Writer) *cobra.Command {
	var (
		asJSON bool
		out    string
	)
	cmd := &cobra.Command{
		Use:   "compare FROM TO",
		Short: "compare two notices year over year (each named by id, year or title): carried over, changed, new, dropped",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := g.openReading(cmd.Context())
			if err != nil {
				return err
			}
			defer r.Close()
			cmp, err := r.Compare(args[0], args[1])
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			if out != "" {
				format := api.ExportXLSX
				if strings.HasSuffix(strings.ToLower(out), ".csv") {
					format = api.ExportCSV
				}
				file, err := os.Create(out)
				if err != nil {
					return err
				}
				if err := api.WriteComparison(file, format, cmp, time.Now()); err != nil {
					file.Close()
					return fmt.Errorf("%s", describe(err))
				}
				return file.Close()
			}
			if asJSON {
				return printJSON(stdout, cmp)
			}
			printComparison(stdout, cmp)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the changed, new and dropped tasks to this file (.xlsx, or .csv)")
	return cmd
}

func printComparison(w io.Writer, cmp *index.Comparison) {
	fmt.Fprintf(w, "%s(%s)→ %s(%s)\n", cmp.From.Title, cmp.From.ID, cmp.To.Title, cmp.To.ID)
	fmt.Fprintf(w, "延续 %d 项 · 变化 %d 项 · 新增 %d 项 · 取消 %d 项\n", cmp.Counts[index.Carried], cmp.Counts[index.Changed], cmp.Counts[index.New], cmp.Counts[index.Dropped])
	for _, class := range []string{index.Changed, index.New, index.Dropped} {
		first := true
		for _, p := range cmp.Pairs {
			if p.Class != class {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n%s:\n", classLabel[class])
				first = false
			}
			switch class {
			case index.Changed:
				fmt.Fprintf(w, "  第 %d 项 → 第 %d 项(相似度%s,%.2f)\n", p.From.Seq, p.To.Seq, api.SimilarityWord(p.Similarity), p.Similarity)
				for _, n := range p.Numbers {
					fmt.Fprintf(w, "    数字:%s → %s\n", orDash(n.From), orDash(n.To))
				}
				for _, op := range p.Diff {
					if op.Op != "=" {
						fmt.Fprintf(w, "    %s %s\n", op.Op, trimRunes(op.Text, 60))
					}
				}
				if len(p.UnitsAdded)+len(p.UnitsRemoved) > 0 {
					fmt.Fprintf(w, "    牵头单位:+%s -%s\n", strings.Join(p.UnitsAdded, "、"), strings.Join(p.UnitsRemoved, "、"))
				}
			case index.New:
				fmt.Fprintf(w, "  第 %d 项:%s\n", p.To.Seq, trimRunes(p.To.Text, 60))
			case index.Dropped:
				fmt.Fprintf(w, "  第 %d 项:%s\n", p.From.Seq, trimRunes(p.From.Text, 60))
			}
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// printJSON writes v as the API would, indented for a terminal.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// firstArg is the optional QUERY argument, "" when absent.
func firstArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return ""
}

func repairCommand(g *globals, stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "repair",
		Short: "rebuild the index from the stored tasks that pass their checksums (the damaged index is kept aside); lists what could not be restored",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := index.Repair(g.dataDir, index.Options{UserDict: g.userDict, Logger: g.logger(), Version: g.build.Short()})
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			fmt.Fprintf(stdout, "已重建索引:文件 %d 份,任务 %d 项;原索引保留在 %s\n", rep.Documents, rep.Tasks, rep.SetAside)
			for _, l := range rep.Lost {
				fmt.Fprintf(stdout, "  未能恢复:%s\n", l)
			}
			if len(rep.Lost) > 0 {
				return fmt.Errorf("%d 处内容未能恢复:请重新导入上面列出的文件", len(rep.Lost))
			}
			return nil
		},
	}
}

// checkParseLimits refuses limits no parse could run under.
func (g *globals) checkParseLimits() error {
	if g.parseTimeout <= 0 {
		return fmt.Errorf("--parse-timeout (DUBAN_PARSE_TIMEOUT) must be more than 0, such as 30s")
	}
	if g.parseMemory < 64 {
		return fmt.Errorf("--parse-memory (DUBAN_PARSE_MEMORY) is in MB and must be at least 64, such as %d", worker.DefaultMemory>>20)
	}
	return nil
}

// parseWorkerCommand is the child that parses one file for the server and
// the commands (package ingest/worker): hidden, run by duban itself, never
// by hand. main runs it before any flag is read when worker.ChildEnv is set.
func parseWorkerCommand() *cobra.Command {
	return &cobra.Command{
		Use:    worker.Command,
		Short:  "parse one file from stdin in a contained child (run by duban itself)",
		Hidden: true,
		Args:   cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			os.Exit(worker.Main(os.Stdin, os.Stdout))
		},
	}
}
