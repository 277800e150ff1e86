package io.redstreams.impl.consumer;

/**
 * Exponential backoff: {@code initial * 2^(attempt-1)}, at most {@code max}.
 */
final class Backoff {

    private Backoff() {
    }

    static long exponential(long initial, long max, long attempt) {
        if (attempt <= 1) {
            return Math.min(initial, max);
        }
        int shift = (int) Math.min(attempt - 1, 30);
        long value = initial << shift;
        return value <= 0 || value > max ? max : value;
    }
}
