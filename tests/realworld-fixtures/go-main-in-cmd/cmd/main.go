package main

import (
	"log"
	"net/http"

	"example.com/mailer/internal/store"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(store.Name()))
	})
	log.Fatal(http.ListenAndServe(":8025", nil))
}
