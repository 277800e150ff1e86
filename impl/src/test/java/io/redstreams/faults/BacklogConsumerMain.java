package io.redstreams.faults;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.cdi.WeldApp;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The consumer of scenario 5, run in its own small-heap JVM: works through a backlog of {@code expected} entries
 * with ids {@code 1-1 .. 1-expected} on stream {@code backlog} (group {@code drain}, from 0), counting them by id in
 * a bit set, while a sampler records the peak heap use (MemoryMXBean, and the heap pools' peaks) and the peak
 * number of entries in flight. Prints {@code PROGRESS} lines and one {@code DONE key=value ...} line, closes the
 * application (which sends the last acks) and exits.
 */
public final class BacklogConsumerMain {

    static final String STREAM = "backlog";
    static final String GROUP = "drain";

    static BitSet seen;
    static final AtomicLong CALLS = new AtomicLong();
    static final AtomicInteger DUPLICATES = new AtomicInteger();
    static final AtomicInteger FOREIGN = new AtomicInteger();

    private BacklogConsumerMain() {
    }

    @ApplicationScoped
    public static class Drain {
        void on(@StreamConsumer(stream = STREAM, group = GROUP, startFrom = "0", concurrency = 4, batchSize = 100)
                StreamMessage<String> m) {
            String id = m.id();
            if (!id.startsWith("1-")) {
                FOREIGN.incrementAndGet();
                return;
            }
            int seq = Integer.parseInt(id.substring(2));
            synchronized (BacklogConsumerMain.class) {
                if (seen.get(seq)) {
                    DUPLICATES.incrementAndGet();
                }
                seen.set(seq);
            }
            // a little work per entry, so the handlers, not Redis, are the slow side
            long spin = 0;
            for (int i = 0; i < 2_000; i++) {
                spin += i ^ seq;
            }
            if (spin == 42) {
                System.out.print("");
            }
            CALLS.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.exitWithParent();
        int expected = Integer.parseInt(args[0]);
        seen = new BitSet(expected + 1);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakUsed = new AtomicLong();
        AtomicInteger peakInFlight = new AtomicInteger();
        long start = System.nanoTime();
        WeldApp app = WeldApp.start(new HashMap<>(), Drain.class);
        // samples the heap and the in-flight count every 20 ms while the backlog drains
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        AtomicLong lastPrint = new AtomicLong(System.nanoTime());
        sampler.scheduleAtFixedRate(() -> {
            peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            io.redstreams.impl.consumer.Consumers consumers = app.consumers();
            if (consumers != null) {
                peakInFlight.accumulateAndGet(consumers.inFlight(), Math::max);
            }
            if (System.nanoTime() - lastPrint.get() > 5_000_000_000L) {
                lastPrint.set(System.nanoTime());
                System.out.println("PROGRESS handled=" + CALLS.get() + " heapUsedMB="
                        + memory.getHeapMemoryUsage().getUsed() / (1024 * 1024) + " inFlight="
                        + (consumers == null ? 0 : consumers.inFlight()));
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            synchronized (BacklogConsumerMain.class) {
                return seen.cardinality() >= expected;
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        app.close();
        System.gc();
        long afterGc = memory.getHeapMemoryUsage().getUsed();
        System.out.println(String.format(Locale.ROOT,
                "DONE distinct=%d calls=%d duplicates=%d foreign=%d peakHeapUsedMB=%.1f heapPoolPeaksMB=%.1f"
                        + " heapAfterGcMB=%.1f maxHeapMB=%.1f peakInFlight=%d seconds=%.1f",
                seen.cardinality(), CALLS.get(), DUPLICATES.get(), FOREIGN.get(), mb(peakUsed.get()), mb(poolPeaks),
                mb(afterGc), mb(memory.getHeapMemoryUsage().getMax()), peakInFlight.get(), seconds));
        System.exit(0);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
