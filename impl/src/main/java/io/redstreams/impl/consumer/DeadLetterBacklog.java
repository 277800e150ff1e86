package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Dead letters that Redis refused to take (the dead-letter key has another type, Redis is out of memory, the user
 * may not write it, Redis is away). Each keeps the delivery, its count and the original reason, so the next attempt
 * writes the same dead letter, without calling the application again. The entries stay pending in Redis meanwhile.
 * The worker polls it between reads; bounded: when full, the worker reads no new entries until it drains.
 * Thread-safe.
 */
final class DeadLetterBacklog {

    /** A dead letter to write at {@code dueMillis}; {@code attempts} writes failed so far, the last with {@code lastError}. */
    record Unwritten(Delivery delivery, String reason, int attempts, String lastError, long dueMillis) {
    }

    private final PriorityQueue<Unwritten> queue =
            new PriorityQueue<>((a, b) -> Long.compare(a.dueMillis(), b.dueMillis()));
    private final int capacity;

    DeadLetterBacklog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Unwritten unwritten) {
        queue.add(unwritten);
    }

    synchronized boolean full() {
        return queue.size() >= capacity;
    }

    synchronized int size() {
        return queue.size();
    }

    /** The due time of the earliest, or {@link Long#MAX_VALUE}. */
    synchronized long nextDue() {
        Unwritten first = queue.peek();
        return first == null ? Long.MAX_VALUE : first.dueMillis();
    }

    /** Removes and returns those due at {@code now}, at most {@code max}. */
    synchronized List<Unwritten> takeDue(long now, int max) {
        List<Unwritten> due = new ArrayList<>();
        while (due.size() < max && !queue.isEmpty() && queue.peek().dueMillis() <= now) {
            due.add(queue.poll());
        }
        return due;
    }
}
