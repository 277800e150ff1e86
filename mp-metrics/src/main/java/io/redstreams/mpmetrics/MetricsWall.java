package io.redstreams.mpmetrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The wall between the engine's threads and the MicroProfile Metrics registry: whatever a registry or a metric throws
 * is contained here, counted, and logged (the first one as a warning with its stack, later ones at FINE, so that a
 * registry that throws on every message does not flood the log). Nothing thrown by the registry reaches a consumer
 * loop, a send or a scrape.
 *
 * <p>Thread-safe.
 */
final class MetricsWall {

    private static final Logger LOG = Logger.getLogger(MetricsWall.class.getName());

    private final AtomicLong contained = new AtomicLong();

    /** Records that {@code what} failed with {@code failure}. Never throws. */
    void contain(String what, Throwable failure) {
        long n = contained.incrementAndGet();
        try {
            if (n == 1) {
                LOG.log(Level.WARNING, "redstreams: MicroProfile Metrics failed while " + what + " (" + failure
                        + "); the metric is skipped, consumers and producers go on. Later failures are logged at FINE",
                        failure);
            } else {
                LOG.fine(() -> "redstreams: MicroProfile Metrics failed while " + what + " (" + failure + "), " + n
                        + " failures so far");
            }
        } catch (Throwable ignored) {
            // a broken log handler must not break the caller either
        }
    }

    /** A gauge's value behind the wall: what {@code value} throws reads as NaN. */
    Double read(String gauge, Supplier<Double> value) {
        try {
            Double v = value.get();
            return v == null ? Double.NaN : v;
        } catch (Throwable t) {
            contain("reading gauge " + gauge, t);
            return Double.NaN;
        }
    }

    /** @return how many failures were contained so far */
    long contained() {
        return contained.get();
    }
}
