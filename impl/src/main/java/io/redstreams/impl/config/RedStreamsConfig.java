package io.redstreams.impl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.redstreams.impl.redis.RedisEndpoint;
import io.redstreams.impl.redis.RedisNode;
import io.redstreams.impl.redis.RedisSettings;
import io.redstreams.impl.redis.SentinelSettings;

/**
 * The configuration, read once when the engine starts. Reading collects every bad value and
 * reports them together.
 */
public final class RedStreamsConfig {

    private final ConfigLookup lookup;
    private final List<String> problems = new ArrayList<>();

    private RedStreamsConfig(ConfigLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * Reads and checks the configuration.
     *
     * @throws IllegalArgumentException listing every bad value
     */
    public static RedStreamsConfig read(ConfigLookup lookup) {
        RedStreamsConfig config = new RedStreamsConfig(lookup);
        config.check();
        return config;
    }

    private void check() {
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            get(key);
        }
        try {
            redisSettings();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        checkTopology();
        if (!get(ConfigKeys.REDIS_CLIENT_NAME).startsWith("redstreams")) {
            problems.add(ConfigKeys.REDIS_CLIENT_NAME.name() + " must start with 'redstreams'");
        }
        positive(ConfigKeys.REDIS_TIMEOUT_MS);
        positive(ConfigKeys.PRODUCER_POOL_SIZE);
        positive(ConfigKeys.PRODUCER_BATCH_SIZE);
        positive(ConfigKeys.PRODUCER_ASYNC_MAX_PENDING);
        positive(ConfigKeys.PRODUCER_BREAKER_FAILURE_THRESHOLD);
        positive(ConfigKeys.PRODUCER_BREAKER_COOL_DOWN_MS);
        positive(ConfigKeys.PRODUCER_ASYNC_BUFFER_WAIT_MS);
        if (!List.of("block", "fail", "wait").contains(get(ConfigKeys.PRODUCER_ASYNC_BUFFER_POLICY).trim())) {
            problems.add(ConfigKeys.PRODUCER_ASYNC_BUFFER_POLICY.name() + " must be block, fail or wait, was '"
                    + get(ConfigKeys.PRODUCER_ASYNC_BUFFER_POLICY) + "'");
        }
        positive(ConfigKeys.CONSUMER_BLOCK_MS);
        positive(ConfigKeys.CONSUMER_RECLAIM_MIN_IDLE_MS);
        positive(ConfigKeys.CONSUMER_RECLAIM_INTERVAL_MS);
        positive(ConfigKeys.CONSUMER_RETRY_INITIAL_BACKOFF_MS);
        positive(ConfigKeys.CONSUMER_RETRY_MAX_BACKOFF_MS);
        positive(ConfigKeys.CONSUMER_RECONNECT_MAX_BACKOFF_MS);
        positive(ConfigKeys.CONSUMER_PROCESSING_TIMEOUT_MS);
        positive(ConfigKeys.SHUTDOWN_TIMEOUT_MS);
        if (!List.of("auto", "always").contains(get(ConfigKeys.CONSUMER_REQUEST_CONTEXT).trim())) {
            problems.add(ConfigKeys.CONSUMER_REQUEST_CONTEXT.name() + " must be auto or always, was '"
                    + get(ConfigKeys.CONSUMER_REQUEST_CONTEXT) + "'");
        }
        if (!List.of("auto", "adapter", "standalone").contains(get(ConfigKeys.HOSTING))) {
            problems.add(ConfigKeys.HOSTING.name() + " must be auto, adapter or standalone, was '"
                    + get(ConfigKeys.HOSTING) + "'");
        }
        if (get(ConfigKeys.DEAD_LETTER_MAX_LEN) < 0) {
            problems.add(ConfigKeys.DEAD_LETTER_MAX_LEN.name() + " must be 0 or more");
        }
        positive(ConfigKeys.RETENTION_TRIM_INTERVAL_MS);
        positive(ConfigKeys.METRICS_SAMPLE_INTERVAL_MS);
        if (get(ConfigKeys.PRODUCER_MAX_LEN) < 0) {
            problems.add(ConfigKeys.PRODUCER_MAX_LEN.name() + " must be 0 or more");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid redstreams configuration: " + String.join("; ",
                    problems.stream().distinct().toList()));
        }
    }

    /** One topology at most; well-formed node lists; database 0 with Cluster. */
    private void checkTopology() {
        String master = get(ConfigKeys.SENTINEL_MASTER).trim();
        String sentinels = get(ConfigKeys.SENTINEL_NODES);
        String cluster = get(ConfigKeys.CLUSTER_NODES);
        RedisNode.parseList(ConfigKeys.SENTINEL_NODES.name(), sentinels, problems);
        RedisNode.parseList(ConfigKeys.CLUSTER_NODES.name(), cluster, problems);
        boolean sentinel = !master.isEmpty() || !sentinels.isBlank();
        if (sentinel && !cluster.isBlank()) {
            problems.add("set either " + ConfigKeys.SENTINEL_NODES.name() + " (Sentinel) or "
                    + ConfigKeys.CLUSTER_NODES.name() + " (Cluster), not both");
        }
        if (!cluster.isBlank()) {
            try {
                if (RedisEndpoint.parse(get(ConfigKeys.REDIS_URL)).database() != 0) {
                    problems.add(ConfigKeys.CLUSTER_NODES.name() + " is set but " + ConfigKeys.REDIS_URL.name()
                            + " names database " + RedisEndpoint.parse(get(ConfigKeys.REDIS_URL)).database()
                            + ": a Redis Cluster has database 0 only");
                }
            } catch (IllegalArgumentException e) {
                // reported with the URL's own check
            }
        }
        if (!master.isEmpty() && sentinels.isBlank()) {
            problems.add(ConfigKeys.SENTINEL_MASTER.name() + " is set but " + ConfigKeys.SENTINEL_NODES.name()
                    + " is empty: list the sentinels (host:port,...)");
        }
        if (master.isEmpty() && !sentinels.isBlank()) {
            problems.add(ConfigKeys.SENTINEL_NODES.name() + " is set but " + ConfigKeys.SENTINEL_MASTER.name()
                    + " is empty: name the master the sentinels monitor");
        }
        if (get(ConfigKeys.PRODUCER_WAIT_REPLICAS) < 0) {
            problems.add(ConfigKeys.PRODUCER_WAIT_REPLICAS.name() + " must be 0 or more");
        }
        if (get(ConfigKeys.PRODUCER_WAIT_REPLICAS) > 0
                && get(ConfigKeys.PRODUCER_WAIT_TIMEOUT_MS) >= get(ConfigKeys.REDIS_TIMEOUT_MS)) {
            problems.add(ConfigKeys.PRODUCER_WAIT_TIMEOUT_MS.name() + " (" + get(ConfigKeys.PRODUCER_WAIT_TIMEOUT_MS)
                    + ") must be less than " + ConfigKeys.REDIS_TIMEOUT_MS.name() + " ("
                    + get(ConfigKeys.REDIS_TIMEOUT_MS) + "), or the WAIT would end as a lost connection");
        }
        positive(ConfigKeys.PRODUCER_WAIT_TIMEOUT_MS);
    }

    private void positive(ConfigKey<? extends Number> key) {
        if (get(key).longValue() <= 0) {
            problems.add(key.name() + " must be greater than 0");
        }
    }

    /** The value of a key, or its default; a bad value is recorded as a problem. */
    public <T> T get(ConfigKey<T> key) {
        Optional<String> raw = lookup.get(key.name());
        if (raw.isEmpty() || (raw.get().isBlank() && key.type() != String.class)) {
            return key.defaultValue();
        }
        try {
            return key.parse(raw.get());
        } catch (RuntimeException e) {
            problems.add(key.name() + ": '" + (key.secret() ? "***" : raw.get()) + "' is not a valid "
                    + key.type().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            return key.defaultValue();
        }
    }

    /**
     * The value of a per-consumer key ({@link ConfigKeys#PER_CONSUMER}) for one stream and group,
     * if set.
     *
     * @throws IllegalArgumentException naming the key when the value is not of the key's type
     */
    public <T> Optional<T> perConsumer(ConfigKey<T> template, String stream, String group) {
        String name = template.name().replace("<stream>", stream).replace("<group>", group);
        Optional<String> raw = lookup.get(name);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(template.parse(raw.get()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": '" + raw.get() + "' is not a valid "
                    + template.type().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * The value of a per-stream key ({@link ConfigKeys#PER_STREAM}) for one stream, if set.
     *
     * @throws IllegalArgumentException naming the key when the value is not of the key's type
     */
    public <T> Optional<T> perStream(ConfigKey<T> template, String stream) {
        return perConsumer(template, stream, "");
    }

    /** The Redis connection settings. */
    public RedisSettings redisSettings() {
        RedisEndpoint endpoint = RedisEndpoint.parse(get(ConfigKeys.REDIS_URL))
                .withCredentials(get(ConfigKeys.REDIS_USER), get(ConfigKeys.REDIS_PASSWORD));
        return new RedisSettings()
                .endpoint(endpoint)
                .timeoutMs(get(ConfigKeys.REDIS_TIMEOUT_MS))
                .clientName(get(ConfigKeys.REDIS_CLIENT_NAME))
                .trustStore(get(ConfigKeys.TLS_TRUST_STORE), get(ConfigKeys.TLS_TRUST_STORE_PASSWORD))
                .keyStore(get(ConfigKeys.TLS_KEY_STORE), get(ConfigKeys.TLS_KEY_STORE_PASSWORD))
                .verifyHostname(get(ConfigKeys.TLS_VERIFY_HOSTNAME))
                .validateIdleMs(get(ConfigKeys.REDIS_VALIDATE_IDLE_MS))
                .sentinel(sentinelSettings())
                .cluster(RedisNode.parseList(ConfigKeys.CLUSTER_NODES.name(), get(ConfigKeys.CLUSTER_NODES),
                        new ArrayList<>()))
                .durability(get(ConfigKeys.PRODUCER_WAIT_REPLICAS), get(ConfigKeys.PRODUCER_WAIT_TIMEOUT_MS));
    }

    /** The sentinels to use, or {@code null} when not both the master name and the sentinels are set. */
    private SentinelSettings sentinelSettings() {
        String master = get(ConfigKeys.SENTINEL_MASTER).trim();
        List<RedisNode> nodes = RedisNode.parseList(ConfigKeys.SENTINEL_NODES.name(), get(ConfigKeys.SENTINEL_NODES),
                new ArrayList<>());
        if (master.isEmpty() || nodes.isEmpty()) {
            return null;
        }
        return new SentinelSettings(master, nodes, get(ConfigKeys.SENTINEL_USER), get(ConfigKeys.SENTINEL_PASSWORD));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RedStreamsConfig[");
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            if (!key.secret() && !key.equals(ConfigKeys.REDIS_URL)) {
                s.append(key.name()).append('=').append(get(key)).append(", ");
            }
        }
        return s.append("redis=").append(RedisEndpoint.parse(get(ConfigKeys.REDIS_URL))).append(']').toString();
    }
}
