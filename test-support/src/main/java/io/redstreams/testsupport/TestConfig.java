package io.redstreams.testsupport;

import java.util.Map;

/**
 * Configuration as system properties, and MicroProfile Config told to forget what it cached, so that each
 * {@link RedStreamsApp} reads its own values.
 */
final class TestConfig {

    private TestConfig() {
    }

    static void set(Map<String, String> properties) {
        properties.forEach(System::setProperty);
        release();
    }

    static void clear(Map<String, String> properties) {
        properties.keySet().forEach(System::clearProperty);
        release();
    }

    private static void release() {
        try {
            Class.forName("org.eclipse.microprofile.config.spi.ConfigProviderResolver", false,
                    TestConfig.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return; // no MicroProfile Config: the library reads system properties directly
        }
        MicroProfile.release();
    }

    /** Loaded only when the MicroProfile Config API is present. */
    private static final class MicroProfile {
        static void release() {
            try {
                var resolver = org.eclipse.microprofile.config.spi.ConfigProviderResolver.instance();
                resolver.releaseConfig(resolver.getConfig());
            } catch (IllegalStateException | java.util.ServiceConfigurationError e) {
                // an API without an implementation, or no config built yet: nothing cached
            }
        }
    }
}
