package io.redstreams.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.redstreams.testsupport.RedisServer;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import redis.clients.jedis.StreamEntryID;

/**
 * Many application instances in one group: a backlog of {@code scale.entries} orders (JSON-B, about 200 bytes) is
 * consumed by 1, 2 and 4 consumer JVMs ({@link ScaleConsumerMain}, a plain-Java engine each, {@code -Xmx256m}) in one
 * consumer group, each configuration with a fresh group over the same streams, each JVM first warmed up on a warm-up
 * stream in a group of its own ({@code scale.warmup} entries, not counted). Per configuration: entries/s (first entry
 * handled to the last, over all JVMs), Redis CPU per entry ({@code INFO CPU} used_cpu_sys + used_cpu_user, summed over
 * the nodes), the consumer JVMs' CPU per entry (split by thread role), XREADGROUP + XACK per 100 entries, duplicates
 * and lost entries (from each JVM's bit set of handled orders), each JVM's share, and the largest heap peak of a
 * consumer JVM.
 *
 * <p>Against a throwaway {@code redis-server} by default; {@code -Dredstreams.redis.url=...} or
 * {@code -Dredstreams.redis.cluster.nodes=host:port,...} (with {@code redstreams.redis.user/password} if needed)
 * point it at a running Redis or Redis Cluster; every {@code redstreams.*} system property is passed on to the
 * consumer JVMs. {@code -Dscale.streams=a,b,c} spreads the backlog over several streams (one consumer per stream in
 * every JVM), e.g. one stream per cluster master. See README.md.
 */
public final class ScaleBench {

    private static final String BEGIN = "<!-- scale:run:begin -->";
    private static final String END = "<!-- scale:run:end -->";

    /** One configuration's figures. */
    record Run(int round, int jvms, double rate, double wallRate, double redisCpuMicros, double clientCpuMicros,
               String cpuSplit, double preemptedPer1000, double roundTripsPer100, long duplicates, long lost,
               String shares, double peakHeapMb, double poolPeaksMb, double afterGcMb, String load) {
    }

