package io.redstreams.impl.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.redstreams.impl.codec.EntryFields;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * Writes an entry's dead letter: every original field, names and values byte for byte and in order, then
 * {@code error}, {@code source-stream}, {@code source-id}, {@code group} and {@code deliveries}. One XADD (with
 * {@code MAXLEN ~} the dead-letter retention, {@link ConsumerSpec#deadLetterMaxLen()}), whose
 * reply is checked; the caller acknowledges the source entry only after it returned. No MULTI: Redis runs the
 * other commands of a transaction when one fails at EXEC (so a refused XADD went along with a successful XACK:
 * the entry was lost), and a transaction over two keys is refused on a Redis Cluster. A crash between the XADD
 * and the XACK leaves the source pending: it is dead-lettered again, a duplicate dead letter, never a loss.
 */
final class DeadLetters {

    private final RedisConnectionPool pool;

    DeadLetters(RedisConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * Appends the dead letter (XADD on a pooled connection).
     *
     * @return the dead letter's id
     * @throws io.redstreams.impl.redis.RedisCommandException when Redis refuses it (wrong type, out of memory, no
     *         permission, ...); the entry stays pending
     * @throws io.redstreams.impl.redis.RedisConnectionException when Redis cannot be reached
     */
    String write(ConsumerSpec spec, RawEntry entry, long deliveries, String reason) {
        List<byte[]> fields = new ArrayList<>(entry.raw().size() + 10);
        fields.addAll(entry.raw());
        add(fields, EntryFields.DEAD_LETTER_ERROR, reason);
        add(fields, EntryFields.DEAD_LETTER_SOURCE_STREAM, spec.stream());
        add(fields, EntryFields.DEAD_LETTER_SOURCE_ID, entry.id());
        add(fields, EntryFields.DEAD_LETTER_GROUP, spec.group());
        add(fields, EntryFields.DEAD_LETTER_DELIVERIES, Long.toString(deliveries));
        try (RedisConnection connection = pool.acquire()) {
            return connection.addRaw(spec.deadLetterStream(), fields, spec.deadLetterMaxLen());
        }
    }

    /** The reason recorded for a failure: the exception class and message, capped; never throws. */
    static String reason(Throwable t) {
        return Failures.describe(t);
    }

    private static void add(List<byte[]> fields, String name, String value) {
        fields.add(name.getBytes(StandardCharsets.UTF_8));
        fields.add(value.getBytes(StandardCharsets.UTF_8));
    }
}
