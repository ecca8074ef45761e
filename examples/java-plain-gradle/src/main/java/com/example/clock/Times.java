package com.example.clock;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

final class Times {

    private Times() {}

    static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
