package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/duban/duban/api"
	"github.com/duban/duban/backup"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
)

// The commands of running duban: version, backup, restore of an archive;
// and the DUBAN_* environment variables that stand for flags.

// envFlags are the flags a DUBAN_* environment variable may set, by flag
// name; a flag given on the command line wins. (DUBAN_TOKEN is read by
// the commands themselves: a token is never a flag, so it never shows in
// the process list.)
var envFlags = map[string]string{
	"addr":           "DUBAN_ADDR",
	"data":           "DUBAN_DATA",
	"dict":           "DUBAN_DICT",
	"host":           "DUBAN_HOST",
	"log-format":     "DUBAN_LOG_FORMAT",
	"log-level":      "DUBAN_LOG_LEVEL",
	"backup-dir":     "DUBAN_BACKUP_DIR",
	"backup-every":   "DUBAN_BACKUP_EVERY",
	"backup-keep":    "DUBAN_BACKUP_KEEP",
	"metrics-public": "DUBAN_METRICS_PUBLIC",
	"parse-timeout":  "DUBAN_PARSE_TIMEOUT",
	"parse-memory":   "DUBAN_PARSE_MEMORY",
}

// applyEnv sets every flag of cmd that was not given from its DUBAN_*
// variable, when that is set. DUBAN_HOST may list several names, separated
// by commas. Then it checks the log flags, however given: the logger
// would take a misspelt level or format for the default without a word.
func applyEnv(cmd *cobra.Command, getenv func(string) string) error {
	var errs []error
	fromEnv := map[string]bool{}
	visit := func(f *pflag.Flag) {
		name, ok := envFlags[f.Name]
		if !ok || f.Changed {
			return
		}
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return
		}
		values := []string{v}
		if f.Value.Type() == "stringArray" {
			values = strings.Split(v, ",")
		}
		for _, one := range values {
			if one = strings.TrimSpace(one); one == "" {
				continue
			}
			if err := f.Value.Set(one); err != nil {
				errs = append(errs, fmt.Errorf("%s=%q: %w", name, v, err))
				return
			}
		}
		f.Changed, fromEnv[f.Name] = true, true
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	source := func(flag string) string {
		if fromEnv[flag] {
			return envFlags[flag]
		}
		return "--" + flag
	}
	if f := cmd.Flag("log-level"); f != nil {
		var level slog.Level
		if err := level.UnmarshalText([]byte(f.Value.String())); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: not a log level (debug, info, warn, error)", source("log-level"), f.Value.String()))
		}
	}
	if f := cmd.Flag("log-format"); f != nil && f.Value.String() != "text" && f.Value.String() != "json" {
		errs = append(errs, fmt.Errorf("%s=%q: not a log format (text, json)", source("log-format"), f.Value.String()))
	}
	return errors.Join(errs...)
}

func versionCommand(g *globals, stdout io.Writer) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "print this duban's version, commit and build date, and the data format it reads and writes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			b := g.build
			if asJSON {
				return printJSON(stdout, struct {
					Version    string `json:"version"`
					Commit     string `json:"commit"`
					Date       string `json:"date"`
					Go         string `json:"go"`
					DataFormat int    `json:"data_format"`
					Archive    int    `json:"backup_format"`
				}{b.Version, b.Commit, b.Date, b.Go, index.FormatVersion, backup.ArchiveFormat})
			}
			date := b.Date
			if date == "" {
				date = "未知"
			}
			fmt.Fprintf(stdout, "duban %s\n提交\t%s\n构建时间\t%s\nGo\t%s\n数据格式\t%d\n备份格式\t%d\n",
				b.Version, b.Commit, date, b.Go, index.FormatVersion, backup.ArchiveFormat)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func backupCommand(g *globals, stdout io.Writer) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup [--out FILE]",
		Short: "write the whole data dir (index, versions, originals, progress, vocabulary) as one archive: through the running server when one holds the data dir, directly otherwise",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				out = backup.FileName(time.Now())
			}
			if st, err := os.Stat(out); err == nil && st.IsDir() {
				out = filepath.Join(out, backup.FileName(time.Now()))
			}
			if _, err := os.Stat(out); err == nil {
				return fmt.Errorf("%s 已存在;请换一个文件名", out)
			}
			via := "直接读取数据目录"
			write := func(w io.Writer) error { return g.backupDirect(w) }
			if pid, held := index.Held(g.dataDir); held {
				rec, err := readServeRecord(g.dataDir)
				if err != nil {
					return fmt.Errorf("数据目录 %s 正被 duban 进程(PID %s)使用,但它不是 duban serve;请等它结束后再备份", g.dataDir, pid)
				}
				via = "经由运行中的服务 " + rec.URL
				write = func(w io.Writer) error { return backupFromServer(cmd, rec.URL, w) }
			}
			m, err := writeArchive(out, write)
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			info, _ := os.Stat(out)
			fmt.Fprintf(stdout, "已备份\t%s\t%s,%d 个文件,%.1f MB(压缩后 %.1f MB),已校验\n", out, via, len(m.Files),
				float64(m.Bytes())/(1<<20), float64(info.Size())/(1<<20))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "the archive to write (default: duban-TIME.tar.gz here; a directory: that name in it)")
	return cmd
}

