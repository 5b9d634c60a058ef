package draft

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"unicode/utf8"
)

// PDFToText is the program that reads PDF reports: Debian's poppler-utils
// pdftotext (scripts/install-poppler.sh installs it).
var PDFToText = "pdftotext"

// ExtractPDF returns a PDF's text as pdftotext gives it, read in a separate
// process: UTF-8, reading order, page breaks left out, paragraphs separated by
// blank lines.
func ExtractPDF(ctx context.Context, data []byte) (string, error) {
	bin, err := exec.LookPath(PDFToText)
	if err != nil {
		return "", fmt.Errorf("reading a PDF needs %s from poppler-utils, which is not installed (run scripts/install-poppler.sh, or apt-get install poppler-utils): %w", PDFToText, err)
	}
	tmp, err := os.CreateTemp("", "graphapi-draft-*.pdf")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	var out, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-enc", "UTF-8", "-nopgbrk", "-q", tmp.Name(), "-")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("pdftotext could not read the PDF (exit %d): %s", exit.ExitCode(), strings.TrimSpace(stderr.String()))
		}
		return "", err
	}
	if !utf8.Valid(out.Bytes()) {
		return "", errors.New("pdftotext gave text that is not UTF-8")
	}
	return out.String(), nil
}
