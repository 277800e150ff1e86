package io.redstreams.impl.engine;

/**
 * Told of every message the engine sends and consumes, for metrics. A sibling of {@link EngineListener}'s rarer
 * signals, kept apart so that the per-message path pays one emptiness check when no metrics adapter is attached
 * (the CDI events adapter, always attached in CDI, hears only the rare signals). Attach one with
 * {@link RedStreamsEngine#listen(EngineListener)}: an {@code EngineListener} that also implements this interface
 * hears both.
 *
 * <p>Called on engine threads, consumer and producer threads among them, once per message: a listener must be cheap
 * (counters, histograms), must not block and must not call Redis. What it throws is caught and logged
 * ({@link EngineSignals} is the wall). Durations are in nanoseconds. Stream and group names only, never an entry id.
 */
public interface TrafficListener extends EngineListener {

    /**
     * {@code count} entries were sent to {@code stream} by one producer call ({@code send}, {@code sendAll},
     * {@code sendAsync} completing, {@code sendIdempotent}), which took {@code nanos}; {@code failure} is what made
     * it fail, or {@code null}.
     */
    default void sent(String stream, int count, long nanos, Throwable failure) {
    }

    /** One entry of {@code stream} read by {@code group} is handed to the application (new, retried or reclaimed). */
    default void consumed(String stream, String group) {
    }

    /**
     * The application processed one entry (the method and its stage) in {@code nanos}; {@code failure} is what it
     * threw (a processing timeout included), or {@code null}.
     */
    default void processed(String stream, String group, long nanos, Throwable failure) {
    }

    /** {@code count} entries were acknowledged with one XACK (handled, skipped or dead-lettered). */
    default void acked(String stream, String group, int count) {
    }

    /**
     * One delivery failed: the method failed or timed out ({@code failure}), or the payload could not be decoded
     * ({@code failure} is {@code null}).
     */
    default void failed(String stream, String group, Throwable failure) {
    }

    /** A failed entry is scheduled to be delivered again (after its backoff). */
    default void retried(String stream, String group) {
    }
}
