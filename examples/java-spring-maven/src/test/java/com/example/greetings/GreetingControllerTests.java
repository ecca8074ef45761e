package com.example.greetings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GreetingControllerTests {

    @Test
    void greetsByName() {
        assertThat(new GreetingController().greet("Ada")).containsEntry("greeting", "Hello, Ada!");
    }
}
