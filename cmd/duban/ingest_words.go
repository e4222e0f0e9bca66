package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/duban/duban/ingest"
	"github.com/duban/duban/library"
)

// sameNoticeRefusal is the refusal of a file that looks like a document
// already kept, in the command line's words (--replace, --as-new).
func sameNoticeRefusal(cands []library.Candidate) error {
	var names []string
	for _, c := range cands {
		names = append(names, fmt.Sprintf("%s(%d 年,%s)", c.ID, c.Year, c.Title))
	}
	id := "文件id"
	if len(cands) == 1 {
		id = cands[0].ID
	}
	return ingest.Errorf(ingest.ECONFLICT, "这份文件看起来与已有的文件是同一份通知:%s。请用 --replace %s 作为它的新版本导入,或用 --as-new 作为新文件导入",
		strings.Join(names, "、"), id)
}

// describeIngest is describe, with a same-notice refusal in the command
// line's words.
func describeIngest(err error) string {
	var same *library.SameNoticeError
	if errors.As(err, &same) {
		return describe(sameNoticeRefusal(same.Candidates))
	}
	return describe(err)
}

// fieldNamesCN are a task's fields as the office names them.
var fieldNamesCN = map[string]string{"text": "任务内容", "leaders": "牵头领导", "units": "牵头单位", "co_units": "配合单位",
	"deadline": "完成时限", "section": "所属部分", "seq": "序号", "targets": "量化指标", "due": "完成日期", "extra": "其他列"}

// fieldsCN names changed fields in Chinese (a field without a name as it is).
func fieldsCN(fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		if n := fieldNamesCN[f]; n != "" {
			out[i] = n
		} else {
			out[i] = f
		}
	}
	return strings.Join(out, "、")
}
