package io.redstreams.reader;

import io.redstreams.StreamType;

/** A typed payload of the reader tests. */
@StreamType("trade")
public record Trade(long id, String symbol) {
}
