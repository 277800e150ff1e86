package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Failed entries waiting for their next delivery. The worker loop polls it between reads, so no
 * timer thread is needed. Bounded: when full, the worker stops reading new entries until
 * retries drain, so a flood of failures cannot fill the heap.
 */
final class RetrySchedule {

    /** An entry to deliver again at {@code dueMillis}; it has been delivered {@code deliveries} times. */
    record Retry(String id, long deliveries, long dueMillis) {
    }

    private final PriorityQueue<Retry> queue = new PriorityQueue<>((a, b) -> Long.compare(a.dueMillis, b.dueMillis));
    private final int capacity;

    RetrySchedule(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(Retry retry) {
        queue.add(retry);
    }

    synchronized boolean full() {
        return queue.size() >= capacity;
    }

    /** The due time of the earliest retry, or {@link Long#MAX_VALUE}. */
    synchronized long nextDue() {
        Retry first = queue.peek();
        return first == null ? Long.MAX_VALUE : first.dueMillis;
    }

    /** Removes and returns the retries due at {@code now}, at most {@code max}. */
    synchronized List<Retry> takeDue(long now, int max) {
        List<Retry> due = new ArrayList<>();
        while (due.size() < max && !queue.isEmpty() && queue.peek().dueMillis <= now) {
            due.add(queue.poll());
        }
        return due;
    }
}
