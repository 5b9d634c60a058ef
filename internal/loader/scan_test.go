package loader

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestScanText checks the streamed text check against isText's rules where the
// 1 MiB steps cut the input: a rune cut in two is sound, and a bad byte or a
// NUL past the cut is found at its own line and offset.
func TestScanText(t *testing.T) {
	const step = 1 << 20
	line := strings.Repeat("x", 99) + "\n" // 100 bytes
	pad := func(n int) string { return strings.Repeat(line, n/len(line)) + strings.Repeat("y", n%len(line)) }
	tests := []struct {
		name string
		data string
		want string // the problem, "" for text
	}{
		{"empty", "", ""},
		{"a rune across the cut", pad(step-1) + "é\n", ""},
		{"a rune ending at the cut", pad(step-2) + "é" + line, ""},
		{"a four-byte rune across the cut", pad(step-2) + "𝄞" + line, ""},
		{"a bad byte after the cut", pad(step+5) + "\xff\n", "f:10486: not UTF-8 (byte 0xff at offset 1048581)"},
		{"a rune cut short at the end", pad(10) + "\xc3", "f:1: not UTF-8 (byte 0xc3 at offset 10)"},
		{"a NUL after a bad byte", "\xff\n" + pad(step+100) + "\x00", "f:10488: binary file (NUL byte)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var probs problemList
			text, err := scanText("f", strings.NewReader(tt.data), &probs)
			if err != nil {
				t.Fatal(err)
			}
			var whole problemList
			if isText("f", []byte(tt.data), &whole) != text {
				t.Errorf("isText and scanText disagree")
			}
			switch {
			case tt.want == "" && (!text || len(probs.items) > 0):
				t.Errorf("refused: %v", probs.items)
			case tt.want != "" && (text || len(probs.items) != 1 || !strings.HasPrefix(probs.items[0].String(), tt.want)):
				t.Errorf("got %v, want %q", probs.items, tt.want)
			}
			if tt.want != "" && !bytes.Contains([]byte(tt.data), []byte{0}) && !strings.Contains(tt.want, "NUL") {
				if got, want := invalidAt([]byte(tt.data)), strings.Index(tt.data, tt.data[invalidAt([]byte(tt.data)):]); got != want {
					t.Errorf("invalidAt %d, want %d", got, want)
				}
			}
		})
	}
}

// TestIDIndex checks ids on both sides of the fixed-size keys' bound, and ids
// that a fixed-size key could confuse.
func TestIDIndex(t *testing.T) {
	ids := []string{"", "a", "ab", "ab\x00", "fifteen-bytes-x", "sixteen-bytes-xx", strings.Repeat("long", 50)}
	x := idIndex{short: map[[16]byte]int32{}, long: map[string]int32{}}
	for i, id := range ids {
		t.Run(fmt.Sprintf("%q", id), func(t *testing.T) {
			if x.has(id) {
				t.Fatalf("found before it was put")
			}
			x.put(id, int32(i))
			if got, ok := x.get(id); !ok || got != int32(i) {
				t.Errorf("get: %d, %v; want %d", got, ok, i)
			}
		})
	}
	for i, id := range ids {
		if got, _ := x.get(id); got != int32(i) {
			t.Errorf("%q: got %d after all were put, want %d", id, got, i)
		}
	}
}
