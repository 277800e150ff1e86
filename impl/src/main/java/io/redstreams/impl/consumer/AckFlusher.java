package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * Sends acknowledgements in batches: one loop takes every ack that accumulated while the previous
 * XACK was on the wire and sends them as one XACK per stream and group. Under load many acks
 * share a round trip; when idle, an ack goes out at once. Acks that fail (Redis down) are kept
 * and sent again: XACK is idempotent.
 */
final class AckFlusher implements Runnable {

    private static final Logger LOG = Logger.getLogger(AckFlusher.class.getName());
    private static final int MAX_BATCH = 10_000;
    private static final int LINGER_BATCH = 256;
    private static final long LINGER_NANOS = 1_000_000L;

    /**
     * One entry to acknowledge, and the in-flight set of its consumer: the id stays there until
     * the XACK went out, so a reconnect in between does not deliver the entry again.
     */
    record Ack(String stream, String group, String id, Set<String> inFlight) {
    }

    private final LinkedBlockingQueue<Ack> queue = new LinkedBlockingQueue<>();
    private final RedisConnectionPool pool;
    private final long maxBackoffMs;
    private final OutageLog outage = new OutageLog("redstreams acknowledgements");
    private volatile boolean running = true;

    AckFlusher(RedisConnectionPool pool, long maxBackoffMs) {
        this.pool = pool;
        this.maxBackoffMs = maxBackoffMs;
    }

    void ack(String stream, String group, String id, Set<String> inFlight) {
        queue.add(new Ack(stream, group, id, inFlight));
    }

    @Override
    public void run() {
        List<Ack> batch = new ArrayList<>();
        long backoff = 50;
        while (running || !batch.isEmpty() || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Ack first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    if (queue.size() < LINGER_BATCH) {
                        // Linger a little, so that the acks of a busy consumer share one XACK and this thread
                        // wakes at most once a millisecond instead of once per message. Delays only the XACK.
                        LockSupport.parkNanos(LINGER_NANOS);
                    }
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                send(batch);
                for (Ack a : batch) {
                    a.inFlight().remove(a.id());
                }
                batch.clear();
                outage.recovered();
                backoff = 50;
            } catch (RedisConnectionException | RedisCommandException e) {
                if (!running) {
                    LOG.warning(() -> "redstreams: " + batch.size() + " acknowledgements not sent at shutdown ("
                            + e.getMessage() + "); those entries stay pending and will be delivered again");
                    return;
                }
                outage.failed(e.getMessage(), maxBackoffMs);
                if (!pause(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, maxBackoffMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "redstreams: unexpected failure while acknowledging", e);
                batch.clear();
            }
        }
    }

    private void send(List<Ack> batch) {
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        Map<String, Ack> keys = new LinkedHashMap<>();
        for (Ack a : batch) {
            String key = a.stream() + '\u0000' + a.group();
            byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(a.id());
            keys.putIfAbsent(key, a);
        }
        try (RedisConnection connection = pool.acquire()) {
            for (Map.Entry<String, List<String>> e : byGroup.entrySet()) {
                Ack a = keys.get(e.getKey());
                try {
                    connection.ack(a.stream(), a.group(), e.getValue());
                } catch (RedisCommandException ex) {
                    if (!ex.isNoGroup()) {
                        throw ex;
                    }
                    // The stream or group was deleted: nothing is left to acknowledge.
                }
            }
        }
    }

    private boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Asks the loop to end once everything queued is sent (or sending fails). */
    void stop() {
        running = false;
    }
}
