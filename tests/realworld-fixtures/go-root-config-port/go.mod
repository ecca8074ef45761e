module example.com/gists

go 1.26

require github.com/labstack/echo/v4 v4.13.3
