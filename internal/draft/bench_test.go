package draft

import (
	"os"
	"strings"
	"testing"
)

// pageBytes is one page of a report: about 500 words of English.
const pageBytes = 3000

// reportOf returns about pages pages of report text: the Mali chapter and the
// two test documents, concatenated in turn as the chapters of a longer report.
func reportOf(tb testing.TB, pages int) string {
	tb.Helper()
	chapters := []string{maliText(tb)}
	for _, name := range []string{"testdata/eval/burkina.txt", "testdata/eval/niger.txt"} {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		chapters = append(chapters, string(data))
	}
	var b strings.Builder
	for i := 0; b.Len() < pages*pageBytes; i++ {
		b.WriteString(chapters[i%len(chapters)])
		b.WriteString("\n\n")
	}
	return b.String()
}

func benchmarkDraft(b *testing.B, pages int) {
	text := reportOf(b, pages)
	idx := NewIndex(maliGraph(b))
	opts := Options{SourceID: "bench", Published: "2019-11", Country: "Mali"}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		Make(text, opts, idx)
	}
}

// The drafts, against the full Mali graph.
func BenchmarkDraft10Pages(b *testing.B)  { benchmarkDraft(b, 10) }
func BenchmarkDraft300Pages(b *testing.B) { benchmarkDraft(b, 300) }

// BenchmarkScan10Pages is the baseline: the alias index's scan for known
// names alone over the same text, what a name-matching importer does.
func BenchmarkScan10Pages(b *testing.B) {
	text := reportOf(b, 10)
	idx := NewIndex(maliGraph(b))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		idx.Scan(text, "Mali")
	}
}
