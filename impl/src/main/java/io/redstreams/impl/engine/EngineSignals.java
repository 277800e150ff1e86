package io.redstreams.impl.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's listeners behind a wall: each call is made on the calling engine thread, and whatever
 * a listener throws is caught, counted and logged, so it never ends a loop nor changes an entry's fate. The log is
 * bounded: a listener that fails on every message (a broken metrics registry) logs its first failure with the stack
 * trace, then one warning per {@value #LOG_EVERY} failures (the others at {@code FINE}). With no
 * listener attached, a signal costs one emptiness check. Per-message signals ({@link TrafficListener}) go only to the
 * listeners that implement that interface: with none (no metrics adapter), they cost one emptiness check and no
 * allocation.
 *
 * <p>Thread-safe.
 */
public final class EngineSignals implements TrafficListener {

    private static final Logger LOG = Logger.getLogger(EngineSignals.class.getName());

    static final int LOG_EVERY = 1000;

    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private final List<TrafficListener> traffic = new CopyOnWriteArrayList<>();

    /** Signals that nobody hears (for consumers built without an engine, in tests). */
    public static EngineSignals none() {
        return new EngineSignals();
    }

    void add(EngineListener listener) {
        listeners.add(listener);
        if (listener instanceof TrafficListener t) {
            traffic.add(t);
        }
    }

    /** Detaches {@code listener} (every time it was attached); it hears nothing from now on. */
    void remove(EngineListener listener) {
        listeners.removeIf(l -> l == listener);
        traffic.removeIf(l -> l == listener);
    }

    /** The attached listeners, now. */
    List<EngineListener> listeners() {
        return List.copyOf(listeners);
    }

    /**
     * Tells one listener that consumers started, behind the same wall as every signal (a failure is counted and
     * logged as theirs): for a listener attached to consumers that started before it.
     */
    void tellStarted(EngineListener listener, List<String> names) {
        try {
            listener.consumersStarted(names);
        } catch (Throwable t) {
            failed(t);
        }
    }

    /** Whether any listener is attached; callers may skip building a signal's arguments when not. */
    public boolean active() {
        return !listeners.isEmpty();
    }

    /** Whether a per-message listener is attached; callers skip taking the time when not. */
    public boolean counting() {
        return !traffic.isEmpty();
    }

    private void signal(Consumer<EngineListener> signal) {
        if (listeners.isEmpty()) {
            return;
        }
        for (EngineListener listener : listeners) {
            try {
                signal.accept(listener);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** How many times a listener threw since this engine started. */
    long listenerFailures() {
        return failures.get();
    }

    private void failed(Throwable t) {
        long n = failures.incrementAndGet();
        if (n == 1) {
            LOG.log(Level.WARNING, "redstreams: an engine listener failed: " + t + " (further failures are logged once"
                    + " per " + LOG_EVERY + ")", t);
        } else if (n % LOG_EVERY == 0) {
            LOG.warning("redstreams: engine listeners failed " + n + " times so far; the last: " + t);
        } else {
            LOG.log(Level.FINE, "redstreams: an engine listener failed: " + t, t);
        }
    }

    @Override
    public void consumersStarted(List<String> names) {
        signal(l -> l.consumersStarted(names));
    }

    @Override
    public void consumersStopped(List<String> names) {
        signal(l -> l.consumersStopped(names));
    }

    @Override
    public void deadLettered(String entryId, String stream, String group, String deadLetterStream, String reason,
                             long deliveries) {
        signal(l -> l.deadLettered(entryId, stream, group, deadLetterStream, reason, deliveries));
    }

    @Override
    public void outageBegan(String stream, String group, String consumer, String reason) {
        signal(l -> l.outageBegan(stream, group, consumer, reason));
    }

    @Override
    public void outageEnded(String stream, String group, String consumer, String reason, long durationMs) {
        signal(l -> l.outageEnded(stream, group, consumer, reason, durationMs));
    }

    @Override
    public void entriesClaimed(String stream, String group, String consumer, List<String> ids) {
        signal(l -> l.entriesClaimed(stream, group, consumer, ids));
    }

    // ---- per message: the emptiness check comes before the lambda is made ----

    @Override
    public void sent(String stream, int count, long nanos, Throwable failure) {
        if (!traffic.isEmpty()) {
            count(l -> l.sent(stream, count, nanos, failure));
        }
    }

    /** As {@link #sent(String, int, long, Throwable)}, the duration from {@code startNanos} ({@code System.nanoTime()} when the call began). */
    public void sentSince(String stream, int count, long startNanos, Throwable failure) {
        if (!traffic.isEmpty()) {
            long nanos = System.nanoTime() - startNanos;
            count(l -> l.sent(stream, count, nanos, failure));
        }
    }

    @Override
    public void consumed(String stream, String group) {
        if (!traffic.isEmpty()) {
            count(l -> l.consumed(stream, group));
        }
    }

    @Override
    public void processed(String stream, String group, long nanos, Throwable failure) {
        if (!traffic.isEmpty()) {
            count(l -> l.processed(stream, group, nanos, failure));
        }
    }

    /** As {@link #processed(String, String, long, Throwable)}, the duration from {@code startNanos} to now. */
    public void processedSince(String stream, String group, long startNanos, Throwable failure) {
        if (!traffic.isEmpty()) {
            long nanos = System.nanoTime() - startNanos;
            count(l -> l.processed(stream, group, nanos, failure));
        }
    }

    @Override
    public void acked(String stream, String group, int count) {
        if (!traffic.isEmpty()) {
            count(l -> l.acked(stream, group, count));
        }
    }

    @Override
    public void failed(String stream, String group, Throwable failure) {
        if (!traffic.isEmpty()) {
            count(l -> l.failed(stream, group, failure));
        }
    }

    @Override
    public void retried(String stream, String group) {
        if (!traffic.isEmpty()) {
            count(l -> l.retried(stream, group));
        }
    }

    private void count(Consumer<TrafficListener> signal) {
        for (TrafficListener listener : traffic) {
            try {
                signal.accept(listener);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }
}
