package draft

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Extract returns a report's text: plain text as it is, HTML through
// ExtractHTML, PDF through ExtractPDF. The format is the file's: %PDF- at the
// start, or an .html/.htm name or an <html> opening; anything else must be
// UTF-8 text. The text returned is what the draft pack keeps, byte for byte.
func Extract(ctx context.Context, name string, data []byte) (string, error) {
	ext := strings.ToLower(filepath.Ext(name))
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 512)]))
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")) || ext == ".pdf":
		return ExtractPDF(ctx, data)
	case ext == ".html" || ext == ".htm" || ext == ".xhtml" || bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")):
		return ExtractHTML(data)
	}
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%s is neither UTF-8 text, HTML nor PDF: byte %d is not UTF-8", name, invalidByte(data))
	}
	return string(data), nil
}

func invalidByte(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}
