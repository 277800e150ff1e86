package io.redstreams.impl.producer;

/**
 * Names the marker key of an idempotent send so that it lies in the same Redis Cluster slot as its
 * stream (a script may only touch keys of one slot). Cluster hashes only the part between the
 * first <code>{</code> and the first <code>}</code> after it, if that part is not empty (the hash tag); else
 * the whole name.
 *
 * <ul>
 *   <li>The stream has a hash tag ({@code {orders}:eu}): the marker is <code>{orders}:redstreams-idem:KEY</code>;
 *       its first tag is the same.</li>
 *   <li>No hash tag and no <code>}</code> in the name ({@code orders}, {@code a{b}): the marker is
 *       <code>{orders}:redstreams-idem:KEY</code>; its tag is the whole stream name, which is what Cluster
 *       hashes for the stream.</li>
 *   <li>No hash tag but a <code>}</code> in the name ({@code a}b}, <code>a{}b</code>): no marker name can carry the whole
 *       name as its tag, so the send is refused with an {@link IllegalArgumentException} that says to give
 *       the stream a tag.</li>
 * </ul>
 */
final class IdempotencyKeys {

    static final String MARKER_INFIX = ":redstreams-idem:";

    private IdempotencyKeys() {
    }

    /**
     * @throws IllegalArgumentException if the key is empty, or the stream name has no usable tag (see above)
     */
    static String markerKey(String stream, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw new IllegalArgumentException("idempotencyKey must not be empty");
        }
        String tag = hashTag(stream);
        if (tag == null) {
            if (stream.indexOf('}') >= 0) {
                throw new IllegalArgumentException("stream '" + stream + "' contains '}' but no hash tag, so no key of"
                        + " its Redis Cluster slot can be named for the idempotency marker; give the stream a tag,"
                        + " e.g. '{" + stream.replace("{", "").replace("}", "") + "}'");
            }
            tag = stream;
        }
        return "{" + tag + "}" + MARKER_INFIX + idempotencyKey;
    }

    /** The part Cluster hashes when it is a tag: between the first '{' and the next '}', non-empty; else null. */
    static String hashTag(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return null;
        }
        int close = key.indexOf('}', open + 1);
        if (close < 0 || close == open + 1) {
            return null;
        }
        return key.substring(open + 1, close);
    }
}
