package io.redstreams.impl.redis;

/**
 * How an XADD or XTRIM trims its stream, approximately ({@code ~}): to about {@code maxLen} entries
 * ({@code MAXLEN ~}) and/or to entries with an id of at least {@code minId} ({@code MINID ~}).
 *
 * @param maxLen most entries to keep; 0 or less: no length limit
 * @param minId  lowest id to keep ({@code <ms>-0}); {@code null}: no age limit
 */
public record StreamTrim(long maxLen, String minId) {

    public static final StreamTrim NONE = new StreamTrim(0, null);

    public static StreamTrim maxLen(long maxLen) {
        return maxLen > 0 ? new StreamTrim(maxLen, null) : NONE;
    }

    public boolean byLength() {
        return maxLen > 0;
    }

    public boolean byId() {
        return minId != null;
    }

    public boolean none() {
        return !byLength() && !byId();
    }
}
