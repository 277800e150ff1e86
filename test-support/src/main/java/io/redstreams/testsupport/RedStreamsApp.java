package io.redstreams.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.redstreams.StreamProducer;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.enterprise.inject.spi.Extension;

/**
 * A Weld SE container with redstreams and the test's beans, configured for the test's Redis, in one line:
 *
 * <pre>{@code
 * try (RedStreamsApp app = RedStreamsApp.start(redis, Billing.class)) {
 *     String id = app.producer().send("orders", new Order(7, 12.5));
 *     assertThat(redis).group("orders", "billing").hasAcknowledged(id);
 * }
 * }</pre>
 *
 * <p>Starting it starts the {@code @StreamConsumer} methods of the given classes (bean discovery is off: only these
 * classes are beans, plus the library's extension); closing it drains them and closes every connection. The
 * configuration is passed as system properties (read by MicroProfile Config if present, else directly), set on
 * {@link Builder#start()} and cleared on {@link #close()}: one application at a time per JVM. Defaults tuned for
 * tests, each overridable with {@link Builder#config(String, String)}: {@code redstreams.redis.url} (and password)
 * of the extension's Redis, {@code redstreams.hosting=standalone}, {@code consumer.block-ms=500},
 * {@code retry-initial-backoff-ms=20}, {@code retry-max-backoff-ms=200}, {@code reconnect-max-backoff-ms=200},
 * {@code shutdown-timeout-ms=5000}.
 *
 * <p>Needs on the test class path: {@code redstreams-impl}, {@code weld-se-core}, and optionally a MicroProfile Config
 * implementation. Not thread-safe; the beans it returns are as thread-safe as their classes.
 */
public final class RedStreamsApp implements AutoCloseable {

    static final String EXTENSION = "io.redstreams.cdi.RedStreamsExtension";

    private final SeContainer container;
    private final Map<String, String> properties;

    private RedStreamsApp(SeContainer container, Map<String, String> properties) {
        this.container = container;
        this.properties = properties;
    }

    /**
     * @param redis the test's Redis
     * @param beans the application classes to deploy (consumers, producers, their dependencies)
     * @return the started application
     * @throws jakarta.enterprise.inject.spi.DeploymentException (or Weld's subclass) when a consumer is declared
     *     wrongly; the message names {@code Class#method}
     */
    public static RedStreamsApp start(RedisExtension redis, Class<?>... beans) {
        return configure(redis).beans(beans).start();
    }

    /**
     * @param redis the test's Redis
     * @return a builder for more configuration
     */
    public static Builder configure(RedisExtension redis) {
        return new Builder(Objects.requireNonNull(redis, "redis"));
    }

    /**
     * @param type a bean type
     * @param <T>  the type
     * @return the bean (a client proxy for normal-scoped beans)
     */
    public <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    /** @return the application's {@link StreamProducer} */
    public StreamProducer producer() {
        return bean(StreamProducer.class);
    }

    /** @return the Weld SE container */
    public SeContainer container() {
        return container;
    }

    /** Stops the consumers (they drain), closes every connection and clears the configuration it set. */
    @Override
    public void close() {
        try {
            if (container.isRunning()) {
                container.close();
            }
        } finally {
            TestConfig.clear(properties);
        }
    }

    /** More configuration for {@link RedStreamsApp}. */
    public static final class Builder {
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<Class<?>> beans = new ArrayList<>();

        Builder(RedisExtension redis) {
            RedisInstance instance = redis.instance();
            config.put("redstreams.redis.url", instance.url());
            instance.user().ifPresent(user -> config.put("redstreams.redis.user", user));
            instance.password().ifPresent(password -> config.put("redstreams.redis.password", password));
            config.put("redstreams.hosting", "standalone");
            config.put("redstreams.consumer.block-ms", "500");
            config.put("redstreams.consumer.retry-initial-backoff-ms", "20");
            config.put("redstreams.consumer.retry-max-backoff-ms", "200");
            config.put("redstreams.consumer.reconnect-max-backoff-ms", "200");
            config.put("redstreams.shutdown-timeout-ms", "5000");
        }

        /**
         * @param beans application classes to deploy
         * @return this
         */
        public Builder beans(Class<?>... beans) {
            this.beans.addAll(List.of(beans));
            return this;
        }

        /**
         * @param key   a configuration key, e.g. {@code redstreams.consumer.enabled}
         * @param value its value
         * @return this
         */
        public Builder config(String key, String value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @return the started application */
        public RedStreamsApp start() {
            Map<String, String> properties = Map.copyOf(config);
            TestConfig.set(properties);
            try {
                SeContainer container = SeContainerInitializer.newInstance()
                        .disableDiscovery()
                        .addExtensions(extension())
                        .addBeanClasses(beans.toArray(new Class<?>[0]))
                        .initialize();
                return new RedStreamsApp(container, properties);
            } catch (RuntimeException | Error e) {
                TestConfig.clear(properties);
                throw e;
            }
        }

        private static Extension extension() {
            try {
                return (Extension) Class.forName(EXTENSION, true, RedStreamsApp.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("RedStreamsApp needs io.redstreams:redstreams-impl on the test class"
                        + " path (" + EXTENSION + " not found)", e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + EXTENSION + ": " + e, e);
            }
        }
    }
}
