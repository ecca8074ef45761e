module example.org/devtools

go 1.24

tool mvdan.cc/sh/v3/cmd/shfmt

require mvdan.cc/sh/v3 v3.12.0 // indirect
