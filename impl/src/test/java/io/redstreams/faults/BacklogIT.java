package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/**
 * Scenario 5, slow consumer and backlog: a backlog of 1,000,000 entries consumed by a consumer in a separate JVM
 * with {@code -Xmx64m} (the issue asks for 256 MB or less); the heap and the entries in flight stay bounded and
 * everything is consumed, once. It takes about 25 s on a 2-core machine, so it is part of the normal run; on a
 * slower machine, {@code -Dredstreams.faults.backlog.entries=100000} makes it smaller
 * ({@code -Dredstreams.faults.backlog.heap=256m} changes the heap).
 */
class BacklogIT {

    static final int ENTRIES = Integer.getInteger("redstreams.faults.backlog.entries", 1_000_000);
    static final String HEAP = System.getProperty("redstreams.faults.backlog.heap", "64m");

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    @Test
    @Timeout(600)
    void aBacklogDrainsInASmallHeapWithBoundedInFlight() throws Exception {
        drain("backlog", ENTRIES, HEAP);
    }

    private static void drain(String name, int entries, String heap) throws Exception {
        long start = System.nanoTime();
        redis.flushAll();
        Ledger ledger = new Ledger();
        fill(entries, ledger);
        long filled = System.nanoTime();

        Map<String, String> config = new HashMap<>(WeldApp.defaults(redis.url()));
        String done;
        try (ChildJvm child = ChildJvm.of(BacklogConsumerMain.class).jvmArg("-Xmx" + heap)
                .jvmArg("-XX:+UseSerialGC").properties(config).args(Integer.toString(entries)).start()) {
            done = child.await(l -> l.startsWith("DONE "), Duration.ofSeconds(entries / 1000 + 60));
            assertThat(child.waitFor(Duration.ofSeconds(30))).as("exit code").isZero();
        }
        Map<String, String> stats = parse(done);
        int distinct = Integer.parseInt(stats.get("distinct"));
        int duplicates = Integer.parseInt(stats.get("duplicates"));
        long pending = redis.admin().xpending(BacklogConsumerMain.STREAM, BacklogConsumerMain.GROUP).getTotal();
        long lost = entries - distinct - pending;
        double consumeSeconds = Double.parseDouble(stats.get("seconds"));
        FaultReport.emit(FaultReport.line(name, ledger.confirmedCount(), distinct, 0, duplicates, lost, pending, start)
                + " heap=-Xmx" + heap + " peak-heap-used-mb=" + stats.get("peakHeapUsedMB") + " heap-pool-peaks-mb="
                + stats.get("heapPoolPeaksMB") + " heap-after-gc-mb=" + stats.get("heapAfterGcMB") + " peak-in-flight="
                + stats.get("peakInFlight") + " fill-s=" + String.format(java.util.Locale.ROOT, "%.1f",
                        (filled - start) / 1e9) + " consume-s=" + consumeSeconds + " rate-per-s="
                + Math.round(entries / consumeSeconds));
        assertThat(ledger.confirmedCount()).isEqualTo(entries);
        assertThat(distinct).isEqualTo(entries);
        assertThat(Integer.parseInt(stats.get("foreign"))).isZero();
        assertThat(duplicates).isZero();
        assertThat(pending).isZero();
        assertThat(lost).isZero();
        // in flight: at most batchSize (100) + concurrency (4) entries of the one consumer
        assertThat(Integer.parseInt(stats.get("peakInFlight"))).isLessThanOrEqualTo(104);
        assertThat(redis.countClients("redstreams")).isZero();
    }

    /** XADDs ids {@code 1-1 .. 1-n} in pipelined chunks; the group is created by the consumer, from 0. */
    private static void fill(int n, Ledger ledger) {
        int chunk = 10_000;
        for (int from = 1; from <= n; from += chunk) {
            int to = Math.min(n, from + chunk - 1);
            try (var jedis = redis.newJedis()) {
                Pipeline pipeline = jedis.pipelined();
                List<Response<StreamEntryID>> ids = new java.util.ArrayList<>(chunk);
                for (int seq = from; seq <= to; seq++) {
                    ids.add(pipeline.xadd(BacklogConsumerMain.STREAM,
                            XAddParams.xAddParams().id(new StreamEntryID(1, seq)),
                            Map.of("payload", "entry " + seq)));
                }
                pipeline.sync();
                for (Response<StreamEntryID> id : ids) {
                    ledger.produced(id.get().toString());
                }
            }
        }
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> values = new HashMap<>();
        for (String part : line.substring("DONE ".length()).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            values.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return values;
    }
}
