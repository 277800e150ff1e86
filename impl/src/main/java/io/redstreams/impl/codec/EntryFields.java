package io.redstreams.impl.codec;

import java.util.Set;

/**
 * The wire format's reserved field names. Every other field of an entry is a header.
 */
public final class EntryFields {

    /** The payload: JSON text, plain text, or raw bytes. */
    public static final String PAYLOAD = "payload";

    /** The optional type of the payload, used by {@code StreamConsumer#types()}. */
    public static final String TYPE = "type";

    static final Set<String> RESERVED = Set.of(PAYLOAD, TYPE);

    private EntryFields() {
    }
}
