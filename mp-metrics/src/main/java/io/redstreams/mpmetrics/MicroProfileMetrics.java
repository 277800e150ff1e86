package io.redstreams.mpmetrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import io.redstreams.cdi.MetricsBinder;
import io.redstreams.impl.engine.ConsumerStatus;
import io.redstreams.impl.engine.GroupGauges;
import io.redstreams.impl.engine.RedStreamsEngine;

/**
 * The engine's signals as MicroProfile Metrics 5 metrics, with the names, types and meanings of the Micrometer binding
 * (see the README, "Metrics"); tag names have {@code _} for {@code .} ({@code messaging_destination_name},
 * {@code messaging_consumer_group_name}, {@code error_type}, {@code messaging_system}), which is what Prometheus shows
 * for both. Counters and timers are registered on first use and kept in per-stream and per-group holders, so a message
 * costs two map lookups and an increment; gauges per consumed group are registered when consumers start, the
 * Redis-backed ones reading {@link GroupGauges}' last sample (never Redis at a scrape). Every call into the registry is
 * behind the {@link MetricsWall}. {@link #close()} removes every metric it registered.
 *
 * <p>Thread-safe.
 */
final class MicroProfileMetrics implements MetricsBinder.Binding {

    static final Metadata SENT = Registrar.metadata("messaging.client.sent.messages",
            "Entries sent (XADD); error.type when the send failed");
    static final Metadata SEND_DURATION = Registrar.timerMetadata("messaging.client.operation.duration",
            "Duration of a send operation (one producer call)");
    static final Metadata CONSUMED = Registrar.metadata("messaging.client.consumed.messages",
            "Entries handed to the application (new, retried, reclaimed)");
    static final Metadata PROCESS_DURATION = Registrar.timerMetadata("messaging.process.duration",
            "Duration of the consumer method (and its stage) per entry");
    static final Metadata ACKS = Registrar.metadata("redstreams.consumer.acks", "Entries acknowledged (XACK)");
    static final Metadata FAILURES = Registrar.metadata("redstreams.consumer.failures",
            "Deliveries that failed (method threw or timed out, undecodable)");
    static final Metadata RETRIES = Registrar.metadata("redstreams.consumer.retries",
            "Failed entries scheduled for another delivery");
    static final Metadata DEAD_LETTERS = Registrar.metadata("redstreams.consumer.dead_letters",
            "Entries copied to the dead-letter stream and acknowledged");
    static final Metadata RECLAIMED = Registrar.metadata("redstreams.consumer.reclaimed",
            "Entries taken over from consumers that left them pending too long");
    static final Metadata LAG = Registrar.metadata("redstreams.consumer.lag",
            "Entries not yet delivered to the group (XINFO GROUPS lag); NaN when Redis cannot tell");
    static final Metadata PENDING = Registrar.metadata("redstreams.consumer.pending",
            "Entries delivered to the group and not acknowledged (XPENDING)");
    static final Metadata OLDEST_PENDING_AGE = Registrar.metadata("redstreams.consumer.oldest_pending_age",
            "Age of the group's oldest pending entry (Redis time minus the time of its id), seconds");
    static final Metadata IN_FLIGHT = Registrar.metadata("redstreams.consumer.in_flight",
            "Entries this instance holds: read and not acknowledged yet");

    private final MetricRegistry registry;
    private final RedStreamsEngine engine;
    private final MetricsWall wall = new MetricsWall();
    private final Registrar registrar;
    private final ProducerMetrics producer;
    private final Map<String, StreamMetrics> streams = new ConcurrentHashMap<>();
    private final Map<String, Map<String, GroupMetrics>> groups = new ConcurrentHashMap<>();
    private final Map<String, Boolean> gauged = new ConcurrentHashMap<>();

    MicroProfileMetrics(MetricRegistry registry, RedStreamsEngine engine) {
        this.registry = registry;
        this.engine = engine;
        this.registrar = new Registrar(registry, wall);
        this.producer = new ProducerMetrics(registrar, engine);
    }

