package com.example.depot.common;

/** What both apps answer with. */
public final class Greeting {
    private Greeting() {}

    public static String of(String app) {
        return "hello from maven-two-spring-apps " + app;
    }
}
