package io.redstreams.examples.quickstart;

import java.util.BitSet;

import jakarta.enterprise.context.ApplicationScoped;

/** Remembers which orders were billed (by id), so the demo can prove that none was lost. */
@ApplicationScoped
public class Ledger {

    private final BitSet billed = new BitSet();
    private long bookings;

    public synchronized void book(Order order) {
        billed.set((int) order.id());
        bookings++;
    }

    /** Distinct orders billed. */
    public synchronized int billed() {
        return billed.cardinality();
    }

    /** Calls to {@link #book}, duplicates included (at-least-once may redeliver). */
    public synchronized long bookings() {
        return bookings;
    }

    public synchronized boolean isBilled(long id) {
        return billed.get((int) id);
    }
}
