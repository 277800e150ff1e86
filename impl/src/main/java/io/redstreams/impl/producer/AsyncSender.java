package io.redstreams.impl.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.RedStreamsException;
import io.redstreams.StreamSendException;
import io.redstreams.impl.redis.OutgoingEntry;
import io.redstreams.impl.redis.RedisConnection;

/**
 * Asynchronous sends that share round trips: callers enqueue, one flusher loop takes whatever
 * accumulated while the previous pipeline was on the wire (up to the batch size) and sends it as
 * one pipeline. Pending sends are bounded by a semaphore; callers block when it is exhausted.
 *
 * <p>Futures complete on the flusher thread; heavy work in callbacks should use the
 * {@code ...Async} stage methods.
 */
public final class AsyncSender implements Runnable {

    private static final Logger LOG = Logger.getLogger(AsyncSender.class.getName());

    private record PendingSend(OutgoingEntry entry, CompletableFuture<String> result) {
    }

    private final LinkedBlockingQueue<PendingSend> queue = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final ConnectionSource connections;
    private final ProducerSettings settings;
    private volatile boolean running = true;

    public AsyncSender(ConnectionSource connections, ProducerSettings settings) {
        this.connections = connections;
        this.settings = settings;
        this.room = new Semaphore(settings.asyncMaxPending());
    }

    public CompletableFuture<String> submit(OutgoingEntry entry) {
        CompletableFuture<String> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(closed());
            return result;
        }
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(new StreamSendException("Interrupted while waiting for room to send", e));
            return result;
        }
        queue.add(new PendingSend(entry, result));
        return result;
    }

    @Override
    public void run() {
        List<PendingSend> batch = new ArrayList<>(settings.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                PendingSend first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.batchSize() - 1);
                flush(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "redstreams: unexpected failure in the asynchronous sender", e);
                fail(batch, new StreamSendException("Unexpected failure: " + e, e));
            } finally {
                batch.clear();
            }
        }
        // Whatever is still queued after an interrupt fails rather than hangs.
        List<PendingSend> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest, closed());
    }

    private void flush(List<PendingSend> batch) {
        List<OutgoingEntry> entries = new ArrayList<>(batch.size());
        for (PendingSend p : batch) {
            entries.add(p.entry());
        }
        List<String> ids;
        try (RedisConnection connection = connections.acquire()) {
            ids = connection.addAll(entries, settings.maxLen());
        } catch (RedStreamsException e) {
            fail(batch, EntrySender.failure("Cannot send to Redis", e));
            return;
        }
        room.release(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(ids.get(i));
        }
    }

    private void fail(List<PendingSend> batch, StreamSendException failure) {
        room.release(batch.size());
        for (PendingSend p : batch) {
            p.result().completeExceptionally(failure);
        }
    }

    /** Stops accepting sends; the loop sends what is queued, then ends. */
    public void stop() {
        running = false;
    }

    private static StreamSendException closed() {
        return new StreamSendException("The producer is closed", null);
    }
}
