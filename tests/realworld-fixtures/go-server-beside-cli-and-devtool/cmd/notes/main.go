// Command notes is the command-line client of notesd.
package main

import (
	"fmt"
	"os"
)

type listCommand struct{}

func (c *listCommand) Run(args []string) error {
	fmt.Println("listing notes from", os.Getenv("NOTES_URL"))
	return nil
}

func main() {
	if err := (&listCommand{}).Run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
