package io.redstreams.impl.redis;

/**
 * The one rule for stream entry ids that users hand to redstreams ({@code @StreamConsumer(startFrom)},
 * {@code StreamReader} bounds and tails, {@code StreamAdmin} range bounds and replay by id): {@code <ms>} or
 * {@code <ms>-<seq>}, each
 * part ASCII decimal digits for an unsigned 64-bit number (at most 18446744073709551615), as Redis takes them. Checked
 * before anything reaches Redis, so that a bad id fails with a clear message instead of an {@code ERR Invalid stream
 * ID} in the middle of an operation. Thread-safe (stateless).
 */
public final class EntryIds {

    private static final String MAX_PART = "18446744073709551615";

    private EntryIds() {
    }

    /** Whether {@code id} is {@code <ms>} or {@code <ms>-<seq>} by the rule above; {@code false} for {@code null}. */
    public static boolean isId(String id) {
        if (id == null) {
            return false;
        }
        int dash = id.indexOf('-');
        if (dash < 0) {
            return isPart(id, 0, id.length());
        }
        return isPart(id, 0, dash) && isPart(id, dash + 1, id.length());
    }

    /**
     * Whether {@code bound} is a range bound of XRANGE, XREVRANGE or XPENDING: {@code -}, {@code +}, an id, or
     * {@code (} and an id (exclusive); {@code false} for {@code null}.
     */
    public static boolean isBound(String bound) {
        if (bound == null) {
            return false;
        }
        if (bound.equals("-") || bound.equals("+")) {
            return true;
        }
        return isId(bound.startsWith("(") ? bound.substring(1) : bound);
    }

    /** {@code s[from, to)}: 1 to 20 ASCII digits, not above 2^64 - 1. */
    private static boolean isPart(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_PART.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return length < MAX_PART.length() || s.substring(from, to).compareTo(MAX_PART) <= 0;
    }
}
