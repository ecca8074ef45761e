module example.com/shop

go 1.23.0

toolchain go1.24.5
