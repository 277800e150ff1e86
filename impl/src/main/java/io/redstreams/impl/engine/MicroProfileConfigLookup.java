package io.redstreams.impl.engine;

import io.redstreams.impl.config.ConfigLookup;

/**
 * Reads configuration with MicroProfile Config when an implementation is present (SmallRye
 * Config in Weld SE, the server's in WildFly and Payara); otherwise from system properties and
 * environment variables with the same name mapping.
 */
final class MicroProfileConfigLookup {

    private MicroProfileConfigLookup() {
    }

    static ConfigLookup create(ClassLoader classLoader) {
        try {
            Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, classLoader);
            org.eclipse.microprofile.config.Config config =
                    org.eclipse.microprofile.config.ConfigProvider.getConfig(classLoader);
            return key -> config.getOptionalValue(key, String.class);
        } catch (ClassNotFoundException | LinkageError | IllegalStateException e) {
            // No MicroProfile Config API or no implementation: fall back to what the JVM has.
            return ConfigLookup.systemAndEnvironment();
        } catch (RuntimeException e) {
            return ConfigLookup.systemAndEnvironment();
        }
    }
}
