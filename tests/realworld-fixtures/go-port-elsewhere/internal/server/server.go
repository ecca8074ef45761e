package server

import (
	"log"

	"github.com/gofiber/fiber/v2"
)

const dbPort = 5432

// Run serves on a port stated here, not in the main package and not Fiber's default 3000.
func Run() {
	app := fiber.New()
	log.Printf("database on %d", dbPort)
	log.Fatal(app.Listen(":8081"))
}
