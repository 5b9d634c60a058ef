// Command graphapi serves the graph of what terrorism reports say about armed
// groups and the institutions around them, and validates, generates and loads
// its seeds. Run `graphapi help` for the commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "graphapi:", err)
		os.Exit(1)
	}
}
