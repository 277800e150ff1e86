package io.redstreams.examples.hello;

/** The payload: sent as JSON ({@code {"name":"Ada"}}) in the entry's {@code payload} field. */
public record Greeting(String name) {
}
