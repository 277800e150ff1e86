package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.impl.codec.EntryDecoder;
import io.redstreams.impl.engine.EngineSignals;
import io.redstreams.impl.engine.TracingWall;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * The read side of one consumer: owns a dedicated connection for blocking reads and, between
 * reads, redelivers due retries ({@link RetryRedelivery}), writes dead letters Redis refused before
 * ({@link DeadLetterWriter}), holds back while deliveries are refused ({@link RefusalHoldBack}),
 * reclaims stale entries of dead consumers ({@link StaleReclaimer}) and reconnects after outages.
 * Entries go to the {@link HandlerLoop}s through a queue; a delivery needs one of
 * {@code batchSize + concurrency} slots before it is read, so at most that many entries are in the
 * JVM at once (failed ones waiting for a retry are bounded separately). {@link ReadWaker} ends a
 * blocking read early when something falls due.
 */
final class ConsumerWorker implements Runnable, HandlerLoop.Outcomes {

    private static final Logger LOG = Logger.getLogger(ConsumerWorker.class.getName());
    private static final long FIRST_RECONNECT_BACKOFF_MS = 100;
    /** Most handled entries whose acknowledgements are not sent yet before this consumer stops reading. */
    static final int MAX_UNACKED = 10_000;

    private final ConsumerSpec spec;
    private final ConsumerSettings settings;
    private volatile String consumerName;
    private final RedisConnectionPool pool;
    private final AckFlusher acks;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final Slots slots;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    final ReadWaker waker;
    private final RetryRedelivery retries;
    private final DeadLetterWriter deadLetters;
    private final RefusalHoldBack refusals;
    private final StaleReclaimer reclaimer;
    /**
     * Most ids in flight (read and not yet acknowledged, whatever they wait for) before this consumer stops reading:
     * bounds the memory that unsent acknowledgements hold while Redis refuses or cannot take them.
     */
    private final int inFlightLimit;
    private boolean inFlightLimitLogged;
    final OutageLog outage;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final EntryDecoder decoder;
    /** At concurrency 1: the handler that the worker runs on its own thread; otherwise null. */
    private final HandlerLoop inline;

    private volatile boolean running = true;
    private RedisConnection connection;
    /** Whether this worker saw its group exist; a group that vanishes after that is re-created from 0. */
    private volatile boolean groupKnown;

    /** Processing timeout of this consumer's calls, in ms. */
    private final long processingTimeoutMs;
    private final Watchdog watchdog;
    private final TracingWall tracing;
    private final EngineSignals signals;

    ConsumerWorker(ConsumerSpec spec, ConsumerSettings settings, RedisConnectionPool pool, AckFlusher acks,
                   EntryDecoder decoder, Watchdog watchdog, EngineSignals signals, TracingWall tracing) {
        this.spec = spec;
        this.settings = settings;
        this.consumerName = spec.consumer().isEmpty() ? settings.defaultConsumerName() : spec.consumer();
        this.pool = pool;
        this.acks = acks;
        this.slots = new Slots(spec.batchSize() + spec.concurrency());
        this.waker = new ReadWaker(pool);
        this.retries = new RetryRedelivery(spec, inFlight, waker);
        this.deadLetters = new DeadLetterWriter(spec, settings, pool, acks, inFlight, waker, signals, tracing);
        this.refusals = new RefusalHoldBack(spec, pool);
        this.reclaimer = new StaleReclaimer(spec, settings, inFlight, signals);
        this.inFlightLimit = spec.batchSize() + spec.concurrency() + 2 * Math.max(100, spec.batchSize() * 10)
                + MAX_UNACKED;
        this.outage = new OutageLog(spec.name() + " (" + spec.stream() + "/" + spec.group() + "/" + consumerName + ")",
                new OutageLog.Signal() {
                    @Override
                    public void began(String reason) {
                        signals.outageBegan(spec.stream(), spec.group(), consumerName, reason);
                    }

                    @Override
                    public void ended(String reason, long durationMs) {
                        signals.outageEnded(spec.stream(), spec.group(), consumerName, reason, durationMs);
                    }
                });
        this.decoder = decoder;
        this.processingTimeoutMs = spec.processingTimeoutMs() > 0 ? spec.processingTimeoutMs()
                : settings.processingTimeoutMs();
        this.watchdog = watchdog;
        this.tracing = tracing;
        this.signals = signals;
        this.inline = spec.concurrency() == 1 && !spec.batch() ? newHandlerLoop() : null;
    }

    /** One of the loops that call the application for this consumer. */
    HandlerLoop newHandlerLoop() {
        HandlerLoop loop = new HandlerLoop(spec, deliveries, decoder, this, () -> running, slots, processingTimeoutMs,
                tracing, signals);
        watchdog.watch(loop.clock());
        return loop;
    }

