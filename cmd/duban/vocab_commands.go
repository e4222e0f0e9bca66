package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/duban/duban/index"
	"github.com/duban/duban/vocab"
)

// vocabularyCommand prints, exports or imports the office's vocabulary,
// or lists the merges duban proposes.
func vocabularyCommand(g *globals, stdout io.Writer) *cobra.Command {
	var (
		importFile, out string
		proposals       bool
	)
	cmd := &cobra.Command{
		Use:   "vocabulary",
		Short: "print the office's vocabulary (units, leaders, synonyms) as its file, import one with --import, or list what duban proposes to merge",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m := g.reader()
			var v *vocab.Vocabulary
			if importFile != "" {
				m = g.main()
				raw, err := os.ReadFile(importFile)
				if err != nil {
					return err
				}
				if v, err = vocab.Parse(string(raw)); err != nil {
					return fmt.Errorf("%s: %s", importFile, describe(err))
				}
				if err := g.setBrokenVocabularyAside(stdout); err != nil {
					return err
				}
			}
			if err := m.OpenStore(); err != nil {
				return err
			}
			defer m.Close()
			switch {
			case importFile != "":
				if _, err := m.Vocabulary.Put(v, ""); err != nil {
					return fmt.Errorf("%s", describe(err))
				}
				fmt.Fprintf(stdout, "词表已导入:单位 %d 条,领导 %d 条,同义词 %d 组,不合并 %d 对,栏目规则 %d 条\n", len(v.Units), len(v.Leaders), len(v.Synonyms), len(v.Apart), len(v.Columns))
			case proposals:
				lex, err := m.Lexicon(cmd.Context())
				if err != nil {
					return fmt.Errorf("%s", describe(err))
				}
				for _, p := range lex.Proposals() {
					fmt.Fprintf(stdout, "%s = %s\t(%s;%d 项与 %d 项任务)\n", p.Merge.Name, p.Merge.Names[0], p.Text,
						proposalTasks(p, p.Merge.Name), proposalTasks(p, p.Merge.Names[0]))
				}
			default:
				w := stdout
				if out != "" {
					f, err := os.Create(out)
					if err != nil {
						return err
					}
					defer f.Close()
					w = f
				}
				_, err := io.WriteString(w, m.Vocabulary.Text())
				return err
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&importFile, "import", "", "replace the vocabulary with this file (the server must be stopped)")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write the file here instead of standard output")
	cmd.Flags().BoolVar(&proposals, "proposals", false, "list the merges duban proposes, as lines to paste under [单位]")
	return cmd
}

// proposalTasks is how many tasks the proposal counts under name (the
// counts printed in the order the names are).
func proposalTasks(p vocab.Proposal, name string) int {
	for _, u := range p.Units {
		if u.Name == name {
			return u.Tasks
		}
	}
	return 0
}

// setBrokenVocabularyAside moves a vocabulary file that no longer parses
// (broken by hand) aside as vocabulary.txt.broken-TIME, so --import can
// replace it: the file it replaces is kept, not read. Refused while a
// server holds the data dir.
func (g *globals) setBrokenVocabularyAside(stdout io.Writer) error {
	path := filepath.Join(g.dataDir, vocab.FileName)
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil // none, or the store's open says why
	}
	if _, err := vocab.Parse(string(raw)); err == nil {
		return nil
	}
	if pid, held := index.Held(g.dataDir); held {
		return fmt.Errorf("数据目录 %s 正被 duban 进程(PID %s)使用;请先停止服务再导入词表", g.dataDir, pid)
	}
	aside := path + ".broken-" + time.Now().Format("20060102-150405")
	if err := os.Rename(path, aside); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "原词表文件无法读取,已移到 %s\n", aside)
	return nil
}
