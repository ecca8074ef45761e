// Package fnv hashes strings with a small C function, called through cgo.
package fnv

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fnv1a(const char *s) {
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < strlen(s); i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}
*/
import "C"

import "unsafe"

// Sum32 returns the 32-bit FNV-1a hash of s, computed in C.
func Sum32(s string) uint32 {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	return uint32(C.fnv1a(cs))
}
