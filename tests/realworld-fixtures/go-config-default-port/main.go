package main

import (
	"fmt"
	"net/http"

	"example.com/configport/config"
)

func main() {
	c := config.Get()
	_ = http.ListenAndServe(fmt.Sprintf(":%d", c.Server.Port), nil)
}
