package io.redstreams.impl.retention;

/**
 * The retention of one stream.
 *
 * @param maxLen           most entries to keep (approximately); 0: no length limit
 * @param maxAgeMs         oldest entry to keep, in ms before the time of Redis; 0: no age limit
 * @param allowTrimPending whether the periodic trim may remove entries a group holds pending
 */
public record RetentionRule(long maxLen, long maxAgeMs, boolean allowTrimPending) {

    public boolean none() {
        return maxLen <= 0 && maxAgeMs <= 0;
    }

    /** The lowest id an age limit keeps at Redis time {@code redisNowMs}; {@code null} without one. */
    String minId(long redisNowMs) {
        if (maxAgeMs <= 0 || redisNowMs < 0) {
            return null;
        }
        return Math.max(0, redisNowMs - maxAgeMs) + "-0";
    }
}
