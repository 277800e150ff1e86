package io.redstreams.impl.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's listeners behind a wall: each call is made on the calling engine thread, and whatever
 * a listener throws is caught and logged, so it never ends a loop nor changes an entry's fate. With no
 * listener attached, a signal costs one emptiness check.
 *
 * <p>Thread-safe.
 */
public final class EngineSignals implements EngineListener {

    private static final Logger LOG = Logger.getLogger(EngineSignals.class.getName());

    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();

    /** Signals that nobody hears (for consumers built without an engine, in tests). */
    public static EngineSignals none() {
        return new EngineSignals();
    }

    void add(EngineListener listener) {
        listeners.add(listener);
    }

    /** Whether any listener is attached; callers may skip building a signal's arguments when not. */
    public boolean active() {
        return !listeners.isEmpty();
    }

    private void signal(Consumer<EngineListener> signal) {
        if (listeners.isEmpty()) {
            return;
        }
        for (EngineListener listener : listeners) {
            try {
                signal.accept(listener);
            } catch (Throwable t) {
                LOG.log(Level.WARNING, "redstreams: an engine listener failed: " + t, t);
            }
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
}
