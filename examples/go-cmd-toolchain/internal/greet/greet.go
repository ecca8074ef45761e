// Package greet builds the response body served by the API.
package greet

// Message returns the fixed greeting for this example.
func Message() string {
	return "hello from go-cmd-toolchain"
}
