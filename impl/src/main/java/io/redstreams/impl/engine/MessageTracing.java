package io.redstreams.impl.engine;

import java.util.Map;

import io.redstreams.impl.redis.RawEntry;

/**
 * Where the engine lets a tracer follow an entry through the stream: on a send it may add trace fields to the
 * entry and time the send; around each delivery it may open a span that is current while the application runs.
 * The engine builds its tracing with {@link RedStreamsEngine.Builder#tracing(MessageTracing)} or, when the
 * OpenTelemetry API is on the class path, from an {@code OpenTelemetry} (see the README's "Tracing").
 *
 * <p>Without tracing the engine uses {@link #NONE} and its per-message path allocates nothing for it. The engine
 * puts an implementation behind a wall: whatever it throws is caught, counted and logged, and never changes what
 * happens to an entry (a send that could not be traced is sent untraced; a delivery is processed untraced).
 *
 * <p>Implementations must be thread-safe; the spans they return are used by one thread at a time.
 */
public interface MessageTracing {

    /** No tracing: every method does nothing and returns a shared no-op span. */
    MessageTracing NONE = new MessageTracing() {
    };

    /**
     * A send (or a {@code sendAll} batch of {@code count} entries) to {@code stream} starts, on the caller's thread;
     * {@link SendSpan#inject(Map)} is then called for each of its entries before they are written.
     */
    default SendSpan startSend(String stream, int count) {
        return SendSpan.NONE;
    }

    /**
     * A delivery starts on the thread that runs the application for it, before the payload is decoded; the span
     * should be current on this thread until {@link DeliverySpan#end()}, which the same thread calls.
     *
     * @param entry         the entry as read (its fields may carry a trace context)
     * @param deliveryCount how often it was delivered, this delivery included
     */
    default DeliverySpan startDelivery(String stream, String group, RawEntry entry, long deliveryCount) {
        return DeliverySpan.NONE;
    }

    /** The span of one send; ends once, with {@link #sent} or {@link #failed}. */
    interface SendSpan {
        /** A span that does nothing. */
        SendSpan NONE = new SendSpan() {
        };

        /** Adds the trace fields of this send to an entry's fields (names to UTF-8 values), before it is written. */
        default void inject(Map<String, byte[]> fields) {
        }

        /** Redis added the entry as {@code id}; {@code null} for a batch. */
        default void sent(String id) {
        }

        /** The send failed (or partly failed, for a batch). */
        default void failed(Throwable failure) {
        }
    }

    /** The span of one delivery: events while it runs, then {@link #end()} once, on the thread that started it. */
    interface DeliverySpan {
        /** A span that does nothing. */
        DeliverySpan NONE = new DeliverySpan() {
        };

        /** The application (or the decoding of the payload) failed with {@code failure}. */
        default void failed(Throwable failure) {
        }

        /** The entry failed and will be delivered again in {@code backoffMs}. */
        default void retryScheduled(long deliveryCount, long backoffMs) {
        }

        /** The entry goes to {@code deadLetterStream} for {@code reason} (written now, or later if Redis refuses). */
        default void deadLettered(String deadLetterStream, String reason) {
        }

        /** The delivery's outcome is recorded: close the span (and its scope). */
        default void end() {
        }
    }
}
