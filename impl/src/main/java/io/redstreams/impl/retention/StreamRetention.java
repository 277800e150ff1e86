package io.redstreams.impl.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.redis.StreamTrim;

/**
 * The retention of each stream ({@code redstreams.streams.<stream>.max-len}, {@code .max-age},
 * {@code .allow-trim-pending}, over {@code redstreams.producer.max-len}), read once per stream and cached, and the
 * trim a send applies: {@code MAXLEN ~ n} and {@code MINID ~ <redis-now - max-age>-0}. The time of Redis comes from
 * the ids of earlier sends ({@link RedisClock}), so the first send of an engine trims by length only; no send
 * costs a round trip more. Send-time trimming is by length and age only: it cannot see pending entries (the
 * periodic trim can, {@link PeriodicTrimmer}). Thread-safe.
 */
public final class StreamRetention {

    private final RedStreamsConfig config;
    private final long defaultMaxLen;
    private final Map<String, RetentionRule> rules = new ConcurrentHashMap<>();
    private final RedisClock clock = new RedisClock();

    public StreamRetention(RedStreamsConfig config) {
        this.config = config;
        this.defaultMaxLen = config.get(ConfigKeys.PRODUCER_MAX_LEN);
    }

    /**
     * The rule of a stream.
     *
     * @throws IllegalArgumentException naming the key when a configured value is invalid
     */
    public RetentionRule rule(String stream) {
        RetentionRule known = rules.get(stream);
        if (known != null) {
            return known;
        }
        RetentionRule rule = read(stream, defaultMaxLen);
        rules.put(stream, rule);
        return rule;
    }

    RetentionRule read(String stream, long fallbackMaxLen) {
        long maxLen = config.perStream(ConfigKeys.STREAM_MAX_LEN, stream).orElse(fallbackMaxLen);
        if (maxLen < 0) {
            throw new IllegalArgumentException(key(ConfigKeys.STREAM_MAX_LEN.name(), stream) + " must be 0 or more");
        }
        String age = config.perStream(ConfigKeys.STREAM_MAX_AGE, stream).orElse("").trim();
        long maxAgeMs = age.isEmpty() ? 0 : parseAge(key(ConfigKeys.STREAM_MAX_AGE.name(), stream), age);
        boolean allow = config.perStream(ConfigKeys.STREAM_ALLOW_TRIM_PENDING, stream).orElse(false);
        return new RetentionRule(maxLen, maxAgeMs, allow);
    }

    /** The trim of a send to {@code stream}. */
    public StreamTrim onSend(String stream) {
        RetentionRule rule = rule(stream);
        if (rule.none()) {
            return StreamTrim.NONE;
        }
        return new StreamTrim(rule.maxLen(), rule.minId(clock.nowMs()));
    }

    /** Records the id Redis generated for a send: the time of Redis. */
    public void sent(String id) {
        clock.observe(id);
    }

    /**
     * Milliseconds ({@code 3600000}) or an ISO-8601 duration ({@code PT1H}, {@code P7D}).
     *
     * @throws IllegalArgumentException naming {@code key} when it is neither, or not positive
     */
    static long parseAge(String key, String value) {
        long ms;
        try {
            ms = value.chars().allMatch(Character::isDigit) ? Long.parseLong(value)
                    : Duration.parse(value.toUpperCase(java.util.Locale.ROOT)).toMillis();
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is neither milliseconds nor an ISO-8601"
                    + " duration such as PT1H or P7D");
        }
        if (ms <= 0) {
            throw new IllegalArgumentException(key + ": '" + value + "' must be more than 0");
        }
        return ms;
    }

    private static String key(String template, String stream) {
        return template.replace("<stream>", stream);
    }
}
