package io.redstreams.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.json.bind.Jsonb;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The baseline: what an application would write with Jedis alone, doing the same work as ours
 * (JSON-B of the same record into a {@code payload} field, one connection, RESP2 like ours).
 */
final class Raw implements AutoCloseable {

    static final String PAYLOAD = "payload";
    private static final XAddParams ADD = XAddParams.xAddParams();

    private final String host;
    private final int port;
    private final Jsonb jsonb;
    final Jedis producer;
    final Jedis admin;

    Raw(String host, int port, Jsonb jsonb) {
        this.host = host;
        this.port = port;
        this.jsonb = jsonb;
        this.producer = open(5_000);
        this.admin = open(30_000);
    }

    Jedis open(int socketTimeoutMs) {
        Jedis jedis = new Jedis(new HostAndPort(host, port), DefaultJedisClientConfig.builder()
                .resp2()
                .clientName("raw-bench")
                .socketTimeoutMillis(socketTimeoutMs)
                .build());
        jedis.ping();
        return jedis;
    }

    /** One XADD, one round trip. */
    StreamEntryID send(String stream, Order order) {
        return producer.xadd(stream, ADD, Map.of(PAYLOAD, jsonb.toJson(order)));
    }

    /** XADD pipelined {@code batch} at a time; returns every id, like {@code sendAll}. */
    List<StreamEntryID> sendPipelined(String stream, List<?> orders, int batch) {
        List<StreamEntryID> ids = new ArrayList<>(orders.size());
        List<Response<StreamEntryID>> responses = new ArrayList<>(batch);
        for (int from = 0; from < orders.size(); from += batch) {
            int to = Math.min(orders.size(), from + batch);
            try (Pipeline pipeline = producer.pipelined()) {
                for (int i = from; i < to; i++) {
                    responses.add(pipeline.xadd(stream, ADD, Map.of(PAYLOAD, jsonb.toJson(orders.get(i)))));
                }
                pipeline.sync();
            }
            for (Response<StreamEntryID> r : responses) {
                ids.add(r.get());
            }
            responses.clear();
        }
        return ids;
    }

    /**
     * As {@link #sendPipelined} with a W3C {@code traceparent} field beside the payload (a sampled context per entry),
     * as a traced producer of ours writes it: the entries of the tracing-on/off figure.
     */
    void sendPipelinedTraced(String stream, List<?> orders, int batch) {
        java.util.Random random = new java.util.Random(42);
        for (int from = 0; from < orders.size(); from += batch) {
            int to = Math.min(orders.size(), from + batch);
            try (Pipeline pipeline = producer.pipelined()) {
                for (int i = from; i < to; i++) {
                    String traceparent = String.format(java.util.Locale.ROOT, "00-%016x%016x-%016x-01",
                            random.nextLong() | 1, random.nextLong(), random.nextLong() | 1);
                    Map<String, String> fields = new java.util.LinkedHashMap<>();
                    fields.put(PAYLOAD, jsonb.toJson(orders.get(i)));
                    fields.put("traceparent", traceparent);
                    pipeline.xadd(stream, ADD, fields);
                }
                pipeline.sync();
            }
        }
    }

    /**
     * The raw consumer loop: XREADGROUP COUNT {@code count} (BLOCK {@code blockMs} if above 0), JSON-B
     * each entry, optional 1 ms of blocking work, report to the {@link Probe}, one XACK per batch.
     * Returns after {@code n} messages (or when {@code keepGoing} says stop).
     */
    void consume(Jedis jedis, String stream, int n, int count, int blockMs, boolean work,
                 java.util.function.BooleanSupplier keepGoing) throws InterruptedException {
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(count);
        if (blockMs > 0) {
            params.block(blockMs);
        }
        Map<String, StreamEntryID> from = Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
        int done = 0;
        while (done < n && keepGoing.getAsBoolean()) {
            List<Map.Entry<String, List<StreamEntry>>> reply = jedis.xreadGroup(Beans.GROUP, "raw", params, from);
            if (reply == null || reply.isEmpty()) {
                continue;
            }
            List<StreamEntry> entries = reply.get(0).getValue();
            StreamEntryID[] ids = new StreamEntryID[entries.size()];
            for (int i = 0; i < ids.length; i++) {
                StreamEntry e = entries.get(i);
                Order order = jsonb.fromJson(e.getFields().get(PAYLOAD), Order.class);
                if (work) {
                    Thread.sleep(1);
                }
                Probe.on(order);
                ids[i] = e.getID();
            }
            jedis.xack(stream, Beans.GROUP, ids);
            done += ids.length;
        }
    }

