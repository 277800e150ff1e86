package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 6, shutdown under load: the container is closed while handlers run (some of them for far longer than
 * the shutdown timeout). It returns within {@code shutdown-timeout-ms} plus a small margin, every entry whose
 * method completed is acknowledged, the rest stay pending and are processed on the next start, and no connection
 * is left open.
 */
class ShutdownUnderLoadIT {

    /** Blocking work in the handlers: waits on this latch, which never opens, until its time is up or interrupted. */
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    static final int MESSAGES = 3_000;
    static final long SHUTDOWN_TIMEOUT_MS = 1_500;
    static final long MARGIN_MS = 1_500;
    static final String STREAM = "shutdown-load";
    static final String GROUP = "workers";

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final Ledger FIRST = new Ledger();
    static final Ledger SECOND = new Ledger();
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger INTERRUPTED = new AtomicInteger();

    @ApplicationScoped
    public static class Busy {
        void on(@StreamConsumer(stream = STREAM, group = GROUP, concurrency = 4) StreamMessage<String> m)
                throws InterruptedException {
            RUNNING.incrementAndGet();
            try {
                int seq = Integer.parseInt(m.payload().substring(2));
                // mostly short work; every 40th entry takes far longer than the shutdown timeout
                NEVER.await(seq % 40 == 39 ? 20_000 : ThreadLocalRandom.current().nextInt(2, 12),
                        TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                INTERRUPTED.incrementAndGet();
                throw e;
            } finally {
                RUNNING.decrementAndGet();
            }
            FIRST.handled(GROUP, m.id()); // the method completes right after this
        }
    }

    @ApplicationScoped
    public static class Quick {
        void on(@StreamConsumer(stream = STREAM, group = GROUP, concurrency = 4) StreamMessage<String> m) {
            SECOND.handled(GROUP, m.id());
        }
    }

    @Test
    @Timeout(120)
    void closingUnderLoadReturnsInTimeAcksWhatCompletedAndLeavesTheRestPending() {
        long start = System.nanoTime();
        redis.admin().del(STREAM, STREAM + ":dlq");
        Map<String, String> config = WeldApp.defaults(redis.url());
        config.put("redstreams.shutdown-timeout-ms", Long.toString(SHUTDOWN_TIMEOUT_MS));
        List<String> produced;
        long closeMs;
        int runningAtClose;
        WeldApp app = WeldApp.start(config, Busy.class);
        try {
            List<String> payloads = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                payloads.add("s-" + i);
            }
            produced = app.producer().sendAll(STREAM, payloads);
            FIRST.produced(produced);
            await().atMost(Duration.ofSeconds(30)).until(() -> FIRST.handledCount(GROUP) >= 150 && RUNNING.get() == 4);
        } finally {
            runningAtClose = RUNNING.get();
            long closing = System.nanoTime();
            app.close();
            closeMs = (System.nanoTime() - closing) / 1_000_000;
        }
        assertThat(closeMs).as("close() took %d ms", closeMs).isLessThan(SHUTDOWN_TIMEOUT_MS + MARGIN_MS);
        assertThat(redis.countClients("redstreams")).as("connections left open").isZero();
        assertThat(RUNNING.get()).isZero();

        // every entry whose method completed was acknowledged; what did not complete is still pending
        Set<String> pendingAfterClose = Ledger.pendingIds(redis.admin(), STREAM, GROUP);
        Set<String> completed = FIRST.handledIds(GROUP);
        Set<String> completedButPending = new HashSet<>(completed);
        completedButPending.retainAll(pendingAfterClose);
        assertThat(completedButPending).as("completed but not acknowledged").isEmpty();
        assertThat(pendingAfterClose).as("interrupted and read-but-not-started entries").isNotEmpty();
        int firstHandled = completed.size();

        // ... and the next start processes the rest (its own pending ones first), each once
        try (WeldApp again = WeldApp.start(WeldApp.defaults(redis.url()), Quick.class)) {
            assertThat(again.consumers().specs()).hasSize(1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Set<String> all = new HashSet<>(FIRST.handledIds(GROUP));
                all.addAll(SECOND.handledIds(GROUP));
                assertThat(all).containsExactlyInAnyOrderElementsOf(produced);
                assertThat(redis.admin().xpending(STREAM, GROUP).getTotal()).isZero();
            });
        }
        assertThat(redis.countClients("redstreams")).isZero();
        assertThat(SECOND.handledIds(GROUP)).containsAll(pendingAfterClose);

        Ledger total = new Ledger();
        total.produced(produced);
        FIRST.handledIds(GROUP).forEach(id -> total.handled(GROUP, id));
        SECOND.handledIds(GROUP).forEach(id -> total.handled(GROUP, id));
        Ledger.Tally tally = total.tally(redis.admin(), STREAM, GROUP);
        int duplicates = tally.duplicates() + FIRST.duplicates(GROUP) + SECOND.duplicates(GROUP);
        FaultReport.emit(FaultReport.line("shutdown-under-load", tally.produced(), tally.handled(), tally.dlq(),
                duplicates, tally.lostCount(), tally.pending(), start) + " close-ms=" + closeMs
                + " (shutdown-timeout-ms=" + SHUTDOWN_TIMEOUT_MS + ") running-at-close=" + runningAtClose
                + " interrupted=" + INTERRUPTED.get() + " completed-before-close=" + firstHandled
                + " pending-after-close=" + pendingAfterClose.size() + " completed-but-unacked=0"
                + " handled-after-restart=" + SECOND.handledCount(GROUP) + " connections-after-close=0");
        assertThat(runningAtClose).isPositive();
        assertThat(INTERRUPTED.get()).as("handlers still running at the timeout were interrupted").isPositive();
        assertThat(tally.lost()).isEmpty();
        assertThat(tally.dlq()).isZero();
        assertThat(duplicates).isZero();
    }

    static final java.util.concurrent.CountDownLatch WRAPPER_STARTED = new java.util.concurrent.CountDownLatch(1);

    @ApplicationScoped
    public static class Wrapper {
        void on(@StreamConsumer(stream = "shutdown-wrap", group = GROUP, maxDeliveries = 1) String s) {
            WRAPPER_STARTED.countDown();
            try {
                NEVER.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // common application code: the interrupt becomes an unchecked exception
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * A method interrupted by the shutdown timeout that turns the interrupt into another exception did not fail on
     * its own: its entry stays pending for the next start, it is not dead-lettered (here maxDeliveries = 1, so
     * counting it as a failed delivery would dead-letter it at once).
     */
    @Test
    @Timeout(60)
    void aMethodInterruptedByTheShutdownStaysPendingEvenIfItWrapsTheInterrupt() throws Exception {
        redis.admin().del("shutdown-wrap", "shutdown-wrap:dlq");
        Map<String, String> config = WeldApp.defaults(redis.url());
        config.put("redstreams.shutdown-timeout-ms", "500");
        String id;
        try (WeldApp app = WeldApp.start(config, Wrapper.class)) {
            id = app.producer().send("shutdown-wrap", "long job");
            assertThat(WRAPPER_STARTED.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertThat(redis.admin().exists("shutdown-wrap:dlq")).as("dead-lettered by the shutdown").isFalse();
        assertThat(Ledger.pendingIds(redis.admin(), "shutdown-wrap", GROUP)).containsExactly(id);
    }
}
