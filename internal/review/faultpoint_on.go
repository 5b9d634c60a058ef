//go:build faultpoints

package review

import (
	"os"
	"syscall"
)

// faultPoint kills the process with SIGKILL at the step that
// GRAPHAPI_FAULT_POINT names, as a crash there would. Only a binary built with
// -tags faultpoints (internal/reliability's) has it.
func faultPoint(name string) {
	if os.Getenv("GRAPHAPI_FAULT_POINT") == name {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // the signal is on its way
	}
}
