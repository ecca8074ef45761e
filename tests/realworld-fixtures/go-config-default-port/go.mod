module example.com/configport

go 1.26
