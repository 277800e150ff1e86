package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisConnection;

/**
 * Redelivers one consumer's failed (or refused) entries when their backoff is over: keeps them in
 * a bounded schedule and, when due, claims them again ({@code XCLAIM}) so that Redis counts the
 * delivery, then hands them on with the next delivery count. An entry deleted or trimmed
 * meanwhile is let go.
 *
 * <p>Thread-safe: handler threads schedule, the worker redelivers.
 */
final class RetryRedelivery {

    /** Where a claimed entry goes next: the worker's hand-off (which waits for a slot). */
    @FunctionalInterface
    interface Hand {
        void hand(Delivery delivery) throws InterruptedException;
    }

    private final ConsumerSpec spec;
    private final RetrySchedule retries;
    private final Set<String> inFlight;
    private final ReadWaker waker;

    RetryRedelivery(ConsumerSpec spec, Set<String> inFlight, ReadWaker waker) {
        this.spec = spec;
        this.retries = new RetrySchedule(Math.max(100, spec.batchSize() * 10));
        this.inFlight = inFlight;
        this.waker = waker;
    }

    /** Delivers the entry again in {@code backoffMs}; {@code deliveries} is how often it was delivered so far. */
    void schedule(String id, long deliveries, long backoffMs) {
        long due = System.currentTimeMillis() + backoffMs;
        retries.add(new RetrySchedule.Retry(id, deliveries, due));
        waker.wakeIfBlockedPast(due);
    }

    /**
     * Claims the due entries (at most a batch) as {@code consumerName} and hands them on. If the claim fails,
     * they stay scheduled.
     */
    void redeliverDue(RedisConnection connection, String consumerName, Hand hand) throws InterruptedException {
        List<RetrySchedule.Retry> due = retries.takeDue(System.currentTimeMillis(), spec.batchSize());
        if (due.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(due.size());
        for (RetrySchedule.Retry r : due) {
            ids.add(r.id());
        }
        List<RawEntry> claimed;
        try {
            claimed = connection.claim(spec.stream(), spec.group(), consumerName, ids);
        } catch (RuntimeException e) {
            for (RetrySchedule.Retry r : due) {
                retries.add(r);
            }
            throw e;
        }
        Set<String> found = new HashSet<>();
        for (RawEntry entry : claimed) {
            found.add(entry.id());
        }
        for (RetrySchedule.Retry r : due) {
            if (!found.contains(r.id())) {
                inFlight.remove(r.id()); // deleted or trimmed meanwhile: nothing left to deliver
            }
        }
        for (RawEntry entry : claimed) {
            long previous = due.stream().filter(r -> r.id().equals(entry.id())).findFirst()
                    .map(RetrySchedule.Retry::deliveries).orElse(0L);
            hand.hand(new Delivery(entry, previous + 1));
        }
    }

    /** Whether the schedule is full: the worker then reads nothing new until it drains. */
    boolean full() {
        return retries.full();
    }

    /** When the next retry is due, or {@link Long#MAX_VALUE}. */
    long nextDue() {
        return retries.nextDue();
    }
}
