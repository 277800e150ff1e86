package io.redstreams.impl.consumer;

import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * Ends a worker's blocking read ({@code XREADGROUP BLOCK}) early with {@code CLIENT UNBLOCK} from
 * another connection: when a retry or dead-letter write falls due before the read would end, and
 * when the consumer stops. Knows the reading connection's client id and until when it blocks.
 *
 * <p>Thread-safe: the worker reports its reads; handler threads and stop ask for a wake-up.
 */
final class ReadWaker {

    /** A read that would end at most this much after a due time is left alone, ms. */
    private static final long SLACK_MS = 20;

    private final RedisConnectionPool pool;
    private volatile long blockedClientId = -1;
    private volatile long readDeadline;
    private volatile long lastReadMillis;

    ReadWaker(RedisConnectionPool pool) {
        this.pool = pool;
    }

    /** The worker's reading connection is now the one with this {@code CLIENT ID}; -1: none. */
    void readsOn(long clientId) {
        blockedClientId = clientId;
    }

    /** A blocking read starts that ends by itself at {@code deadline} (epoch ms). */
    void readingUntil(long deadline) {
        readDeadline = deadline;
        lastReadMillis = System.currentTimeMillis();
    }

    /** Whether the worker holds a reading connection now. */
    boolean connected() {
        return blockedClientId >= 0;
    }

    /** When the last blocking read started, epoch ms; 0 before the first. */
    long lastReadMillis() {
        return lastReadMillis;
    }

    /** The read ended. */
    void readDone() {
        readDeadline = 0;
    }

    /** Wakes the read if it would sleep past {@code due} (epoch ms). */
    void wakeIfBlockedPast(long due) {
        long deadline = readDeadline;
        if (deadline != 0 && deadline > due + SLACK_MS) {
            unblock();
        }
    }

    /** Wakes the read now, if one runs. */
    void wakeNow() {
        if (readDeadline != 0) {
            unblock();
        }
    }

    private void unblock() {
        long id = blockedClientId;
        if (id < 0) {
            return;
        }
        try (RedisConnection c = pool.acquire()) {
            c.unblock(id);
        } catch (RuntimeException e) {
            // The read ends by itself after block-ms.
        }
    }
}
