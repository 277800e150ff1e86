package io.redstreams.bench;

import io.redstreams.StreamConsumer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code @StreamConsumer} methods under test, one bean per figure so each Weld container runs
 * exactly one consumer. Stream names are fixed by the annotations; the harness recreates the
 * streams before every round.
 */
final class Beans {

    static final String C1_STREAM = "bench-c1";
    static final String C4_STREAM = "bench-c4";
    static final String WORK_STREAM = "bench-w4";
    static final String LATENCY_STREAM = "bench-lat";
    static final String GROUP = "g";

    private Beans() {
    }

    /** Concurrency 1, batches of 100. */
    @ApplicationScoped
    static class Concurrency1 {
        void on(@StreamConsumer(stream = C1_STREAM, group = GROUP, concurrency = 1, batchSize = 100,
                startFrom = "0") Order order) {
            Probe.on(order);
        }
    }

    /** Concurrency 4, batches of 100. */
    @ApplicationScoped
    static class Concurrency4 {
        void on(@StreamConsumer(stream = C4_STREAM, group = GROUP, concurrency = 4, batchSize = 100,
                startFrom = "0") Order order) {
            Probe.on(order);
        }
    }

    /** Concurrency 4, batches of 100, 1 ms of blocking work per message. */
    @ApplicationScoped
    static class Work4 {
        void on(@StreamConsumer(stream = WORK_STREAM, group = GROUP, concurrency = 4, batchSize = 100,
                startFrom = "0") Order order) throws InterruptedException {
            Thread.sleep(1);
            Probe.on(order);
        }
    }

    /** No consumer: Weld SE needs at least one bean class for the producer-only container. */
    @ApplicationScoped
    static class NoConsumer {
    }

    /** The end-to-end latency consumer: defaults (concurrency 1, batchSize 10). */
    @ApplicationScoped
    static class Latency {
        void on(@StreamConsumer(stream = LATENCY_STREAM, group = GROUP, startFrom = "0") Order order) {
            Probe.on(order);
        }
    }
}
