//go:build !faultpoints

package review

// faultPoint names a step of a seed change (journal.go) at which the fault
// tests of internal/reliability kill the server; it does nothing in a binary
// built without the faultpoints tag.
func faultPoint(string) {}
