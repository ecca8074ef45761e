package main

// Settings read from config.yml at start.
type Settings struct {
	Host string
	Port string
}

func loadConfig(path string) Settings {
	_ = path
	return Settings{}
}
