package io.redstreams.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.Consumers;
import io.redstreams.impl.engine.EngineSettings;
import io.redstreams.impl.engine.RedStreamsEngine;

/**
 * One consumer JVM of {@link ScaleBench}: a plain-Java {@link RedStreamsEngine} (configuration from the
 * {@code redstreams.*} system properties the harness passes on, so the same main runs against one Redis or a
 * cluster) with one consumer per stream, all in one group, each method decoding the {@link Order} (JSON-B) and
 * marking its number in a bit set.
 *
 * <p>Arguments: {@code <group> <streams, comma-separated> <concurrency> <batch size> <entries in all> <bit-set
 * file> <warm-up stream> <warm-up entries>}. It first warms up (the JIT compiles the hot paths) by consuming the
 * warm-up stream in a group of its own ({@code <group>-warmup-<consumer name>}), the same way, then stops that
 * consumer. Talks to the harness over stdin/stdout: prints {@code READY} once warmed up, starts the
 * consumers on the line {@code GO}, and on {@code STOP} closes the engine (the last acknowledgements go out), writes
 * the bit set of the orders it handled to the file and prints one {@code DONE key=value ...} line. The end of stdin
 * (the harness is gone) halts it.
 */
public final class ScaleConsumerMain {

    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong FIRST_MICROS = new AtomicLong(Long.MAX_VALUE);
    private static final AtomicLong LAST_MICROS = new AtomicLong();
    private static BitSet seen;
    private static int duplicates;

    private ScaleConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        String group = args[0];
        List<String> streams = List.of(args[1].split(","));
        int concurrency = Integer.parseInt(args[2]);
        int batchSize = Integer.parseInt(args[3]);
        int entries = Integer.parseInt(args[4]);
        String bitsFile = args[5];
        String warmupStream = args[6];
        int warmup = Integer.parseInt(args[7]);
        seen = new BitSet(entries);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        HeapWatch heap = new HeapWatch();
        RedStreamsEngine engine = RedStreamsEngine.builder().settings(EngineSettings.fromProperties(Map.of())).build();
        List<ConsumerSpec> specs = new ArrayList<>();
        for (String stream : streams) {
            specs.add(new ConsumerSpec().name("ScaleBench#" + stream).stream(stream).group(group).startFrom("0")
                    .concurrency(concurrency).batchSize(batchSize).payloadType(Order.class)
                    .invoker(argument -> {
                        handled((Order) argument);
                        return null;
                    }));
        }
        long warmupMs = warmUp(engine, group + "-warmup-" + System.getProperty("redstreams.consumer.name", "x"),
                warmupStream, warmup, concurrency, batchSize);
        System.out.println("READY pid=" + ProcessHandle.current().pid() + " warmup=" + warmup + " warmupMs="
                + warmupMs);
        System.out.flush();
        expect(in, "GO");
        long cpuAtGo = processCpuNanos();
        Map<String, ThreadRoles.Task> rolesAtGo = ThreadRoles.snapshot();
        engine.startConsumers(specs);
        expect(in, "STOP");
        long cpuAtStop = processCpuNanos();
        Map<String, Double> roles = ThreadRoles.since(rolesAtGo, ThreadRoles.snapshot());
        String name = engine.consumers().defaultConsumerName();
        engine.close();
        heap.stop();
        int distinct;
        synchronized (ScaleConsumerMain.class) {
            distinct = seen.cardinality();
            Files.write(Paths.get(bitsFile), seen.toByteArray());
        }
        System.out.println(String.format(Locale.ROOT,
                "DONE consumer=%s calls=%d distinct=%d duplicates=%d firstMicros=%d lastMicros=%d cpuMs=%d"
                        + " peakHeapUsedMB=%.1f heapPoolPeaksMB=%.1f maxHeapAfterGcMB=%.1f collections=%d"
                        + " maxHeapMB=%.1f engineCpuMs=%.0f jitCpuMs=%.0f gcCpuMs=%.0f otherCpuMs=%.0f"
                        + " enginePreempted=%.0f",
                name, CALLS.get(), distinct, duplicates, FIRST_MICROS.get(), LAST_MICROS.get(),
                (cpuAtStop - cpuAtGo) / 1_000_000, mb(heap.peakUsed.get()), mb(heap.poolPeaks()),
                mb(heap.maxAfterGc.get()), heap.collections.get(),
                mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax()), roles.get(ThreadRoles.ENGINE),
                roles.get(ThreadRoles.JIT), roles.get(ThreadRoles.GC), roles.get(ThreadRoles.OTHER),
                roles.get(ThreadRoles.ENGINE + "-preempted")));
        System.out.flush();
        System.exit(0);
    }

    /** Consumes {@code n} entries of {@code stream} in a group of its own, then stops that consumer. */
    private static long warmUp(RedStreamsEngine engine, String group, String stream, int n, int concurrency,
            int batchSize) throws InterruptedException {
        if (n <= 0) {
            return 0;
        }
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(n);
        Consumers warm = engine.startConsumers(List.of(new ConsumerSpec().name("ScaleBench#warmup").stream(stream)
                .group(group).startFrom("0").concurrency(concurrency).batchSize(batchSize).payloadType(Order.class)
                .invoker(argument -> {
                    if (((Order) argument).id() < 0) {
                        throw new IllegalStateException("not an order of the warm-up stream");
                    }
                    done.countDown();
                    return null;
                })));
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("warm-up: " + done.getCount() + " of " + n + " entries not consumed");
        }
        engine.stopConsumers(warm);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void handled(Order order) {
        long now = nowMicros();
        FIRST_MICROS.accumulateAndGet(now, Math::min);
        int i = (int) order.id();
        synchronized (ScaleConsumerMain.class) {
            if (seen.get(i)) {
                duplicates++;
            }
            seen.set(i);
        }
        CALLS.incrementAndGet();
        LAST_MICROS.accumulateAndGet(now, Math::max);
    }

    /** Wall-clock microseconds, comparable between the JVMs of one machine. */
    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** Reads lines until {@code word}; halts the JVM at the end of stdin (the harness is gone). */
    private static void expect(BufferedReader in, String word) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals(word)) {
                return;
            }
        }
        Runtime.getRuntime().halt(3);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /**
     * Watches the heap: the peak of the used heap (sampled every 20 ms), the pools' own peaks, and the largest heap
     * in use right after a collection (from the collectors' notifications): an upper bound of what was live.
     */
    private static final class HeapWatch {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong maxAfterGc = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final Set<String> heapPools = new HashSet<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scale-heap-watch");
            t.setDaemon(true);
            return t;
        });

        HeapWatch() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(this::collected, null, null);
                }
            }
            sampler.scheduleAtFixedRate(
                    () -> peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                    0, 20, TimeUnit.MILLISECONDS);
        }

        private void collected(Notification n, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                    .from((CompositeData) n.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                }
            }
            maxAfterGc.accumulateAndGet(used, Math::max);
            collections.incrementAndGet();
        }

        long poolPeaks() {
            long sum = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    sum += pool.getPeakUsage().getUsed();
                }
            }
            return sum;
        }

        void stop() throws InterruptedException {
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        }
    }
}
