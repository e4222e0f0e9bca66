// Package seeds ships the notice duban serves on first start and the
// project's own judged queries, embedded in the binary.
package seeds

import _ "embed"

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
