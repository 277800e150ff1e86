package io.redstreams.cdi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.redstreams.impl.engine.ConsumerStatus;
import io.redstreams.impl.engine.EngineListener;
import io.redstreams.impl.engine.GroupGauges;
import io.redstreams.impl.engine.RedStreamsEngine;
import io.redstreams.impl.engine.TrafficListener;
import jakarta.enterprise.inject.spi.BeanManager;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The engine's signals as MicroProfile Metrics 5 metrics in the application registry, for servers that offer that
 * API and no Micrometer registry (Payara 6). Same names and meanings as {@link MicrometerMetrics}; MicroProfile
 * Metrics allows no dots in tag names, so the tags are {@code messaging_destination_name},
 * {@code messaging_consumer_group_name}, {@code error_type}. Loaded only when the API is on the class path
 * ({@link OptionalApis}). {@link #close()} removes every metric it registered.
 *
 * <p>Thread-safe.
 */
final class MicroProfileMetrics implements TrafficListener, AutoCloseable {

    private final MetricRegistry registry;
    private final RedStreamsEngine engine;
    private final Map<String, Object> metrics = new ConcurrentHashMap<>();
    private final Map<String, MetricID> ids = new ConcurrentHashMap<>();

    private MicroProfileMetrics(MetricRegistry registry, RedStreamsEngine engine) {
        this.registry = registry;
        this.engine = engine;
    }

    static boolean hasRegistryBean(BeanManager beanManager) {
        return beanManager.createInstance().select(MetricRegistry.class).isResolvable();
    }

    static EngineListener fromBean(RedStreamsEngine engine, BeanManager beanManager) {
        return new MicroProfileMetrics(beanManager.createInstance().select(MetricRegistry.class).get(), engine);
    }

    @Override
    public void sent(String stream, int count, long nanos, Throwable failure) {
        String error = MicrometerMetrics.errorType(failure);
        counter("messaging.client.sent.messages", "Entries sent (XADD)", stream, null, error).inc(count);
        timer("messaging.client.operation.duration", "Duration of a send operation", stream, null, error)
                .update(Duration.ofNanos(nanos));
    }

    @Override
    public void consumed(String stream, String group) {
        counter("messaging.client.consumed.messages", "Entries handed to the application", stream, group, null).inc();
    }

    @Override
    public void processed(String stream, String group, long nanos, Throwable failure) {
        timer("messaging.process.duration", "Duration of the consumer method per entry", stream, group,
                MicrometerMetrics.errorType(failure)).update(Duration.ofNanos(nanos));
    }

    @Override
    public void acked(String stream, String group, int count) {
        counter("redstreams.consumer.acks", "Entries acknowledged (XACK)", stream, group, null).inc(count);
    }

    @Override
    public void failed(String stream, String group, Throwable failure) {
        counter("redstreams.consumer.failures", "Deliveries that failed", stream, group,
                failure == null ? "undecodable" : MicrometerMetrics.errorType(failure)).inc();
    }

    @Override
    public void retried(String stream, String group) {
        counter("redstreams.consumer.retries", "Failed entries scheduled for another delivery", stream, group, null)
                .inc();
    }

    @Override
    public void deadLettered(String entryId, String stream, String group, String deadLetterStream, String reason,
                             long deliveries) {
        counter("redstreams.consumer.dead_letters", "Entries dead-lettered", stream, group, null).inc();
    }

    @Override
    public void entriesClaimed(String stream, String group, String consumer, List<String> claimed) {
        counter("redstreams.consumer.reclaimed", "Entries taken over from other consumers", stream, group, null)
                .inc(claimed.size());
    }

    @Override
    public void consumersStarted(List<String> names) {
        GroupGauges sampled = engine.groupGauges();
        for (ConsumerStatus consumer : engine.status().consumers()) {
            String stream = consumer.stream();
            String group = consumer.group();
            gauge("redstreams.consumer.lag", stream, group, sampled, g -> {
                GroupGauges.Sample s = g.sample(stream, group);
                return s == null || s.lag() == null ? Double.NaN : s.lag();
            });
            gauge("redstreams.consumer.pending", stream, group, sampled, g -> {
                GroupGauges.Sample s = g.sample(stream, group);
                return s == null ? Double.NaN : (double) s.pending();
            });
            gauge("redstreams.consumer.oldest_pending_age", stream, group, sampled, g -> {
                GroupGauges.Sample s = g.sample(stream, group);
                return s == null ? Double.NaN : s.oldestPendingAgeSeconds();
            });
            gauge("redstreams.consumer.in_flight", stream, group, engine,
                    e -> (double) e.inFlight(stream, group));
        }
    }

    private Counter counter(String name, String help, String stream, String group, String error) {
        String key = name + '\u0000' + stream + '\u0000' + group + '\u0000' + error;
        Object m = metrics.get(key);
        if (m == null) {
            m = metrics.computeIfAbsent(key, k -> {
                Tag[] tags = tags(stream, group, error);
                ids.put(k, new MetricID(name, tags));
                return registry.counter(Metadata.builder().withName(name).withDescription(help).build(), tags);
            });
        }
        return (Counter) m;
    }

    private Timer timer(String name, String help, String stream, String group, String error) {
        String key = name + '\u0000' + stream + '\u0000' + group + '\u0000' + error;
        Object m = metrics.get(key);
        if (m == null) {
            m = metrics.computeIfAbsent(key, k -> {
                Tag[] tags = tags(stream, group, error);
                ids.put(k, new MetricID(name, tags));
                return registry.timer(Metadata.builder().withName(name).withDescription(help).build(), tags);
            });
        }
        return (Timer) m;
    }

    private <T> void gauge(String name, String stream, String group, T source, Function<T, Double> f) {
        String key = name + '\u0000' + stream + '\u0000' + group;
        metrics.computeIfAbsent(key, k -> {
            Tag[] tags = tags(stream, group, null);
            ids.put(k, new MetricID(name, tags));
            return registry.gauge(name, source, f, tags);
        });
    }

    private static Tag[] tags(String stream, String group, String error) {
        int n = 2 + (group == null ? 0 : 1) + (error == null ? 0 : 1);
        Tag[] tags = new Tag[n];
        int i = 0;
        tags[i++] = new Tag("messaging_system", "redis");
        tags[i++] = new Tag("messaging_destination_name", stream);
        if (group != null) {
            tags[i++] = new Tag("messaging_consumer_group_name", group);
        }
        if (error != null) {
            tags[i] = new Tag("error_type", error);
        }
        return tags;
    }

    @Override
    public void close() {
        for (MetricID id : ids.values()) {
            registry.remove(id);
        }
        ids.clear();
        metrics.clear();
    }

    @Override
    public String toString() {
        return "MicroProfile Metrics " + registry.getClass().getSimpleName();
    }
}
