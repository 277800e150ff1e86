package io.redstreams.mpmetrics;

import java.util.function.Function;

import io.redstreams.ProducerStatus;
import io.redstreams.impl.engine.RedStreamsEngine;

/**
 * The producer's circuit breaker and asynchronous buffer (see the README, "Protecting callers when Redis is down"),
 * with the Micrometer binding's names. The state and the buffer's size, capacity and peak are gauges read from
 * {@link RedStreamsEngine#producerStatus()} (in memory) at each scrape. The four running totals (rejected sends,
 * connection failures, times opened, sends the full buffer refused) are counters, as with Micrometer; MicroProfile
 * Metrics 5 has no counter that reads a function, so they are brought up to date from the same snapshot after every
 * failed send, which is the only moment any of them grows.
 *
 * <p>Thread-safe.
 */
final class ProducerMetrics {

    private final RedStreamsEngine engine;
    private final Registrar.Count rejected;
    private final Registrar.Count connectionFailures;
    private final Registrar.Count opened;
    private final Registrar.Count bufferRejected;
    private long lastRejected;
    private long lastConnectionFailures;
    private long lastOpened;
    private long lastBufferRejected;

    ProducerMetrics(Registrar registrar, RedStreamsEngine engine) {
        this.engine = engine;
        gauge(registrar, "redstreams.producer.circuit.state", "The producer's circuit breaker: 0 closed (or switched"
                + " off), 1 open (sends fail fast), 2 half-open (one probe)", s -> switch (s.circuit().state()) {
                    case OPEN -> 1.0;
                    case HALF_OPEN -> 2.0;
                    default -> 0.0;
                });
        gauge(registrar, "redstreams.producer.async_buffer.size", "Asynchronous sends waiting for their reply",
                s -> (double) s.asyncBuffer().size());
        gauge(registrar, "redstreams.producer.async_buffer.capacity",
                "Most asynchronous sends in flight (async-max-pending)", s -> (double) s.asyncBuffer().capacity());
        gauge(registrar, "redstreams.producer.async_buffer.peak",
                "Highest number of asynchronous sends in flight so far", s -> (double) s.asyncBuffer().peak());
        rejected = counter(registrar, "redstreams.producer.circuit.rejected",
                "Sends refused at once while the circuit was open");
        connectionFailures = counter(registrar, "redstreams.producer.circuit.connection_failures",
                "Sends that failed with a connection-level failure");
        opened = counter(registrar, "redstreams.producer.circuit.opened", "How often the circuit opened");
        bufferRejected = counter(registrar, "redstreams.producer.async_buffer.rejected",
                "Asynchronous sends refused because the buffer was full (policy fail or wait)");
        update();
    }

    private void gauge(Registrar registrar, String name, String help, Function<ProducerStatus, Double> value) {
        registrar.gauge(Registrar.metadata(name, help), () -> value.apply(engine.producerStatus()),
                Registrar.systemTag());
    }

    private static Registrar.Count counter(Registrar registrar, String name, String help) {
        return registrar.counter(Registrar.metadata(name, help), Registrar.systemTag());
    }

    /**
     * Adds to each counter what its total grew by since the last call (the engine's totals only grow). Called after
     * a failed send, on the sender's thread; throws what {@code producerStatus()} throws (the caller's wall takes it).
     */
    synchronized void update() {
        ProducerStatus status = engine.producerStatus();
        ProducerStatus.Circuit circuit = status.circuit();
        rejected.inc(circuit.rejectedCalls() - lastRejected);
        lastRejected = Math.max(lastRejected, circuit.rejectedCalls());
        connectionFailures.inc(circuit.connectionFailures() - lastConnectionFailures);
        lastConnectionFailures = Math.max(lastConnectionFailures, circuit.connectionFailures());
        opened.inc(circuit.timesOpened() - lastOpened);
        lastOpened = Math.max(lastOpened, circuit.timesOpened());
        bufferRejected.inc(status.asyncBuffer().rejected() - lastBufferRejected);
        lastBufferRejected = Math.max(lastBufferRejected, status.asyncBuffer().rejected());
    }
}
