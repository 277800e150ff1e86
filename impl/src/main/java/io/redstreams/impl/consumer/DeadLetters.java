package io.redstreams.impl.consumer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * Moves an entry to the dead-letter stream: its original fields plus {@code error},
 * {@code source-stream}, {@code source-id}, {@code group} and {@code deliveries}, appended and
 * acknowledged in one MULTI/EXEC.
 */
final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());

    private final RedisConnectionPool pool;

    DeadLetters(RedisConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * @throws io.redstreams.RedStreamsException when Redis cannot take it; the entry stays pending
     */
    void send(ConsumerSpec spec, RawEntry entry, long deliveries, String reason) {
        Map<String, byte[]> fields = new LinkedHashMap<>(entry.fields());
        fields.put("error", utf8(reason));
        fields.put("source-stream", utf8(spec.stream()));
        fields.put("source-id", utf8(entry.id()));
        fields.put("group", utf8(spec.group()));
        fields.put("deliveries", utf8(Long.toString(deliveries)));
        String id;
        try (RedisConnection connection = pool.acquire()) {
            id = connection.deadLetter(spec.deadLetterStream(), fields, spec.stream(), spec.group(), entry.id());
        }
        LOG.warning(() -> spec.name() + ": entry " + entry.id() + " of " + spec.stream() + " moved to "
                + spec.deadLetterStream() + " as " + id + " after " + deliveries + " deliveries: " + reason);
    }

    /** The reason recorded for a failure: the exception class and message, capped; never throws. */
    static String reason(Throwable t) {
        return Failures.describe(t);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