    // ---- producing ----

    @Override
    public void sent(String stream, int count, long nanos, Throwable failure) {
        try {
            StreamMetrics m = stream(stream);
            if (failure == null) {
                m.sent.inc(count);
                m.sendDuration.record(nanos);
            } else {
                String error = Registrar.errorType(failure);
                m.failedSends.computeIfAbsent(error, e -> registrar.counter(SENT, Registrar.tags(stream, null, e)))
                        .inc(count);
                m.failedSendDurations.computeIfAbsent(error, e -> registrar.timer(SEND_DURATION, sendTags(stream, e)))
                        .record(nanos);
                producer.update(); // the circuit and buffer totals grow only with failed sends
            }
        } catch (Throwable t) {
            wall.contain("counting a send", t);
        }
    }

    // ---- consuming ----

    @Override
    public void consumed(String stream, String group) {
        try {
            group(stream, group).consumed.inc(1);
        } catch (Throwable t) {
            wall.contain("counting a delivery", t);
        }
    }

    @Override
    public void processed(String stream, String group, long nanos, Throwable failure) {
        try {
            GroupMetrics m = group(stream, group);
            Registrar.Time timer = failure == null ? m.processed : m.failedProcessing.computeIfAbsent(
                    Registrar.errorType(failure), e -> registrar.timer(PROCESS_DURATION, Registrar.tags(stream, group, e)));
            timer.record(nanos);
        } catch (Throwable t) {
            wall.contain("timing a delivery", t);
        }
    }

    @Override
    public void acked(String stream, String group, int count) {
        try {
            group(stream, group).acks.inc(count);
        } catch (Throwable t) {
            wall.contain("counting acknowledgements", t);
        }
    }

    @Override
    public void failed(String stream, String group, Throwable failure) {
        try {
            String error = failure == null ? "undecodable" : Registrar.errorType(failure);
            group(stream, group).failures.computeIfAbsent(error,
                    e -> registrar.counter(FAILURES, Registrar.tags(stream, group, e))).inc(1);
        } catch (Throwable t) {
            wall.contain("counting a failure", t);
        }
    }

    @Override
    public void retried(String stream, String group) {
        try {
            group(stream, group).retries.inc(1);
        } catch (Throwable t) {
            wall.contain("counting a retry", t);
        }
    }

    @Override
    public void deadLettered(String entryId, String stream, String group, String deadLetterStream, String reason,
                             long deliveries) {
        try {
            group(stream, group).deadLetters.inc(1);
        } catch (Throwable t) {
            wall.contain("counting a dead letter", t);
        }
    }

    @Override
    public void entriesClaimed(String stream, String group, String consumer, List<String> ids) {
        try {
            group(stream, group).reclaimed().inc(ids.size());
        } catch (Throwable t) {
            wall.contain("counting reclaimed entries", t);
        }
    }

    /** Registers each consumed group's counters (so they show 0 from the start) and its four gauges. */
    @Override
    public void consumersStarted(List<String> names) {
        try {
            GroupGauges sampled = engine.groupGauges();
            for (ConsumerStatus consumer : engine.status().consumers()) {
                String stream = consumer.stream();
                String group = consumer.group();
                group(stream, group);
                if (gauged.putIfAbsent(stream + '\u0000' + group, Boolean.TRUE) == null) {
                    gauges(sampled, stream, group);
                }
            }
        } catch (Throwable t) {
            wall.contain("registering the consumer gauges", t);
        }
    }

