package io.redstreams.examples.quickstart;

import java.util.concurrent.atomic.AtomicLong;

import io.redstreams.StreamConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A command bus: two methods on one stream and group. redstreams reads {@code quickstart:commands} once (one
 * consumer in group {@code fulfilment}) and hands each entry to the method whose payload's {@code @StreamType}
 * matches its {@code type} field. A command no method handles goes to {@code quickstart:commands:dlq}.
 */
@ApplicationScoped
public class Fulfilment {

    private final AtomicLong shipped = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();

    void ship(@StreamConsumer(stream = QuickstartMain.COMMANDS, group = "fulfilment") Commands.ShipOrder command) {
        shipped.incrementAndGet();
    }

    void cancel(@StreamConsumer(stream = QuickstartMain.COMMANDS, group = "fulfilment") Commands.CancelOrder command) {
        cancelled.incrementAndGet();
    }

    public long shipped() {
        return shipped.get();
    }

    public long cancelled() {
        return cancelled.get();
    }
}
