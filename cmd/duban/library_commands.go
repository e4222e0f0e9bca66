package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/duban/duban/library"
)

// The commands of a document's life: its versions, restore, delete (to the
// trash), the trash, and reading kept originals again with the current
// parser.

var whoLabel = map[string]string{library.WhoToken: "口令写入", library.WhoLocal: "本机", library.WhoReparse: "重新解析", library.WhoSeed: "内置示例"}

var actionLabel = map[string]string{library.ActionImport: "导入", library.ActionRestore: "恢复", library.ActionReparse: "重新解析", library.ActionAdopt: "早期导入"}

func versionsCommand(g *globals, stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "versions DOC",
		Short: "list a document's kept versions: when, which file, who, how many tasks",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m := g.reader()
			if err := m.OpenStore(); err != nil {
				return err
			}
			defer m.Close()
			h, err := m.Library.Versions(args[0])
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			state := fmt.Sprintf("当前为第 %d 版", h.Current)
			if h.Trashed {
				state = "在回收站中"
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\n", h.ID, h.Title, state)
			for _, v := range h.Versions {
				mark := " "
				if v.Current {
					mark = "*"
				}
				from := ""
				if v.From > 0 {
					from = fmt.Sprintf("(第 %d 版)", v.From)
				}
				original := "未保留原件"
				if v.Original {
					original = "保留原件"
				}
				fmt.Fprintf(stdout, "%s 第 %d 版\t%s\t%s%s\t%s\t任务 %d 条\t%s\t%s\t%s\n", mark, v.Version, v.At.Local().Format("2006-01-02 15:04"),
					actionLabel[v.Action], from, v.Source, v.Tasks, whoLabel[v.Who], original, shortSum(v.Checksum))
			}
			return nil
		},
	}
}

func shortSum(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

func restoreCommand(g *globals, stdout io.Writer) *cobra.Command {
	var (
		version int
		replace bool
	)
	cmd := &cobra.Command{
		Use:   "restore DOC | restore FILE --data DIR [--replace]",
		Short: "make a kept version of a document current again (--version N; without it the latest kept one, which brings a document back from the trash); given a backup archive, restore the whole data dir from it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if isArchiveArg(args[0]) {
				if cmd.Flags().Changed("version") {
					return fmt.Errorf("--version is for a document's versions, not for a backup archive")
				}
				return restoreArchive(g, stdout, args[0], replace)
			}
			if replace {
				return fmt.Errorf("没有找到备份文件 %s(--replace 只用于从备份恢复整个数据目录)", args[0])
			}
			m := g.main()
			if err := m.openForIngest(); err != nil {
				return err
			}
			defer m.Close()
			v, err := m.Library.Restore(args[0], version, 0, library.WhoLocal)
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			fmt.Fprintf(stdout, "已恢复\t%s\t第 %d 版成为当前版本(第 %d 版)\t任务 %d 条\n", args[0], v.From, v.Version, v.Tasks)
			return nil
		},
	}
	cmd.Flags().IntVar(&version, "version", library.Latest, "the version to bring back")
	cmd.Flags().BoolVar(&replace, "replace", false, "restoring a backup over a data dir that is not empty: move it aside to DIR.before-restore-TIME first")
	return cmd
}

func deleteCommand(g *globals, stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "delete DOC",
		Short: "move a document to the trash (duban restore brings it back; duban trash --empty erases it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m := g.main()
			if err := m.openForIngest(); err != nil {
				return err
			}
			defer m.Close()
			if err := m.Library.Delete(args[0], library.WhoLocal); err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			fmt.Fprintf(stdout, "已移入回收站\t%s\n", args[0])
			return nil
		},
	}
}

func trashCommand(g *globals, stdout io.Writer) *cobra.Command {
	var (
		empty bool
		id    string
	)
	cmd := &cobra.Command{
		Use:   "trash",
		Short: "list the documents in the trash, or erase them for good (--empty, or --empty --id DOC)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m := g.main()
			if !empty {
				m = g.reader()
			}
			if err := m.openForIngest(); err != nil {
				return err
			}
			defer m.Close()
			if empty {
				ids, err := m.Library.EmptyTrash(id)
				if err != nil {
					return fmt.Errorf("%s", describe(err))
				}
				fmt.Fprintf(stdout, "已彻底删除 %d 份文件:%s\n", len(ids), strings.Join(ids, " "))
				return nil
			}
			vs, ids, err := m.Library.Trash()
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			for i, v := range vs {
				fmt.Fprintf(stdout, "%s\t%d年\t%s\t第 %d 版\t任务 %d 条\t%s\n", ids[i], v.Year, v.Title, v.Version, v.Tasks, v.Source)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&empty, "empty", false, "erase the documents in the trash for good")
	cmd.Flags().StringVar(&id, "id", "", "with --empty: only this document")
	return cmd
}

func reparseCommand(g *globals, stdout io.Writer) *cobra.Command {
	var apply bool
	cmd := &cobra.Command{
		Use:   "reparse [DOC…]",
		Short: "read the kept originals again with this version's parser and show what would change (--apply keeps each change as a new version)",
		RunE: func(cmd *cobra.Command, ids []string) error {
			m := g.main()
			if !apply {
				m = g.reader()
			}
			if err := m.openForIngest(); err != nil {
				return err
			}
			defer m.Close()
			results, err := m.Library.Reparse(cmd.Context(), ids, apply)
			damaged := 0
			for _, r := range results {
				if r.Damaged {
					damaged++
				}
				switch {
				case r.Error != "":
					fmt.Fprintf(stdout, "无法重新解析\t%s\t%s\t%s\n", r.ID, r.Title, r.Error)
				case r.Diff.Empty():
					fmt.Fprintf(stdout, "无变化\t%s\t%s\n", r.ID, r.Title)
				default:
					state := "将变化"
					if r.Applied {
						state = fmt.Sprintf("已更新为第 %d 版", r.Version)
					}
					fmt.Fprintf(stdout, "%s\t%s\t%s\t新增 %d 项,删除 %d 项,改动 %d 项,未用 %d 行\n", state, r.ID, r.Title,
						len(r.Diff.Added), len(r.Diff.Removed), len(r.Diff.Changed), r.Unused)
					for _, c := range r.Diff.Changed {
						printChange(stdout, c)
					}
				}
			}
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			if damaged > 0 {
				return fmt.Errorf("%d 份原件已损坏,没有重新解析(见上);请运行 duban check 查看", damaged)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&apply, "apply", false, "keep each change as a new version of its document")
	return cmd
}
