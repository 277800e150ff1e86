package io.redstreams.cdi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.redstreams.impl.engine.ConsumerStatus;
import io.redstreams.impl.engine.EngineListener;
import io.redstreams.impl.engine.GroupGauges;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.TrafficListener;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The engine's signals as Micrometer meters (see the README, "Metrics"): counters and timers per stream (and group),
 * looked up once and cached, so a message costs a map lookup and an increment; gauges per consumed group, the
 * Redis-backed ones read from {@link GroupGauges}' last sample. Loaded only when Micrometer is on the class path
 * ({@link OptionalApis}). {@link #close()} removes every meter it registered.
 *
 * <p>Thread-safe.
 */
final class MicrometerMetrics implements TrafficListener, AutoCloseable {

    static final String SYSTEM = "messaging.system";
    static final String DESTINATION = "messaging.destination.name";
    static final String GROUP = "messaging.consumer.group.name";
    static final String ERROR = "error.type";

    private final MeterRegistry registry;
    private final RedStreamsEngine engine;
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();

    MicrometerMetrics(MeterRegistry registry, RedStreamsEngine engine) {
        this.registry = registry;
        this.engine = engine;
    }

    static boolean hasRegistryBean(BeanManager beanManager) {
        return beanManager.createInstance().select(MeterRegistry.class).isResolvable();
    }

    static EngineListener fromBean(RedStreamsEngine engine, BeanManager beanManager) {
        Instance<MeterRegistry> registry = beanManager.createInstance().select(MeterRegistry.class);
        return new MicrometerMetrics(registry.get(), engine);
    }

    static EngineListener global(RedStreamsEngine engine) {
        return new MicrometerMetrics(Metrics.globalRegistry, engine);
    }

    // ---- producing ----

    @Override
    public void sent(String stream, int count, long nanos, Throwable failure) {
        String error = errorType(failure);
        counter("messaging.client.sent.messages", "Entries sent (XADD), by stream; error.type when the send failed",
                stream, null, error).increment(count);
        timer("messaging.client.operation.duration", "Duration of a send operation (one producer call)", stream, null,
                error, "send").record(nanos, TimeUnit.NANOSECONDS);
    }

    // ---- consuming ----

    @Override
    public void consumed(String stream, String group) {
        counter("messaging.client.consumed.messages", "Entries handed to the application (new, retried, reclaimed)",
                stream, group, null).increment();
    }

    @Override
    public void processed(String stream, String group, long nanos, Throwable failure) {
        timer("messaging.process.duration", "Duration of the consumer method (and its stage) per entry", stream, group,
                errorType(failure), null).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void acked(String stream, String group, int count) {
        counter("redstreams.consumer.acks", "Entries acknowledged (XACK)", stream, group, null).increment(count);
    }

    @Override
    public void failed(String stream, String group, Throwable failure) {
        counter("redstreams.consumer.failures", "Deliveries that failed (method threw or timed out, undecodable)",
                stream, group, failure == null ? "undecodable" : errorType(failure)).increment();
    }

    @Override
    public void retried(String stream, String group) {
        counter("redstreams.consumer.retries", "Failed entries scheduled for another delivery", stream, group, null)
                .increment();
    }

    @Override
    public void deadLettered(String entryId, String stream, String group, String deadLetterStream, String reason,
                             long deliveries) {
        counter("redstreams.consumer.dead_letters", "Entries copied to the dead-letter stream and acknowledged",
                stream, group, null).increment();
    }

    @Override
    public void entriesClaimed(String stream, String group, String consumer, List<String> ids) {
        counter("redstreams.consumer.reclaimed", "Entries taken over from consumers that left them pending too long",
                stream, group, null).increment(ids.size());
    }

    @Override
    public void consumersStarted(List<String> names) {
        GroupGauges sampled = engine.groupGauges();
        for (ConsumerStatus consumer : engine.status().consumers()) {
            String stream = consumer.stream();
            String group = consumer.group();
            gauge("redstreams.consumer.lag", "Entries not yet delivered to the group (XINFO GROUPS lag); NaN when"
                    + " Redis cannot tell", stream, group, sampled, g -> {
                        GroupGauges.Sample s = g.sample(stream, group);
                        return s == null || s.lag() == null ? Double.NaN : s.lag();
                    });
            gauge("redstreams.consumer.pending", "Entries delivered to the group and not acknowledged (XPENDING)",
                    stream, group, sampled, g -> {
                        GroupGauges.Sample s = g.sample(stream, group);
                        return s == null ? Double.NaN : s.pending();
                    });
            gauge("redstreams.consumer.oldest_pending_age", "Age of the group's oldest pending entry (Redis time minus"
                    + " the time of its id), seconds", stream, group, sampled, g -> {
                        GroupGauges.Sample s = g.sample(stream, group);
                        return s == null ? Double.NaN : s.oldestPendingAgeSeconds();
                    });
            gauge("redstreams.consumer.in_flight", "Entries this instance holds: read and not acknowledged yet",
                    stream, group, engine, e -> e.inFlight(stream, group));
        }
    }

    // ---- meters, cached ----

    private Counter counter(String name, String help, String stream, String group, String error) {
        String key = name + '\u0000' + stream + '\u0000' + group + '\u0000' + error;
        Meter m = meters.get(key);
        if (m == null) {
            m = meters.computeIfAbsent(key, k -> Counter.builder(name).description(help)
                    .tags(tags(stream, group, error, null)).register(registry));
        }
        return (Counter) m;
    }

    private Timer timer(String name, String help, String stream, String group, String error, String operation) {
        String key = name + '\u0000' + stream + '\u0000' + group + '\u0000' + error;
        Meter m = meters.get(key);
        if (m == null) {
            m = meters.computeIfAbsent(key, k -> Timer.builder(name).description(help)
                    .tags(tags(stream, group, error, operation)).register(registry));
        }
        return (Timer) m;
    }

    private <T> void gauge(String name, String help, String stream, String group, T source, ToDoubleFunction<T> f) {
        String key = name + '\u0000' + stream + '\u0000' + group;
        meters.computeIfAbsent(key, k -> Gauge.builder(name, source, f).description(help).strongReference(true)
                .tags(tags(stream, group, null, null)).register(registry));
    }

    private static Tags tags(String stream, String group, String error, String operation) {
        Tags tags = Tags.of(SYSTEM, "redis", DESTINATION, stream);
        if (group != null) {
            tags = tags.and(GROUP, group);
        }
        if (operation != null) {
            tags = tags.and("messaging.operation.name", operation);
        }
        if (error != null) {
            tags = tags.and(ERROR, error);
        }
        return tags;
    }

    /**
     * The {@code error.type} tag: the failure's class name, or {@code none}. Always present on the meters that carry it
     * (Prometheus wants one set of label names per metric).
     */
    static String errorType(Throwable failure) {
        return failure == null ? "none" : failure.getClass().getName();
    }

    /** Removes every meter this binding registered. */
    @Override
    public void close() {
        for (Meter m : meters.values()) {
            registry.remove(m);
        }
        meters.clear();
    }

    @Override
    public String toString() {
        return "Micrometer " + registry.getClass().getSimpleName();
    }
}
