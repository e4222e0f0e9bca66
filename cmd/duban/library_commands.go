package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/duban/duban/api"
	"github.com/duban/duban/index"
	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
)

// The commands of a document's life: its versions, restore, delete (to the
// trash), the trash, and reading kept originals again with the current
// parser.

var whoLabel = map[string]string{library.WhoToken: "口令写入", library.WhoLocal: "本机", library.WhoReparse: "重新解析", library.WhoSeed: "内置示例"}

var actionLabel = map[string]string{library.ActionImport: "导入", library.ActionRestore: "恢复", library.ActionReparse: "重新解析", library.ActionAdopt: "早期导入",
	library.ActionEdit: "人工校正"}

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
				who := whoLabel[v.Who]
				if v.By != "" {
					who += "(" + v.By + ")"
				}
				fmt.Fprintf(stdout, "%s 第 %d 版\t%s\t%s%s\t%s\t任务 %d 条\t%s\t%s\t%s\n", mark, v.Version, v.At.Local().Format("2006-01-02 15:04"),
					actionLabel[v.Action], from, v.Source, v.Tasks, who, original, shortSum(v.Checksum))
				if c := v.Correction; c != nil {
					fmt.Fprintf(stdout, "    %s\n", correctionLine(c))
				}
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
			// the pipeline of duban ingest, under its memory limit
			defer index.LimitIngestMemory()()
			results, err := m.Library.Reparse(cmd.Context(), ids, apply)
			damaged := 0
			for _, r := range results {
				if r.Damaged {
					damaged++
				}
				switch {
				case r.Error != "":
					fmt.Fprintf(stdout, "无法重新解析\t%s\t%s\t%s\n", r.ID, r.Title, r.Error)
				case r.Diff.Empty() && r.Applied:
					fmt.Fprintf(stdout, "任务无变化,已更新为第 %d 版\t%s\t%s\n", r.Version, r.ID, r.Title)
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
				if r.Error == "" && r.Corrections > 0 {
					fmt.Fprintf(stdout, "  保留人工校正 %d 条\n", r.Corrections)
				}
				for _, w := range r.Stale {
					fmt.Fprintf(stdout, "  不再保留的人工校正:%s\n", w.Message)
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

// editCommand corrects a task by hand: directly in the data dir when no
// server holds it, else through the running server (PATCH /api/tasks/:id,
// DELETE with --delete), as duban backup goes through it.
func editCommand(g *globals, stdout io.Writer) *cobra.Command {
	var (
		text, deadline, who     string
		leaders, units, coUnits []string
		expect                  int
		remove                  bool
	)
	cmd := &cobra.Command{
		Use:   "edit TASK_ID [--text …] [--leaders …] [--units …] [--co-units …] [--deadline …] [--delete] [--who NAME]",
		Short: "correct a task by hand (lists 、-separated or flags repeated; an empty --co-units \"\" clears them): a new version of its document, kept through every later reparse",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p library.Patch
			fl := cmd.Flags()
			if fl.Changed("text") {
				p.Text = &text
			}
			if fl.Changed("deadline") {
				p.Deadline = &deadline
			}
			if fl.Changed("leaders") {
				p.Leaders = &leaders
			}
			if fl.Changed("units") {
				p.Units = &units
			}
			if fl.Changed("co-units") {
				p.CoUnits = &coUnits
			}
			changes := p.Text != nil || p.Deadline != nil || p.Leaders != nil || p.Units != nil || p.CoUnits != nil
			switch {
			case remove && changes:
				return fmt.Errorf("--delete 不能与要修改的字段同时给出")
			case !remove && !changes:
				return fmt.Errorf("请给出要修改的字段:--text、--leaders、--units、--co-units、--deadline(或 --delete 删除任务)")
			}
			if pid, held := index.Held(g.dataDir); held {
				rec, err := readServeRecord(g.dataDir)
				if err != nil {
					return fmt.Errorf("数据目录 %s 正被 duban 进程(PID %s)使用,但它不是 duban serve;请等它结束后再修改", g.dataDir, pid)
				}
				e, err := editThroughServer(cmd, rec.URL, args[0], p, remove, expect, who)
				if err != nil {
					return fmt.Errorf("%s", describe(err))
				}
				printEdited(stdout, e, "经由运行中的服务 "+rec.URL)
				return nil
			}
			m := g.main()
			if err := m.openForIngest(); err != nil {
				return err
			}
			defer m.Close()
			o := library.EditOptions{Expect: expect, Who: library.WhoLocal, By: who}
			var e *library.Edited
			var err error
			if remove {
				e, err = m.Library.DeleteTask(cmd.Context(), args[0], o)
			} else {
				e, err = m.Library.EditTask(cmd.Context(), args[0], p, o)
			}
			if err != nil {
				return fmt.Errorf("%s", describe(err))
			}
			printEdited(stdout, e, "")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&text, "text", "", "the task's text")
	f.StringArrayVar(&leaders, "leaders", nil, "lead leaders (、-separated, or the flag repeated)")
	f.StringArrayVar(&units, "units", nil, "lead units (、-separated, or the flag repeated); a task keeps at least one")
	f.StringArrayVar(&coUnits, "co-units", nil, "co-operating units (、-separated, or the flag repeated)")
	f.StringVar(&deadline, "deadline", "", "the deadline as written (2019年6月底)")
	f.BoolVar(&remove, "delete", false, "delete the task")
	f.IntVar(&expect, "expect", 0, "the document version you saw: a newer one refuses the edit")
	f.StringVar(&who, "who", "", "your name, kept in the history with the correction")
	return cmd
}

// printEdited says what a correction did.
func printEdited(w io.Writer, e *library.Edited, via string) {
	c := e.Correction
	if via != "" {
		via = "\t" + via
	}
	if c.Kind == library.KindDelete {
		fmt.Fprintf(w, "已删除\t%s\t第 %d 项\t文件 %s 第 %d 版%s\n", strings.Join(e.Removed, " "), c.Seq, e.Document, e.Version, via)
		return
	}
	for _, t := range e.Tasks {
		fmt.Fprintf(w, "已校正\t%s\t%s\t文件 %s 第 %d 版%s\n", t.ID, fieldLabels(c.Fields), e.Document, e.Version, via)
		for _, f := range c.Fields {
			fmt.Fprintf(w, "  %s:%s → %s\n", library.FieldLabels[f], fieldValue(c.Before, f), fieldValue(c.After, f))
		}
	}
}

func fieldLabels(fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = library.FieldLabels[f]
	}
	return strings.Join(out, "、")
}

func fieldValue(f *library.TaskFields, field string) string {
	if f == nil {
		return "—"
	}
	v := ""
	switch field {
	case "text":
		v = trimRunes(f.Text, 40)
	case "leaders":
		v = strings.Join(f.Leaders, "、")
	case "units":
		v = strings.Join(f.Units, "、")
	case "co_units":
		v = strings.Join(f.CoUnits, "、")
	case "deadline":
		v = f.Deadline
	}
	if v == "" {
		return "(空)"
	}
	return v
}

// editThroughServer asks the running server to make the correction, with
// DUBAN_TOKEN when it is set.
func editThroughServer(cmd *cobra.Command, base, taskID string, p library.Patch, remove bool, expect int, who string) (*library.Edited, error) {
	target := base + "/api/tasks/" + url.PathEscape(taskID)
	method, body := http.MethodPatch, io.Reader(nil)
	if remove {
		method = http.MethodDelete
		q := url.Values{}
		if expect != 0 {
			q.Set("expect", strconv.Itoa(expect))
		}
		if who != "" {
			q.Set("by", who)
		}
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
	} else {
		raw, err := json.Marshal(struct {
			library.Patch
			Expect int    `json:"expect,omitempty"`
			By     string `json:"by,omitempty"`
		}{p, expect, who})
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(cmd.Context(), method, target, body)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token := os.Getenv("DUBAN_TOKEN"); token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the running server at %s: %w", base, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var eb api.ErrorBody
		if json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&eb) == nil && eb.Error.Message != "" {
			return nil, ingest.Errorf(eb.Error.Code, "服务器拒绝修改(%d):%s", resp.StatusCode, eb.Error.Message)
		}
		return nil, fmt.Errorf("the server answered %s", resp.Status)
	}
	var e library.Edited
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&e); err != nil || e.Correction == nil {
		return nil, fmt.Errorf("the server's answer is not a correction: %v", err)
	}
	return &e, nil
}

// correctionLine says a correction in one line: what, of which task,
// before → after.
func correctionLine(c *library.Correction) string {
	switch c.Kind {
	case library.KindAdd:
		return fmt.Sprintf("新增 第 %d 项:%s(牵头单位 %s)", c.Seq, trimRunes(c.After.Text, 40), strings.Join(c.After.Units, "、"))
	case library.KindDelete:
		return fmt.Sprintf("删除 第 %d 项:%s", c.Seq, trimRunes(c.Text, 40))
	case library.KindSplit:
		return fmt.Sprintf("拆分 第 %d 项为第 %d 项和第 %d 项", c.Seq, c.Seq, c.OtherSeq)
	case library.KindMerge:
		return fmt.Sprintf("合并 第 %d 项到第 %d 项", c.OtherSeq, c.Seq)
	}
	var parts []string
	for _, f := range c.Fields {
		parts = append(parts, fmt.Sprintf("%s %s → %s", library.FieldLabels[f], fieldValue(c.Before, f), fieldValue(c.After, f)))
	}
	return fmt.Sprintf("校正 第 %d 项:%s", c.Seq, strings.Join(parts, ";"))
}
