package io.redstreams.impl.retention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.redstreams.GroupInfo;
import io.redstreams.PendingSummary;
import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.StreamTrim;

/**
 * The periodic trim ({@code redstreams.retention.trim-streams}, every {@code trim-interval-ms}): for streams nobody
 * sends to through redstreams. Off by default. One engine loop; each run, per stream, on one connection:
 * {@code TIME} (the age limit is reckoned by the clock of Redis), {@code XLEN}, and unless
 * {@code allow-trim-pending}: {@code XINFO GROUPS} and {@code XPENDING} (summary) per group for the lowest pending
 * id, then {@code XTRIM MAXLEN ~} / {@code XTRIM MINID ~}. Never past the lowest pending id: when the limits would
 * remove a pending entry, the trim stops short of it ({@code MINID ~ <lowest pending>}) and logs a WARNING, at
 * most once an hour per stream. Whether {@code MAXLEN} would reach a pending entry is checked by reading at most
 * {@value #MAX_SCAN} entries older than it ({@code XRANGE - (<lowest pending> COUNT n}); a larger excess is trimmed
 * over several runs. A failure (Redis down, a stream of another type) is logged and the loop goes on.
 * Thread-safe: {@link #close()} may be called from any thread.
 */
public final class PeriodicTrimmer implements Runnable {

    private static final Logger LOG = Logger.getLogger(PeriodicTrimmer.class.getName());
    static final int MAX_SCAN = 10_000;
    private static final long WARN_EVERY_NANOS = 3_600_000_000_000L;

    private final Map<String, RetentionRule> rules;
    private final long intervalMs;
    private final Supplier<RedisConnection> connections;
    private final Map<String, Long> lastWarned = new HashMap<>(); // the loop's thread only
    private final Object wake = new Object();
    private volatile boolean closed;

    PeriodicTrimmer(Map<String, RetentionRule> rules, long intervalMs, Supplier<RedisConnection> connections) {
        this.rules = rules;
        this.intervalMs = intervalMs;
        this.connections = connections;
    }

    /**
     * The trimmer the configuration asks for, or {@code null} when {@code trim-streams} is empty (the default).
     *
     * @throws IllegalArgumentException listing every bad retention value of those streams
     */
    public static PeriodicTrimmer from(RedStreamsConfig config, StreamRetention retention,
                                       Supplier<RedisConnection> connections) {
        Map<String, RetentionRule> rules = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String stream : streams(config)) {
            try {
                rules.put(stream, retention.rule(stream));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("redstreams: bad retention configuration: "
                    + String.join("; ", problems));
        }
        return rules.isEmpty() ? null : new PeriodicTrimmer(rules, config.get(ConfigKeys.RETENTION_TRIM_INTERVAL_MS),
                connections);
    }

    static List<String> streams(RedStreamsConfig config) {
        return Arrays.stream(config.get(ConfigKeys.RETENTION_TRIM_STREAMS).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    @Override
    public void run() {
        while (!closed) {
            for (String stream : rules.keySet()) {
                if (closed) {
                    return;
                }
                try {
                    trim(stream);
                } catch (Throwable t) { // a wall: one stream's failure never ends the loop
                    LOG.log(Level.WARNING, "redstreams: periodic trim of stream '" + stream + "' failed: " + t);
                }
            }
            synchronized (wake) {
                if (closed) {
                    return;
                }
                try {
                    wake.wait(intervalMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Ends the loop (after the stream it is trimming, if any). */
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** One trim of one stream; returns how many entries were removed. */
    long trim(String stream) {
        RetentionRule rule = rules.get(stream);
        try (RedisConnection c = connections.get()) {
            String ageMinId = rule.minId(rule.maxAgeMs() > 0 ? c.serverTimeMs() : -1);
            long length = rule.maxLen() > 0 ? c.length(stream) : 0;
            long excess = length - rule.maxLen();
            boolean lengthDue = rule.maxLen() > 0 && excess > 0;
            if (ageMinId == null && !lengthDue) {
                return 0;
            }
            String pending = rule.allowTrimPending() ? null : lowestPending(c, stream);
            if (pending == null) {
                return c.trim(stream, new StreamTrim(lengthDue ? rule.maxLen() : 0, ageMinId));
            }
            boolean held = false;
            String minId = ageMinId;
            if (minId != null && compare(minId, pending) > 0) {
                minId = pending;
                held = true;
            }
            long maxLen = 0;
            if (lengthDue) {
                int scan = (int) Math.min(excess, MAX_SCAN);
                List<RawEntry> older = c.range(stream, "-", "(" + pending, scan);
                if (older.size() >= excess) {
                    maxLen = rule.maxLen(); // MAXLEN removes only entries older than every pending one
                } else {
                    String cut;
                    if (older.size() < scan) {
                        cut = pending;
                        held = true;
                    } else {
                        cut = older.get(older.size() - 1).id(); // a large excess: the rest in later runs
                    }
                    if (minId == null || compare(cut, minId) > 0) {
                        minId = cut;
                    }
                }
            }
            if (held) {
                warnHeldBack(stream, pending);
            }
            return c.trim(stream, new StreamTrim(maxLen, minId));
        }
    }

    private void warnHeldBack(String stream, String pending) {
        long now = System.nanoTime();
        Long last = lastWarned.get(stream);
        if (last != null && now - last < WARN_EVERY_NANOS) {
            return;
        }
        lastWarned.put(stream, now);
        LOG.warning("redstreams: the retention of stream '" + stream + "' would remove entries a consumer group still"
                + " holds pending (lowest pending id " + pending + "); trimmed only up to that id. Set "
                + ConfigKeys.STREAM_ALLOW_TRIM_PENDING.name().replace("<stream>", stream)
                + "=true to trim them anyway (logged at most once an hour per stream)");
    }

    /** The lowest id pending in any group of the stream (XINFO GROUPS, XPENDING summary); {@code null}: none. */
    static String lowestPending(RedisConnection c, String stream) {
        String lowest = null;
        for (GroupInfo group : c.groups(stream)) {
            if (group.pending() <= 0) {
                continue;
            }
            PendingSummary summary = c.pendingSummary(stream, group.name());
            if (summary.count() > 0 && summary.lowestId() != null
                    && (lowest == null || compare(summary.lowestId(), lowest) < 0)) {
                lowest = summary.lowestId();
            }
        }
        return lowest;
    }

    /** Compares two stream ids ({@code ms-seq}) numerically. */
    static int compare(String a, String b) {
        long[] x = parts(a);
        long[] y = parts(b);
        int c = Long.compare(x[0], y[0]);
        return c != 0 ? c : Long.compare(x[1], y[1]);
    }

    private static long[] parts(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? new long[] {Long.parseLong(id), 0}
                : new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }
}
