package draft

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDebug(t *testing.T) {
	debugFrames = true
	text := os.Getenv("DBG")
	if text == "" {
		t.Skip()
	}
	d := newDrafter(text, Options{Country: os.Getenv("DBGC"), Published: "2019"}, NewIndex(nil))
	_ = d
	for _, r := range relStrings(t, text, os.Getenv("DBGC"), NewIndex(nil)) {
		fmt.Println("REL", r)
	}
	dd := Make(text, Options{Country: os.Getenv("DBGC"), Published: "2019"}, NewIndex(nil))
	for _, r := range dd.Relationships {
		fmt.Println("  ", r.From.Text, "|", r.Type, "|", r.To.Text, "|", r.Reason)
	}
	for _, e := range dd.Entities {
		fmt.Println("ENT", e.Name, e.Kind)
	}
}
