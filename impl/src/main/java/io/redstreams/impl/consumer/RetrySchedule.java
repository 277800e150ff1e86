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

    /** By due time, then in stream order: entries refused together are offered again in the order they came. */
    private final PriorityQueue<Retry> queue = new PriorityQueue<>((a, b) -> a.dueMillis != b.dueMillis
            ? Long.compare(a.dueMillis, b.dueMillis) : compareIds(a.id, b.id));
    private final int capacity;

    RetrySchedule(int capacity) {
        this.capacity = capacity;
    }

    /** Compares stream entry ids ({@code <ms>-<seq>}) numerically; ids of another form by their text. */
    static int compareIds(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        try {
            int byMillis = Long.compare(Long.parseLong(a.substring(0, da)), Long.parseLong(b.substring(0, db)));
            return byMillis != 0 ? byMillis
                    : Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
        } catch (RuntimeException e) {
            return a.compareTo(b);
        }
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
