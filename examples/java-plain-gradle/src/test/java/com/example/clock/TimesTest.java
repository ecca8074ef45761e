package com.example.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void formatsInUtc() {
        assertEquals("1970-01-01T00:00:00Z", Times.format(Instant.EPOCH));
    }
}
