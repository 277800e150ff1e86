package io.redstreams.impl.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where configuration values come from: MicroProfile Config in CDI, the adapter's properties in
 * JCA, a map in tests. The engine only asks for raw text by key.
 */
@FunctionalInterface
public interface ConfigLookup {

    Optional<String> get(String key);

    /** A lookup over a map, for tests and plain Java use. */
    static ConfigLookup of(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    /**
     * System properties, then environment variables with MicroProfile Config's mapping
     * ({@code redstreams.redis.url} -> {@code REDSTREAMS_REDIS_URL}).
     */
    static ConfigLookup systemAndEnvironment() {
        return key -> {
            String value = System.getProperty(key);
            if (value == null) {
                value = System.getenv(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT));
            }
            return Optional.ofNullable(value);
        };
    }

    /** This lookup, then {@code fallback} for keys this one does not have. */
    default ConfigLookup orElse(ConfigLookup fallback) {
        return key -> {
            Optional<String> value = get(key);
            return value.isPresent() ? value : fallback.get(key);
        };
    }
}
