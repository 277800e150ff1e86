package io.redstreams.impl.retention;

/**
 * The time of Redis as redstreams last saw it, carried forward with the local monotonic clock: each id Redis
 * generates for a send ({@code <ms>-<seq>}) sets it, so a send never costs an extra round trip to learn the time.
 * The application's wall clock is never used. Thread-safe (one volatile snapshot).
 */
final class RedisClock {

    private record Seen(long redisMs, long localNanos) {
    }

    private volatile Seen seen;

    /** Records the time part of an id Redis just generated; ids that do not parse are ignored. */
    void observe(String id) {
        if (id == null) {
            return;
        }
        int dash = id.indexOf('-');
        try {
            long ms = Long.parseLong(dash < 0 ? id : id.substring(0, dash));
            seen = new Seen(ms, System.nanoTime());
        } catch (NumberFormatException e) {
            // not an id Redis generated; keep the last good reading
        }
    }

    /** The estimated current time of Redis in epoch ms, or -1 before anything was observed. */
    long nowMs() {
        Seen s = seen;
        if (s == null) {
            return -1;
        }
        return s.redisMs() + (System.nanoTime() - s.localNanos()) / 1_000_000;
    }
}
