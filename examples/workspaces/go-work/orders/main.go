// The orders service of the go-work example.
package main

import (
	"fmt"
	"net/http"

	"example.com/shared"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, shared.Hello("orders")) })
	_ = http.ListenAndServe(":8080", nil)
}
