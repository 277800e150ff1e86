package io.redstreams.ra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Container transactions, faked per thread: the test endpoint begins one in
 * {@code beforeDelivery} and completes it in {@code afterDelivery}, committing unless it was
 * marked rollback-only, and calls the registered synchronizations as a transaction manager does.
 */
final class TestTransactions implements TransactionSynchronizationRegistry {

    private static final class Transaction {
        final List<Synchronization> synchronizations = new ArrayList<>();
        final Map<Object, Object> resources = new HashMap<>();
        boolean rollbackOnly;
    }

    private final ThreadLocal<Transaction> current = new ThreadLocal<>();
    /** How many of the next transactions begin unusable: they refuse synchronizations and can only roll back. */
    final AtomicInteger unusable = new AtomicInteger();

    void begin() {
        current.set(new Transaction());
    }

    /** Ends the thread's transaction; returns its final status. */
    int complete() {
        Transaction tx = current.get();
        current.remove();
        if (tx == null) {
            return Status.STATUS_NO_TRANSACTION;
        }
        int status = tx.rollbackOnly ? Status.STATUS_ROLLEDBACK : Status.STATUS_COMMITTED;
        if (status == Status.STATUS_COMMITTED) {
            tx.synchronizations.forEach(Synchronization::beforeCompletion);
        }
        tx.synchronizations.forEach(s -> s.afterCompletion(status));
        return status;
    }

    private Transaction active() {
        Transaction tx = current.get();
        if (tx == null) {
            throw new IllegalStateException("no transaction");
        }
        return tx;
    }

    @Override
    public Object getTransactionKey() {
        return current.get();
    }

    @Override
    public void putResource(Object key, Object value) {
        active().resources.put(key, value);
    }

    @Override
    public Object getResource(Object key) {
        return active().resources.get(key);
    }

    @Override
    public void registerInterposedSynchronization(Synchronization sync) {
        if (unusable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // What a transaction manager does for a transaction it cannot complete (timed out, marked for rollback).
            active().rollbackOnly = true;
            throw new IllegalStateException("test: the transaction cannot be used");
        }
        active().synchronizations.add(sync);
    }

    @Override
    public int getTransactionStatus() {
        Transaction tx = current.get();
        if (tx == null) {
            return Status.STATUS_NO_TRANSACTION;
        }
        return tx.rollbackOnly ? Status.STATUS_MARKED_ROLLBACK : Status.STATUS_ACTIVE;
    }

    @Override
    public void setRollbackOnly() {
        active().rollbackOnly = true;
    }

    @Override
    public boolean getRollbackOnly() {
        return active().rollbackOnly;
    }
}
