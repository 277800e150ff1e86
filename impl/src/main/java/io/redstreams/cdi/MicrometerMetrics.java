package io.redstreams.cdi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.redstreams.impl.engine.ConsumerStatus;
import io.redstreams.impl.engine.EngineListener;
import io.redstreams.impl.engine.EngineStatus;
import io.redstreams.impl.engine.GroupGauges;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.TrafficListener;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * The engine's signals as Micrometer meters (see the README, "Metrics"): counters and timers per stream (and group),
 * registered on first use and kept in small per-stream and per-group holders, so a message costs two map lookups
 * and an increment, with no key built; gauges per consumed group, the Redis-backed ones read from
 * {@link GroupGauges}' last sample. Loaded only when Micrometer is on the class path ({@link OptionalApis}).
 * {@link #close()} removes every meter it registered.
 *
 * <p>Thread-safe.
 */
final class MicrometerMetrics implements TrafficListener, AutoCloseable {

    static final String SYSTEM = "messaging.system";
    static final String DESTINATION = "messaging.destination.name";
    static final String GROUP = "messaging.consumer.group.name";
    static final String ERROR = "error.type";
    static final String NONE = "none";

    private final MeterRegistry registry;
    private final RedStreamsEngine engine;
    private final Map<String, StreamMeters> streams = new ConcurrentHashMap<>();
    private final Map<String, Map<String, GroupMeters>> groups = new ConcurrentHashMap<>();
    private final Map<Meter.Id, Meter> registered = new ConcurrentHashMap<>();

    MicrometerMetrics(MeterRegistry registry, RedStreamsEngine engine) {
        this.registry = registry;
        this.engine = engine;
        producerProtection();
    }

    /**
     * The producer's circuit breaker and asynchronous buffer, read from {@link RedStreamsEngine#producerStatus()}
     * (in memory, no Redis command) at each scrape.
     */
    private void producerProtection() {
        Tags tags = Tags.of(SYSTEM, "redis");
        remember(Gauge.builder("redstreams.producer.circuit.state", engine,
                        e -> switch (e.producerStatus().circuit().state()) {
                            case OPEN -> 1;
                            case HALF_OPEN -> 2;
                            default -> 0;
                        })
                .description("The producer's circuit breaker: 0 closed (or switched off), 1 open (sends fail fast),"
                        + " 2 half-open (one probe)").tags(tags).strongReference(true).register(registry));
        remember(FunctionCounter.builder("redstreams.producer.circuit.rejected", engine,
                        e -> e.producerStatus().circuit().rejectedCalls())
                .description("Sends refused at once while the circuit was open").tags(tags).register(registry));
        remember(FunctionCounter.builder("redstreams.producer.circuit.connection_failures", engine,
                        e -> e.producerStatus().circuit().connectionFailures())
                .description("Sends that failed with a connection-level failure").tags(tags).register(registry));
        remember(FunctionCounter.builder("redstreams.producer.circuit.opened", engine,
                        e -> e.producerStatus().circuit().timesOpened())
                .description("How often the circuit opened").tags(tags).register(registry));
        remember(Gauge.builder("redstreams.producer.async_buffer.size", engine,
                        e -> e.producerStatus().asyncBuffer().size())
                .description("Asynchronous sends waiting for their reply").tags(tags).strongReference(true)
                .register(registry));
        remember(Gauge.builder("redstreams.producer.async_buffer.capacity", engine,
                        e -> e.producerStatus().asyncBuffer().capacity())
                .description("Most asynchronous sends in flight (async-max-pending)").tags(tags).strongReference(true)
                .register(registry));
        remember(Gauge.builder("redstreams.producer.async_buffer.peak", engine,
                        e -> e.producerStatus().asyncBuffer().peak())
                .description("Highest number of asynchronous sends in flight so far").tags(tags)
                .strongReference(true).register(registry));
        remember(FunctionCounter.builder("redstreams.producer.async_buffer.rejected", engine,
                        e -> e.producerStatus().asyncBuffer().rejected())
                .description("Asynchronous sends refused because the buffer was full (policy fail or wait)")
                .tags(tags).register(registry));
    }

    static boolean hasRegistryBean(BeanManager beanManager) {
        return beanManager.createInstance().select(MeterRegistry.class).isResolvable();
    }

    static EngineListener fromBean(RedStreamsEngine engine, BeanManager beanManager) {
        return hearingEndpoints(new MicrometerMetrics(beanManager.createInstance().select(MeterRegistry.class).get(),
                engine));
    }

    static EngineListener global(RedStreamsEngine engine) {
        return hearingEndpoints(new MicrometerMetrics(Metrics.globalRegistry, engine));
    }

    /**
     * Also counts the deliveries of the message-driven beans the application deploys on the resource adapter that
     * hosts it (see {@link RedStreamsEngine#listenToEndpoints}); nothing more when the engine is not hosted.
     */
    private static MicrometerMetrics hearingEndpoints(MicrometerMetrics metrics) {
        metrics.engine.listenToEndpoints(metrics);
        return metrics;
    }

    // ---- producing ----

    @Override
    public void sent(String stream, int count, long nanos, Throwable failure) {
        StreamMeters m = stream(stream);
        if (failure == null) {
            m.sent.increment(count);
            m.sendDuration.record(nanos, TimeUnit.NANOSECONDS);
        } else {
            String error = errorType(failure);
            m.failedSends.computeIfAbsent(error, e -> counter("messaging.client.sent.messages", SENT_HELP,
                    tags(stream, null, e))).increment(count);
            m.failedSendDurations.computeIfAbsent(error, e -> timer("messaging.client.operation.duration",
                    SEND_HELP, tags(stream, null, e).and(OPERATION, "send"))).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    // ---- consuming ----

    @Override
    public void consumed(String stream, String group) {
        group(stream, group).consumed.increment();
    }

    @Override
    public void processed(String stream, String group, long nanos, Throwable failure) {
        GroupMeters m = group(stream, group);
        Timer timer = failure == null ? m.processed : m.failedProcessing.computeIfAbsent(errorType(failure),
                e -> timer("messaging.process.duration", PROCESS_HELP, tags(stream, group, e)));
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void acked(String stream, String group, int count) {
        group(stream, group).acks.increment(count);
    }

    @Override
    public void failed(String stream, String group, Throwable failure) {
        String error = failure == null ? "undecodable" : errorType(failure);
        group(stream, group).failures.computeIfAbsent(error, e -> counter("redstreams.consumer.failures",
                "Deliveries that failed (method threw or timed out, undecodable)", tags(stream, group, e)))
                .increment();
    }

    @Override
    public void retried(String stream, String group) {
        group(stream, group).retries.increment();
    }

    @Override
    public void deadLettered(String entryId, String stream, String group, String deadLetterStream, String reason,
                             long deliveries) {
        group(stream, group).deadLetters.increment();
    }

    @Override
    public void entriesClaimed(String stream, String group, String consumer, List<String> ids) {
        group(stream, group).reclaimed().increment(ids.size());
    }

    @Override
    public void consumersStarted(List<String> names) {
        GroupGauges sampled = engine.groupGauges();
        EngineStatus status = engine.status();
        List<ConsumerStatus> consumers = new ArrayList<>(status.consumers());
        consumers.addAll(status.endpoints()); // the message-driven beans of the application, on its adapter
        for (ConsumerStatus consumer : consumers) {
            String stream = consumer.stream();
            String group = consumer.group();
            group(stream, group); // the counters show 0 from the start
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

    // ---- meters ----

    private static final String SENT_HELP = "Entries sent (XADD); error.type when the send failed";
    private static final String SEND_HELP = "Duration of a send operation (one producer call)";
    private static final String PROCESS_HELP = "Duration of the consumer method (and its stage) per entry";
    private static final String OPERATION = "messaging.operation.name";

    /** The meters of one stream's sends. */
    private final class StreamMeters {
        final Counter sent;
        final Timer sendDuration;
        final Map<String, Counter> failedSends = new ConcurrentHashMap<>();
        final Map<String, Timer> failedSendDurations = new ConcurrentHashMap<>();

        StreamMeters(String stream) {
            sent = counter("messaging.client.sent.messages", SENT_HELP, tags(stream, null, NONE));
            sendDuration = timer("messaging.client.operation.duration", SEND_HELP,
                    tags(stream, null, NONE).and(OPERATION, "send"));
        }
    }

    /** The meters of one stream's group. */
    private final class GroupMeters {
        final String stream;
        final String group;
        final Counter consumed;
        final Timer processed;
        final Counter acks;
        final Counter retries;
        final Counter deadLetters;
        volatile Counter reclaimed;
        final Map<String, Timer> failedProcessing = new ConcurrentHashMap<>();
        final Map<String, Counter> failures = new ConcurrentHashMap<>();

        GroupMeters(String stream, String group) {
            this.stream = stream;
            this.group = group;
            Tags tags = tags(stream, group, null);
            consumed = counter("messaging.client.consumed.messages",
                    "Entries handed to the application (new, retried, reclaimed)", tags);
            processed = timer("messaging.process.duration", PROCESS_HELP, tags(stream, group, NONE));
            acks = counter("redstreams.consumer.acks", "Entries acknowledged (XACK)", tags);
            retries = counter("redstreams.consumer.retries", "Failed entries scheduled for another delivery", tags);
            deadLetters = counter("redstreams.consumer.dead_letters",
                    "Entries copied to the dead-letter stream and acknowledged", tags);
        }

        /** Registered on the first claim: most groups never reclaim anything. */
        Counter reclaimed() {
            Counter c = reclaimed;
            if (c == null) {
                c = counter("redstreams.consumer.reclaimed",
                        "Entries taken over from consumers that left them pending too long", tags(stream, group, null));
                reclaimed = c;
            }
            return c;
        }
    }

    private StreamMeters stream(String stream) {
        StreamMeters m = streams.get(stream);
        return m != null ? m : streams.computeIfAbsent(stream, StreamMeters::new);
    }

    private GroupMeters group(String stream, String group) {
        Map<String, GroupMeters> byGroup = groups.get(stream);
        if (byGroup == null) {
            byGroup = groups.computeIfAbsent(stream, s -> new ConcurrentHashMap<>());
        }
        GroupMeters m = byGroup.get(group);
        return m != null ? m : byGroup.computeIfAbsent(group, g -> new GroupMeters(stream, g));
    }

    private Counter counter(String name, String help, Tags tags) {
        return remember(Counter.builder(name).description(help).tags(tags).register(registry));
    }

    private Timer timer(String name, String help, Tags tags) {
        return remember(Timer.builder(name).description(help).tags(tags).register(registry));
    }

    private <T> void gauge(String name, String help, String stream, String group, T source, ToDoubleFunction<T> f) {
        remember(Gauge.builder(name, source, f).description(help).strongReference(true)
                .tags(tags(stream, group, null)).register(registry));
    }

    private <M extends Meter> M remember(M meter) {
        registered.put(meter.getId(), meter);
        return meter;
    }

    private static Tags tags(String stream, String group, String error) {
        Tags tags = Tags.of(SYSTEM, "redis", DESTINATION, stream);
        if (group != null) {
            tags = tags.and(GROUP, group);
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
        return failure == null ? NONE : failure.getClass().getName();
    }

    /** Stops listening to message-driven beans and removes every meter this binding registered. */
    @Override
    public void close() {
        engine.stopListening(this);
        for (Meter m : registered.values()) {
            registry.remove(m);
        }
        registered.clear();
        streams.clear();
        groups.clear();
    }

    @Override
    public String toString() {
        return "Micrometer " + registry.getClass().getSimpleName();
    }
}
