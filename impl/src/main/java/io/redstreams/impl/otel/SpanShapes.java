package io.redstreams.impl.otel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.opentelemetry.api.common.Attributes;

/**
 * The parts of redstreams' spans that are the same for every send to a stream or every delivery of a stream to a
 * group: the span names and the constant attributes, built once rather than per message. Remembers at most
 * {@value #MAX} streams (and as many groups per stream); beyond that it builds them per call, so streams named per
 * message cannot grow it without bound. Thread-safe.
 */
final class SpanShapes {

    static final int MAX = 1024;

    private final ConcurrentMap<String, ForStream> streams = new ConcurrentHashMap<>();

    /** The shapes of {@code stream}'s spans. */
    ForStream of(String stream) {
        if (stream == null) {
            return new ForStream(null);
        }
        ForStream shapes = streams.get(stream);
        if (shapes == null) {
            shapes = new ForStream(stream);
            if (streams.size() < MAX) {
                ForStream raced = streams.putIfAbsent(stream, shapes);
                if (raced != null) {
                    shapes = raced;
                }
            }
        }
        return shapes;
    }

    /** Names and constant attributes of one stream's spans. */
    static final class ForStream {
        final String sendName;
        final String processName;
        final Attributes send;
        private final String stream;
        private final ConcurrentMap<String, Attributes> process = new ConcurrentHashMap<>();

        private ForStream(String stream) {
            this.stream = stream;
            this.sendName = "send " + stream;
            this.processName = "process " + stream;
            this.send = Attributes.builder()
                    .put(OtelMessageTracing.SYSTEM, OtelMessageTracing.SYSTEM_REDIS)
                    .put(OtelMessageTracing.DESTINATION, stream)
                    .put(OtelMessageTracing.OPERATION_TYPE, "send")
                    .put(OtelMessageTracing.OPERATION_NAME, "send")
                    .build();
        }

        /** The constant attributes of a delivery of this stream to {@code group}. */
        Attributes process(String group) {
            Attributes attributes = group == null ? null : process.get(group);
            if (attributes == null) {
                attributes = Attributes.builder()
                        .put(OtelMessageTracing.SYSTEM, OtelMessageTracing.SYSTEM_REDIS)
                        .put(OtelMessageTracing.DESTINATION, stream)
                        .put(OtelMessageTracing.GROUP, group)
                        .put(OtelMessageTracing.OPERATION_TYPE, "process")
                        .put(OtelMessageTracing.OPERATION_NAME, "process")
                        .build();
                if (group != null && process.size() < MAX) {
                    Attributes raced = process.putIfAbsent(group, attributes);
                    if (raced != null) {
                        attributes = raced;
                    }
                }
            }
            return attributes;
        }
    }
}
