package io.redstreams.impl.reader;

import io.redstreams.impl.redis.EntryIds;

/**
 * Checks ids before they reach Redis, so that bad input fails with a clear message naming the argument.
 */
final class ReadIds {

    private ReadIds() {
    }

    /** A range bound: {@code -}, {@code +}, an id, or {@code (id}. */
    static String bound(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null (use - or + for the ends)");
        }
        if (!EntryIds.isBound(value)) {
            throw new IllegalArgumentException(name + " is not a stream id bound: '" + value
                    + "' (expected -, +, <ms>, <ms>-<seq>, or one of those ids after '(' for an exclusive bound)");
        }
        return value;
    }

    /** A tail's starting point: {@code $} or an id. */
    static String after(String value) {
        if (value == null || !(value.equals("$") || EntryIds.isId(value))) {
            throw new IllegalArgumentException("a tail starts after $ or an id <ms>[-<seq>], not '" + value + "'");
        }
        return value;
    }

    static String stream(String stream) {
        if (stream == null || stream.isEmpty()) {
            throw new IllegalArgumentException("the stream name must not be null or empty");
        }
        return stream;
    }

    static int count(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, not " + count);
        }
        return count;
    }
}