    /** One of the loops that call the application: a {@link BatchLoop} around a handler loop for a batch consumer. */
    Runnable newLoop() {
        return spec.batch()
                ? new BatchLoop(newHandlerLoop(), spec, deliveries, decoder, this, () -> running, slots)
                : newHandlerLoop();
    }

    /**
     * How many handler loops this consumer needs on threads of their own: none at concurrency 1,
     * where the worker calls the method itself. That saves a thread hand-off (a wake-up) per
     * message, which is most of the latency and CPU difference to a plain read-process-ack loop.
     */
    int handlerThreads() {
        return inline != null ? 0 : spec.concurrency();
    }

    ConsumerSpec spec() {
        return spec;
    }

    /** Whether this consumer still runs: false once stopped, or once its reading thread was taken back. */
    boolean isRunning() {
        return running;
    }

    /** The name this worker reads as in its group. */
    String consumerName() {
        return consumerName;
    }

    /** Gives a worker without a name of its own the engine's (changed) default name; only before it runs. */
    void useDefaultName(String name) {
        if (spec.consumer().isEmpty()) {
            consumerName = name;
        }
    }

    /** Whether this consumer holds entries (read and not acknowledged yet). */
    boolean holdsEntries() {
        return !inFlight.isEmpty();
    }

    /** The ids this consumer holds now: queued, running, waiting for a retry, a dead letter or an ack. */
    List<String> heldIds() {
        return new ArrayList<>(inFlight);
    }

