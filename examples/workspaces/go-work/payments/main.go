// The payments service of the go-work example.
package main

import (
	"fmt"
	"net/http"

	"example.com/shared"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, shared.Hello("payments")) })
	_ = http.ListenAndServe(":8081", nil)
}
