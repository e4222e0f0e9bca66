package source

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/richardlehane/mscfb"
)

// Legacy Office files (.doc and .wps, .xls and .et) are OLE compound files
// holding Word's or Excel's binary format. No maintained pure-Go library
// reads them well enough (README, "What it reads"), so they are converted
// to DOCX or XLSX by LibreOffice in headless mode, when it is installed,
// and read by the DOCX and XLSX readers. The compound file itself is opened
// here (mscfb) to tell Word from Excel, and a password-protected Office file
// from both, before anything is run.

// MaxConvertTime is how long one conversion may take; LibreOffice is
// stopped (its whole process group) when it runs over.
const MaxConvertTime = 90 * time.Second

// maxOLEEntries bounds the directory entries read from a compound file.
const maxOLEEntries = 10000

// installHint names what to install to read legacy Office files.
const installHint = "请安装 LibreOffice(Debian/Ubuntu:apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)后重试,或把文件另存为 DOCX/XLSX 再上传"

// oleKind tells what an OLE compound file holds by its streams: Word
// (WordDocument), Excel (Workbook or Book), or an encrypted OOXML package.
func oleKind(data []byte) (kind string, err error) {
	defer func() {
		if r := recover(); r != nil {
			kind, err = "", Errorf(EINVALID, "Office 文件已损坏,无法读取")
		}
	}()
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return "", Errorf(EINVALID, "Office 文件已损坏,无法读取(%v)", err)
	}
	n := 0
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		if n++; n > maxOLEEntries {
			break
		}
		switch entry.Name {
		case "WordDocument":
			kind = FormatDOC
		case "Workbook", "Book":
			if kind == "" {
				kind = FormatXLS
			}
		case "EncryptedPackage", "EncryptionInfo":
			return "", Errorf(EINVALID, "文件设有打开密码,无法读取;请提供未加密的文件")
		}
	}
	if kind == "" {
		return "", Errorf(EINVALID, "Office 文件既不是 Word(.doc/.wps)也不是 Excel(.xls/.et)")
	}
	return kind, nil
}

// readOLE reads a legacy Word or Excel file by converting it.
func readOLE(src *Source, data []byte, b *budget) error {
	kind, err := oleKind(data)
	if err != nil {
		return err
	}
	src.Format = kind
	ext, to := "doc", "docx"
	if kind == FormatXLS {
		ext, to = "xls", "xlsx"
	}
	out, err := convertOffice(b.ctx, data, ext, to)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		return Errorf(EINVALID, "LibreOffice 转换后的文件无法打开")
	}
	if err := checkZip(zr); err != nil {
		return err
	}
	src.Encoding = "utf-8"
	if kind == FormatDOC {
		src.Blocks, err = readDOCX(zr, b)
	} else {
		src.Blocks, err = readXLSX(out, b)
	}
	return err
}

// sofficePath finds LibreOffice's binary.
func sofficePath() (string, error) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	for _, p := range []string{"/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
		"/Applications/LibreOffice.app/Contents/MacOS/soffice"} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("soffice not found")
}

// convertOffice converts a file with LibreOffice in a directory of its own
// (and a profile of its own, so conversions may run side by side), within
// MaxConvertTime, and returns the converted file's bytes.
func convertOffice(parent context.Context, data []byte, ext, to string) ([]byte, error) {
	bin, err := sofficePath()
	if err != nil {
		return nil, Errorf(EINVALID, "读取 .%s 文件需要 LibreOffice,本机没有安装;%s", ext, installHint)
	}
	// named with this process's id, so a dir a killed process left can be
	// told from one a running conversion uses (RemoveStaleConversions)
	dir, err := os.MkdirTemp("", convertPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a directory for conversion: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "notice."+ext)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("cannot write the file to convert: %w", err)
	}
	ctx, cancel := context.WithTimeout(parent, MaxConvertTime)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--nologo", "--nolockcheck",
		"--convert-to", to, "--outdir", filepath.Join(dir, "out"), in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	// soffice starts soffice.bin: stop the whole group on time-out.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	runErr := cmd.Run()
	if parent.Err() != nil {
		return nil, ErrStopped(parent.Err())
	}
	if ctx.Err() != nil {
		return nil, Errorf(ETOOLARGE, "LibreOffice 转换 .%s 文件超过 %d 秒,已停止", ext, int(MaxConvertTime.Seconds()))
	}
	f, err := os.Open(filepath.Join(dir, "out", "notice."+to))
	if err != nil {
		return nil, Errorf(EINVALID, "LibreOffice 无法转换这个 .%s 文件(文件可能已损坏或设有密码)%s", ext, errSuffix(runErr))
	}
	defer f.Close()
	out, err := io.ReadAll(io.LimitReader(f, MaxFileBytes*4+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the converted file: %w", err)
	}
	if len(out) > MaxFileBytes*4 {
		return nil, Errorf(ETOOLARGE, "转换后的文件过大")
	}
	return out, nil
}

func errSuffix(err error) string {
	if err == nil {
		return ""
	}
	return ":" + err.Error()
}
