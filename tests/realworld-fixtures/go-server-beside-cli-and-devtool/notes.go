// Package notes holds the domain types the server and the CLI share.
package notes

// Note is one saved note.
type Note struct {
	ID   int
	Text string
}
