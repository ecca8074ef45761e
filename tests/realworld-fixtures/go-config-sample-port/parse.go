package main

import "strings"

// parseAddress reads `address = "host:port"` from the [app] section.
func parseAddress(text string) string {
	for _, line := range strings.Split(text, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && strings.TrimSpace(k) == "address" {
			return strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	return ""
}
