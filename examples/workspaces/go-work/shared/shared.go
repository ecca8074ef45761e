// Package shared holds what both services answer with.
package shared

// Hello is the body both services send, naming the service.
func Hello(service string) string { return "hello from go-work " + service }
