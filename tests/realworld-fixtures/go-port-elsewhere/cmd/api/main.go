// The main package only wires things up; the server listens in internal/server.
package main

import "example.com/portelsewhere/internal/server"

func main() {
	server.Run()
}
