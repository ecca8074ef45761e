// Command notesd serves the notes API; its address comes from the environment.
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("notes\n"))
	})
	srv := &http.Server{Addr: os.Getenv("NOTES_ADDR"), Handler: mux}
	log.Fatal(srv.ListenAndServe())
}
