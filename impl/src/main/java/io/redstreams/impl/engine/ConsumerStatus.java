package io.redstreams.impl.engine;

/**
 * What one consumer is doing now, as {@link RedStreamsEngine#status()} sees it without a Redis round trip: for health
 * checks. Immutable.
 *
 * @param name          the consumer's spec name (e.g. {@code Class#method})
 * @param stream        the stream it reads
 * @param group         its consumer group
 * @param consumer      the consumer name it reads as
 * @param state         {@link State}
 * @param reason        while {@link State#RECONNECTING}: the last failure (Redis unreachable, group unusable, ...);
 *                      else {@code null}
 * @param lastReadMillis when its last blocking read started, epoch ms; 0 before the first
 * @param inFlight      entries it holds: read and not acknowledged yet
 * @param notLive       why the consumer is not live (a loop died, is stuck, or a method runs past its processing
 *                      timeout), or {@code null} when it is; a consumer waiting to reconnect is live
 */
public record ConsumerStatus(String name, String stream, String group, String consumer, State state, String reason,
                             long lastReadMillis, int inFlight, String notLive) {

    /** Where a consumer is in its life. */
    public enum State {
        /** Started, not connected yet (the first connection and group creation are on their way). */
        STARTING,
        /** Connected, its group exists: it reads. */
        READING,
        /** Lost its connection or its group cannot be used; tries again with a backoff. */
        RECONNECTING,
        /** Stopped (or stopping). */
        STOPPED
    }

    /** {@code stream/group/consumer}, the key of this consumer in health data. */
    public String key() {
        return stream + "/" + group + "/" + consumer;
    }

    /** Whether it has a live connection and its group exists. */
    public boolean ready() {
        return state == State.READING;
    }

    /** Whether no loop of it died or is stuck. */
    public boolean live() {
        return notLive == null;
    }
}
