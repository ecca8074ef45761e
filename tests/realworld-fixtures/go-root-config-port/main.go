// Serves on the address config.yml names; Echo's own default port is never used.
package main

import "github.com/labstack/echo/v4"

func main() {
	cfg := loadConfig("config.yml")
	e := echo.New()
	e.Logger.Fatal(e.Start(cfg.Host + ":" + cfg.Port))
}
