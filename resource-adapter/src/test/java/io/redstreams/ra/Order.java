package io.redstreams.ra;

/** A JSON payload of the tests. */
public record Order(String id, double amount) {
}
