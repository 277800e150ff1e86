package io.redstreams.impl.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.redstreams.impl.config.ConfigKey;
import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.consumer.ConsumerOverrides;
import io.redstreams.impl.consumer.ConsumerSettings;
import io.redstreams.impl.consumer.ConsumerSpec;
import io.redstreams.impl.consumer.Consumers;
import io.redstreams.impl.consumer.TypeRoutes;
import io.redstreams.impl.redis.RedisConnectionPool;
import io.redstreams.impl.redis.RedisEndpoint;
import io.redstreams.impl.redis.RedisSettings;

/**
 * The engine's configuration as the container layers see it: read once (every bad value reported
 * at once, secrets never repeated), from MicroProfile Config for CDI applications or from the
 * resource adapter's config properties, and asked only the questions those layers need. Keys and
 * defaults are those of {@code ConfigKeys}.
 *
 * <p>Immutable and thread-safe.
 */
public final class EngineSettings {

    private final RedStreamsConfig config;
    private final ConsumerSettings consumers;

    private EngineSettings(RedStreamsConfig config) {
        this.config = config;
        this.consumers = ConsumerSettings.from(config);
    }

    /**
     * MicroProfile Config of the class loader when an implementation is present, else system properties and
     * environment variables ({@code REDSTREAMS_REDIS_URL}, ...).
     *
     * @throws IllegalArgumentException naming every bad key
     */
    public static EngineSettings fromMicroProfileConfig(ClassLoader classLoader) {
        return from(RedStreamsConfig.read(MicroProfileConfigLookup.create(classLoader)
                .orElse(ConfigLookup.systemAndEnvironment())));
    }

    /**
     * The given properties (by key name, e.g. {@code redstreams.redis.url}; blank values count as unset), then
     * system properties and environment variables, then the defaults: how the resource adapter reads its config
     * properties.
     *
     * @throws IllegalArgumentException naming every bad key
     */
    public static EngineSettings fromProperties(Map<String, String> properties) {
        Map<String, String> copy = Map.copyOf(properties);
        ConfigLookup given = key -> Optional.ofNullable(copy.get(key)).filter(v -> !v.isBlank());
        return from(RedStreamsConfig.read(given.orElse(ConfigLookup.systemAndEnvironment())));
    }

    /** For plain Java use and tests. */
    public static EngineSettings from(RedStreamsConfig config) {
        return new EngineSettings(config);
    }

    /** The whole configuration, for the engine's own packages. */
    public RedStreamsConfig config() {
        return config;
    }

    RedisSettings redis() {
        return config.redisSettings();
    }

    ConsumerSettings consumerSettings() {
        return consumers;
    }

    /** {@code redstreams.consumer.enabled}. */
    public boolean consumersEnabled() {
        return config.get(ConfigKeys.CONSUMER_ENABLED);
    }

    /** {@code redstreams.health.readiness-enabled}: whether the readiness check reports the consumers. */
    public boolean healthReadiness() {
        return config.get(ConfigKeys.HEALTH_READINESS_ENABLED);
    }

    /** {@code redstreams.metrics.enabled}: whether metrics are bound when a metrics library is present. */
    public boolean metricsEnabled() {
        return config.get(ConfigKeys.METRICS_ENABLED);
    }

    /**
     * Whether CDI consumer methods get a request context per message in any case
     * ({@code redstreams.consumer.request-context=always}); {@code false}: only when the deployment has a
     * {@code @RequestScoped} bean ({@code auto}).
     */
    public boolean requestContextAlways() {
        return "always".equals(config.get(ConfigKeys.CONSUMER_REQUEST_CONTEXT).trim());
    }

    /** The consumer name of consumers that declare none ({@code redstreams.consumer.name}, else stable per host). */
    public String defaultConsumerName() {
        return consumers.defaultConsumerName();
    }

    /** {@code redstreams.shutdown-timeout-ms}: how long a stop lets deliveries in progress finish. */
    public long shutdownTimeoutMs() {
        return consumers.shutdownTimeoutMs();
    }

    /** The Redis address without credentials, e.g. {@code redis://localhost:6379}, for logs. */
    public String redisAddress() {
        return config.redisSettings().endpoint().toString();
    }

    /** The ACL user, or {@code null} (the default user). */
    public String redisUser() {
        return config.redisSettings().endpoint().user();
    }

    /** Whether a periodic trim is configured ({@code redstreams.retention.trim-streams}); it runs on the engine. */
    public boolean periodicTrim() {
        return !config.get(ConfigKeys.RETENTION_TRIM_STREAMS).isBlank();
    }

    /** The prefix of every connection's client name ({@code redstreams.redis.client-name}). */
    public String clientName() {
        return config.redisSettings().clientName();
    }

    /**
     * Applies the per-consumer configuration ({@code redstreams.consumers.<stream>.<group>.*}) to the spec.
     *
     * @return the bad values found, each naming its key; empty when all is well
     */
    public List<String> applyOverrides(ConsumerSpec spec) {
        return ConsumerOverrides.apply(spec, config);
    }

    /**
     * Joins methods that share a stream and group and handle distinct types into type-routed consumers
     * ({@link TypeRoutes}); adds what prevents it to {@code problems}, each naming the methods.
     *
     * @return the specs to start
     */
    public List<ConsumerSpec> routeByType(List<ConsumerSpec> specs, List<String> problems) {
        return TypeRoutes.combine(specs, defaultConsumerName(), problems);
    }

    /** Pairs of specs that would read as the same consumer of the same group, one problem each. */
    public List<String> nameClashes(List<ConsumerSpec> specs) {
        return Consumers.problems(specs, defaultConsumerName()).stream()
                .filter(p -> p.contains("already declared by")).toList();
    }

    /**
     * With {@code redstreams.hosting=adapter}: the problem when no resource adapter is installed; else
     * {@code null}.
     */
    public String hostingProblem() {
        if (requiresAdapter() && ServerHosting.installed().isEmpty()) {
            return ConfigKeys.HOSTING.name() + "=adapter, but no redstreams resource adapter is deployed or"
                    + " visible to this application (deploy redstreams-resource-adapter.rar first and give the"
                    + " application a dependency on it; see the README)";
        }
        return null;
    }

    /**
     * With {@code redstreams.startup.require-redis=true}: opens one connection (connect, authenticate,
     * {@code PING}) and closes it; returns the problem when that fails, else {@code null}. Without the key:
     * {@code null} at once.
     */
    public String startupRedisProblem() {
        if (!config.get(ConfigKeys.STARTUP_REQUIRE_REDIS)) {
            return null;
        }
        try {
            RedisConnectionPool.single(config.redisSettings(), "check").close();
            return null;
        } catch (RuntimeException e) {
            return ConfigKeys.STARTUP_REQUIRE_REDIS.name() + "=true, but Redis cannot be used: " + e.getMessage();
        }
    }

    boolean requiresAdapter() {
        return "adapter".equals(config.get(ConfigKeys.HOSTING));
    }

    boolean standalone() {
        return "standalone".equals(config.get(ConfigKeys.HOSTING));
    }

    /**
     * Properties as {@link #fromProperties(Map)} takes them, for logs and {@code toString()}: secrets replaced by
     * {@code ***}, the Redis URL without its credentials.
     */
    public static String redacted(Map<String, String> properties) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
            ConfigKey<?> key = ConfigKeys.ALL.stream().filter(k -> k.name().equals(e.getKey())).findFirst()
                    .orElse(null);
            String shown = key != null && key.secret() ? "***" : e.getValue();
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

    @Override
    public String toString() {
        return "EngineSettings" + config.toString().substring("RedStreamsConfig".length());
    }
}
