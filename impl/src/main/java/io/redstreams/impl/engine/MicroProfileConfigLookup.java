package io.redstreams.impl.engine;

import java.util.Optional;

import io.redstreams.impl.config.ConfigLookup;

/**
 * Reads configuration with MicroProfile Config when an implementation is present (SmallRye
 * Config in Weld SE, the server's in WildFly and Payara); otherwise from system properties and
 * environment variables with the same name mapping.
 */
final class MicroProfileConfigLookup {

    private MicroProfileConfigLookup() {
    }

    /**
     * @return the class name of the MicroProfile Config implementation the class loader sees, or empty when it sees
     *     no MicroProfile Config API or no implementation (then {@link #create} reads system properties and
     *     environment variables only)
     */
    static Optional<String> implementation(ClassLoader classLoader) {
        try {
            Class.forName("org.eclipse.microprofile.config.ConfigProvider", false, classLoader);
            return Optional.of(org.eclipse.microprofile.config.ConfigProvider.getConfig(classLoader).getClass()
                    .getName());
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
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
