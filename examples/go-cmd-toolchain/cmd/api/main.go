package main

import (
	"fmt"
	"log"
	"net/http"

	"example.com/shop/internal/greet"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, greet.Message())
	})

	log.Println("listening on :9090")
	log.Fatal(http.ListenAndServe(":9090", mux))
}
