// Command notes-storybook renders the UI components on their own, for development.
package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("components\n"))
	})
	log.Println("Listening on http://localhost:3001")
	log.Fatal(http.ListenAndServe(":3001", nil))
}
