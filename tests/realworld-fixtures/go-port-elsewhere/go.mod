module example.com/portelsewhere

go 1.25

require github.com/gofiber/fiber/v2 v2.52.0
