package io.redstreams.cdi;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;

/**
 * A Weld SE container for one test: the redstreams extension, the given bean classes, and
 * configuration passed as system properties (MicroProfile Config is rebuilt for each container).
 */
final class WeldApp implements AutoCloseable {

    private final SeContainer container;
    private final Map<String, String> properties;

    private WeldApp(SeContainer container, Map<String, String> properties) {
        this.container = container;
        this.properties = properties;
    }

    /** Fast defaults for tests: short blocks and backoffs. */
    static Map<String, String> defaults(RedisExtension redis) {
        Map<String, String> config = new HashMap<>();
        config.put("redstreams.redis.url", redis.url());
        config.put("redstreams.consumer.block-ms", "500");
        config.put("redstreams.consumer.retry-initial-backoff-ms", "20");
        config.put("redstreams.consumer.retry-max-backoff-ms", "200");
        config.put("redstreams.consumer.reconnect-max-backoff-ms", "200");
        config.put("redstreams.shutdown-timeout-ms", "5000");
        return config;
    }

    static WeldApp start(Map<String, String> config, Class<?>... beans) {
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

    /** MicroProfile Config caches per class loader; tests change system properties between containers. */
    private static void releaseConfig() {
        try {
            ConfigProviderResolver.instance().releaseConfig(ConfigProvider.getConfig());
        } catch (IllegalStateException ignored) {
            // no config built yet
        }
    }

    <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    RedStreamsExtension extension() {
        return container.select(RedStreamsExtension.class).get();
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