    private final int entries = Integer.getInteger("scale.entries", 1_000_000);
    private final List<Integer> jvmCounts = Arrays.stream(System.getProperty("scale.jvms", "1,2,4").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private final int rounds = Integer.getInteger("scale.rounds", 1);
    private final List<String> streams = Arrays.stream(System.getProperty("scale.streams", "scale-backlog").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList();
    private final int concurrency = Integer.getInteger("scale.concurrency", 1);
    private final int batchSize = Integer.getInteger("scale.batch-size", 100);
    private final int warmup = Integer.getInteger("scale.warmup", 100_000);
    private final String heap = System.getProperty("scale.heap", "256m");
    private final List<String> childJvmArgs = Arrays.stream(System.getProperty("scale.child-jvm-args", "").split(" "))
            .filter(s -> !s.isBlank()).toList();
    private final Path workDir = Paths.get(System.getProperty("scale.work-dir", "target/scale"));
    private final Jsonb jsonb = JsonbBuilder.create();
    private final List<Run> runs = new ArrayList<>();

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            new ScaleBench().run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        String loadBefore = MachineInfo.loadAverage();
        Files.createDirectories(workDir);
        Map<String, String> passOn = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("redstreams.")).sorted()
                .forEach(k -> passOn.put(k, System.getProperty(k)));
        String clusterNodes = System.getProperty("redstreams.redis.cluster.nodes", "");
        String url = System.getProperty("redstreams.redis.url", "");
        RedisServer own = null;
        if (clusterNodes.isBlank() && url.isBlank()) {
            own = RedisServer.start();
            url = own.url();
            passOn.put("redstreams.redis.url", url);
        }
        String where = !clusterNodes.isBlank() ? "Redis Cluster via " + clusterNodes
                : own != null ? "a throwaway redis-server (" + url + ")"
                : "Redis at " + url.replaceAll("//[^@]*@", "//");
        try (ScaleTarget target = ScaleTarget.connect(url, clusterNodes,
                System.getProperty("redstreams.redis.user", ""), System.getProperty("redstreams.redis.password", ""))) {
            System.out.printf(Locale.ROOT,
                    "scaling benchmark: %,d entries over %s on %s; consumer JVMs %s, %d round(s)%n",
                    entries, streams, where, jvmCounts, rounds);
            Map<String, String> owners = target.owners(streams);
            owners.forEach((s, node) -> System.out.println("  stream " + s + " on " + node));
            long fillStart = System.nanoTime();
            target.fill(streams, entries, jsonb);
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            Map<String, StreamEntryID> lastIds = new LinkedHashMap<>();
            long total = 0;
            for (int s = 0; s < streams.size(); s++) {
                long len = target.length(streams.get(s));
                total += len;
                lastIds.put(streams.get(s), new StreamEntryID(1, len));
            }
            if (total != entries) {
                throw new IllegalStateException("filled " + total + " entries, expected " + entries);
            }
            System.out.printf(Locale.ROOT, "filled %,d entries in %.1f s%n", entries, fillSeconds);
            if (warmup > 0) {
                target.fill(List.of(warmupStream()), warmup, jsonb);
            }
            for (int round = 1; round <= rounds; round++) {
                for (int jvms : jvmCounts) {
                    runs.add(measure(target, round, jvms, passOn, lastIds));
                }
            }
            String report = report(where, owners, loadBefore, MachineInfo.loadAverage(),
                    (System.nanoTime() - started) / 60e9);
            System.out.println();
            System.out.println(report);
            String results = System.getProperty("scale.results", "");
            if (!results.isEmpty()) {
                writeResults(Paths.get(results), report);
                System.out.println("written to " + results);
            }
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    private Run measure(ScaleTarget target, int round, int jvms, Map<String, String> passOn,
            Map<String, StreamEntryID> lastIds) throws Exception {
        String group = "scale-r" + round + "-j" + jvms;
        System.out.printf(Locale.ROOT, "%n== round %d, %d consumer JVM(s), group %s%n", round, jvms, group);
        target.createGroup(streams, group);
        String load = MachineInfo.loadAverage();
        List<ScaleChild> children = new ArrayList<>();
        List<Path> bitFiles = new ArrayList<>();
        try {
            for (int k = 1; k <= jvms; k++) {
                Path bits = workDir.resolve(group + "-" + k + ".bits");
                Files.deleteIfExists(bits);
                bitFiles.add(bits);
                Map<String, String> props = new LinkedHashMap<>(passOn);
                props.put("redstreams.consumer.name", "scale-" + k);
                String logging = System.getProperty("java.util.logging.config.file", "");
                if (!logging.isEmpty()) {
                    props.put("java.util.logging.config.file", logging);
                }
                children.add(ScaleChild.start("jvm-" + k, childOptions(), props, List.of(group,
                        String.join(",", streams), Integer.toString(concurrency), Integer.toString(batchSize),
                        Integer.toString(entries), bits.toString(), warmupStream(), Integer.toString(warmup))));
            }
            for (ScaleChild c : children) {
                c.await("READY", Duration.ofSeconds(120 + warmup / 500));
            }
            ScaleTarget.Snapshot before = target.snapshot();
            long go = System.nanoTime();
            children.forEach(c -> c.send("GO"));
            await().atMost(Duration.ofSeconds(Math.max(120, entries / 2_000))).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        for (ScaleChild c : children) {
                            if (!c.isAlive()) {
                                throw new IllegalStateException("a consumer JVM ended early");
                            }
                        }
                        return target.drained(streams, group, lastIds);
                    });
            double wallSeconds = (System.nanoTime() - go) / 1e9;
            ScaleTarget.Snapshot after = target.snapshot();
            load = load + " / " + MachineInfo.loadAverage();
            children.forEach(c -> c.send("STOP"));
            List<Map<String, String>> done = new ArrayList<>();
            for (ScaleChild c : children) {
                done.add(parse(c.await("DONE ", Duration.ofSeconds(60))));
                c.waitFor(Duration.ofSeconds(30));
            }
            return result(round, jvms, done, bitFiles, before, after, wallSeconds, load,
                    target.pending(streams, group));
        } finally {
            children.forEach(ScaleChild::close);
            target.dropGroup(streams, group);
        }
    }

    /** Where each consumer JVM warms up: beside the first stream (the same hash tag, so the same node). */
    private String warmupStream() {
        return streams.get(0) + ":warmup";
    }

