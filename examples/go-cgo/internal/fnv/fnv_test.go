package fnv

import "testing"

func TestSum32(t *testing.T) {
	if got := Sum32(""); got != 2166136261 {
		t.Fatalf("Sum32(\"\") = %d", got)
	}
}
