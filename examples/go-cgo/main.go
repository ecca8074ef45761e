package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"example.com/greeter/internal/fnv"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "hello from go-cgo (fnv1a %08x)", fnv.Sum32("go-cgo"))
	})

	addr := "0.0.0.0:" + port
	log.Printf("listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}