    private List<String> childOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
        options.addAll(childJvmArgs);
        return options;
    }

    private Run result(int round, int jvms, List<Map<String, String>> done, List<Path> bitFiles,
            ScaleTarget.Snapshot before, ScaleTarget.Snapshot after, double wallSeconds, String load, long pending)
            throws IOException {
        BitSet all = new BitSet(entries);
        long calls = 0;
        long first = Long.MAX_VALUE;
        long last = 0;
        double cpuMs = 0;
        double[] roleMs = new double[4];
        double preempted = 0;
        double peak = 0;
        double poolPeaks = 0;
        double afterGc = 0;
        StringBuilder shares = new StringBuilder();
        for (int k = 0; k < done.size(); k++) {
            Map<String, String> d = done.get(k);
            all.or(BitSet.valueOf(Files.readAllBytes(bitFiles.get(k))));
            long c = Long.parseLong(d.get("calls"));
            calls += c;
            if (c > 0) {
                first = Math.min(first, Long.parseLong(d.get("firstMicros")));
                last = Math.max(last, Long.parseLong(d.get("lastMicros")));
            }
            cpuMs += Double.parseDouble(d.get("cpuMs"));
            roleMs[0] += Double.parseDouble(d.get("engineCpuMs"));
            roleMs[1] += Double.parseDouble(d.get("jitCpuMs"));
            roleMs[2] += Double.parseDouble(d.get("gcCpuMs"));
            roleMs[3] += Double.parseDouble(d.get("otherCpuMs"));
            preempted += Double.parseDouble(d.get("enginePreempted"));
            peak = Math.max(peak, Double.parseDouble(d.get("peakHeapUsedMB")));
            poolPeaks = Math.max(poolPeaks, Double.parseDouble(d.get("heapPoolPeaksMB")));
            afterGc = Math.max(afterGc, Double.parseDouble(d.get("maxHeapAfterGcMB")));
            shares.append(k == 0 ? "" : " / ").append(Math.round(100.0 * c / entries)).append('%');
        }
        long distinct = all.cardinality();
        double spanSeconds = (last - first) / 1e6;
        Run run = new Run(round, jvms, entries / spanSeconds, entries / wallSeconds,
                (after.cpuSeconds() - before.cpuSeconds()) * 1e6 / entries, cpuMs * 1e3 / entries,
                String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f", roleMs[0] * 1e3 / entries,
                        roleMs[1] * 1e3 / entries, roleMs[2] * 1e3 / entries, roleMs[3] * 1e3 / entries),
                preempted * 1000 / entries,
                after.callsSince(before, "xreadgroup", "xack") * 100.0 / entries, calls - distinct,
                entries - distinct - pending, shares.toString(), peak, poolPeaks, afterGc, load);
        System.out.printf(Locale.ROOT,
                "  %d JVM(s): %,.0f entries/s (%,.0f/s from GO to drained), Redis CPU %.2f µs/entry,"
                        + " client CPU %.2f µs/entry (engine / JIT / GC / other %s), engine threads preempted %.1f"
                        + " times per 1000, XREADGROUP+XACK %.2f per 100, duplicates %d, lost %d, shares %s,"
                        + " heap peak %.0f MB (pools %.0f MB, after GC %.0f MB)%n", jvms, run.rate(), run.wallRate(),
                run.redisCpuMicros(), run.clientCpuMicros(), run.cpuSplit(), run.preemptedPer1000(),
                run.roundTripsPer100(), run.duplicates(), run.lost(),
                run.shares(), peak, poolPeaks, afterGc);
        return run;
    }

    private String report(String where, Map<String, String> owners, String loadBefore, String loadAfter,
            double minutes) {
        StringBuilder s = new StringBuilder();
        s.append("Run of ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(String.format(Locale.ROOT, ", %.1f minutes: a backlog of %,d entries", minutes, entries))
                .append(" on ").append(streams.size() == 1 ? "one stream" : streams.size() + " streams")
                .append(", ").append(where).append("; each consumer JVM `")
                .append(String.join(" ", childOptions())).append("`, one consumer per stream, concurrency ")
                .append(concurrency).append(", batchSize ").append(batchSize).append("; each JVM first consumed ")
                .append(String.format(Locale.ROOT, "%,d", warmup)).append(" entries of a warm-up stream in a group of"
                        + " its own (JIT warm-up), not counted.\n\n");
        s.append("Machine:\n\n").append(MachineInfo.describe());
        s.append("- streams: ").append(String.join("; ", owners.entrySet().stream()
                .map(o -> "`" + o.getKey() + "` on " + o.getValue()).toList())).append('\n');
        s.append("- load average before / after the run: ").append(loadBefore).append(" / ").append(loadAfter)
                .append("\n\n");
        s.append("| round | consumer JVMs | entries/s (first to last entry) | vs 1 JVM | Redis CPU per entry"
                + " | consumer JVMs' CPU per entry | of which engine / JIT / GC / other threads, µs"
                + " | engine threads preempted per 1000 entries | XREADGROUP + XACK per 100 | duplicates | lost"
                + " | share per JVM | heap peak of one JVM (pools' peaks) | heap after GC, max"
                + " | load average before / after |\n");
        s.append("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|---:|---|\n");
        for (Run r : runs) {
            double one = runs.stream().filter(x -> x.round() == r.round() && x.jvms() == 1).mapToDouble(Run::rate)
                    .findFirst().orElse(Double.NaN);
            s.append(String.format(Locale.ROOT, "| %d | %d | %,.0f | %s | %.2f µs | %.2f µs | %s | %.1f | %.2f | %d"
                            + " | %d | %s | %.0f MB (%.0f MB) | %.0f MB | %s |%n", r.round(), r.jvms(), r.rate(),
                    Double.isNaN(one) ? "" : String.format(Locale.ROOT, "%.2f", r.rate() / one),
                    r.redisCpuMicros(), r.clientCpuMicros(), r.cpuSplit(), r.preemptedPer1000(),
                    r.roundTripsPer100(), r.duplicates(), r.lost(), r.shares(), r.peakHeapMb(), r.poolPeaksMb(),
                    r.afterGcMb(), r.load()));
        }
        return s.toString();
    }

    /** Replaces the text between the scale markers of RESULTS.md (appends a section with them the first time). */
    private static void writeResults(Path file, String report) throws IOException {
        String block = BEGIN + "\n" + report + "\n" + END;
        String old = Files.exists(file) ? Files.readString(file) : "# Benchmark results\n";
        int b = old.indexOf(BEGIN);
        int e = old.indexOf(END);
        String text = b >= 0 && e > b ? old.substring(0, b) + block + old.substring(e + END.length())
                : old.stripTrailing() + "\n\n## Scaling: many consumer JVMs in one group\n\n" + block + "\n";
        Files.writeString(file, text);
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : line.substring("DONE ".length()).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            values.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return values;
    }
}