    /**
     * {@code redis-benchmark -c 50 -P 64 -n n XADD key * payload json} against the same server: the machine's
     * ceiling for adding entries of this size (50 connections, 64 commands per round trip, C client, no mapping).
     *
     * @return requests per second, or -1 when redis-benchmark is missing or its output cannot be read
     */
    double redisBenchmarkXadd(String json, int n) {
        String key = "bench-redis-benchmark";
        try {
            Process p = new ProcessBuilder("redis-benchmark", "-h", host, "-p", Integer.toString(port), "-c", "50",
                    "-P", "64", "-n", Integer.toString(n), "--csv", "XADD", key, "*", PAYLOAD, json)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            // "test","rps",... then "XADD bench-redis-benchmark * payload {...}","123456.79",...
            for (String line : out.split("\r?\n")) {
                if (line.startsWith("\"XADD")) {
                    // the test name holds the JSON (quotes, commas): count the cells from the end
                    String[] cells = line.split("\",\"");
                    String rps = cells[cells.length - 7];
                    System.out.printf(java.util.Locale.ROOT, "      redis-benchmark -c 50 -P 64 XADD: %s rps%n", rps);
                    return Double.parseDouble(rps);
                }
            }
            System.out.println("      redis-benchmark: no figure in its output: " + out);
            return -1;
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("      redis-benchmark: " + e);
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            admin.del(key);
        }
    }

    /** Replaces {@code target} by a server-side copy of {@code template} (COPY), optionally with a group from 0. */
    void copy(String template, String target, boolean withGroup) {
        admin.del(target);
        admin.copy(template, target, true);
        if (withGroup) {
            admin.xgroupCreate(target, Beans.GROUP, new StreamEntryID(0, 0), true);
        }
    }

    /** Read events Redis processed since it started ({@code INFO stats total_reads_processed}), -1 if unknown. */
    long readsProcessed() {
        for (String line : admin.info("stats").split("\r?\n")) {
            if (line.startsWith("total_reads_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return -1;
    }

    /** Calls per command since the server started ({@code INFO commandstats}), e.g. {@code xreadgroup -> 1234}. */
    Map<String, Long> commandCalls() {
        Map<String, Long> calls = new java.util.TreeMap<>();
        for (String line : admin.info("commandstats").split("\r?\n")) {
            // cmdstat_xadd:calls=200000,usec=...
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int at = line.indexOf("calls=") + "calls=".length();
                int end = line.indexOf(',', at);
                calls.put(name, Long.parseLong(line.substring(at, end < 0 ? line.length() : end)));
            }
        }
        return calls;
    }

    /** Calls of the given commands between two {@link #commandCalls()}, per 100 messages. */
    static double callsPer100(Map<String, Long> before, Map<String, Long> after, int messages, String... commands) {
        long n = 0;
        for (String cmd : commands) {
            n += after.getOrDefault(cmd, 0L) - before.getOrDefault(cmd, 0L);
        }
        return n * 100.0 / messages;
    }

    /** Commands sent between two {@link #commandCalls()}, per 100 messages, for the commands that matter here. */
    static String commandsPer100(Map<String, Long> before, Map<String, Long> after, int messages) {
        StringBuilder s = new StringBuilder();
        for (String cmd : List.of("xadd", "xreadgroup", "xack", "xautoclaim", "xclaim", "xpending")) {
            long n = after.getOrDefault(cmd, 0L) - before.getOrDefault(cmd, 0L);
            if (n > 0) {
                s.append(s.length() == 0 ? "" : ", ").append(cmd.toUpperCase(java.util.Locale.ROOT)).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.1f", n * 100.0 / messages));
            }
        }
        return s + " per 100 msgs";
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
