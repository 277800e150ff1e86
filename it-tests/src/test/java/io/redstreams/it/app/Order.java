package io.redstreams.it.app;

/**
 * The payload of the test applications, mapped with JSON-B. A negative amount makes the consumers fail (see
 * {@link Amounts}).
 *
 * @param id     unique within a test
 * @param amount what the consumers look at
 */
public record Order(long id, double amount) {
}