    @Override
    public void run() {
        long backoff = FIRST_RECONNECT_BACKOFF_MS;
        boolean recoverOwnPending = true;
        // An interrupt is a stop too: a WorkManager releasing its work, or the adapter stopping first.
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                if (connection == null) {
                    connect();
                    recoverOwnPending = true;
                }
                if (recoverOwnPending) {
                    // Our own pending entries first: they were delivered to us before and never acknowledged.
                    recoverOwnPending();
                    recoverOwnPending = false;
                }
                outage.recovered();
                backoff = FIRST_RECONNECT_BACKOFF_MS;
                retries.redeliverDue(connection, consumerName, this::hand);
                deadLetters.writeDue();
                if (waitWhileRefused()) {
                    continue;
                }
                reclaimer.reclaimIfDue(connection, consumerName, () -> running, this::handWithCounts);
                if (retries.full() || deadLetters.full()) {
                    // Too many failures waiting: stop taking new entries until they drain.
                    waitForStop(Math.max(1, Math.min(100, nextDue() - System.currentTimeMillis())));
                    continue;
                }
                if (tooManyInFlight()) {
                    waitForStop(50);
                    continue;
                }
                readNew();
            } catch (RedisCommandException e) {
                if ((e.isNoGroup() || e.isStreamDeleted()) && running) {
                    LOG.info(() -> spec.name() + ": stream " + spec.stream() + " or group " + spec.group()
                            + " disappeared; creating it again");
                    recreateGroup();
                    continue;
                }
                outage.failed(e.getMessage(), settings.reconnectMaxBackoffMs());
                releaseConnection();
                backoff = pauseAndGrow(backoff);
            } catch (RedisConnectionException e) {
                if (!running) {
                    break;
                }
                outage.failed(e.getMessage(), settings.reconnectMaxBackoffMs());
                releaseConnection();
                backoff = pauseAndGrow(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // keep it: the supervisor sees the host took the thread back
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, spec.name() + ": unexpected failure in the consumer loop; continuing", e);
                releaseConnection();
                backoff = pauseAndGrow(backoff);
            }
        }
        releaseConnection();
    }

    private void connect() {
        connection = pool.acquire();
        waker.readsOn(connection.clientId());
        // Before the group was ever seen, it starts where the spec says. A group that vanished
        // later (stream deleted, Redis restarted without persistence) is re-created from 0: every
        // entry in a stream without our group was added after the loss and must not be skipped.
        // "$" keeps Redis's meaning: the end of the stream when the group is created, here and now if Redis was
        // unreachable at start. Never an id made from this JVM's clock: entries with explicit ids (1-1) or from a
        // Redis whose clock is behind ours would sort before it and be skipped.
        String from = groupKnown ? "0" : spec.startFrom();
        if (connection.createGroup(spec.stream(), spec.group(), from)) {
            LOG.info(() -> spec.name() + ": created group " + spec.group() + " on " + spec.stream() + " from " + from
                    + (groupKnown ? " (it had vanished)" : ""));
        }
        groupKnown = true;
    }

    private void recreateGroup() {
        try {
            // From 0: every entry in a stream that was deleted and written again is new to us.
            connection.createGroup(spec.stream(), spec.group(), "0");
        } catch (RuntimeException e) {
            releaseConnection();
        }
    }

    private void readNew() throws InterruptedException {
        // Wait for room for a whole batch (the handlers are down to their last entries), then read COUNT batchSize.
        // Taking whatever single slot just became free made every read fetch 1-20 entries under load: 5-10x the
        // XREADGROUPs and a wake-up of this thread per message.
        if (!slots.tryAcquire(spec.batchSize(), 100, TimeUnit.MILLISECONDS)) {
            return; // the handlers are behind: do not read more
        }
        int reserved = spec.batchSize();
        int handed = 0;
        try {
            handed = readNew(reserved);
        } finally {
            slots.release(reserved - handed);
        }
    }

    /** Reads up to {@code count} new entries and hands them on; returns how many were handed. */
    private int readNew(int count) {
        long now = System.currentTimeMillis();
        long untilRetry = nextDue() - now;
        long untilReclaim = reclaimer.nextRound() - now;
        long block = Math.max(1, Math.min(settings.blockMs(), Math.min(untilRetry, untilReclaim)));
        waker.readingUntil(now + block);
        List<RawEntry> entries;
        try {
            entries = connection.readGroup(spec.stream(), spec.group(), consumerName, ">", count, block);
        } finally {
            waker.readDone();
        }
        // All of the batch is held (and leased) from now on, also while an earlier entry runs on this thread.
        List<RawEntry> fresh = new ArrayList<>(entries.size());
        for (RawEntry entry : entries) {
            if (inFlight.add(entry.id())) {
                fresh.add(entry);
            }
        }
        for (RawEntry entry : fresh) {
            dispatch(new Delivery(entry, 1));
        }
        return fresh.size();
    }

    private void recoverOwnPending() throws InterruptedException {
        String after = "0";
        while (running) {
            List<RawEntry> entries = connection.readGroup(spec.stream(), spec.group(), consumerName, after,
                    spec.batchSize(), 0);
            if (entries.isEmpty()) {
                return;
            }
            handWithCounts(entries);
            after = entries.get(entries.size() - 1).id();
        }
    }

    /** Whether so many acknowledgements are unsent that reading more would only pile them up; logs the change. */
    private boolean tooManyInFlight() {
        boolean over = inFlight.size() >= inFlightLimit;
        if (over != inFlightLimitLogged) {
            inFlightLimitLogged = over;
            if (over) {
                LOG.warning(() -> spec.name() + ": " + inFlight.size() + " entries of " + spec.stream()
                        + " handled or waiting and not acknowledged yet; reading no more until acknowledgements go out");
            } else {
                LOG.info(() -> spec.name() + ": acknowledgements are going out again; reading on");
            }
        }
        return over;
    }

    /** When the next retry or dead-letter write is due, or {@link Long#MAX_VALUE}. */
    private long nextDue() {
        return Math.min(retries.nextDue(), deadLetters.nextDue());
    }

    /** Hands entries that were delivered before, with their delivery counts (one XPENDING). */
    private void handWithCounts(List<RawEntry> entries) throws InterruptedException {
        Map<String, Long> counts = connection.deliveryCounts(spec.stream(), spec.group(), consumerName,
                entries.get(0).id(), entries.get(entries.size() - 1).id(), Math.max(entries.size() * 2, 100));
        List<RawEntry> fresh = new ArrayList<>(entries.size());
        for (RawEntry entry : entries) {
            if (entry.deleted()) {
                acks.ack(spec.stream(), spec.group(), entry.id(), inFlight);
            } else if (inFlight.add(entry.id())) {
                fresh.add(entry); // held (and leased) from now on, also while an earlier one runs on this thread
            }
        }
        for (RawEntry entry : fresh) {
            hand(new Delivery(entry, counts.getOrDefault(entry.id(), 1L)));
        }
    }

    /** Takes a slot (waiting while all are busy: that is the backpressure) and queues the delivery. */
    private void hand(Delivery delivery) throws InterruptedException {
        while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (!running) {
                inFlight.remove(delivery.entry().id());
                return;
            }
        }
        dispatch(delivery);
    }

    /** Runs the delivery here (concurrency 1) or queues it for the handler loops. */
    private void dispatch(Delivery delivery) {
        long until = refusals.until();
        if (System.currentTimeMillis() < until) {
            // Deliveries are refused: hold this one back too, so refused entries come back in their order.
            refused(delivery, new DeliveryRefusedException("held back while deliveries are refused", until, null));
            slots.release();
            return;
        }
        if (inline == null) {
            deliveries.add(delivery);
        } else if (running) {
            inline.process(delivery);
        } else {
            abandoned(delivery); // stopping: it stays pending for the next start
            slots.release();
        }
    }

    // ---- outcomes, reported by the handler loops (which release the delivery's slot after reporting) ----

    @Override
    public void succeeded(RawEntry entry) {
        acks.ack(spec.stream(), spec.group(), entry.id(), inFlight); // leaves inFlight once acknowledged
    }

    @Override
    public void skipped(RawEntry entry) {
        succeeded(entry);
    }

    @Override
    public void failed(Delivery delivery, Throwable failure) {
        if (!running && interrupted(failure)) {
            // Interrupted by the shutdown timeout (the method turned the interrupt into another exception): it did
            // not fail on its own, so it is neither retried nor dead-lettered; it stays pending for the next start.
            inFlight.remove(delivery.entry().id());
            return;
        }
        String id = delivery.entry().id();
        long count = delivery.deliveryCount();
        signals.failed(spec.stream(), spec.group(), failure);
        if (spec.maxDeliveries() > 0 && count >= spec.maxDeliveries()) {
            deadLetters.deadLetter(delivery, DeadLetters.reason(failure));
            return;
        }
        signals.retried(spec.stream(), spec.group());
        boolean nacked = failure instanceof ManualAck.Nacked; // asked for by the method: its delay, no warning
        long backoff = nacked ? ((ManualAck.Nacked) failure).delayMs() : settings.retryBackoff(count);
        LOG.log(nacked ? Level.FINE : Level.WARNING, spec.name() + ": failed on entry " + id + " of " + spec.stream()
                + " (delivery " + count
                + (spec.maxDeliveries() > 0 ? " of " + spec.maxDeliveries() : "") + "); delivering again in "
                + backoff + " ms: " + DeadLetters.reason(failure), LOG.isLoggable(Level.FINE) ? failure : null);
        tracing.retryScheduled(count, backoff);
        retries.schedule(id, count, backoff);
    }

    @Override
    public void undecodable(Delivery delivery, String reason) {
        signals.failed(spec.stream(), spec.group(), null);
        deadLetters.deadLetter(delivery, reason);
    }

    @Override
    public void tooManyDeliveries(Delivery delivery) {
        deadLetters.deadLetter(delivery, "delivered " + delivery.deliveryCount() + " times, more than maxDeliveries="
                + spec.maxDeliveries());
    }

    @Override
    public void abandoned(Delivery delivery) {
        inFlight.remove(delivery.entry().id());
    }

    /**
     * The host refused to run the application for the entry (in a server: no endpoint,
     * {@code beforeDelivery} failed): nobody saw it, so it keeps its delivery count, in Redis too
     * (Redis counted this read or claim; XCLAIM ... RETRYCOUNT takes that back, so a restart or
     * another consumer sees the right count), and is offered again at the refusal's time, before
     * new entries are read.
     */
    @Override
    public void refused(Delivery delivery, DeliveryRefusedException refusal) {
        String id = delivery.entry().id();
        long before = delivery.deliveryCount() - 1;
        refusals.setDeliveryCount(consumerName, id, before);
        if (!running) {
            inFlight.remove(id); // stopping: it stays pending for the next start
            return;
        }
        long retryAt = Math.max(refusal.retryAtMillis(), System.currentTimeMillis());
        refusals.holdUntil(retryAt);
        LOG.fine(() -> spec.name() + ": delivery of entry " + id + " refused (" + refusal.getMessage()
                + "); offering it again in " + (retryAt - System.currentTimeMillis()) + " ms");
        retries.schedule(id, before, retryAt - System.currentTimeMillis());
    }

    /** While deliveries are refused, reads and claims nothing new; returns whether it waited. */
    private boolean waitWhileRefused() throws InterruptedException {
        long now = System.currentTimeMillis();
        long until = refusals.until();
        if (now >= until) {
            return false;
        }
        waitForStop(Math.max(1, Math.min(until, retries.nextDue()) - now));
        return true;
    }

    /** Whether the calling handler thread was interrupted, or the failure was caused by an interrupt. */
    private static boolean interrupted(Throwable failure) {
        return Thread.currentThread().isInterrupted() || Failures.causedByInterrupt(failure);
    }

    // ---- stopping ----

    /** Stops reading and tells the handler loops to finish; does not wait. */
    void stop() {
        running = false;
        stopSignal.countDown();
        waker.wakeNow();
    }

    /** Wakes a read that started just before {@link #stop()}; called while waiting for the loops. */
    void nudge() {
        waker.wakeNow();
    }

    /** Entries read and not finished yet (queued or running): at most {@code batchSize + concurrency}. */
    int inFlightCount() {
        return spec.batchSize() + spec.concurrency() - slots.availablePermits();
    }

    private void waitForStop(long ms) throws InterruptedException {
        stopSignal.await(ms, TimeUnit.MILLISECONDS);
    }

    private long pauseAndGrow(long backoff) {
        try {
            waitForStop(backoff);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
        return Math.min(backoff * 2, settings.reconnectMaxBackoffMs());
    }

    private void releaseConnection() {
        RedisConnection c = connection;
        connection = null;
        waker.readsOn(-1);
        if (c != null) {
            c.close();
        }
    }
}
