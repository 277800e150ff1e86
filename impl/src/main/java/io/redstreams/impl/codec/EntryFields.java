package io.redstreams.impl.codec;

import java.util.List;
import java.util.Set;

/**
 * The wire format's reserved field names. Every other field of an entry is a header.
 */
public final class EntryFields {

    /** The payload: JSON text, plain text, or raw bytes. */
    public static final String PAYLOAD = "payload";

    /** The optional type of the payload, used by {@code StreamConsumer#types()}. */
    public static final String TYPE = "type";

    /** The W3C trace context of the send (its {@code traceparent} header), written when tracing is on. */
    public static final String TRACEPARENT = "traceparent";

    /** The W3C {@code tracestate} of the send, written when tracing is on and it is not empty. */
    public static final String TRACESTATE = "tracestate";

    /** Fields that are never headers. */
    static final Set<String> RESERVED = Set.of(PAYLOAD, TYPE, TRACEPARENT, TRACESTATE);

    /** Trace fields: transport, not data; hidden from headers and from {@code Map<String, String>} payloads. */
    static boolean isTrace(String name) {
        return TRACEPARENT.equals(name) || TRACESTATE.equals(name);
    }

    /** A dead letter's failure reason: the exception class and message. */
    public static final String DEAD_LETTER_ERROR = "error";
    /** The stream a dead letter came from. */
    public static final String DEAD_LETTER_SOURCE_STREAM = "source-stream";
    /** The id a dead letter had in its source stream. */
    public static final String DEAD_LETTER_SOURCE_ID = "source-id";
    /** The consumer group that gave up on a dead letter. */
    public static final String DEAD_LETTER_GROUP = "group";
    /** How many deliveries a dead letter had. */
    public static final String DEAD_LETTER_DELIVERIES = "deliveries";

    /** The fields a dead letter gets after the original ones, in this order. */
    public static final List<String> DEAD_LETTER_BOOKKEEPING = List.of(DEAD_LETTER_ERROR, DEAD_LETTER_SOURCE_STREAM,
            DEAD_LETTER_SOURCE_ID, DEAD_LETTER_GROUP, DEAD_LETTER_DELIVERIES);

    private EntryFields() {
    }
}
