package io.redstreams.examples.server;

/** The payload, as JSON in the entry's {@code payload} field. */
public record Order(long id, double amount) {
}
