module example.org/docs-site

go 1.23

require example.org/docs-theme v0.3.0 // indirect
