package io.redstreams.cdi;

import io.redstreams.StreamType;

/** A typed payload used by the tests. */
@StreamType("order")
public record Order(long id, double amount) {
}