    private void gauges(GroupGauges sampled, String stream, String group) {
        Tag[] tags = Registrar.tags(stream, group, null);
        registrar.gauge(LAG, () -> {
            GroupGauges.Sample s = sampled.sample(stream, group);
            return s == null || s.lag() == null ? Double.NaN : s.lag().doubleValue();
        }, tags);
        registrar.gauge(PENDING, () -> {
            GroupGauges.Sample s = sampled.sample(stream, group);
            return s == null ? Double.NaN : (double) s.pending();
        }, tags);
        registrar.gauge(OLDEST_PENDING_AGE, () -> {
            GroupGauges.Sample s = sampled.sample(stream, group);
            return s == null ? Double.NaN : s.oldestPendingAgeSeconds();
        }, tags);
        registrar.gauge(IN_FLIGHT, () -> (double) engine.inFlight(stream, group), tags);
    }

    // ---- holders ----

    private static Tag[] sendTags(String stream, String error) {
        Tag[] tags = Registrar.tags(stream, null, error);
        Tag[] withOperation = Arrays.copyOf(tags, tags.length + 1);
        withOperation[tags.length] = new Tag(Registrar.OPERATION, "send");
        return withOperation;
    }

    /** The metrics of one stream's sends. */
    private final class StreamMetrics {
        final Registrar.Count sent;
        final Registrar.Time sendDuration;
        final Map<String, Registrar.Count> failedSends = new ConcurrentHashMap<>();
        final Map<String, Registrar.Time> failedSendDurations = new ConcurrentHashMap<>();

        StreamMetrics(String stream) {
            sent = registrar.counter(SENT, Registrar.tags(stream, null, Registrar.NONE));
            sendDuration = registrar.timer(SEND_DURATION, sendTags(stream, Registrar.NONE));
        }
    }

    /** The metrics of one stream's group. */
    private final class GroupMetrics {
        final String stream;
        final String group;
        final Registrar.Count consumed;
        final Registrar.Time processed;
        final Registrar.Count acks;
        final Registrar.Count retries;
        final Registrar.Count deadLetters;
        volatile Registrar.Count reclaimed;
        final Map<String, Registrar.Time> failedProcessing = new ConcurrentHashMap<>();
        final Map<String, Registrar.Count> failures = new ConcurrentHashMap<>();

        GroupMetrics(String stream, String group) {
            this.stream = stream;
            this.group = group;
            Tag[] tags = Registrar.tags(stream, group, null);
            consumed = registrar.counter(CONSUMED, tags);
            processed = registrar.timer(PROCESS_DURATION, Registrar.tags(stream, group, Registrar.NONE));
            acks = registrar.counter(ACKS, tags);
            retries = registrar.counter(RETRIES, tags);
            deadLetters = registrar.counter(DEAD_LETTERS, tags);
        }

        /** Registered on the first claim: most groups never reclaim anything. */
        Registrar.Count reclaimed() {
            Registrar.Count c = reclaimed;
            if (c == null) {
                synchronized (this) {
                    c = reclaimed;
                    if (c == null) {
                        c = registrar.counter(RECLAIMED, Registrar.tags(stream, group, null));
                        reclaimed = c;
                    }
                }
            }
            return c;
        }
    }

    private StreamMetrics stream(String stream) {
        StreamMetrics m = streams.get(stream);
        return m != null ? m : streams.computeIfAbsent(stream, StreamMetrics::new);
    }

    private GroupMetrics group(String stream, String group) {
        Map<String, GroupMetrics> byGroup = groups.get(stream);
        if (byGroup == null) {
            byGroup = groups.computeIfAbsent(stream, s -> new ConcurrentHashMap<>());
        }
        GroupMetrics m = byGroup.get(group);
        return m != null ? m : byGroup.computeIfAbsent(group, g -> new GroupMetrics(stream, g));
    }

    /** @return the failures contained so far (for tests and the log) */
    long contained() {
        return wall.contained();
    }

    /** Removes every metric this binding registered. Never throws. */
    @Override
    public void close() {
        registrar.removeAll();
        streams.clear();
        groups.clear();
        gauged.clear();
    }

    @Override
    public String toString() {
        String type;
        try {
            type = registry.getClass().getSimpleName();
        } catch (Throwable t) {
            type = "registry";
        }
        return "MicroProfile Metrics " + type;
    }
}
