package io.redstreams.ra;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import io.redstreams.impl.config.ConfigKey;
import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.redis.RedisEndpoint;

/**
 * The values the server set on the adapter's config properties, keyed by the engine's
 * configuration key ({@code redstreams.redis.url}, ...), so that the adapter reads its
 * configuration with the same code and the same checks as the CDI side.
 *
 * <p>An unset or blank property is absent: the lookup then falls through to system properties
 * and environment variables, and finally to the key's default. {@link #toString()} hides secrets.
 */
final class AdapterProperties {

    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, ConfigKey<?>> keys = new TreeMap<>();

    synchronized void set(ConfigKey<?> key, Object value) {
        keys.put(key.name(), key);
        if (value == null || value.toString().isBlank()) {
            values.remove(key.name());
        } else {
            values.put(key.name(), value.toString());
        }
    }

    synchronized String text(ConfigKey<String> key) {
        return values.get(key.name());
    }

    Integer integer(ConfigKey<Integer> key) {
        return parsed(key, Integer::valueOf);
    }

    Long longValue(ConfigKey<Long> key) {
        return parsed(key, Long::valueOf);
    }

    Boolean bool(ConfigKey<Boolean> key) {
        return parsed(key, Boolean::valueOf);
    }

    /** The value as the server set it; {@code null} if unset (or, for a number, not one: start reports that). */
    private synchronized <T> T parsed(ConfigKey<T> key, Function<String, T> parser) {
        String value = values.get(key.name());
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** These properties, then system properties and environment variables ({@code REDSTREAMS_REDIS_URL}, ...). */
    ConfigLookup lookup() {
        Map<String, String> snapshot = snapshot();
        ConfigLookup mine = key -> Optional.ofNullable(snapshot.get(key));
        return mine.orElse(ConfigLookup.systemAndEnvironment());
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
    public synchronized String toString() {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, String> e : values.entrySet()) {
            ConfigKey<?> key = keys.get(e.getKey());
            String shown = key.secret() ? "***" : e.getValue();
            if (key == ConfigKeys.REDIS_URL) {
                shown = withoutCredentials(e.getValue());
            }
            s.append(s.length() > 1 ? ", " : "").append(e.getKey()).append('=').append(shown);
        }
        return s.append('}').toString();
    }

    private static String withoutCredentials(String url) {
        try {
            return RedisEndpoint.parse(url).toString();
        } catch (IllegalArgumentException e) {
            return "(not a valid Redis URL)";
        }
    }
}
