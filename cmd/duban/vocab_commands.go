package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

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
			if importFile != "" {
				m = g.main()
			}
			if err := m.OpenStore(); err != nil {
				return err
			}
			defer m.Close()
			switch {
			case importFile != "":
				raw, err := os.ReadFile(importFile)
				if err != nil {
					return err
				}
				v, err := vocab.Parse(string(raw))
				if err != nil {
					return fmt.Errorf("%s: %s", importFile, describe(err))
				}
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
					fmt.Fprintf(stdout, "%s = %s\t(%s;%d 项与 %d 项任务)\n", p.Merge.Name, p.Merge.Names[0], p.Text, p.Units[0].Tasks, p.Units[1].Tasks)
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
