package io.redstreams.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.redstreams.AsyncBufferFullException;
import io.redstreams.ProducerStatus;
import io.redstreams.StreamProducer;
import io.redstreams.faults.FaultReport;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.testsupport.RedisExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Issue 13 §6: the policies of a full asynchronous buffer under a stalled Redis ({@code CLIENT PAUSE ... WRITE}: the
 * pipeline in flight waits, nothing fails), with their statistics. Capacity 20, pipelines of at most 5.
 */
class AsyncBufferPolicyIT {

    private static final int CAPACITY = 20;

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    private static RedStreamsEngine engine(String policy, long waitMs) {
        Map<String, String> config = new HashMap<>();
        config.put("redstreams.redis.url", redis.url());
        config.put("redstreams.redis.timeout-ms", "8000");
        config.put("redstreams.producer.async-max-pending", Integer.toString(CAPACITY));
        config.put("redstreams.producer.batch-size", "5");
        config.put("redstreams.producer.async-buffer.policy", policy);
        config.put("redstreams.producer.async-buffer.wait-ms", Long.toString(waitMs));
        return RedStreamsEngine.builder()
                .settings(EngineSettings.from(RedStreamsConfig.read(ConfigLookup.of(config)))).build();
    }

    /** Outcomes of some async sends: ids confirmed, refusals, other failures. */
    private static final class Outcomes {
        final List<String> confirmed = new ArrayList<>();
        int refused;
        int failed;

        void collect(List<CompletableFuture<String>> stages) {
            for (CompletableFuture<String> stage : stages) {
                try {
                    confirmed.add(stage.join());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof AsyncBufferFullException full) {
                        assertThat(full.capacity()).isEqualTo(CAPACITY);
                        refused++;
                    } else {
                        failed++;
                    }
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void blockMakesTheCallerWaitForRoom() {
        long started = System.nanoTime();
        try (RedStreamsEngine engine = engine("block", 1000)) {
            StreamProducer producer = engine.producer();
            producer.sendAsync("buffered", "warm-up").toCompletableFuture().join();
            redis.admin().clientPause(1500, ClientPauseMode.WRITE);
            List<CompletableFuture<String>> stages = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                stages.add(producer.sendAsync("buffered", "m-" + i).toCompletableFuture());
            }
            long blockedMs = (System.nanoTime() - t0) / 1_000_000;
            Outcomes out = new Outcomes();
            out.collect(stages);
            ProducerStatus.AsyncBuffer stats = engine.producerStatus().asyncBuffer();
            System.out.println("BUFFER block: 50 submits took " + blockedMs + " ms; " + stats);
            assertThat(blockedMs).as("the caller waited for the stall").isGreaterThan(700);
            assertThat(out.confirmed).hasSize(50);
            assertThat(stats.policy()).isEqualTo("block");
            assertThat(stats.peak()).isEqualTo(CAPACITY);
            assertThat(stats.rejected()).isZero();
            assertThat(stats.size()).isZero();
            report("buffer-block", 50, out, started);
        }
    }

    @Test
    @Timeout(60)
    void failRefusesAtOnceWhenFull() {
        long started = System.nanoTime();
        try (RedStreamsEngine engine = engine("fail", 1000)) {
            StreamProducer producer = engine.producer();
            producer.sendAsync("buffered", "warm-up").toCompletableFuture().join();
            redis.admin().clientPause(1500, ClientPauseMode.WRITE);
            List<CompletableFuture<String>> stages = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                stages.add(producer.sendAsync("buffered", "m-" + i).toCompletableFuture());
            }
            long submitMs = (System.nanoTime() - t0) / 1_000_000;
            ProducerStatus.AsyncBuffer stalled = engine.producerStatus().asyncBuffer();
            Outcomes out = new Outcomes();
            out.collect(stages);
            ProducerStatus.AsyncBuffer stats = engine.producerStatus().asyncBuffer();
            System.out.println("BUFFER fail: 50 submits took " + submitMs + " ms; while stalled " + stalled
                    + "; after " + stats);
            assertThat(submitMs).as("nobody waited").isLessThan(700);
            assertThat(stalled.size()).isEqualTo(CAPACITY);
            assertThat(out.confirmed).hasSize(CAPACITY);
            assertThat(out.refused).isEqualTo(50 - CAPACITY);
            assertThat(out.failed).isZero();
            assertThat(stats.rejected()).isEqualTo(50 - CAPACITY);
            assertThat(stats.peak()).isEqualTo(CAPACITY);
            assertThat(stats.size()).isZero();
            report("buffer-fail", 50, out, started);
        }
    }

    @Test
    @Timeout(60)
    void waitRefusesAfterTheBoundedWait() {
        long started = System.nanoTime();
        try (RedStreamsEngine engine = engine("wait", 200)) {
            StreamProducer producer = engine.producer();
            producer.sendAsync("buffered", "warm-up").toCompletableFuture().join();
            redis.admin().clientPause(2500, ClientPauseMode.WRITE);
            List<CompletableFuture<String>> stages = new ArrayList<>();
            List<Long> refusedCallMs = new ArrayList<>();
            for (int i = 0; i < CAPACITY + 5; i++) {
                long t0 = System.nanoTime();
                stages.add(producer.sendAsync("buffered", "m-" + i).toCompletableFuture());
                if (i >= CAPACITY) {
                    refusedCallMs.add((System.nanoTime() - t0) / 1_000_000);
                }
            }
            Outcomes out = new Outcomes();
            out.collect(stages);
            ProducerStatus.AsyncBuffer stats = engine.producerStatus().asyncBuffer();
            System.out.println("BUFFER wait: the calls over capacity took " + refusedCallMs + " ms; " + stats);
            assertThat(refusedCallMs).allSatisfy(ms -> assertThat(ms).isBetween(150L, 1500L));
            assertThat(out.confirmed).hasSize(CAPACITY);
            assertThat(out.refused).isEqualTo(5);
            assertThat(stats.policy()).isEqualTo("wait");
            assertThat(stats.rejected()).isEqualTo(5);
            assertThat(stats.peak()).isEqualTo(CAPACITY);
            report("buffer-wait", CAPACITY + 5, out, started);
        }
    }

    private static void report(String name, int produced, Outcomes out, long startNanos) {
        List<String> inRedis = new ArrayList<>();
        for (StreamEntry e : redis.admin().xrange("buffered", (StreamEntryID) null, (StreamEntryID) null)) {
            inRedis.add(e.getID().toString());
        }
        long lost = out.confirmed.stream().filter(id -> !inRedis.contains(id)).count();
        FaultReport.emit(String.format(java.util.Locale.ROOT,
                "FAULT %s: produced=%d confirmed=%d rejected=%d failed=%d lost=%d in-stream=%d time=%.1fs", name,
                produced, out.confirmed.size(), out.refused, out.failed, lost, inRedis.size() - 1,
                (System.nanoTime() - startNanos) / 1e9));
        assertThat(lost).isZero();
        assertThat(inRedis).hasSize(out.confirmed.size() + 1); // nothing refused was added; + the warm-up
    }
}
