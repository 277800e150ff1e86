package io.redstreams.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.redstreams.StreamProducer;
import io.redstreams.cdi.RedStreamsExtension;
import io.redstreams.testsupport.RedisServer;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * The benchmark harness: starts a throwaway {@code redis-server}, measures redstreams beside raw
 * Jedis (warm-up, then interleaved rounds, ours and raw alternating who goes first), prints the
 * table and writes it into RESULTS.md. See README.md.
 */
public final class Bench {

    /** Sizes of one mode. */
    record Sizes(String mode, int rounds, int send, int batchTotal, int async, int asyncRawBatch, int consume,
                 int work, int latencyRate, int latencySeconds, int latencyRounds) {
    }

    static final Sizes QUICK = new Sizes("quick", 3, 20_000, 100_000, 100_000, 500, 200_000, 2_000, 5_000, 3, 3);
    static final Sizes FULL = new Sizes("full", 5, 50_000, 200_000, 200_000, 500, 200_000, 5_000, 5_000, 10, 3);

    private static final String P_OURS = "bench-p-ours";
    private static final String P_RAW = "bench-p-raw";
    private static final String C_TEMPLATE = "bench-c-template";
    private static final String C_RAW = "bench-c-raw";
    private static final String W_TEMPLATE = "bench-w-template";
    private static final String O_TEMPLATE = "bench-o-template";
    private static final String W_RAW = "bench-w-raw";
    private static final String LAT_RAW = "bench-lat-raw";
    private static final long CONSUME_TIMEOUT_S = 300;

    /** One measurement: messages per second, bytes allocated and CPU microseconds used per message. */
    record M(double rate, double bytesPerMsg, double cpuMicrosPerMsg, double roundTripsPer100, double switchesPerMsg) {
        static M of(double rate, Alloc.Delta delta, int n) {
            return new M(rate, delta.bytes() / (double) n, delta.cpuNanos() / 1e3 / n, Double.NaN, Double.NaN);
        }

        M with(double roundTripsPer100, double switchesPerMsg) {
            return new M(rate, bytesPerMsg, cpuMicrosPerMsg, roundTripsPer100, switchesPerMsg);
        }
    }

    @FunctionalInterface
    interface Trial {
        M run() throws Exception;
    }

    @FunctionalInterface
    interface Sender {
        void send(Order order);
    }

    private final Sizes sizes;
    private final int rounds;
    private final boolean explicitRounds;
    private final Set<String> sections;
    private final Table table = new Table();
    private final Table allocation = new Table();
    private final Jsonb jsonb = JsonbBuilder.create();
    private Raw raw;

    private Bench(Sizes sizes, int rounds, Set<String> sections) {
        this.sizes = sizes;
        this.explicitRounds = rounds > 0;
        this.rounds = rounds > 0 ? rounds : sizes.rounds();
        this.sections = sections;
    }

