package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.BatchFailedException;
import io.redstreams.PayloadMappingException;
import io.redstreams.impl.codec.EntryDecoder;
import io.redstreams.impl.codec.EntryFields;
import io.redstreams.impl.redis.RawEntry;

/**
 * One of a batch consumer's {@code concurrency} loops (a {@code List<T>} or {@code List<StreamMessage<T>>}
 * parameter): takes up to {@code batchSize} deliveries, waiting at most {@code batchWaitMs} after the first for the
 * batch to fill, decodes each (an entry that cannot be decoded, or has too many deliveries, is dead-lettered on its
 * own and never reaches the method), calls the method once with the list and reports one outcome per entry:
 * <ul>
 *   <li>returned (and its stage completed) normally: every entry acknowledged;</li>
 *   <li>threw {@link BatchFailedException} naming entries inside the list: those failed (retried with backoff,
 *       dead-lettered one by one past {@code maxDeliveries}), the others acknowledged;</li>
 *   <li>any other failure, the processing timeout included: every entry of the batch failed;</li>
 *   <li>interrupted by a shutdown: every entry stays pending for the next start.</li>
 * </ul>
 * The call itself goes through a {@link HandlerLoop}'s {@code call}: the same walls, processing timeout and
 * shutdown handling as for one entry. Every delivery reports exactly one outcome and releases its slot once,
 * whatever is thrown.
 */
final class BatchLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(BatchLoop.class.getName());

    private final HandlerLoop caller;
    private final ConsumerSpec spec;
    private final BlockingQueue<Delivery> deliveries;
    private final EntryDecoder decoder;
    private final HandlerLoop.Outcomes outcomes;
    private final BooleanSupplier running;
    private final Slots slots;

    BatchLoop(HandlerLoop caller, ConsumerSpec spec, BlockingQueue<Delivery> deliveries, EntryDecoder decoder,
              HandlerLoop.Outcomes outcomes, BooleanSupplier running, Slots slots) {
        this.caller = caller;
        this.spec = spec;
        this.deliveries = deliveries;
        this.decoder = decoder;
        this.outcomes = outcomes;
        this.running = running;
        this.slots = slots;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            Delivery first;
            try {
                first = deliveries.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            List<Delivery> batch = collect(first);
            if (!running.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                batch.forEach(this::abandon); // stopping: they stay pending for the next start
                return;
            }
            process(batch);
        }
    }

    /** The first delivery and as many more as arrive within the batch wait, up to {@code batchSize}. */
    private List<Delivery> collect(Delivery first) {
        List<Delivery> batch = new ArrayList<>(spec.batchSize());
        batch.add(first);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.batchWaitMs());
        while (batch.size() < spec.batchSize()) {
            Delivery next = deliveries.poll();
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running.getAsBoolean()) {
                    break;
                }
                try {
                    next = deliveries.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (next == null) {
                    continue;
                }
            }
            batch.add(next);
        }
        return batch;
    }

    /** Decodes, calls the method once, reports every outcome; each delivery's slot is released once. */
    void process(List<Delivery> batch) {
        List<Delivery> called = new ArrayList<>(batch.size());
        List<Object> arguments = new ArrayList<>(batch.size());
        for (Delivery delivery : batch) {
            Object argument = prepare(delivery);
            if (argument != null) {
                called.add(delivery);
                arguments.add(argument);
            }
        }
        if (called.isEmpty()) {
            return;
        }
        Throwable failure;
        try {
            failure = caller.call(Collections.unmodifiableList(arguments));
        } catch (Throwable t) {
            failure = t; // call() contains everything; this is belt and braces
        }
        int size = called.size();
        // A BatchFailedException that names no entry of this batch fails the whole batch, as any exception does.
        boolean partial = failure instanceof BatchFailedException b
                && b.failedIndices().stream().anyMatch(i -> i >= 0 && i < size);
        if (partial) {
            Throwable cause = failure;
            LOG.fine(() -> spec.name() + ": " + ((BatchFailedException) cause).failedIndices() + " of a batch of "
                    + size + " failed; acknowledging the others");
        }
        for (int i = 0; i < size; i++) {
            report(called.get(i), partial && !((BatchFailedException) failure).failedIndices().contains(i)
                    ? null : failure);
        }
    }

    /** The argument for the delivery, or {@code null} when its outcome is known already (reported, slot released). */
    private Object prepare(Delivery delivery) {
        RawEntry entry = delivery.entry();
        try {
            if (entry.deleted() || !acceptsType(entry)) {
                outcome(delivery, () -> outcomes.skipped(entry));
                return null;
            }
            if (spec.maxDeliveries() > 0 && delivery.deliveryCount() > spec.maxDeliveries()) {
                outcome(delivery, () -> outcomes.tooManyDeliveries(delivery));
                return null;
            }
            Object argument = decoder.decode(spec.stream(), entry, delivery.deliveryCount());
            if (argument == null) {
                throw new PayloadMappingException("the payload is null", null);
            }
            return argument;
        } catch (PayloadMappingException e) {
            outcome(delivery, () -> outcomes.undecodable(delivery,
                    Failures.reason("undecodable payload: ", e.getMessage())));
        } catch (Throwable t) {
            outcome(delivery, () -> outcomes.undecodable(delivery, Failures.describe("undecodable payload: ", t)));
        }
        return null;
    }

    private void report(Delivery delivery, Throwable failure) {
        if (failure == null) {
            outcome(delivery, () -> outcomes.succeeded(delivery.entry()));
        } else if (failure == HandlerLoop.Stopping.INSTANCE) {
            outcome(delivery, () -> outcomes.abandoned(delivery));
        } else if (failure instanceof DeliveryRefusedException refusal) {
            outcome(delivery, () -> outcomes.refused(delivery, refusal));
        } else {
            outcome(delivery, () -> outcomes.failed(delivery, failure));
        }
    }

    /** Reports one outcome inside the wall and releases the delivery's slot, whatever happens. */
    private void outcome(Delivery delivery, Runnable report) {
        try {
            report.run();
        } catch (Throwable t) {
            Failures.log(LOG, Level.SEVERE, spec.name() + ": could not record the outcome of entry "
                    + delivery.entry().id() + "; it stays pending and is delivered again", t);
            try {
                outcomes.abandoned(delivery);
            } catch (Throwable ignored) {
                // the entry is still pending in Redis
            }
        } finally {
            slots.release();
        }
    }

    private void abandon(Delivery delivery) {
        outcome(delivery, () -> outcomes.abandoned(delivery));
    }

    private boolean acceptsType(RawEntry entry) {
        if (spec.types().isEmpty()) {
            return true;
        }
        String type = entry.text(EntryFields.TYPE);
        return type != null && spec.types().contains(type);
    }
}