// backupDirect backs the data dir up with no server holding it: opened
// read-only (nothing is written to it, and a read-only dir can be backed
// up), its shared lock keeping writers out meanwhile.
func (g *globals) backupDirect(w io.Writer) error {
	if err := mustExist(g.dataDir); err != nil {
		return err
	}
	m := g.reader()
	if err := m.OpenStore(); err != nil {
		return err
	}
	defer m.Close()
	s := m.backupStore()
	s.Quiet = true // opened read-only, under the shared lock: nothing writes
	_, err := backup.Write(w, s, m.build().Short(), index.FormatVersion)
	return err
}

// backupFromServer downloads GET /api/backup from the server holding the
// data dir, with DUBAN_TOKEN when it is set.
func backupFromServer(cmd *cobra.Command, url string, w io.Writer) error {
	req, err := http.NewRequestWithContext(cmd.Context(), http.MethodGet, url+"/api/backup", nil)
	if err != nil {
		return err
	}
	if token := os.Getenv("DUBAN_TOKEN"); token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach the running server at %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var body api.ErrorBody
		if json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body) == nil && body.Error.Message != "" {
			return ingest.Errorf(body.Error.Code, "服务器拒绝备份(%d):%s", resp.StatusCode, body.Error.Message)
		}
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

// restoreArchive restores an archive into the data dir: verified (every
// file's checksum, the archive's and the data's format) beside the data
// dir, then moved into place in one rename; refused while a duban holds
// the data dir, whose lock it holds meanwhile so none starts on it.
func restoreArchive(g *globals, stdout io.Writer, file string, replace bool) error {
	release, err := index.HoldDir(g.dataDir)
	if err != nil {
		return fmt.Errorf("%s;恢复前请先停止它(例如 systemctl stop duban)", describe(err))
	}
	f, err := os.Open(file)
	if err != nil {
		release()
		return err
	}
	defer f.Close()
	m, aside, err := backup.RestoreVerified(f, g.dataDir, replace, index.FormatVersion, library.VerifyFile)
	release()
	if err != nil {
		return fmt.Errorf("%s", describe(err))
	}
	fmt.Fprintf(stdout, "已恢复\t%s\t备份于 %s,由 duban %s 制作,%d 个文件,%.1f MB,校验无误\n", g.dataDir,
		m.Created.Local().Format("2006-01-02 15:04:05"), m.Version, len(m.Files), float64(m.Bytes())/(1<<20))
	if aside != "" {
		fmt.Fprintf(stdout, "原数据目录已移到\t%s(确认无误后可删除)\n", aside)
	}
	return nil
}

// isArchiveArg says whether duban restore's argument is an archive to
// restore (a file that exists) rather than a document id.
func isArchiveArg(arg string) bool {
	st, err := os.Stat(arg)
	return err == nil && st.Mode().IsRegular()
}
