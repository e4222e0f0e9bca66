package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
	"github.com/duban/duban/progress"
	"github.com/duban/duban/vocab"
)

// checkReport is what duban check found: the index's report and the rest
// of the data dir's history.
type checkReport struct {
	*index.CheckReport
	// Originals and Versions are the history's files read; Reports the
	// progress reports.
	Originals int `json:"originals"`
	Versions  int `json:"versions"`
	Reports   int `json:"progress_reports"`
	// DamagedFiles are the history's, the progress reports' and the
	// vocabulary's files that failed their check, each named.
	DamagedFiles []library.Damage `json:"damaged_files"`
}

func (r *checkReport) ok() bool { return r.CheckReport.OK() && len(r.DamagedFiles) == 0 }

// checkDataDir reads the whole data dir without changing it: the index
// (index.Check), every kept original and version (library.CheckHistory),
// every progress report and the vocabulary.
func checkDataDir(g *globals) (*checkReport, error) {
	if err := mustExist(g.dataDir); err != nil {
		return nil, err
	}
	idx, err := index.Check(g.dataDir, index.Options{UserDict: g.userDict, Logger: g.logger(), Version: g.build.Short()})
	if err != nil {
		return nil, err
	}
	rep := &checkReport{CheckReport: idx, DamagedFiles: []library.Damage{}}
	hist, err := library.CheckHistory(g.dataDir)
	if err != nil {
		return nil, err
	}
	rep.Originals, rep.Versions = hist.Originals, hist.Versions
	rep.DamagedFiles = append(rep.DamagedFiles, hist.Damaged...)
	n, bad, err := progress.CheckDir(g.dataDir)
	if err != nil {
		return nil, err
	}
	rep.Reports = n
	for f, why := range bad {
		rep.DamagedFiles = append(rep.DamagedFiles, library.Damage{File: f, Reason: why})
	}
	raw, err := os.ReadFile(filepath.Join(g.dataDir, vocab.FileName))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err == nil {
		if _, perr := vocab.Parse(string(raw)); perr != nil {
			rep.DamagedFiles = append(rep.DamagedFiles, library.Damage{File: vocab.FileName, Reason: ingest.ErrorMessage(perr)})
		}
	}
	slices.SortFunc(rep.DamagedFiles, func(a, b library.Damage) int {
		if a.File < b.File {
			return -1
		}
		if a.File > b.File {
			return 1
		}
		return 0
	})
	return rep, nil
}

func checkCommand(g *globals, stdout io.Writer) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use: "check",
		Short: "verify the whole data dir without changing it: the index (segment checksums, every stored task, each document's task count), " +
			"every kept original against its SHA-256, every version file read to its end, the progress reports and the vocabulary; " +
			"names each damaged file and exits non-zero on any problem",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rep, err := checkDataDir(g)
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			if asJSON {
				if err := printJSON(stdout, rep); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(stdout, "段文件 %d 个,文件 %d 份,完好的任务 %d 项\n", rep.Segments, rep.Documents, rep.Tasks)
				fmt.Fprintf(stdout, "历史版本 %d 个,原件 %d 份,进度报告 %d 份\n", rep.Versions, rep.Originals, rep.Reports)
				for _, d := range rep.Damaged {
					fmt.Fprintf(stdout, "  段文件损坏:%s:%s\n", d.File, d.Reason)
				}
				for _, p := range rep.Problems {
					fmt.Fprintf(stdout, "  问题:%s\n", p)
				}
				for _, d := range rep.DamagedFiles {
					fmt.Fprintf(stdout, "  文件损坏:%s:%s\n", d.File, d.Reason)
				}
			}
			switch {
			case !rep.CheckReport.OK():
				return fmt.Errorf("索引有 %d 个损坏的段文件和 %d 个问题,另有 %d 个损坏的文件:请停止服务后运行 duban repair", len(rep.Damaged), len(rep.Problems), len(rep.DamagedFiles))
			case len(rep.DamagedFiles) > 0:
				return fmt.Errorf("有 %d 个损坏的文件(见上):它们不会被使用;损坏的原件可删去(该版本不再能下载原件或重新解析),损坏的版本可从备份恢复", len(rep.DamagedFiles))
			}
			if !asJSON {
				fmt.Fprintln(stdout, "索引完好")
				fmt.Fprintln(stdout, "历史版本、原件、进度报告和词表完好")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}
