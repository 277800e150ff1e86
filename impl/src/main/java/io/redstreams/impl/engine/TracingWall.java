package io.redstreams.impl.engine;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.impl.consumer.Failures;
import io.redstreams.impl.redis.RawEntry;

/**
 * The engine's {@link MessageTracing} behind a wall: whatever the tracing throws (from any method, of the tracing
 * or of its spans) is caught, counted ({@link #failures()}) and logged (the first time, then every 1000th), and the
 * send or delivery goes on untraced. It also knows the delivery span open on each thread, so that code deciding an
 * entry's fate (retry, dead letter) can add events to it without holding it.
 *
 * <p>{@link #NONE} is inactive: every method returns at once and allocates nothing. Thread-safe.
 */
public final class TracingWall {

    private static final Logger LOG = Logger.getLogger(TracingWall.class.getName());

    /** No tracing. */
    public static final TracingWall NONE = new TracingWall(null);

    private final MessageTracing tracing;
    /**
     * Per thread, a slot holding the delivery span open on it: set and cleared in place, so a delivery costs one
     * thread-local look-up rather than a map update at its start and end. A JDK array that holds nothing between
     * deliveries, so a pooled server thread keeps no class of the application's alive.
     */
    private final ThreadLocal<Object[]> open;
    private final AtomicLong failures = new AtomicLong();

    private TracingWall(MessageTracing tracing) {
        this.tracing = tracing;
        this.open = tracing == null ? null : ThreadLocal.withInitial(() -> new Object[1]);
    }

    /** The tracing behind a wall; {@link #NONE} for {@code null} or {@link MessageTracing#NONE}. */
    public static TracingWall of(MessageTracing tracing) {
        return tracing == null || tracing == MessageTracing.NONE ? NONE : new TracingWall(tracing);
    }

    /** Whether anything traces. */
    public boolean active() {
        return tracing != null;
    }

    /** How many times the tracing threw (each contained). */
    public long failures() {
        return failures.get();
    }

    /** See {@link MessageTracing#startSend}; never throws. */
    public MessageTracing.SendSpan startSend(String stream, int count) {
        if (tracing == null) {
            return MessageTracing.SendSpan.NONE;
        }
        try {
            MessageTracing.SendSpan span = tracing.startSend(stream, count);
            return span == null ? MessageTracing.SendSpan.NONE : new WalledSend(span);
        } catch (Throwable t) {
            contain("starting the span of a send to " + stream, t);
            return MessageTracing.SendSpan.NONE;
        }
    }

    /** See {@link MessageTracing#startDelivery}; never throws. The span is this thread's until its {@code end()}. */
    public MessageTracing.DeliverySpan startDelivery(String stream, String group, RawEntry entry, long deliveryCount) {
        if (tracing == null) {
            return MessageTracing.DeliverySpan.NONE;
        }
        MessageTracing.DeliverySpan span;
        try {
            span = tracing.startDelivery(stream, group, entry, deliveryCount);
        } catch (Throwable t) {
            contain("starting the span of entry " + entry.id() + " of " + stream, t);
            return MessageTracing.DeliverySpan.NONE;
        }
        if (span == null) {
            return MessageTracing.DeliverySpan.NONE;
        }
        Object[] slot = open.get();
        WalledDelivery walled = new WalledDelivery(span, slot);
        slot[0] = walled;
        return walled;
    }

    /** Tells the delivery span open on this thread, if any, that its entry will be delivered again. */
    public void retryScheduled(long deliveryCount, long backoffMs) {
        if (tracing != null) {
            MessageTracing.DeliverySpan span = (MessageTracing.DeliverySpan) open.get()[0];
            if (span != null) {
                span.retryScheduled(deliveryCount, backoffMs);
            }
        }
    }

    /** Tells the delivery span open on this thread, if any, that its entry goes to the dead letters. */
    public void deadLettered(String deadLetterStream, String reason) {
        if (tracing != null) {
            MessageTracing.DeliverySpan span = (MessageTracing.DeliverySpan) open.get()[0];
            if (span != null) {
                span.deadLettered(deadLetterStream, reason);
            }
        }
    }

    private void contain(String what, Throwable t) {
        long n = failures.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            Failures.log(LOG, Level.WARNING, "redstreams: the tracing failed " + what + " (" + n
                    + " failure(s) so far; the entry goes on untraced)", t);
        }
    }

    @Override
    public String toString() {
        return tracing == null ? "no tracing" : String.valueOf(tracing);
    }

    private final class WalledSend implements MessageTracing.SendSpan {
        private final MessageTracing.SendSpan span;

        WalledSend(MessageTracing.SendSpan span) {
            this.span = span;
        }

        @Override
        public void inject(Map<String, byte[]> fields) {
            try {
                span.inject(fields);
            } catch (Throwable t) {
                contain("adding trace fields", t);
            }
        }

        @Override
        public void sent(String id) {
            try {
                span.sent(id);
            } catch (Throwable t) {
                contain("ending the span of a send", t);
            }
        }

        @Override
        public void failed(Throwable failure) {
            try {
                span.failed(failure);
            } catch (Throwable t) {
                contain("ending the span of a failed send", t);
            }
        }
    }

    private final class WalledDelivery implements MessageTracing.DeliverySpan {
        private final MessageTracing.DeliverySpan span;
        private final Object[] slot;

        WalledDelivery(MessageTracing.DeliverySpan span, Object[] slot) {
            this.span = span;
            this.slot = slot;
        }

        @Override
        public void failed(Throwable failure) {
            try {
                span.failed(failure);
            } catch (Throwable t) {
                contain("recording a failure", t);
            }
        }

        @Override
        public void retryScheduled(long deliveryCount, long backoffMs) {
            try {
                span.retryScheduled(deliveryCount, backoffMs);
            } catch (Throwable t) {
                contain("recording a retry", t);
            }
        }

        @Override
        public void deadLettered(String deadLetterStream, String reason) {
            try {
                span.deadLettered(deadLetterStream, reason);
            } catch (Throwable t) {
                contain("recording a dead letter", t);
            }
        }

        @Override
        public void end() {
            if (slot[0] == this) {
                slot[0] = null;
            }
            try {
                span.end();
            } catch (Throwable t) {
                contain("ending the span of a delivery", t);
            }
        }
    }
}
