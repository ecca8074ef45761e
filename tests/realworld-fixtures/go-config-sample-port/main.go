package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	addr := os.Getenv("NEWSLETTER_ADDRESS")
	if addr == "" {
		addr = readConfigAddress("config.toml")
	}
	log.Fatal(http.ListenAndServe(addr, nil))
}

func readConfigAddress(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	return parseAddress(string(b))
}
