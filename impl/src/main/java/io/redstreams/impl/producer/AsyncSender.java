package io.redstreams.impl.producer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.RedStreamsException;
import io.redstreams.StreamSendException;
import io.redstreams.impl.redis.OutgoingEntry;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisPipelineException;

/**
 * Asynchronous sends that share round trips: callers enqueue, one flusher loop ({@link #run()})
 * takes whatever accumulated while the previous pipeline was on the wire (up to the batch size) and
 * sends it as one pipeline. Pending sends are bounded by an {@link AsyncBuffer}; a caller that finds it
 * full blocks, fails or waits, as its policy says. Each pipeline passes the {@link SendBreaker}: while it is open,
 * sends are refused before they are queued and queued ones fail without being sent.
 *
 * <p>Each send has its own outcome: a future fails only if its own XADD failed. A send that was
 * certainly not executed (no connection, or the server answered it cannot serve: failover) goes
 * into the next pipeline, up to {@link EntrySender#ATTEMPTS} times.
 *
 * <p>The futures are completed on a second loop ({@link #completer()}, thread
 * {@code redstreams-async-completer}), never on the flusher: a callback that sends again, or blocks,
 * cannot stop the flusher from freeing room, so a full buffer never deadlocks.
 */
public final class AsyncSender implements Runnable {

    private static final Logger LOG = Logger.getLogger(AsyncSender.class.getName());

    private static final class PendingSend {
        final OutgoingEntry entry;
        final CompletableFuture<String> result;
        int attempts;

        PendingSend(OutgoingEntry entry, CompletableFuture<String> result) {
            this.entry = entry;
            this.result = result;
        }
    }

    private final LinkedBlockingQueue<PendingSend> queue = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Runnable> completions = new LinkedBlockingQueue<>();
    private final AsyncBuffer room;
    private final SendBreaker breaker;
    private final ConnectionSource connections;
    private final ProducerSettings settings;
    private volatile boolean running = true;
    private volatile boolean flusherDone;

    public AsyncSender(ConnectionSource connections, ProducerSettings settings) {
        this(connections, settings, SendBreaker.disabled(), AsyncBuffer.blocking(settings.asyncMaxPending()));
    }

    public AsyncSender(ConnectionSource connections, ProducerSettings settings, SendBreaker breaker,
                       AsyncBuffer room) {
        this.connections = connections;
        this.settings = settings;
        this.breaker = breaker;
        this.room = room;
    }

    public CompletableFuture<String> submit(OutgoingEntry entry) {
        CompletableFuture<String> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(closed());
            return result;
        }
        if (breaker.refusesNow()) {
            breaker.countRejected(1);
            return rejected(result, breaker.refusal());
        }
        try {
            if (!room.take()) {
                return rejected(result, room.refusal());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(new StreamSendException("Interrupted while waiting for room to send", e));
            return result;
        }
        queue.add(new PendingSend(entry, result));
        return result;
    }

