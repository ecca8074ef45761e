package store

// Name is what the mailer answers with.
func Name() string { return "mailer" }
