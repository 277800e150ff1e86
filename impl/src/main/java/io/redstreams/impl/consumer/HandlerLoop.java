package io.redstreams.impl.consumer;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.PayloadMappingException;
import io.redstreams.impl.codec.EntryFields;
import io.redstreams.impl.codec.MessageDecoder;
import io.redstreams.impl.redis.RawEntry;

/**
 * One of a consumer's {@code concurrency} loops: takes a delivery, decodes it, calls the
 * application, and records the outcome: acknowledge, retry later, or dead-letter. This is the
 * per-message path, top to bottom in {@link #process(Delivery)}.
 */
final class HandlerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(HandlerLoop.class.getName());

    private final ConsumerSpec spec;
    private final BlockingQueue<Delivery> deliveries;
    private final MessageDecoder decoder;
    private final Outcomes outcomes;
    private final BooleanSupplier running;

    HandlerLoop(ConsumerSpec spec, BlockingQueue<Delivery> deliveries, MessageDecoder decoder, Outcomes outcomes,
                BooleanSupplier running) {
        this.spec = spec;
        this.deliveries = deliveries;
        this.decoder = decoder;
        this.outcomes = outcomes;
        this.running = running;
    }

    /** Where a handler reports what became of a delivery; the worker owns the bookkeeping. */
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

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            Delivery delivery;
            try {
                delivery = deliveries.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (delivery == null) {
                continue;
            }
            if (!running.getAsBoolean()) {
                // Stopping: leave it pending; it is delivered again on the next start.
                outcomes.abandoned(delivery);
                return;
            }
            process(delivery);
        }
    }

    void process(Delivery delivery) {
        RawEntry entry = delivery.entry();
        if (entry.deleted() || !acceptsType(entry)) {
            outcomes.skipped(entry);
            return;
        }
        if (spec.maxDeliveries() > 0 && delivery.deliveryCount() > spec.maxDeliveries()) {
            outcomes.tooManyDeliveries(delivery);
            return;
        }
        Object argument;
        try {
            argument = decoder.decode(spec.stream(), entry, delivery.deliveryCount());
        } catch (PayloadMappingException e) {
            outcomes.undecodable(delivery, "undecodable payload: " + e.getMessage());
            return;
        }
        try {
            CompletionStage<?> stage = spec.invoker().invoke(argument);
            if (stage != null) {
                // The stage keeps its concurrency slot until it completes: in-flight stays bounded.
                stage.toCompletableFuture().get();
            }
            outcomes.succeeded(entry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes.abandoned(delivery);
        } catch (DeliveryRefusedException e) {
            outcomes.refused(delivery, e);
        } catch (ExecutionException e) {
            outcomes.failed(delivery, e.getCause() == null ? e : e.getCause());
        } catch (Throwable t) {
            if (t instanceof Error && !(t instanceof AssertionError) && !(t instanceof LinkageError)) {
                LOG.log(Level.SEVERE, spec.name() + ": fatal error for entry " + entry.id(), t);
            }
            outcomes.failed(delivery, t);
        }
    }

    private boolean acceptsType(RawEntry entry) {
        if (spec.types().isEmpty()) {
            return true;
        }
        String type = entry.text(EntryFields.TYPE);
        return type != null && spec.types().contains(type);
    }
}
