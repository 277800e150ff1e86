package io.redstreams.impl.consumer;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.PayloadMappingException;
import io.redstreams.impl.codec.EntryDecoder;
import io.redstreams.impl.codec.EntryFields;
import io.redstreams.impl.engine.EngineSignals;
import io.redstreams.impl.engine.MessageTracing;
import io.redstreams.impl.engine.TracingWall;
import io.redstreams.impl.redis.RawEntry;

/**
 * One of a consumer's {@code concurrency} loops: takes a delivery, decodes it, calls the
 * application, and records the outcome: acknowledge, retry later, or dead-letter. This is the
 * per-message path, top to bottom in {@link #process(Delivery)}.
 *
 * <p>Walls: decoding and calling the application (the method, its interceptors, its stage) each
 * have one guard that turns any {@code Throwable} into an outcome, and {@link #process} has one
 * more around the whole path, so that whatever is thrown every delivery reports exactly one
 * outcome and releases its slot exactly once, and nothing ends the loop. A stray interrupt left by
 * the application is cleared and logged. The {@link CallClock} lets the consumers' watchdog
 * interrupt a call that outlives the processing timeout. None of this allocates per message.
 */
final class HandlerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(HandlerLoop.class.getName());

    private final ConsumerSpec spec;
    private final BlockingQueue<Delivery> deliveries;
    private final EntryDecoder decoder;
    private final Outcomes outcomes;
    private final BooleanSupplier running;
    private final Slots slots;
    private final CallClock clock;
    private final TracingWall tracing;
    private final EngineSignals signals;
    /** The span of the delivery this loop runs (one at a time); the no-op span without tracing or between them. */
    private MessageTracing.DeliverySpan span = MessageTracing.DeliverySpan.NONE;

    HandlerLoop(ConsumerSpec spec, BlockingQueue<Delivery> deliveries, EntryDecoder decoder, Outcomes outcomes,
                BooleanSupplier running, Slots slots, long processingTimeoutMs, TracingWall tracing,
                EngineSignals signals) {
        this.spec = spec;
        this.deliveries = deliveries;
        this.decoder = decoder;
        this.outcomes = outcomes;
        this.running = running;
        this.slots = slots;
        this.clock = new CallClock(spec.name(), processingTimeoutMs);
        this.tracing = tracing;
        this.signals = signals;
    }

    /**
     * Where a handler reports what became of a delivery; the worker owns the bookkeeping. Exactly
     * one of these per delivery; the handler releases the delivery's slot itself, after it.
     */
    interface Outcomes {
        void succeeded(RawEntry entry);

        void skipped(RawEntry entry);

        void failed(Delivery delivery, Throwable failure);

        void undecodable(Delivery delivery, String reason);

        void tooManyDeliveries(Delivery delivery);

        void abandoned(Delivery delivery);

        /** The host refused to run the application for it: not a failed delivery. */
        void refused(Delivery delivery, DeliveryRefusedException refusal);
    }

    /** The clock the watchdog reads. */
    CallClock clock() {
        return clock;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            Delivery delivery;
            try {
                delivery = deliveries.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the host wants its thread back, or we are stopping
                return;
            }
            if (delivery == null) {
                continue;
            }
            if (!running.getAsBoolean()) {
                // Stopping: leave it pending; it is delivered again on the next start.
                abandon(delivery);
                return;
            }
            process(delivery);
        }
    }

    /** The per-message path. Exactly one outcome is reported and the slot released once, whatever is thrown. */
    void process(Delivery delivery) {
        signals.consumed(spec.stream(), spec.group());
        try {
            handle(delivery);
        } catch (Throwable t) {
            // Reporting the outcome failed (a bug of ours, or an Error such as OutOfMemoryError): the entry is not
            // acknowledged; it leaves our in-flight set and stays pending, so a reclaim or the next start delivers
            // it again.
            Failures.log(LOG, Level.SEVERE, spec.name() + ": could not record the outcome of entry "
                    + delivery.entry().id() + "; it stays pending and is delivered again", t);
            abandonQuietly(delivery);
        } finally {
            span.end(); // walled: never throws
            span = MessageTracing.DeliverySpan.NONE;
            slots.release();
        }
    }

    private void handle(Delivery delivery) {
        RawEntry entry = delivery.entry();
        if (entry.deleted() || !acceptsType(entry)) {
            outcomes.skipped(entry);
            return;
        }
        // Current on this thread while the application runs; without tracing the shared no-op span (no allocation).
        span = tracing.startDelivery(spec.stream(), spec.group(), entry, delivery.deliveryCount());
        if (spec.maxDeliveries() > 0 && delivery.deliveryCount() > spec.maxDeliveries()) {
            outcomes.tooManyDeliveries(delivery);
            return;
        }
        Object argument;
        try {
            argument = decoder.decode(spec.stream(), entry, delivery.deliveryCount());
        } catch (TypeRouter.UnroutedEntryException e) {
            outcomes.undecodable(delivery, e.getMessage()); // no method handles its type: dead-lettered
            return;
        } catch (PayloadMappingException e) {
            span.failed(e);
            outcomes.undecodable(delivery, Failures.reason("undecodable payload: ", e.getMessage()));
            return;
        } catch (Throwable t) {
            // A JSON-B adapter, constructor or setter that throws anything, Errors included: this entry can never be
            // decoded, so it goes to the dead letters with the reason.
            span.failed(t);
            outcomes.undecodable(delivery, Failures.describe("undecodable payload: ", t));
            return;
        }
        Throwable failure = call(argument);
        if (failure != Stopping.INSTANCE) {
            signals.processedSince(spec.stream(), spec.group(), clock.startedNanos(), failure);
        }
        if (failure == null) {
            outcomes.succeeded(entry);
        } else if (failure == Stopping.INSTANCE) {
            outcomes.abandoned(delivery);
        } else if (failure instanceof DeliveryRefusedException refusal) {
            outcomes.refused(delivery, refusal); // the host refused before the application ran: not a failure
        } else {
            span.failed(failure);
            outcomes.failed(delivery, failure);
        }
    }

    /**
     * Calls the application and waits for its stage, within the processing timeout. Never throws.
     *
     * @return {@code null} on success, {@link Stopping#INSTANCE} when interrupted by a shutdown, else the failure
     */
    Throwable call(Object argument) {
        ManualAck ack = spec.manualAck() ? new ManualAck() : null;
        Throwable failure = call(argument, ack);
        return ack == null ? failure : ack.close(failure); // the first decision wins: an ack before a timeout stands
    }

    private Throwable call(Object argument, ManualAck ack) {
        clock.start();
        CompletionStage<?> stage;
        try {
            stage = ack == null ? spec.invoker().invoke(argument) : ack.invoke(spec.invoker(), argument);
        } catch (Throwable t) {
            return settle(clock.endCall(), t);
        }
        boolean timedOut = clock.endCall();
        if (timedOut || stage == null) {
            return settle(timedOut, null);
        }
        return settle(false, awaitStage(stage));
    }

    /** Waits for the stage until the processing timeout; returns its failure, or null. */
    private Throwable awaitStage(CompletionStage<?> stage) {
        try {
            CompletableFuture<?> future = future(stage);
            while (true) {
                try {
                    future.get(clock.nanosLeft(), TimeUnit.NANOSECONDS);
                    return null;
                } catch (InterruptedException e) {
                    if (!running.getAsBoolean()) {
                        return Stopping.INSTANCE;
                    }
                    LOG.warning(() -> spec.name() + ": cleared a stray interrupt while waiting for a stage; "
                            + "waiting on");
                }
            }
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return clock.timeout("its CompletionStage did not complete");
        } catch (Throwable t) {
            return t; // CancellationException, or a stage whose methods throw
        }
    }

    /**
     * The stage as a future: {@code toCompletableFuture()}, or, for a stage that does not support it (throws or
     * returns null), a future completed by {@code whenComplete}.
     */
    private static CompletableFuture<?> future(CompletionStage<?> stage) {
        CompletableFuture<?> future;
        try {
            future = stage.toCompletableFuture();
        } catch (RuntimeException unsupported) {
            future = null;
        }
        if (future != null) {
            return future;
        }
        CompletableFuture<Object> bridge = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                bridge.completeExceptionally(failure);
            } else {
                bridge.complete(value);
            }
        });
        return bridge;
    }

    /**
     * Turns how a call ended into its failure: a timeout wins; an interrupt seen while stopping is a shutdown; a
     * stray interrupt the application left on this thread is cleared and logged, so it cannot end the loop.
     */
    private Throwable settle(boolean timedOut, Throwable failure) {
        if (timedOut) {
            Thread.interrupted(); // the watchdog's interrupt, delivered or not yet consumed
            return clock.timeout("the method was interrupted");
        }
        boolean interruptFlag = Thread.currentThread().isInterrupted();
        if (!running.getAsBoolean() && (interruptFlag || failure instanceof InterruptedException)) {
            return Stopping.INSTANCE; // keep the flag: the loop ends
        }
        if (interruptFlag) {
            Thread.interrupted();
            LOG.warning(() -> spec.name() + ": the method left its thread interrupted while the consumer runs;"
                    + " cleared the interrupt flag (a stray interrupt is not a shutdown)");
        }
        return failure;
    }

    private void abandon(Delivery delivery) {
        try {
            outcomes.abandoned(delivery);
        } finally {
            slots.release();
        }
    }

    private void abandonQuietly(Delivery delivery) {
        try {
            outcomes.abandoned(delivery);
        } catch (Throwable ignored) {
            // nothing more we can do: the entry is still pending in Redis
        }
    }

    private boolean acceptsType(RawEntry entry) {
        if (spec.types().isEmpty()) {
            return true;
        }
        String type = entry.text(EntryFields.TYPE);
        return type != null && spec.types().contains(type);
    }

    /** Marks a call that ended because the consumer is stopping: the entry stays pending. */
    static final class Stopping extends Throwable {
        static final Stopping INSTANCE = new Stopping();

        private Stopping() {
            super("stopping", null, false, false);
        }
    }
}
