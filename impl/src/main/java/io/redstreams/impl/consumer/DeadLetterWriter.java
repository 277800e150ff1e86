package io.redstreams.impl.consumer;

import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import io.redstreams.impl.engine.EngineSignals;
import io.redstreams.impl.engine.TracingWall;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnectionException;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * Writes one consumer's dead letters ({@code XADD} to the dead-letter stream), then acknowledges
 * the entry; never the other way round. A dead letter Redis refuses, or cannot take because it is
 * away, is kept in a bounded backlog and written again with backoff (same reason, same count)
 * until it succeeds; its entry stays pending meanwhile. The application is not called again.
 *
 * <p>Thread-safe: handler threads write, the worker writes what is due.
 */
final class DeadLetterWriter {

    /** The worker's logger: one consumer's messages stay under one name, as logging configurations expect. */
    private static final Logger LOG = Logger.getLogger(ConsumerWorker.class.getName());

    private final ConsumerSpec spec;
    private final ConsumerSettings settings;
    private final DeadLetters deadLetters;
    private final AckFlusher acks;
    private final Set<String> inFlight;
    private final DeadLetterBacklog unwritten;
    private final ReadWaker waker;
    private final EngineSignals signals;
    private final TracingWall tracing;

    /**
     * @param inFlight the consumer's held ids; an entry leaves it once its acknowledgement is sent
     * @param waker    woken when a kept dead letter falls due before the worker's read ends
     * @param signals  told of each dead letter written (after its entry is acknowledged)
     * @param tracing  told of each dead letter decided, in the span of the delivery that decided it
     */
    DeadLetterWriter(ConsumerSpec spec, ConsumerSettings settings, RedisConnectionPool pool, AckFlusher acks,
                     Set<String> inFlight, ReadWaker waker, EngineSignals signals, TracingWall tracing) {
        this.spec = spec;
        this.settings = settings;
        this.deadLetters = new DeadLetters(pool);
        this.acks = acks;
        this.inFlight = inFlight;
        this.unwritten = new DeadLetterBacklog(Math.max(100, spec.batchSize() * 10));
        this.waker = waker;
        this.signals = signals;
        this.tracing = tracing;
    }

    /** Writes the entry's dead letter and acknowledges the entry; if that fails, keeps it for another attempt. */
    void deadLetter(Delivery delivery, String reason) {
        tracing.deadLettered(spec.deadLetterStream(), reason);
        try {
            write(delivery, reason);
        } catch (RuntimeException e) {
            // Redis refused it or is away (or anything else went wrong): the entry stays pending, tried again later.
            keep(delivery, reason, 1, null, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Writes the kept dead letters whose next attempt is due.
     *
     * @throws RedisConnectionException when Redis is away; what was not written is kept
     */
    void writeDue() {
        List<DeadLetterBacklog.Unwritten> due = unwritten.takeDue(System.currentTimeMillis(), spec.batchSize());
        for (int i = 0; i < due.size(); i++) {
            DeadLetterBacklog.Unwritten u = due.get(i);
            try {
                write(u.delivery(), u.reason());
                LOG.info(() -> spec.name() + ": dead letter of entry " + u.delivery().entry().id() + " written to "
                        + spec.deadLetterStream() + " after " + u.attempts() + " failed attempt(s)");
            } catch (RedisCommandException e) {
                keep(u.delivery(), u.reason(), u.attempts() + 1, u.lastError(), e.getMessage());
            } catch (RedisConnectionException e) {
                // Redis is away: keep them all for later; the worker handles the outage.
                for (int j = i; j < due.size(); j++) {
                    DeadLetterBacklog.Unwritten k = due.get(j);
                    unwritten.add(new DeadLetterBacklog.Unwritten(k.delivery(), k.reason(), k.attempts(),
                            k.lastError(), System.currentTimeMillis() + settings.retryBackoff(k.attempts())));
                }
                throw e;
            }
        }
    }

    /** Whether the backlog is full: the worker then reads nothing new until it drains. */
    boolean full() {
        return unwritten.full();
    }

    /** When the next kept dead letter is due, or {@link Long#MAX_VALUE}. */
    long nextDue() {
        return unwritten.nextDue();
    }

    private void write(Delivery delivery, String reason) {
        String id = deadLetters.write(spec, delivery.entry(), delivery.deliveryCount(), reason);
        LOG.warning(() -> spec.name() + ": entry " + delivery.entry().id() + " of " + spec.stream() + " moved to "
                + spec.deadLetterStream() + " as " + id + " after " + delivery.deliveryCount() + " deliveries: "
                + reason);
        // Only now that the dead letter is known to be written (leaves inFlight once acknowledged).
        acks.ack(spec.stream(), spec.group(), delivery.entry().id(), inFlight);
        if (signals.active()) {
            signals.deadLettered(delivery.entry().id(), spec.stream(), spec.group(), spec.deadLetterStream(), reason,
                    delivery.deliveryCount());
        }
    }

    /** Keeps the dead letter for another attempt; logs once per entry, and again only when the reason changes. */
    private void keep(Delivery delivery, String reason, int attempts, String previousError, String error) {
        long backoff = settings.retryBackoff(attempts);
        if (!error.equals(previousError)) {
            LOG.warning(() -> spec.name() + ": could not write the dead letter of entry " + delivery.entry().id()
                    + " of " + spec.stream() + " to " + spec.deadLetterStream() + " (" + error + "); the entry stays"
                    + " pending and the dead letter is written again every " + settings.retryMaxBackoffMs()
                    + " ms at most until Redis takes it");
        }
        long due = System.currentTimeMillis() + backoff;
        unwritten.add(new DeadLetterBacklog.Unwritten(delivery, reason, attempts, error, due));
        waker.wakeIfBlockedPast(due);
    }
}