    public static void main(String[] args) throws Exception {
        boolean full = Boolean.getBoolean("bench.full")
                || "false".equalsIgnoreCase(System.getProperty("bench.quick", "true"));
        Sizes sizes = full ? FULL : QUICK;
        int rounds = Integer.getInteger("bench.rounds", 0);
        String only = System.getProperty("bench.only", "all").trim();
        Set<String> sections = (only.isEmpty() || only.equals("all") ? Stream.of("produce", "consume", "latency")
                : Arrays.stream(only.split(",")).map(String::trim))
                .flatMap(x -> switch (x) {
                    case "produce" -> Stream.of("send", "sendall", "async", "idempotent");
                    case "consume" -> Stream.of("consume", "work", "observed");
                    default -> Stream.of(x);
                })
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        Bench bench = new Bench(sizes, rounds, sections);
        int status = 0;
        try {
            bench.run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        // Weld and the engine leave non-daemon threads only until their containers close; exit regardless.
        System.exit(status);
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        String loadBefore = MachineInfo.loadAverage();
        System.out.printf(Locale.ROOT, "redstreams benchmarks, %s mode: %d measured rounds after a warm-up; sections %s%n",
                sizes.mode(), rounds, sections);
        try (RedisServer redis = RedisServer.start()) {
            System.out.println("redis-server at " + redis.url());
            System.setProperty("redstreams.redis.url", redis.url());
            System.setProperty("redstreams.consumer.block-ms", "1000");
            System.setProperty("redstreams.shutdown-timeout-ms", "2000");
            // Micrometer is on the class path for the observability figure only: the other figures run without
            // metrics, as an application without Micrometer does
            System.setProperty("redstreams.metrics.enabled", "false");
            raw = new Raw(redis.host(), redis.port(), jsonb);
            try {
                if (sections.contains("send") || sections.contains("sendall") || sections.contains("async")
                        || sections.contains("idempotent")) {
                    produce();
                }
                if (sections.contains("consume") || sections.contains("consume1")) {
                    consume(sections.contains("consume"));
                }
                if (sections.contains("work")) {
                    consumeWithWork();
                }
                if (sections.contains("observed")) {
                    consumeObserved();
                }
                if (sections.contains("latency")) {
                    latency();
                }
            } finally {
                raw.close();
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        String loadAfter = MachineInfo.loadAverage();
        String report = report(loadBefore, loadAfter, minutes);
        System.out.println();
        System.out.println(report);
        String results = System.getProperty("bench.results", "");
        if (!results.isEmpty()) {
            writeResults(Paths.get(results), report);
            System.out.println("written to " + results);
        }
    }

    // ------------------------------------------------------------------ produce

    private void produce() throws Exception {
        System.out.println("\n== produce");
        int max = Math.max(sizes.send(), Math.max(sizes.batchTotal(), sizes.async()));
        List<Order> orders = IntStream.range(0, max).mapToObj(Order::sample).toList();
        List<Order.WithItems> nested = IntStream.range(0, max).mapToObj(Order.WithItems::sample).toList();
        System.out.printf(Locale.ROOT, "payload: %d bytes of JSON (flat order), %d bytes (order with a nested list of"
                + " items)%n", jsonb.toJson(orders.get(12_345)).getBytes(StandardCharsets.UTF_8).length,
                jsonb.toJson(nested.get(12_345)).getBytes(StandardCharsets.UTF_8).length);
        try (SeContainer container = container(Beans.NoConsumer.class)) {
            StreamProducer producer = container.select(StreamProducer.class).get();

            if (sections.contains("send")) {
                produceSend(producer, orders);
            }
            if (sections.contains("sendall")) {
                produceSendAll(producer, orders, "flat");
                produceSendAll(producer, nested, "nested");
            }
            if (sections.contains("async")) {
                produceAsync(producer, nested);
            }
            if (sections.contains("idempotent")) {
                produceIdempotent(producer, orders);
            }
        }
        raw.admin.del(P_OURS, P_RAW);
    }

    private void produceSend(StreamProducer producer, List<Order> orders) {
        List<Order> single = orders.subList(0, sizes.send());
        Map<String, List<M>> send = sliced("send", single.size(), 10,
                (from, to) -> {
                    for (int i = from; i < to; i++) {
                        producer.send(P_OURS, single.get(i));
                    }
                },
                (from, to) -> {
                    for (int i = from; i < to; i++) {
                        raw.send(P_RAW, single.get(i));
                    }
                });
        addRate("produce: `send`, 1 XADD per call  vs  raw `xadd`", send, Table.Target.ratioAtLeast(0.9));
        addAlloc("alloc per message produced: `send`  vs  raw `xadd`", send);
    }

    /**
     * The cost of safe retries: {@code sendIdempotent} (a Lua script: GET of the marker, XADD, SET PX) beside a
     * plain {@code send} of ours, in the same rounds ("raw" is our plain send here, not Jedis).
     */
    private void produceIdempotent(StreamProducer producer, List<Order> orders) {
        List<Order> single = orders.subList(0, sizes.send());
        java.util.concurrent.atomic.AtomicLong keys = new java.util.concurrent.atomic.AtomicLong();
        Map<String, List<M>> idem = sliced("sendIdempotent", single.size(), 10,
                (from, to) -> {
                    for (int i = from; i < to; i++) {
                        producer.sendIdempotent(P_OURS, "order-" + keys.incrementAndGet(), single.get(i), null);
                    }
                },
                (from, to) -> {
                    for (int i = from; i < to; i++) {
                        producer.send(P_RAW, single.get(i));
                    }
                });
        addRate("produce: `sendIdempotent` (script + marker key)  vs  our plain `send`", idem, Table.Target.NONE);
        addAlloc("alloc per message produced: `sendIdempotent`  vs  our plain `send`", idem);
    }

    private void produceSendAll(StreamProducer producer, List<?> orders, String payload) {
        List<?> batched = orders.subList(0, sizes.batchTotal());
        for (int batch : new int[] {100, 1000}) {
            Map<String, List<M>> all = sliced("sendAll(" + batch + ") " + payload, batched.size(), 10,
                    (from, to) -> {
                        for (List<?> chunk : chunks(batched.subList(from, to), batch)) {
                            producer.sendAll(P_OURS, chunk);
                        }
                    },
                    (from, to) -> raw.sendPipelined(P_RAW, batched.subList(from, to), batch));
            addRate("produce: `sendAll`, batches of " + batch + ", " + payload + " order  vs  raw pipelined XADD, "
                    + batch, all, Table.Target.ratioAtLeast(1.0));
            addAlloc("alloc per message produced: `sendAll(" + batch + ")`, " + payload + "  vs  raw pipelined "
                    + batch, all);
        }
    }

    /**
     * A steady stream of {@code sendAsync} calls with at most {@value #ASYNC_IN_FLIGHT} in flight (the caller waits
     * for room, as an application with a bounded window would), against raw Jedis pipelining the same number per
     * round trip. Beside it, in the same rounds, {@code redis-benchmark -c 50 -P 64} adding entries of the same
     * size: the ceiling of this machine for XADD, printed for comparison.
     */
    private void produceAsync(StreamProducer producer, List<?> orders) {
        List<?> async = orders.subList(0, sizes.async());
        int asyncSlices = 5;
        String json = jsonb.toJson(async.get(0));
        List<Double> ceiling = new ArrayList<>();
        Map<String, List<M>> asyncs = sliced("sendAsync", async.size(), asyncSlices,
                (from, to) -> {
                    java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(ASYNC_IN_FLIGHT);
                    for (int i = from; i < to; i++) {
                        window.acquireUninterruptibly();
                        producer.sendAsync(P_OURS, async.get(i)).whenComplete((id, failure) -> window.release());
                    }
                    window.acquireUninterruptibly(ASYNC_IN_FLIGHT); // all sent
                },
                (from, to) -> raw.sendPipelined(P_RAW, async.subList(from, to), ASYNC_IN_FLIGHT),
                round -> {
                    double rps = raw.redisBenchmarkXadd(json, sizes.async() / asyncSlices);
                    if (round > 0 && rps > 0) {
                        ceiling.add(rps);
                    }
                });
        String figure = String.format(Locale.ROOT, "produce: `sendAsync`, %,d in flight, %d-byte nested order  vs  raw"
                + " pipelined XADD, %,d", ASYNC_IN_FLIGHT, json.getBytes(StandardCharsets.UTF_8).length,
                ASYNC_IN_FLIGHT);
        addRate(figure, asyncs, Table.Target.ratioAtLeast(1.0));
        if (!ceiling.isEmpty()) {
            // ours against redis-benchmark's ceiling, per round (the rounds ran side by side)
            table.add(String.format(Locale.ROOT, "produce: `sendAsync`, %,d in flight  vs  `redis-benchmark -c 50 -P 64`"
                    + " XADD of %d bytes (the machine's ceiling)", ASYNC_IN_FLIGHT,
                    json.getBytes(StandardCharsets.UTF_8).length), Table.Unit.MSG_PER_S,
                    rates(asyncs.get("ours")), ceiling, Table.Target.ratioAtLeast(0.5));
        }
        allocation.add("Redis read events (client writes) per 100 messages: `sendAsync`, " + ASYNC_IN_FLIGHT
                + " in flight  vs  raw pipelined " + ASYNC_IN_FLIGHT, Table.Unit.COUNT,
                asyncs.get("ours").stream().map(M::roundTripsPer100).toList(),
                asyncs.get("raw").stream().map(M::roundTripsPer100).toList(), Table.Target.NONE);
        addAlloc("alloc per message produced: `sendAsync`, " + ASYNC_IN_FLIGHT + " in flight  vs  raw pipelined "
                + ASYNC_IN_FLIGHT, asyncs);
    }

    /** The window of the steady {@code sendAsync} figure, and the raw side's pipeline length. */
    private static final int ASYNC_IN_FLIGHT = 1000;

    /** Sends the orders {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    interface Slice {
        void run(int from, int to);
    }

    /**
     * Two warm-up rounds, then measured rounds; each round sends {@code n} messages per side in {@code slices}
     * slices that alternate between ours and raw (who goes first alternates too), so both sides see the
     * same machine load. Rate: messages over the summed time of that side's slices; allocation over all
     * threads of the JVM during them.
     */
    private Map<String, List<M>> sliced(String label, int n, int slices, Slice ours, Slice theirs) {
        return sliced(label, n, slices, ours, theirs, round -> { });
    }

    /** As above, running {@code beside} (not measured) after the slices of each round. */
    private Map<String, List<M>> sliced(String label, int n, int slices, Slice ours, Slice theirs,
                                        java.util.function.IntConsumer beside) {
        Map<String, List<M>> results = new LinkedHashMap<>();
        // two warm-up rounds: the producer path of redstreams has more code for the JIT than raw Jedis, and one
        // round of 20,000 single sends left it visibly unoptimized in the first measured round
        for (int round = -1; round <= rounds; round++) {
            raw.admin.del(P_OURS, P_RAW);
            System.gc();
            long[] nanos = new long[2];
            Alloc.Delta[] used = {new Alloc.Delta(0, 0), new Alloc.Delta(0, 0)};
            long[] reads = new long[2];
            for (int slice = 0; slice < slices; slice++) {
                int from = (int) ((long) n * slice / slices);
                int to = (int) ((long) n * (slice + 1) / slices);
                for (int k = 0; k < 2; k++) {
                    int side = Math.floorMod(k + slice + round, 2);
                    Slice body = side == 0 ? ours : theirs;
                    long reads0 = raw.readsProcessed();
                    Alloc.Snapshot alloc = Alloc.allThreads();
                    long t0 = System.nanoTime();
                    body.run(from, to);
                    nanos[side] += System.nanoTime() - t0;
                    used[side] = used[side].plus(alloc.sinceThen());
                    reads[side] += raw.readsProcessed() - reads0 - 1; // minus the INFO itself
                }
            }
            beside.accept(round);
            for (String stream : List.of(P_OURS, P_RAW)) {
                long len = raw.admin.xlen(stream);
                if (len != n) {
                    throw new IllegalStateException(stream + " has " + len + " entries, expected " + n);
                }
            }
            for (int side = 0; side < 2; side++) {
                String name = side == 0 ? "ours" : "raw";
                // Redis read events (INFO stats total_reads_processed) per 100 messages: how many writes the
                // client's pipelines came in, so how well the sends were batched
                M m = M.of(n * 1e9 / nanos[side], used[side], n).with(reads[side] * 100.0 / n, Double.NaN);
                print(label, name, round, m);
                System.out.printf(Locale.ROOT, "      Redis read events per 100 messages: %.2f%n",
                        m.roundTripsPer100());
                if (round > 0) {
                    results.computeIfAbsent(name, x -> new ArrayList<>()).add(m);
                }
            }
        }
        return results;
    }

    // ------------------------------------------------------------------ consume

    private void consume(boolean withConcurrency4) throws Exception {
        System.out.println("\n== consume");
        int n = sizes.consume();
        fillTemplate(C_TEMPLATE, n);
        Map<String, Trial> trials = new LinkedHashMap<>();
        trials.put("ours c=1", () -> consumeOurs(Beans.Concurrency1.class, Beans.C1_STREAM, C_TEMPLATE, n));
        trials.put("raw", () -> consumeRaw(C_TEMPLATE, C_RAW, n, false));
        if (withConcurrency4) {
            trials.put("ours c=4", () -> consumeOurs(Beans.Concurrency4.class, Beans.C4_STREAM, C_TEMPLATE, n));
        }
        Map<String, List<M>> r = rounds(String.format(Locale.ROOT, "consume %,d", n), trials);
        String rawLoop = "raw XREADGROUP COUNT 100 + JSON-B + XACK loop";
        addRate(String.format(Locale.ROOT, "consume %,d: `@StreamConsumer` concurrency 1, batchSize 100  vs  %s", n,
                rawLoop), pick(r, "ours c=1", "raw"), Table.Target.ratioAtLeast(1.0));
        if (withConcurrency4) {
            addRate(String.format(Locale.ROOT, "consume %,d: `@StreamConsumer` concurrency 4, batchSize 100  vs  %s",
                    n, rawLoop), pick(r, "ours c=4", "raw"), Table.Target.NONE);
        }
        addConsumeAlloc("alloc per message consumed: concurrency 1 (all `redstreams-*` threads)  vs  raw loop thread",
                pick(r, "ours c=1", "raw"));
        addConsumeOverhead("concurrency 1", pick(r, "ours c=1", "raw"));
        raw.admin.del(C_TEMPLATE, C_RAW, Beans.C1_STREAM, Beans.C4_STREAM);
    }

    private void consumeWithWork() throws Exception {
        System.out.println("\n== consume with 1 ms of blocking work per message");
        int n = sizes.work();
        fillTemplate(W_TEMPLATE, n);
        Map<String, Trial> trials = new LinkedHashMap<>();
        trials.put("ours c=4", () -> consumeOurs(Beans.Work4.class, Beans.WORK_STREAM, W_TEMPLATE, n));
        trials.put("raw", () -> consumeRaw(W_TEMPLATE, W_RAW, n, true));
        Map<String, List<M>> r = rounds(String.format(Locale.ROOT, "consume %,d with 1 ms work", n), trials);
        addRate(String.format(Locale.ROOT,
                "consume %,d, 1 ms blocking work each: concurrency 4  vs  raw loop (work in sequence)", n),
                pick(r, "ours c=4", "raw"), Table.Target.ratioAbove(1.0));
        addConsumeAlloc("alloc per message consumed: concurrency 4 + 1 ms work  vs  raw loop + 1 ms work",
                pick(r, "ours c=4", "raw"));
        addConsumeOverhead("concurrency 4 + 1 ms work", pick(r, "ours c=4", "raw"));
        raw.admin.del(W_TEMPLATE, W_RAW, Beans.WORK_STREAM);
    }

    /**
     * The price of the operational features, each target by itself, interleaved in the same rounds: the
     * concurrency-1 trial (a) with a frequent lease refresh (every 250 ms), a processing timeout and Micrometer
     * metrics (a {@code SimpleMeterRegistry} bean), issue 12's target; (b) the same plus OpenTelemetry tracing (an
     * SDK bean, batch span processor, dropping exporter; every entry carries a sampled {@code traceparent}), issue
     * 14's; both against the same trial with metrics and tracing off and the lease at its default interval. "raw" in
     * the table is the switched-off side here. CPU and allocation: the {@code redstreams-*} threads plus the span
     * processor's.
     */
    private void consumeObserved() throws Exception {
        System.out.println("\n== consume with lease refresh, processing timeout, metrics (and tracing) on vs off");
        int n = sizes.consume();
        raw.admin.del(O_TEMPLATE);
        raw.sendPipelinedTraced(O_TEMPLATE, IntStream.range(0, n).mapToObj(Order::sample).toList(), 1000);
        System.out.printf(Locale.ROOT, "pre-produced %,d entries with a traceparent each (%s)%n",
                raw.admin.xlen(O_TEMPLATE), O_TEMPLATE);
        Map<String, Trial> trials = new LinkedHashMap<>();
        trials.put("metrics on", () -> withProperties(Observability.METRICS, () -> consumeOurs(
                new Class<?>[] {Beans.Concurrency1.class, Observability.class}, Beans.C1_STREAM, O_TEMPLATE, n,
                "redstreams-", "BatchSpanProcessor")));
        trials.put("all on", () -> withProperties(Observability.ON, () -> consumeOurs(
                new Class<?>[] {Beans.Concurrency1.class, Observability.class}, Beans.C1_STREAM, O_TEMPLATE, n,
                "redstreams-", "BatchSpanProcessor")));
        trials.put("all off", () -> withProperties(Observability.OFF, () -> consumeOurs(
                new Class<?>[] {Beans.Concurrency1.class}, Beans.C1_STREAM, O_TEMPLATE, n,
                "redstreams-", "BatchSpanProcessor")));
        Map<String, List<M>> r = rounds(String.format(Locale.ROOT, "consume %,d observed", n), trials);
        addRate(String.format(Locale.ROOT, "consume %,d, concurrency 1: (a) lease refresh every 250 ms, processing"
                + " timeout, Micrometer metrics on  vs  off (issue 12)", n), pick(r, "metrics on", "all off"),
                Table.Target.ratioAtLeast(0.95));
        addAlloc("alloc per message consumed: (a) lease, timeout, metrics on  vs  off", pick(r, "metrics on",
                "all off"));
        addRate(String.format(Locale.ROOT, "consume %,d, concurrency 1: (b) = (a) plus OpenTelemetry tracing of every"
                + " entry (sampled; batch processor, dropping exporter) on  vs  all off (issue 14)", n),
                pick(r, "all on", "all off"), Table.Target.ratioAtLeast(0.95));
        addAlloc("alloc per message consumed: (b) lease, timeout, metrics, tracing on  vs  off", pick(r, "all on",
                "all off"));
        raw.admin.del(O_TEMPLATE, Beans.C1_STREAM);
    }

    /** Runs {@code body} with these {@code redstreams.*} system properties, MicroProfile Config rebuilt around it. */
    private static M withProperties(Map<String, String> properties, Trial body) throws Exception {
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        releaseConfig();
        try {
            return body.run();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
            releaseConfig();
        }
    }

    private static void releaseConfig() {
        try {
            org.eclipse.microprofile.config.spi.ConfigProviderResolver.instance().releaseConfig(
                    org.eclipse.microprofile.config.ConfigProvider.getConfig());
        } catch (IllegalStateException ignored) {
            // no config built yet
        }
    }

    /** Pre-produces {@code n} entries once; every round gets a server-side COPY of them. */
    private void fillTemplate(String template, int n) {
        raw.admin.del(template);
        List<Order> orders = IntStream.range(0, n).mapToObj(Order::sample).toList();
        raw.sendPipelined(template, orders, 1000);
        System.out.printf(Locale.ROOT, "pre-produced %,d entries (%s)%n", raw.admin.xlen(template), template);
    }

    /**
     * Pre-produced entries, then a Weld container with one consumer bean (startFrom 0); timed from the
     * first message handed to the method to the last. Allocation: every {@code redstreams-*} thread.
     */
    private M consumeOurs(Class<?> bean, String stream, String template, int n) throws Exception {
        return consumeOurs(new Class<?>[] {bean}, stream, template, n, "redstreams-");
    }

    /** As above with these bean classes (the first is the consumer); CPU and allocation of threads so named. */
    private M consumeOurs(Class<?>[] beans, String stream, String template, int n, String... threadPrefixes)
            throws Exception {
        Class<?> bean = beans[0];
        raw.copy(template, stream, false);
        System.gc();
        Map<String, Long> before = raw.commandCalls();
        long switches = Tasks.switchesByPrefix("redstreams-").getOrDefault("redstreams-", 0L);
        Probe.Run run = Probe.start(n, false, () -> Alloc.threadsNamed(threadPrefixes));
        M m;
        try (SeContainer container = container(beans)) {
            if (!run.await(CONSUME_TIMEOUT_S)) {
                throw new IllegalStateException(bean.getSimpleName() + " got " + run.count.get() + " of " + n
                        + " messages within " + CONSUME_TIMEOUT_S + " s (container running: "
                        + container.isRunning() + ")");
            }
            m = M.of(run.perSecond(), run.alloc.sinceThen(), n);
            StringBuilder threads = new StringBuilder("      per thread:");
            Alloc.perThread(run.alloc).forEach((name, d) -> threads.append(String.format(Locale.ROOT,
                    " %s %.1f µs %,d B;", name, d.cpuNanos() / 1e3 / n, d.bytes() / n)));
            double perMsg = (Tasks.switchesByPrefix("redstreams-").getOrDefault("redstreams-", 0L) - switches)
                    / (double) n;
            threads.append(String.format(Locale.ROOT, " context switches %.2f/msg", perMsg));
            System.out.println(threads);
            // the last acknowledgements are in: nothing of the stream is pending in any group
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.admin.xinfoGroups(stream).stream()
                    .mapToLong(StreamGroupInfo::getPending).sum() == 0);
            m = m.with(Double.NaN, perMsg);
        }
        Map<String, Long> after = raw.commandCalls();
        System.out.println("      " + Raw.commandsPer100(before, after, n));
        return m.with(Raw.callsPer100(before, after, n, "xreadgroup", "xack"), m.switchesPerMsg());
    }

    /** The raw loop on a thread of its own, timed the same way (first message to last); allocation: that thread. */
    private M consumeRaw(String template, String stream, int n, boolean work) throws Exception {
        raw.copy(template, stream, true);
        System.gc();
        Map<String, Long> before = raw.commandCalls();
        Probe.Run run = Probe.start(n, false, Alloc::currentThread);
        M[] result = new M[1];
        long[] switches = new long[1];
        Exception[] failure = new Exception[1];
        Thread loop = new Thread(() -> {
            long s0 = Tasks.switchesByPrefix("raw-consumer").getOrDefault("raw-consumer", 0L);
            try (Jedis jedis = raw.open(10_000)) {
                raw.consume(jedis, stream, n, 100, 0, work, () -> true);
            } catch (Exception e) {
                failure[0] = e;
            }
            switches[0] = Tasks.switchesByPrefix("raw-consumer").getOrDefault("raw-consumer", 0L) - s0;
            result[0] = M.of(run.perSecond(), run.alloc.sinceThen(), n);
        }, "raw-consumer");
        loop.start();
        loop.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        Map<String, Long> after = raw.commandCalls();
        System.out.printf(Locale.ROOT, "      context switches %.2f/msg; %s%n", switches[0] / (double) n,
                Raw.commandsPer100(before, after, n));
        result[0] = result[0].with(Raw.callsPer100(before, after, n, "xreadgroup", "xack"), switches[0] / (double) n);
        if (run.count.get() != n) {
            throw new IllegalStateException("raw loop got " + run.count.get() + " of " + n);
        }
        return result[0];
    }

    // ------------------------------------------------------------------ latency

    private void latency() throws Exception {
        int rate = sizes.latencyRate();
        System.out.printf(Locale.ROOT, "%n== end-to-end latency at %,d msg/s for %d s per side and round%n", rate,
                sizes.latencySeconds());
        List<Order> orders = IntStream.range(0, 10_000).mapToObj(Order::sample).toList();
        raw.admin.del(Beans.LATENCY_STREAM, LAT_RAW);
        raw.admin.xgroupCreate(LAT_RAW, Beans.GROUP, new StreamEntryID(0, 0), true);
        try (SeContainer container = container(Beans.Latency.class)) {
            StreamProducer producer = container.select(StreamProducer.class).get();
            Jedis rawConsumer = raw.open(5_000);
            Thread rawLoop = new Thread(() -> {
                try {
                    raw.consume(rawConsumer, LAT_RAW, Integer.MAX_VALUE, 10, 1000, false, () -> !stopRawLoop);
                } catch (Exception e) {
                    if (!stopRawLoop) {
                        e.printStackTrace();
                    }
                }
            }, "raw-latency-consumer");
            rawLoop.setDaemon(true);
            rawLoop.start();
            try {
                paced(rate, rate, orders, o -> producer.send(Beans.LATENCY_STREAM, o));
                paced(rate, rate, orders, o -> raw.send(LAT_RAW, o));
                System.out.println("  warm-up done");
                Map<String, List<Double>> p50 = new LinkedHashMap<>();
                Map<String, List<Double>> p99 = new LinkedHashMap<>();
                Map<String, List<Double>> p999 = new LinkedHashMap<>();
                Map<String, List<Double>> switchesPerMsg = new LinkedHashMap<>();
                int latencyRounds = explicitRounds ? rounds : sizes.latencyRounds();
                for (int round = 0; round < latencyRounds; round++) {
                    // one-second segments, alternating sides, so both see the same machine load
                    Map<String, List<long[]>> segments = new LinkedHashMap<>();
                    Map<String, Long> switches = new LinkedHashMap<>();
                    for (int segment = 0; segment < sizes.latencySeconds(); segment++) {
                        for (int k = 0; k < 2; k++) {
                            boolean ours = (k + segment + round) % 2 == 0;
                            String threads = ours ? "redstreams-" : "raw-latency";
                            long before = Tasks.switchesByPrefix(threads).getOrDefault(threads, 0L);
                            long[] lat = ours
                                    ? paced(rate, rate, orders, o -> producer.send(Beans.LATENCY_STREAM, o))
                                    : paced(rate, rate, orders, o -> raw.send(LAT_RAW, o));
                            segments.computeIfAbsent(ours ? "ours" : "raw", x -> new ArrayList<>()).add(lat);
                            dumpLatencies(ours ? "ours" : "raw", round, segment, lat);
                            switches.merge(ours ? "ours" : "raw",
                                    Tasks.switchesByPrefix(threads).getOrDefault(threads, 0L) - before, Long::sum);
                        }
                    }
                    for (String side : List.of("ours", "raw")) {
                        long[] lat = segments.get(side).stream().flatMapToLong(Arrays::stream).toArray();
                        double a = Stats.percentile(lat, 0.50) / 1e3;
                        double b = Stats.percentile(lat, 0.99) / 1e3;
                        double c = Stats.percentile(lat, 0.999) / 1e3;
                        p50.computeIfAbsent(side, k -> new ArrayList<>()).add(a);
                        p99.computeIfAbsent(side, k -> new ArrayList<>()).add(b);
                        p999.computeIfAbsent(side, k -> new ArrayList<>()).add(c);
                        switchesPerMsg.computeIfAbsent(side, k -> new ArrayList<>())
                                .add(switches.getOrDefault(side, 0L) / (double) lat.length);
                        System.out.printf(Locale.ROOT,
                                "  round %d %-4s: %,d messages, p50 %,.0f µs, p99 %,.0f µs, p99.9 %,.0f µs, max %,.0f µs;"
                                        + " consumer threads' context switches per message %.2f%n",
                                round + 1, side, lat.length, a, b, c, Stats.percentile(lat, 1.0) / 1e3,
                                switches.getOrDefault(side, 0L) / (double) lat.length);
                    }
                }
                String what = String.format(Locale.ROOT, "at %,d msg/s, `send` → method entry  vs  raw XADD → "
                        + "blocking XREADGROUP loop", rate);
                table.add("latency p50 " + what, Table.Unit.MICROS, p50.get("ours"), p50.get("raw"),
                        Table.Target.NONE);
                table.add("latency p99 " + what, Table.Unit.MICROS, p99.get("ours"), p99.get("raw"),
                        Table.Target.ratioAtMost(1.2));
                table.add("latency p99.9 " + what, Table.Unit.MICROS, p999.get("ours"), p999.get("raw"),
                        Table.Target.NONE);
                allocation.add(String.format(Locale.ROOT,
                        "context switches per message (consumer threads), latency test at %,d msg/s", rate),
                        Table.Unit.COUNT, switchesPerMsg.get("ours"), switchesPerMsg.get("raw"), Table.Target.NONE);
            } finally {
                stopRawLoop = true;
                rawLoop.join(3000);
                rawConsumer.close();
            }
        }
        raw.admin.del(Beans.LATENCY_STREAM, LAT_RAW);
    }

    private volatile boolean stopRawLoop;

    /** With {@code -Dbench.latencyDump=file}: every latency sample as CSV (side, round, segment, n, micros). */
    private static void dumpLatencies(String side, int round, int segment, long[] lat) {
        String file = System.getProperty("bench.latencyDump", "");
        if (file.isEmpty()) {
            return;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lat.length; i++) {
            s.append(side).append(',').append(round).append(',').append(segment).append(',').append(i).append(',')
                    .append(lat[i] / 1000).append('\n');
        }
        try {
            Files.writeString(Paths.get(file), s, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code count} orders at a fixed {@code rate} (parking, not spinning: 2 cores are shared with
     * Redis and the consumer), each stamped just before its send; returns each message's latency.
     */
    private long[] paced(int rate, int count, List<Order> orders, Sender sender) throws InterruptedException {
        System.gc();
        Probe.Run run = Probe.start(count, true, null);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime() + 1_000_000;
        for (int i = 0; i < count; i++) {
            long target = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < target) {
                LockSupport.parkNanos(target - now);
            }
            sender.send(orders.get(i % orders.size()).stamped(System.nanoTime()));
        }
        if (!run.await(60)) {
            throw new IllegalStateException("latency consumer got " + run.count.get() + " of " + count);
        }
        return run.latencies;
    }

    // ------------------------------------------------------------------ harness

    /**
     * A warm-up round, then {@code rounds} measured rounds; within a round every trial runs once, and
     * the order rotates from round to round so no side always goes first.
     */
    private Map<String, List<M>> rounds(String label, Map<String, Trial> trials) throws Exception {
        List<String> names = new ArrayList<>(trials.keySet());
        Map<String, List<M>> results = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            List<String> order = new ArrayList<>(names);
            java.util.Collections.rotate(order, -round);
            for (String name : order) {
                M m = trials.get(name).run();
                print(label, name, round, m);
                if (round > 0) {
                    results.computeIfAbsent(name, k -> new ArrayList<>()).add(m);
                }
            }
        }
        return results;
    }

    private static void print(String label, String name, int round, M m) {
        System.out.printf(Locale.ROOT, "  %-22s %-9s %-8s: %,10.0f msg/s %,8.0f B/msg %,7.1f µs CPU/msg%n", label, name,
                round <= 0 ? "warm-up" : "round " + round, m.rate(), m.bytesPerMsg(), m.cpuMicrosPerMsg());
    }

    private static Map<String, List<M>> pick(Map<String, List<M>> r, String ours, String raw) {
        return Map.of("ours", r.get(ours), "raw", r.get(raw));
    }

    private void addRate(String figure, Map<String, List<M>> r, Table.Target target) {
        table.add(figure, Table.Unit.MSG_PER_S, rates(r.get("ours")), rates(r.get("raw")), target);
    }

    private void addAlloc(String figure, Map<String, List<M>> r) {
        allocation.add(figure, Table.Unit.BYTES, bytes(r.get("ours")), bytes(r.get("raw")), Table.Target.NONE);
        allocation.add(figure.replace("alloc per message", "CPU per message"), Table.Unit.CPU_MICROS,
                r.get("ours").stream().map(M::cpuMicrosPerMsg).toList(),
                r.get("raw").stream().map(M::cpuMicrosPerMsg).toList(), Table.Target.NONE);
    }

    /** Allocation and CPU per consumed message, with issue 14's targets: at most raw's, and at most 1.1x. */
    private void addConsumeAlloc(String figure, Map<String, List<M>> r) {
        allocation.add(figure, Table.Unit.BYTES, bytes(r.get("ours")), bytes(r.get("raw")),
                Table.Target.ratioAtMost(1.0));
        allocation.add(figure.replace("alloc per message", "CPU per message"), Table.Unit.CPU_MICROS,
                r.get("ours").stream().map(M::cpuMicrosPerMsg).toList(),
                r.get("raw").stream().map(M::cpuMicrosPerMsg).toList(), Table.Target.ratioAtMost(1.1));
    }

    private void addConsumeOverhead(String what, Map<String, List<M>> r) {
        allocation.add("XREADGROUP + XACK per 100 messages consumed: " + what, Table.Unit.COUNT,
                r.get("ours").stream().map(M::roundTripsPer100).toList(),
                r.get("raw").stream().map(M::roundTripsPer100).toList(),
                what.contains("1 ms work") ? Table.Target.oursAtMost(3, "ours ≤ 3") : Table.Target.NONE);
        allocation.add("context switches per message consumed (consumer threads): " + what, Table.Unit.COUNT,
                r.get("ours").stream().map(M::switchesPerMsg).toList(),
                r.get("raw").stream().map(M::switchesPerMsg).toList(), Table.Target.NONE);
    }

    private static List<Double> rates(List<M> ms) {
        return ms.stream().map(M::rate).toList();
    }

    private static List<Double> bytes(List<M> ms) {
        return ms.stream().map(M::bytesPerMsg).toList();
    }

    private static <T> List<List<T>> chunks(List<T> list, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < list.size(); from += size) {
            chunks.add(list.subList(from, Math.min(list.size(), from + size)));
        }
        return chunks;
    }

    /** A Weld SE container with the redstreams extension and the given beans; configuration from system properties. */
    private static SeContainer container(Class<?>... beans) {
        return SeContainerInitializer.newInstance()
                .disableDiscovery()
                .addExtensions(new RedStreamsExtension())
                .addBeanClasses(beans)
                .initialize();
    }

    // ------------------------------------------------------------------ report

    private String report(String loadBefore, String loadAfter, double minutes) {
        StringBuilder s = new StringBuilder();
        s.append("Run of ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append(", **").append(sizes.mode()).append("** mode (").append(rounds)
                .append(" measured rounds after warm-up: two rounds for producing, one for consuming and latency;"
                        + " ours and raw interleaved), ")
                .append(String.format(Locale.ROOT, "%.1f minutes", minutes)).append(".\n\n");
        s.append("Machine:\n\n");
        s.append(MachineInfo.describe());
        s.append("- JVM options: ").append(String.join(" ",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())).append('\n');
        s.append("- load average before / after the run: ").append(loadBefore).append(" / ").append(loadAfter)
                .append('\n');
        s.append('\n');
        s.append("Throughput (more is better) and latency (less is better):\n\n");
        s.append(table.markdown());
        if (!allocation.rows().isEmpty()) {
            s.append("\nOverhead per message (less is better; CPU and allocation of the JVM threads doing the work, "
                    + "Redis commands from `INFO commandstats`, context switches from `/proc/self/task/*/status`):\n\n");
            s.append(allocation.markdown());
        }
        return s.toString();
    }

    private static final String BEGIN = "<!-- bench:run:begin -->";
    private static final String END = "<!-- bench:run:end -->";

    /** Replaces the run between the markers of RESULTS.md, keeping whatever was written around them. */
    private static void writeResults(Path file, String report) throws IOException {
        String block = BEGIN + "\n" + report + "\n" + END;
        String text;
        if (Files.exists(file)) {
            String old = Files.readString(file);
            int b = old.indexOf(BEGIN);
            int e = old.indexOf(END);
            text = b >= 0 && e > b ? old.substring(0, b) + block + old.substring(e + END.length())
                    : old + "\n\n" + block + "\n";
        } else {
            text = "# Benchmark results\n\nWritten by the harness (see README.md); the text between the markers is"
                    + " replaced by each run.\n\n" + block + "\n";
        }
        Files.writeString(file, text);
    }
}
