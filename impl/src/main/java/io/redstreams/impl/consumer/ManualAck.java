package io.redstreams.impl.consumer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.redstreams.Acknowledgement;

/**
 * The {@link Acknowledgement} of one delivery to a method that acknowledges by itself. Its decision is one
 * {@link CompletableFuture} completed at most once (compare-and-set), so the first call wins, whichever thread makes
 * it; the handler loop waits for it within the processing timeout and then {@linkplain #close(Throwable) closes} it,
 * which decides the fate of an entry still open (timeout, shutdown) and makes every later call a no-op. The handler
 * loop, not the caller's thread, reports the outcome and releases the slot: an ack from a foreign thread, twice or
 * after shutdown cannot leak a slot or an in-flight id.
 */
final class ManualAck implements Acknowledgement {

    private final CompletableFuture<Void> decision = new CompletableFuture<>();

    @Override
    public boolean ack() {
        return decision.complete(null);
    }

    @Override
    public boolean nack() {
        return nack(Duration.ZERO);
    }

    @Override
    public boolean nack(Duration delay) {
        long ms = delay == null || delay.isNegative() ? 0 : saturatedMillis(delay);
        return decision.completeExceptionally(new Nacked(ms));
    }

    /** A failure of the work, reported by a route that acknowledges on return (see {@link TypeRouter}). */
    boolean fail(Throwable failure) {
        return decision.completeExceptionally(failure == null ? new IllegalStateException("failed") : failure);
    }

    /** Calls the method with this acknowledgement; returns the stage the handler waits for: the decision. */
    CompletionStage<?> invoke(MessageInvoker invoker, Object argument) throws Exception {
        invoker.invoke(argument, this);
        return decision;
    }

    /**
     * Ends the wait for a decision: an entry still open gets {@code failure} as its fate (a timeout, a shutdown, the
     * method's exception); one decided before keeps its decision.
     *
     * @param failure how the wait ended; {@code null} when it ended with the decision
     * @return the entry's fate: {@code null} for acknowledged, else the failure ({@link Nacked} for a nack)
     */
    Throwable close(Throwable failure) {
        if (failure instanceof ProcessingTimeoutException timeout && timeout.getMessage() != null) {
            failure = new ProcessingTimeoutException(timeout.getMessage()
                    .replace("its CompletionStage did not complete", "neither acknowledged nor nacked"));
        }
        if (failure != null && decision.completeExceptionally(failure)) {
            return failure;
        }
        try {
            decision.getNow(null);
            return null;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            return e; // cancelled: cannot happen, the future is ours
        }
    }

    private static long saturatedMillis(Duration delay) {
        try {
            return delay.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** The method asked for a redelivery after {@code delayMs}: a failed delivery without an exception of its own. */
    static final class Nacked extends Throwable {
        private static final long serialVersionUID = 1L;
        private final long delayMs;

        Nacked(long delayMs) {
            super("nacked by the method" + (delayMs > 0 ? " (redelivery after " + delayMs + " ms)" : ""), null,
                    false, false);
            this.delayMs = delayMs;
        }

        long delayMs() {
            return delayMs;
        }
    }
}
