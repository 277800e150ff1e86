package io.redstreams.impl.otel;

import java.nio.charset.StandardCharsets;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * Reads the common W3C {@code traceparent} straight from an entry's field bytes: version {@code 00}, exactly 55
 * characters, lower-case hex flags. Anything else (another version, a different length, a {@code tracestate} to
 * parse) is left to the {@code W3CTraceContextPropagator}, whose result this equals where it answers: it skips the
 * propagator's text copy of the field and its substrings. Writes it for a span context without a trace state the
 * same way. Thread-safe (stateless).
 */
final class TraceParent {

    private static final int LENGTH = 55;
    private static final int TRACE_ID = 3;
    private static final int SPAN_ID = 36;
    private static final int FLAGS = 53;

    private TraceParent() {
    }

    /**
     * The remote span context in {@code value} (a field's UTF-8 bytes); {@link SpanContext#getInvalid()} when its
     * ids are not valid (as the propagator would say), {@code null} when this fast path does not apply.
     */
    static SpanContext parse(byte[] value) {
        if (value.length != LENGTH || value[0] != '0' || value[1] != '0' || value[TRACE_ID - 1] != '-'
                || value[SPAN_ID - 1] != '-' || value[FLAGS - 1] != '-') {
            return null;
        }
        int high = hex(value[FLAGS]);
        int low = hex(value[FLAGS + 1]);
        if (high < 0 || low < 0) {
            return null;
        }
        // ISO-8859-1 keeps one char per byte: a byte that is not ASCII becomes a char that is not hex, so the ids
        // are invalid, as they are for the propagator (for which the UTF-8 text has a different length)
        String traceId = new String(value, TRACE_ID, SPAN_ID - 1 - TRACE_ID, StandardCharsets.ISO_8859_1);
        String spanId = new String(value, SPAN_ID, FLAGS - 1 - SPAN_ID, StandardCharsets.ISO_8859_1);
        SpanContext context = SpanContext.createFromRemoteParent(traceId, spanId,
                TraceFlags.fromByte((byte) (high << 4 | low)), TraceState.getDefault());
        return context.isValid() ? context : SpanContext.getInvalid();
    }

    /**
     * The {@code traceparent} of a valid span context as UTF-8 bytes, as the W3C propagator writes it
     * ({@code 00-<trace id>-<span id>-<flags>}).
     */
    static byte[] format(SpanContext context) {
        byte[] value = new byte[LENGTH];
        value[0] = '0';
        value[1] = '0';
        value[TRACE_ID - 1] = '-';
        copy(context.getTraceId(), value, TRACE_ID);
        value[SPAN_ID - 1] = '-';
        copy(context.getSpanId(), value, SPAN_ID);
        value[FLAGS - 1] = '-';
        copy(context.getTraceFlags().asHex(), value, FLAGS);
        return value;
    }

    private static void copy(String ascii, byte[] to, int at) {
        for (int i = 0; i < ascii.length(); i++) {
            to[at + i] = (byte) ascii.charAt(i);
        }
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }
}
