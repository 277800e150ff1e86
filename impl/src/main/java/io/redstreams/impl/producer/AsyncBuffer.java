package io.redstreams.impl.producer;

import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.redstreams.AsyncBufferFullException;
import io.redstreams.ProducerStatus;

/**
 * The room for asynchronous sends waiting for Redis ({@code redstreams.producer.async-max-pending}) and what a caller
 * meets when it is full ({@code redstreams.producer.async-buffer.policy}): {@link Policy#BLOCK} waits for room (the
 * default, as before), {@link Policy#FAIL} refuses at once, {@link Policy#WAIT} waits at most
 * {@code async-buffer.wait-ms}. Counts what it refused and the greatest size it saw. Thread-safe; taking room is one
 * semaphore operation plus a read (a write only when a new peak is reached).
 */
public final class AsyncBuffer {

    /** What a caller meets when the buffer is full. */
    public enum Policy {
        /** Wait until there is room (interruptible). */
        BLOCK,
        /** Refuse at once. */
        FAIL,
        /** Wait at most the configured time, then refuse. */
        WAIT
    }

    private final Policy policy;
    private final int capacity;
    private final long waitMs;
    private final Semaphore room;
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();

    public AsyncBuffer(Policy policy, int capacity, long waitMs) {
        this.policy = policy;
        this.capacity = capacity;
        this.waitMs = waitMs;
        this.room = new Semaphore(capacity);
    }

    /** Blocking, unbounded: the behaviour before the policy existed. */
    public static AsyncBuffer blocking(int capacity) {
        return new AsyncBuffer(Policy.BLOCK, capacity, 0);
    }

    /**
     * Takes room for one send, as the policy says.
     *
     * @return whether room was taken; {@code false} when refused (counted), see {@link #refusal()}
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean take() throws InterruptedException {
        boolean taken = switch (policy) {
            case BLOCK -> {
                room.acquire();
                yield true;
            }
            case FAIL -> room.tryAcquire();
            case WAIT -> room.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
        };
        if (!taken) {
            rejected.increment();
            return false;
        }
        int size = capacity - room.availablePermits();
        if (size > peak.get()) {
            peak.accumulateAndGet(size, Math::max);
        }
        return true;
    }

    /** Gives back room for {@code sends} sends that completed (or failed). */
    public void release(int sends) {
        room.release(sends);
    }

    /** The exception a refused send's stage completes with. */
    public AsyncBufferFullException refusal() {
        return new AsyncBufferFullException("The asynchronous send buffer is full (" + capacity
                + " sends waiting for Redis, redstreams.producer.async-max-pending); policy "
                + policyName() + (policy == Policy.WAIT ? " (waited " + waitMs + " ms)" : "")
                + ": the entry was not queued", capacity);
    }

    public ProducerStatus.AsyncBuffer snapshot() {
        return new ProducerStatus.AsyncBuffer(policyName(), Math.max(0, capacity - room.availablePermits()), capacity,
                peak.get(), rejected.sum());
    }

    private String policyName() {
        return policy.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "AsyncBuffer[" + policyName() + ", " + (capacity - room.availablePermits()) + "/" + capacity + "]";
    }
}
