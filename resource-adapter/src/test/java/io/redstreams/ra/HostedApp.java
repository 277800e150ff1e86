package io.redstreams.ra;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.eclipse.microprofile.health.spi.HealthCheckResponseProvider;

import io.redstreams.cdi.RedStreamsExtension;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

/**
 * A CDI application (Weld SE) deployed next to a started adapter, hosted by it ({@code redstreams.hosting=adapter}),
 * with the redstreams health checks asked directly, as a server's health endpoint does. Configuration is passed as
 * system properties (there is no MicroProfile Config implementation on this module's test class path).
 */
final class HostedApp implements AutoCloseable {

    private final SeContainer container;
    private final Map<String, String> properties;

    private HostedApp(SeContainer container, Map<String, String> properties) {
        this.container = container;
        this.properties = properties;
    }

    /** Starts the application with {@code beans} (none: an application with message-driven beans only). */
    static HostedApp start(String redisUrl, Class<?>... beans) {
        Map<String, String> config = new HashMap<>();
        config.put("redstreams.redis.url", redisUrl);
        config.put("redstreams.hosting", "adapter");
        config.put("redstreams.metrics.sample-interval-ms", "200");
        config.forEach(System::setProperty);
        try {
            SeContainer container = SeContainerInitializer.newInstance().disableDiscovery()
                    .addExtensions(new RedStreamsExtension()).addBeanClasses(Nothing.class).addBeanClasses(beans)
                    .initialize();
            return new HostedApp(container, config);
        } catch (RuntimeException e) {
            config.keySet().forEach(System::clearProperty);
            throw e;
        }
    }

    /** A bean of no consequence: Weld SE without discovery wants at least one bean class. */
    @Dependent
    public static class Nothing {
    }

    HealthCheckResponse startup() {
        return container.select(HealthCheck.class, Startup.Literal.INSTANCE).get().call();
    }

    HealthCheckResponse readiness() {
        return container.select(HealthCheck.class, Readiness.Literal.INSTANCE).get().call();
    }

    HealthCheckResponse liveness() {
        return container.select(HealthCheck.class, Liveness.Literal.INSTANCE).get().call();
    }

    static boolean up(HealthCheckResponse response) {
        return response.getStatus() == HealthCheckResponse.Status.UP;
    }

    /** The data entry {@code key} of a response, as text; {@code null} when absent. */
    static String data(HealthCheckResponse response, String key) {
        Object value = response.getData().orElse(Map.of()).get(key);
        return value == null ? null : value.toString();
    }

    static String describe(HealthCheckResponse response) {
        return response.getName() + " " + response.getStatus() + " " + response.getData().orElse(Map.of());
    }

    @Override
    public void close() {
        try {
            if (container.isRunning()) {
                container.close();
            }
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }

    /**
     * The MicroProfile Health response builder for these tests (a server brings its own; SmallRye Health would bring
     * SmallRye Config, whose cached configuration the other tests of this module do not expect).
     */
    public static final class Responses implements HealthCheckResponseProvider {
        @Override
        public HealthCheckResponseBuilder createResponseBuilder() {
            return new Builder();
        }
    }

    private static final class Builder extends HealthCheckResponseBuilder {
        private String name;
        private HealthCheckResponse.Status status = HealthCheckResponse.Status.DOWN;
        private final Map<String, Object> data = new LinkedHashMap<>();

        @Override
        public HealthCheckResponseBuilder name(String name) {
            this.name = name;
            return this;
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, String value) {
            data.put(key, value);
            return this;
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, long value) {
            data.put(key, value);
            return this;
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, boolean value) {
            data.put(key, value);
            return this;
        }

        @Override
        public HealthCheckResponseBuilder up() {
            return status(true);
        }

        @Override
        public HealthCheckResponseBuilder down() {
            return status(false);
        }

        @Override
        public HealthCheckResponseBuilder status(boolean up) {
            status = up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN;
            return this;
        }

        @Override
        public HealthCheckResponse build() {
            return new HealthCheckResponse(name, status,
                    data.isEmpty() ? Optional.empty() : Optional.of(Map.copyOf(data)));
        }
    }
}
