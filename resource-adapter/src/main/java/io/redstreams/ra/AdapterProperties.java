package io.redstreams.ra;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import io.redstreams.impl.engine.EngineSettings;

/**
 * The values the server set on the adapter's config properties, keyed by the engine's
 * configuration key ({@code redstreams.redis.url}, ...), so that the adapter reads its
 * configuration with the same code and the same checks as the CDI side
 * ({@link EngineSettings#fromProperties(Map)}).
 *
 * <p>An unset or blank property is absent: the engine then falls through to system properties
 * and environment variables, and finally to the key's default. {@link #toString()} hides secrets.
 */
final class AdapterProperties {

    private final Map<String, String> values = new TreeMap<>();

    /** @param key the engine's key name, e.g. {@code redstreams.redis.url} */
    synchronized void set(String key, Object value) {
        if (value == null || value.toString().isBlank()) {
            values.remove(key);
        } else {
            values.put(key, value.toString());
        }
    }

    synchronized String text(String key) {
        return values.get(key);
    }

    Integer integer(String key) {
        return parsed(key, Integer::valueOf);
    }

    Long longValue(String key) {
        return parsed(key, Long::valueOf);
    }

    Boolean bool(String key) {
        return parsed(key, Boolean::valueOf);
    }

    /** The value as the server set it; {@code null} if unset (or, for a number, not one: start reports that). */
    private synchronized <T> T parsed(String key, Function<String, T> parser) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The engine's settings: these properties, then system properties and environment variables
     * ({@code REDSTREAMS_REDIS_URL}, ...), then the defaults.
     *
     * @throws IllegalArgumentException naming every bad value, never repeating a secret
     */
    EngineSettings settings() {
        return EngineSettings.fromProperties(snapshot());
    }

    private synchronized Map<String, String> snapshot() {
        return Map.copyOf(values);
    }

    @Override
    public boolean equals(Object o) {
        // Snapshots, so that comparing two instances never holds both locks.
        return o instanceof AdapterProperties other && snapshot().equals(other.snapshot());
    }

    @Override
    public int hashCode() {
        return snapshot().hashCode();
    }

    /** The set properties, secrets replaced by {@code ***}; the Redis URL without its credentials. */
    @Override
    public String toString() {
        return EngineSettings.redacted(snapshot());
    }
}
