package io.redstreams.cdi;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

import io.redstreams.StreamProducer;
import io.redstreams.testsupport.RedisExtension;
import io.redstreams.impl.consumer.Consumers;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

/**
 * A Weld SE container for one test (or a child-JVM main): the redstreams extension, the given bean
 * classes, and configuration passed as system properties (MicroProfile Config is rebuilt for each
 * container).
 */
public final class WeldApp implements AutoCloseable {

    private final SeContainer container;
    private final Map<String, String> properties;

    private WeldApp(SeContainer container, Map<String, String> properties) {
        this.container = container;
        this.properties = properties;
    }

    /** Fast defaults for tests against the extension's Redis: short blocks and backoffs. A mutable map. */
    public static Map<String, String> defaults(RedisExtension redis) {
        return defaults(redis.url());
    }

    /** Fast defaults: short blocks and backoffs. A mutable map. */
    public static Map<String, String> defaults(String redisUrl) {
        Map<String, String> config = new HashMap<>();
        config.put("redstreams.redis.url", redisUrl);
        config.put("redstreams.consumer.block-ms", "500");
        config.put("redstreams.consumer.retry-initial-backoff-ms", "20");
        config.put("redstreams.consumer.retry-max-backoff-ms", "200");
        config.put("redstreams.consumer.reconnect-max-backoff-ms", "200");
        config.put("redstreams.shutdown-timeout-ms", "5000");
        return config;
    }

    public static WeldApp start(Map<String, String> config, Class<?>... beans) {
        setProperties(config);
        try {
            SeContainer container = SeContainerInitializer.newInstance()
                    .disableDiscovery()
                    .addExtensions(new RedStreamsExtension())
                    .addBeanClasses(beans)
                    .initialize();
            return new WeldApp(container, config);
        } catch (RuntimeException e) {
            clearProperties(config);
            throw e;
        }
    }

    private static void setProperties(Map<String, String> config) {
        config.forEach(System::setProperty);
        releaseConfig();
    }

    private static void clearProperties(Map<String, String> config) {
        config.keySet().forEach(System::clearProperty);
        releaseConfig();
    }

    private static void releaseConfig() {
        try {
            ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
        } catch (IllegalStateException ignored) {
            // no config built yet
        }
    }

    public <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    public StreamProducer producer() {
        return bean(StreamProducer.class);
    }

    public RedStreamsExtension extension() {
        return container.select(RedStreamsExtension.class).get();
    }

    /** The running consumers, or {@code null}. */
    public Consumers consumers() {
        return extension().consumers();
    }

    public boolean isRunning() {
        return container.isRunning();
    }

    @Override
    public void close() {
        try {
            if (container.isRunning()) {
                container.close();
            }
        } finally {
            clearProperties(properties);
        }
    }
}
