package org.acme.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OrderResourceTest {

    @Test
    void findsAnOrder() {
        assertEquals("bagel", new OrderResource().order(2).item());
    }
}
