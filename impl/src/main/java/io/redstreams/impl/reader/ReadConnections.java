package io.redstreams.impl.reader;

import java.util.function.Function;

import io.redstreams.StreamReadException;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * Runs one read on a pooled connection. Reads change nothing, so a connection failure is tried again at once on a
 * fresh connection, up to 3 attempts in all; a refused command is not. Thread-safe.
 */
final class ReadConnections {

    static final int ATTEMPTS = 3;

    private final RedisConnectionPool pool;

    ReadConnections(RedisConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * @param what the command and stream, for the exception message
     * @throws StreamReadException when every attempt lost its connection, or Redis refused the command
     */
    <R> R run(String what, Function<RedisConnection, R> read) {
        RedisConnectionException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (RedisConnection connection = pool.acquire()) {
                return read.apply(connection);
            } catch (RedisConnectionException e) {
                last = e; // the broken connection was discarded on close; the next attempt opens another
            } catch (RedisCommandException e) {
                throw new StreamReadException(what + " failed: " + e.getMessage(), null);
            }
        }
        throw new StreamReadException(what + " failed after " + ATTEMPTS + " attempts: " + last.getMessage(), null);
    }

    /** CLIENT UNBLOCK of a blocked tail's connection; false when it could not be sent (e.g. not allowed by ACL). */
    boolean unblock(long clientId) {
        try (RedisConnection connection = pool.acquire()) {
            connection.unblock(clientId);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
