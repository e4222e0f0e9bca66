// Package seeds ships the notice duban serves on first start and the
// project's own judged queries, embedded in the binary.
package seeds

import (
	_ "embed"
	"encoding/json"
)

// NoticeName is the file name the seed notice is ingested under.
const NoticeName = "yuhang-2018-gzbg-tasks.txt"

// notice is the real 2018 notice of 杭州市余杭区人民政府办公室 with its
// attachment "2018年《政府工作报告》工作任务分解表" (83 tasks), exactly as it
// came out of its lossy conversion.
//
//go:embed yuhang-2018-gzbg-tasks.txt
var notice string

// Notice returns the seed notice's bytes.
func Notice() []byte { return []byte(notice) }

// queries is the project's judged query set: for each query the tasks of the
// seed it must find, whether it must find nothing else, and where one task
// is clearly the answer, which must rank first.
//
//go:embed queries.json
var queries string

// Query is one judged query. Q, Leader and Unit are as the search API takes
// them; Must lists the seqs of the seed's tasks it must find.
type Query struct {
	Q      string `json:"q,omitempty"`
	Leader string `json:"leader,omitempty"`
	Unit   string `json:"unit,omitempty"`
	Must   []int  `json:"must"`
	Only   bool   `json:"only,omitempty"`
	First  int    `json:"first,omitempty"`
	// MustFirst: the Must tasks rank above every other hit.
	MustFirst bool   `json:"must_first,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Queries returns the judged queries.
func Queries() ([]Query, error) {
	var qs []Query
	err := json.Unmarshal([]byte(queries), &qs)
	return qs, err
}
