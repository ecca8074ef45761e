package org.acme.orders;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/")
public class OrderResource {

    public record Order(long id, String item, int quantity) {}

    private static final List<Order> ORDERS = List.of(
            new Order(1, "coffee", 2),
            new Order(2, "bagel", 1));

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "hello from java-quarkus-maven";
    }

    @GET
    @Path("orders/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Order order(@PathParam("id") long id) {
        return ORDERS.stream().filter(o -> o.id() == id).findFirst().orElseThrow(
                () -> new jakarta.ws.rs.NotFoundException("no order " + id));
    }
}
