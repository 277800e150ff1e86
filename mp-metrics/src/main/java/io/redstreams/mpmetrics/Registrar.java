package io.redstreams.mpmetrics;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Registers metrics in one MicroProfile Metrics registry behind the {@link MetricsWall}, remembers each one, and
 * removes them all at {@link #removeAll()}. Each metric name has exactly one {@link Metadata} (registries refuse a
 * second, different one) and one set of tag names (Payara refuses a metric whose tag names differ from its siblings').
 * A metric the registry refuses is skipped: {@link Count} and {@link Time} then do nothing.
 *
 * <p>Thread-safe.
 */
final class Registrar {

    // MicroProfile Metrics allows no dots in tag names: the Micrometer tags with '_' (as Prometheus shows both)
    static final String SYSTEM = "messaging_system";
    static final String DESTINATION = "messaging_destination_name";
    static final String GROUP = "messaging_consumer_group_name";
    static final String ERROR = "error_type";
    static final String OPERATION = "messaging_operation_name";
    static final String NONE = "none";

    private final MetricRegistry registry;
    private final MetricsWall wall;
    private final Set<MetricID> registered = ConcurrentHashMap.newKeySet();

    Registrar(MetricRegistry registry, MetricsWall wall) {
        this.registry = registry;
        this.wall = wall;
    }

    /** A metric's name and help text; timers count nanoseconds (shown in seconds, as Micrometer's). */
    static Metadata metadata(String name, String help) {
        return Metadata.builder().withName(name).withDescription(help).build();
    }

    static Metadata timerMetadata(String name, String help) {
        return Metadata.builder().withName(name).withDescription(help).withUnit(MetricUnits.NANOSECONDS).build();
    }

    /** The tags of a stream's (and group's) metric: system, destination, then group and error type when given. */
    static Tag[] tags(String stream, String group, String error) {
        Tag[] tags = new Tag[2 + (group == null ? 0 : 1) + (error == null ? 0 : 1)];
        int i = 0;
        tags[i++] = new Tag(SYSTEM, "redis");
        tags[i++] = new Tag(DESTINATION, stream);
        if (group != null) {
            tags[i++] = new Tag(GROUP, group);
        }
        if (error != null) {
            tags[i] = new Tag(ERROR, error);
        }
        return tags;
    }

    /** The tags of the producer-wide metrics: the system only. */
    static Tag[] systemTag() {
        return new Tag[] {new Tag(SYSTEM, "redis")};
    }

    /** The {@code error_type} tag: the failure's class name, or {@code none}. */
    static String errorType(Throwable failure) {
        return failure == null ? NONE : failure.getClass().getName();
    }

    Count counter(Metadata metadata, Tag... tags) {
        try {
            Counter counter = registry.counter(metadata, tags);
            registered.add(new MetricID(metadata.getName(), tags));
            return new Count(counter, metadata.getName());
        } catch (Throwable t) {
            wall.contain("registering counter " + metadata.getName(), t);
            return new Count(null, metadata.getName());
        }
    }

    Time timer(Metadata metadata, Tag... tags) {
        try {
            Timer timer = registry.timer(metadata, tags);
            registered.add(new MetricID(metadata.getName(), tags));
            return new Time(timer, metadata.getName());
        } catch (Throwable t) {
            wall.contain("registering timer " + metadata.getName(), t);
            return new Time(null, metadata.getName());
        }
    }

    /** A gauge read at each scrape from memory; what {@code value} throws reads as NaN. */
    void gauge(Metadata metadata, Supplier<Double> value, Tag... tags) {
        String name = metadata.getName();
        try {
            registry.gauge(metadata, () -> wall.read(name, value), tags);
            registered.add(new MetricID(name, tags));
        } catch (Throwable t) {
            wall.contain("registering gauge " + name, t);
        }
    }

    /** Removes every metric registered here. Never throws. */
    void removeAll() {
        for (MetricID id : registered) {
            try {
                registry.remove(id);
            } catch (Throwable t) {
                wall.contain("removing " + id.getName(), t);
            }
        }
        registered.clear();
    }

    /** A counter behind the wall; does nothing when the registry refused it. */
    final class Count {
        private final Counter counter;
        private final String name;

        Count(Counter counter, String name) {
            this.counter = counter;
            this.name = name;
        }

        void inc(long n) {
            if (counter != null && n > 0) {
                try {
                    counter.inc(n);
                } catch (Throwable t) {
                    wall.contain("counting " + name, t);
                }
            }
        }
    }

    /** A timer behind the wall; does nothing when the registry refused it. */
    final class Time {
        private final Timer timer;
        private final String name;

        Time(Timer timer, String name) {
            this.timer = timer;
            this.name = name;
        }

        void record(long nanos) {
            if (timer != null) {
                try {
                    timer.update(Duration.ofNanos(nanos));
                } catch (Throwable t) {
                    wall.contain("timing " + name, t);
                }
            }
        }
    }
}
