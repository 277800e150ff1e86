package io.redstreams.ra;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Learns whether the container transaction of one delivery committed. A bean that calls
 * {@code setRollbackOnly()} makes its container roll back in {@code afterDelivery}, which then
 * returns normally: without asking the transaction, the adapter would acknowledge an entry whose
 * processing was undone. So right after {@code beforeDelivery} started the transaction, an
 * interposed {@link Synchronization} is registered, and the entry is acknowledged only if it saw
 * {@link Status#STATUS_COMMITTED}.
 *
 * <p>No transaction (a bean with bean-managed or {@code NOT_SUPPORTED} transactions), or no
 * registry from the server: then {@code afterDelivery} returning normally is the outcome.
 */
final class TransactionOutcome implements Synchronization {

    private enum State { NO_TRANSACTION, ACTIVE, COMMITTED, ROLLED_BACK, NOT_WATCHABLE }

    private volatile State state;
    private volatile String reason;

    private TransactionOutcome(State state, String reason) {
        this.state = state;
        this.reason = reason;
    }

    /**
     * Starts watching the transaction on the current thread, if there is one.
     *
     * @param registry the server's registry, or {@code null}
     */
    static TransactionOutcome watch(TransactionSynchronizationRegistry registry) {
        if (registry == null) {
            return new TransactionOutcome(State.NO_TRANSACTION, null);
        }
        try {
            if (registry.getTransactionKey() == null) {
                return new TransactionOutcome(State.NO_TRANSACTION, null);
            }
            TransactionOutcome outcome = new TransactionOutcome(State.ACTIVE, null);
            registry.registerInterposedSynchronization(outcome);
            return outcome;
        } catch (RuntimeException e) {
            // Typically a transaction already marked for rollback: it cannot commit.
            return new TransactionOutcome(State.NOT_WATCHABLE, "registering with the container transaction "
                    + "failed: " + e);
        }
    }

    /** Whether the transaction could not be watched: it can only roll back, so the bean need not run. */
    boolean unusable() {
        return state == State.NOT_WATCHABLE;
    }

    /** Why the transaction did not (or cannot) commit; {@code null} while that is not known. */
    String reason() {
        return reason;
    }

    @Override
    public void beforeCompletion() {
        // Nothing to prepare: the acknowledgement is sent after the commit, never inside it.
    }

    @Override
    public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
            state = State.COMMITTED;
        } else {
            state = State.ROLLED_BACK;
            reason = "the container transaction did not commit (status " + status + ")";
        }
    }

    /**
     * Called after {@code afterDelivery} returned normally.
     *
     * @throws DeliveryRolledBackException unless the transaction committed or there was none
     */
    void requireCommitted() throws DeliveryRolledBackException {
        switch (state) {
            case NO_TRANSACTION, COMMITTED -> {
                return;
            }
            case ACTIVE -> throw new DeliveryRolledBackException(
                    "the container transaction had not completed when afterDelivery returned");
            default -> throw new DeliveryRolledBackException(reason);
        }
    }

    /** The delivery's transaction rolled back: the entry is delivered again, as after an exception. */
    static final class DeliveryRolledBackException extends Exception {

        private static final long serialVersionUID = 1L;

        DeliveryRolledBackException(String message) {
            super(message);
        }
    }
}