    /** The flusher loop. */
    @Override
    public void run() {
        List<PendingSend> batch = new ArrayList<>(settings.batchSize());
        List<PendingSend> retry = new ArrayList<>();
        try {
            while (running || !queue.isEmpty() || !retry.isEmpty()) {
                try {
                    if (retry.isEmpty()) {
                        PendingSend first = queue.poll(100, TimeUnit.MILLISECONDS);
                        if (first == null) {
                            continue;
                        }
                        batch.add(first);
                    } else {
                        batch.addAll(retry);
                        retry.clear();
                    }
                    queue.drainTo(batch, Math.max(0, settings.batchSize() - batch.size()));
                    flush(batch, retry);
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
            List<PendingSend> rest = new ArrayList<>(retry);
            queue.drainTo(rest);
            fail(rest, closed());
        } finally {
            flusherDone = true;
        }
    }

    private void flush(List<PendingSend> batch, List<PendingSend> retry) {
        if (!breaker.tryPermit()) { // open: fail fast, no connection borrowed
            breaker.countRejected(batch.size());
            fail(batch, breaker.refusal());
            return;
        }
        long start = System.nanoTime();
        try {
            send(batch, retry, start);
        } catch (RuntimeException | Error e) { // unexpected: give the permission back (a probe must not be stranded)
            breaker.record(start, e);
            throw e;
        }
    }

    private void send(List<PendingSend> batch, List<PendingSend> retry, long start) {
        List<OutgoingEntry> entries = new ArrayList<>(batch.size());
        for (PendingSend p : batch) {
            entries.add(p.entry);
            p.attempts++;
        }
        List<String> ids;
        try (RedisConnection connection = connections.acquire()) {
            ids = connection.addAll(entries, settings.retention()::onSend);
            settings.retention().sent(ids.get(ids.size() - 1));
        } catch (RedisPipelineException e) {
            breaker.record(start, e);
            completeEach(batch, e, retry);
            return;
        } catch (RedisConnectionException e) {
            breaker.record(start, e);
            if (e.notProcessed()) {
                retryOrFail(batch, e, retry);
            } else {
                fail(batch, EntrySender.failure("Cannot send to Redis (the entry may or may not have been added)", e));
            }
            return;
        } catch (RedStreamsException e) {
            breaker.record(start, e);
            fail(batch, EntrySender.failure("Cannot send to Redis", e));
            return;
        }
        breaker.record(start, null);
        room.release(batch.size());
        List<PendingSend> done = List.copyOf(batch);
        completions.add(() -> {
            for (int i = 0; i < done.size(); i++) {
                done.get(i).result.complete(ids.get(i));
            }
        });
    }

    /** Each send of a partly failed pipeline gets its own outcome. */
    private void completeEach(List<PendingSend> batch, RedisPipelineException e, List<PendingSend> retry) {
        List<PendingSend> done = new ArrayList<>(batch.size());
        List<Object> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PendingSend p = batch.get(i);
            RedStreamsException f = e.failures().get(i);
            if (f instanceof RedisConnectionException c && c.notProcessed() && p.attempts < EntrySender.ATTEMPTS) {
                retry.add(p);
                continue;
            }
            done.add(p);
            outcomes.add(f == null ? e.results().get(i) : EntrySender.failure("Cannot send to Redis", f));
        }
        room.release(done.size());
        completions.add(() -> {
            for (int i = 0; i < done.size(); i++) {
                Object outcome = outcomes.get(i);
                if (outcome instanceof String id) {
                    done.get(i).result.complete(id);
                } else {
                    done.get(i).result.completeExceptionally((Throwable) outcome);
                }
            }
        });
    }

    private void retryOrFail(List<PendingSend> batch, RedisConnectionException e, List<PendingSend> retry) {
        List<PendingSend> failed = new ArrayList<>();
        for (PendingSend p : batch) {
            if (p.attempts < EntrySender.ATTEMPTS) {
                retry.add(p);
            } else {
                failed.add(p);
            }
        }
        fail(failed, EntrySender.failure("Cannot send to Redis (the entry was not added)", e));
    }

    private void fail(List<PendingSend> batch, StreamSendException failure) {
        if (batch.isEmpty()) {
            return;
        }
        room.release(batch.size());
        List<PendingSend> done = List.copyOf(batch);
        Runnable completion = () -> done.forEach(p -> p.result.completeExceptionally(failure));
        if (!completions.offer(completion)) {
            completion.run();
        }
    }

    /** A send refused before it was queued: its stage fails on the completer, never on the caller's thread. */
    private CompletableFuture<String> rejected(CompletableFuture<String> result, StreamSendException refusal) {
        completions.add(() -> result.completeExceptionally(refusal));
        return result;
    }

    /**
     * The loop that completes the futures (and so runs the callers' dependent stages, unless they
     * chose an executor): ends after the flusher ended and every completion ran.
     */
    public Runnable completer() {
        return () -> {
            while (!flusherDone || !completions.isEmpty()) {
                Runnable next;
                try {
                    next = completions.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (next == null) {
                    continue;
                }
                try {
                    next.run();
                } catch (Throwable t) { // a wall: callers' stages never end this loop
                    LOG.log(Level.WARNING, "redstreams: a completion stage of an asynchronous send threw", t);
                }
            }
            // interrupted: complete what is left here rather than strand it
            Runnable rest;
            while ((rest = completions.poll()) != null) {
                try {
                    rest.run();
                } catch (Throwable t) {
                    LOG.log(Level.WARNING, "redstreams: a completion stage of an asynchronous send threw", t);
                }
            }
        };
    }

    /** Stops accepting sends; the loop sends what is queued, then ends. */
    public void stop() {
        running = false;
    }

    /** For a flusher that never started: fails what was queued and lets the completer end. */
    public void abandon() {
        running = false;
        List<PendingSend> rest = new ArrayList<>();
        queue.drainTo(rest);
        fail(rest, closed());
        flusherDone = true;
    }

    private static StreamSendException closed() {
        return new StreamSendException("The producer is closed", null);
    }
}
