// Package config holds the defaults, overridden by the environment.
package config

type Server struct{ Port int }
type Database struct{ Port int }
type Configuration struct {
	Database Database
	Server   Server
}

// Get returns the defaults: the database's port first, then the server's.
func Get() Configuration {
	return Configuration{
		Database: Database{
			Port: 5432,
		},
		Server: Server{
			Port: 80,
		},
	}
}
