package io.redstreams.impl.config;

import java.util.List;

/**
 * Every configuration key of redstreams, in one place. The README's table is generated from this
 * list ({@link #markdownTable()}) and a test keeps the two equal.
 */
public final class ConfigKeys {

    public static final ConfigKey<String> REDIS_URL = ConfigKey.text("redstreams.redis.url",
            "redis://localhost:6379",
            "Redis to use: `redis://[user:password@]host:port[/db]`, `rediss://` for TLS.");
    public static final ConfigKey<String> REDIS_USER = ConfigKey.text("redstreams.redis.user", "",
            "ACL user; overrides the user in the URL.");
    public static final ConfigKey<String> REDIS_PASSWORD = ConfigKey.secret("redstreams.redis.password",
            "Password; overrides the one in the URL. Never logged. Set it as env `REDSTREAMS_REDIS_PASSWORD`.");
    public static final ConfigKey<Integer> REDIS_TIMEOUT_MS = ConfigKey.integer("redstreams.redis.timeout-ms", 2000,
            "Connect and command timeout. Blocking reads wait `block-ms` longer.");
    public static final ConfigKey<String> REDIS_CLIENT_NAME = ConfigKey.text("redstreams.redis.client-name",
            "redstreams", "Prefix of every connection's CLIENT SETNAME (`<prefix>-producer`, `<prefix>-worker`). "
                    + "Must start with `redstreams`.");
    public static final ConfigKey<String> TLS_TRUST_STORE = ConfigKey.text("redstreams.redis.tls.trust-store", "",
            "Trust store (PKCS12 or JKS) for `rediss://`; empty: the JVM's default trust.");
    public static final ConfigKey<String> TLS_TRUST_STORE_PASSWORD = ConfigKey.secret(
            "redstreams.redis.tls.trust-store-password", "Password of the trust store.");
    public static final ConfigKey<String> TLS_KEY_STORE = ConfigKey.text("redstreams.redis.tls.key-store", "",
            "Key store with the client certificate, for mutual TLS.");
    public static final ConfigKey<String> TLS_KEY_STORE_PASSWORD = ConfigKey.secret(
            "redstreams.redis.tls.key-store-password", "Password of the key store.");
    public static final ConfigKey<Boolean> TLS_VERIFY_HOSTNAME = ConfigKey.bool("redstreams.redis.tls.verify-hostname",
            true, "Check that the server certificate names the host.");
    public static final ConfigKey<Long> REDIS_VALIDATE_IDLE_MS = ConfigKey.longValue(
            "redstreams.redis.validate-idle-ms", 2000,
            "A pooled connection idle at least this long is checked (PING) before it is lent; busier ones are lent"
                    + " without a round trip. 0: check on every borrow.");
    public static final ConfigKey<String> SENTINEL_MASTER = ConfigKey.text("redstreams.redis.sentinel.master", "",
            "Sentinel: the name the sentinels monitor the master under. Set with `sentinel.nodes`; the URL then gives"
                    + " only the scheme (`rediss://` for TLS), database and credentials, not the address.");
    public static final ConfigKey<String> SENTINEL_NODES = ConfigKey.text("redstreams.redis.sentinel.nodes", "",
            "Sentinel: the sentinels, `host:port,host:port,...` (IPv6 in brackets). Asked in turn for the master.");
    public static final ConfigKey<String> SENTINEL_USER = ConfigKey.text("redstreams.redis.sentinel.user", "",
            "ACL user for the sentinels when they need other credentials than the data nodes; empty: none.");
    public static final ConfigKey<String> SENTINEL_PASSWORD = ConfigKey.secret("redstreams.redis.sentinel.password",
            "Password for the sentinels (`requirepass` in their config); empty: none. Never logged.");
    public static final ConfigKey<String> CLUSTER_NODES = ConfigKey.text("redstreams.redis.cluster.nodes", "",
            "Redis Cluster: seed nodes, `host:port,...` (any subset of the nodes; IPv6 in brackets). The slot map is"
                    + " read from them; scheme, credentials and TLS still come from `redstreams.redis.url`/`user`/"
                    + "`password`/`tls.*` (the database must be 0).");
    public static final ConfigKey<Integer> PRODUCER_WAIT_REPLICAS = ConfigKey.integer(
            "redstreams.producer.wait-replicas", 0,
            "After each send (XADD, pipeline, idempotent send): `WAIT` for this many replicas; a send that fewer"
                    + " confirmed fails (the entry was added but may not survive a failover). 0: no WAIT.");
    public static final ConfigKey<Long> PRODUCER_WAIT_TIMEOUT_MS = ConfigKey.longValue(
            "redstreams.producer.wait-timeout-ms", 1000,
            "How long that `WAIT` waits. Must be less than `redstreams.redis.timeout-ms`.");
    public static final ConfigKey<Integer> PRODUCER_POOL_SIZE = ConfigKey.integer("redstreams.producer.pool-size", 16,
            "Most connections the producer pool opens.");
    public static final ConfigKey<Long> PRODUCER_MAX_LEN = ConfigKey.longValue("redstreams.producer.max-len", 0,
            "Trim each stream to about this many entries on every XADD (`MAXLEN ~`); 0: no trimming.");
    public static final ConfigKey<Integer> PRODUCER_BATCH_SIZE = ConfigKey.integer("redstreams.producer.batch-size",
            1000, "Most entries in one pipelined round trip of `sendAll` and of asynchronous sends.");
    public static final ConfigKey<Integer> PRODUCER_ASYNC_MAX_PENDING = ConfigKey.integer(
            "redstreams.producer.async-max-pending", 10000,
            "Most asynchronous sends waiting for Redis; what `sendAsync` does when this many are pending:"
                    + " `async-buffer.policy`.");
    public static final ConfigKey<Long> PRODUCER_IDEMPOTENCY_RETENTION_MS = ConfigKey.longValue(
            "redstreams.producer.idempotency-retention-ms", 3_600_000,
            "How long an idempotent send remembers its key (a marker key with `PX`); a repeat after that adds"
                    + " a new entry.");
    public static final ConfigKey<Integer> PRODUCER_IDEMPOTENT_MAX_ATTEMPTS = ConfigKey.integer(
            "redstreams.producer.idempotent-max-attempts", 5,
            "Attempts of an idempotent send on connection-level failures (100 ms backoff, doubling up to 1 s).");
    public static final ConfigKey<Boolean> PRODUCER_BREAKER_ENABLED = ConfigKey.bool(
            "redstreams.producer.circuit-breaker.enabled", true,
            "Circuit breaker on sends: after `failure-threshold` connection-level failures in a row, sends fail fast"
                    + " (`CircuitOpenException`, no connection attempt) for `cool-down-ms`, then one probe send decides."
                    + " Command errors (`WRONGTYPE`, `OOM` ...) never count.");
    public static final ConfigKey<Integer> PRODUCER_BREAKER_FAILURE_THRESHOLD = ConfigKey.integer(
            "redstreams.producer.circuit-breaker.failure-threshold", 5,
            "Sends in a row that failed at the connection level (each after its own retries) that open the breaker.");
    public static final ConfigKey<Long> PRODUCER_BREAKER_COOL_DOWN_MS = ConfigKey.longValue(
            "redstreams.producer.circuit-breaker.cool-down-ms", 5000,
            "How long an open breaker refuses sends before it lets one probe through.");
    public static final ConfigKey<String> PRODUCER_ASYNC_BUFFER_POLICY = ConfigKey.text(
            "redstreams.producer.async-buffer.policy", "block",
            "What `sendAsync` does when `async-max-pending` sends are waiting: `block` until there is room, `fail`"
                    + " at once, or `wait` at most `async-buffer.wait-ms`; a refused send's stage fails with"
                    + " `AsyncBufferFullException`.");
    public static final ConfigKey<Long> PRODUCER_ASYNC_BUFFER_WAIT_MS = ConfigKey.longValue(
            "redstreams.producer.async-buffer.wait-ms", 1000,
            "With `async-buffer.policy=wait`: the longest a caller of `sendAsync` waits for room.");
    public static final ConfigKey<Boolean> CONSUMER_ENABLED = ConfigKey.bool("redstreams.consumer.enabled", true,
            "Start the `@StreamConsumer` methods. `false` keeps them declared and validated but idle.");
    public static final ConfigKey<String> CONSUMER_NAME = ConfigKey.text("redstreams.consumer.name", "",
            "Default consumer name in the groups (env `REDSTREAMS_CONSUMER_NAME`); empty: the host name (env `HOSTNAME`,"
                    + " on Kubernetes the pod name) plus the server's instance name where it has one; `<name>-<pid>`"
                    + " when another live instance already uses that name.");
    public static final ConfigKey<Long> CONSUMER_BLOCK_MS = ConfigKey.longValue("redstreams.consumer.block-ms", 2000,
            "How long one XREADGROUP waits for new entries.");
    public static final ConfigKey<Long> CONSUMER_RECLAIM_MIN_IDLE_MS = ConfigKey.longValue(
            "redstreams.consumer.reclaim-min-idle-ms", 60000,
            "Entries pending this long in another consumer are claimed (XAUTOCLAIM).");
    public static final ConfigKey<Long> CONSUMER_RECLAIM_INTERVAL_MS = ConfigKey.longValue(
            "redstreams.consumer.reclaim-interval-ms", 10000, "How often each consumer looks for such entries.");
    public static final ConfigKey<Long> CONSUMER_RETRY_INITIAL_BACKOFF_MS = ConfigKey.longValue(
            "redstreams.consumer.retry-initial-backoff-ms", 200,
            "Wait before the first redelivery of a failed entry; doubles with each failure.");
    public static final ConfigKey<Long> CONSUMER_RETRY_MAX_BACKOFF_MS = ConfigKey.longValue(
            "redstreams.consumer.retry-max-backoff-ms", 30000, "Longest wait between redeliveries.");
    public static final ConfigKey<Long> CONSUMER_RECONNECT_MAX_BACKOFF_MS = ConfigKey.longValue(
            "redstreams.consumer.reconnect-max-backoff-ms", 5000,
            "Longest wait between reconnect attempts while Redis is unreachable (starts at 100 ms, doubles).");
    public static final ConfigKey<Long> CONSUMER_PROCESSING_TIMEOUT_MS = ConfigKey.longValue(
            "redstreams.consumer.processing-timeout-ms", 300000,
            "How long one delivery may take (the method and its `CompletionStage`) before it counts as failed: a"
                    + " running method is interrupted, a stage is no longer waited for; the entry is retried, then"
                    + " dead-lettered. `@StreamConsumer(processingTimeoutMs)` overrides it per method.");
    public static final ConfigKey<Long> CONSUMER_LEASE_INTERVAL_MS = ConfigKey.longValue(
            "redstreams.consumer.lease-interval-ms", 0,
            "How often a consumer refreshes the idle time of every entry it holds (queued, running, waiting for a"
                    + " retry or an acknowledgement), so that siblings reclaim only entries of dead consumers; 0: a"
                    + " quarter of `reclaim-min-idle-ms`. At most half of `reclaim-min-idle-ms`.");
    public static final ConfigKey<Long> CONSUMER_CLEANUP_IDLE_MS = ConfigKey.longValue(
            "redstreams.consumer.cleanup-idle-ms", 86_400_000L,
            "Consumers of our groups idle this long and holding no pending entry are deleted (XGROUP DELCONSUMER);"
                    + " one holding entries never is. 0: never.");
    public static final ConfigKey<String> CONSUMER_REQUEST_CONTEXT = ConfigKey.text(
            "redstreams.consumer.request-context", "auto",
            "Whether a `@StreamConsumer` method runs in a request context of its own (CDI applications): `auto`"
                    + " activates one per message when the deployment has a `@RequestScoped` bean (its instance then"
                    + " lives for one message), else none; `always` activates one per message in any case (for code"
                    + " that asks for the request context without a `@RequestScoped` bean).");
    public static final ConfigKey<String> HOSTING = ConfigKey.text("redstreams.hosting", "auto",
            "`auto`: use the redstreams resource adapter when one is deployed, else threads and connections of our own;"
                    + " `adapter`: require the adapter (deployment fails without it); `standalone`: never use it.");
    public static final ConfigKey<Long> SHUTDOWN_TIMEOUT_MS = ConfigKey.longValue("redstreams.shutdown-timeout-ms",
            10000, "On shutdown, how long running consumer methods may take to finish before they are interrupted.");
    public static final ConfigKey<Boolean> STARTUP_REQUIRE_REDIS = ConfigKey.bool("redstreams.startup.require-redis",
            false, "`true`: the deployment fails, with the reason, when Redis cannot be connected to (and authenticated"
                    + " with) at start. `false`: the application starts anyway and the consumers connect when Redis"
                    + " appears.");

    public static final ConfigKey<Long> DEAD_LETTER_MAX_LEN = ConfigKey.longValue("redstreams.dead-letter.max-len",
            100_000, "Dead-letter streams are trimmed to about this many entries on every dead letter (`MAXLEN ~`);"
                    + " `redstreams.streams.<dead-letter-stream>.max-len` overrides it per stream. 0: unbounded.");
    public static final ConfigKey<String> RETENTION_TRIM_STREAMS = ConfigKey.text("redstreams.retention.trim-streams",
            "", "Streams (comma-separated) trimmed periodically by their `redstreams.streams.<stream>.*` retention,"
                    + " for streams nobody sends to through redstreams. Empty (the default): no periodic trim.");
    public static final ConfigKey<Long> RETENTION_TRIM_INTERVAL_MS = ConfigKey.longValue(
            "redstreams.retention.trim-interval-ms", 60_000,
            "How often the periodic trim runs over `trim-streams` (XINFO GROUPS, XPENDING, XLEN, XTRIM per stream).");
    public static final ConfigKey<Boolean> HEALTH_READINESS_ENABLED = ConfigKey.bool(
            "redstreams.health.readiness-enabled", true,
            "`false`: the redstreams readiness check always answers UP (a Redis outage does not take the instance out"
                    + " of the load balancer); startup and liveness are unchanged. Only with MicroProfile Health"
                    + " present.");
    public static final ConfigKey<Boolean> METRICS_ENABLED = ConfigKey.bool("redstreams.metrics.enabled", true,
            "`false`: no metrics even when Micrometer or `redstreams-mp-metrics` is on the class path.");
    public static final ConfigKey<Long> METRICS_SAMPLE_INTERVAL_MS = ConfigKey.longValue(
            "redstreams.metrics.sample-interval-ms", 15_000,
            "How often the gauges that need Redis (lag, pending, oldest pending age) are sampled, on one engine thread"
                    + " (XINFO GROUPS per stream, XPENDING per group, TIME); scrapes read the last sample.");

    public static final ConfigKey<Boolean> TRACING_ENABLED = ConfigKey.bool("redstreams.tracing.enabled", true,
            "Trace sends and deliveries with OpenTelemetry when its API is on the class path and an `OpenTelemetry`"
                    + " is available (a CDI bean, else `GlobalOpenTelemetry` once set). `false`: no spans, no trace"
                    + " fields.");
    public static final ConfigKey<Boolean> TRACING_LINK_ONLY = ConfigKey.bool("redstreams.tracing.link-only", false,
            "`true`: a delivery's `process` span starts a trace of its own and only links to the producer's context."
                    + " `false`: it is a child of that context (and links to it too).");

    /** All keys, in the order the README shows them. */
    public static final List<ConfigKey<?>> ALL = List.of(REDIS_URL, REDIS_USER, REDIS_PASSWORD, REDIS_TIMEOUT_MS,
            REDIS_CLIENT_NAME, TLS_TRUST_STORE, TLS_TRUST_STORE_PASSWORD, TLS_KEY_STORE, TLS_KEY_STORE_PASSWORD,
            TLS_VERIFY_HOSTNAME, REDIS_VALIDATE_IDLE_MS, SENTINEL_MASTER, SENTINEL_NODES, SENTINEL_USER,
            SENTINEL_PASSWORD, CLUSTER_NODES, PRODUCER_POOL_SIZE, PRODUCER_WAIT_REPLICAS, PRODUCER_WAIT_TIMEOUT_MS, PRODUCER_MAX_LEN, PRODUCER_BATCH_SIZE,
            PRODUCER_ASYNC_MAX_PENDING, PRODUCER_IDEMPOTENCY_RETENTION_MS, PRODUCER_IDEMPOTENT_MAX_ATTEMPTS,
            PRODUCER_BREAKER_ENABLED, PRODUCER_BREAKER_FAILURE_THRESHOLD, PRODUCER_BREAKER_COOL_DOWN_MS,
            PRODUCER_ASYNC_BUFFER_POLICY, PRODUCER_ASYNC_BUFFER_WAIT_MS,
            CONSUMER_ENABLED, CONSUMER_NAME, CONSUMER_BLOCK_MS,
            CONSUMER_RECLAIM_MIN_IDLE_MS, CONSUMER_RECLAIM_INTERVAL_MS, CONSUMER_RETRY_INITIAL_BACKOFF_MS,
            CONSUMER_RETRY_MAX_BACKOFF_MS, CONSUMER_RECONNECT_MAX_BACKOFF_MS, CONSUMER_LEASE_INTERVAL_MS,
            CONSUMER_CLEANUP_IDLE_MS, CONSUMER_REQUEST_CONTEXT, HOSTING, SHUTDOWN_TIMEOUT_MS,
            STARTUP_REQUIRE_REDIS, CONSUMER_PROCESSING_TIMEOUT_MS, DEAD_LETTER_MAX_LEN, RETENTION_TRIM_STREAMS,
            RETENTION_TRIM_INTERVAL_MS, HEALTH_READINESS_ENABLED, METRICS_ENABLED, METRICS_SAMPLE_INTERVAL_MS,
            TRACING_ENABLED, TRACING_LINK_ONLY);

    /**
     * Per-consumer overrides of the {@code @StreamConsumer} attributes, for the consumer of stream
     * {@code <stream>} in group {@code <group>}; operators can retune a deployment without a rebuild.
     */
    public static final String PER_CONSUMER_PREFIX = "redstreams.consumers.";
    public static final ConfigKey<Integer> CONSUMER_CONCURRENCY = ConfigKey.integer(
            PER_CONSUMER_PREFIX + "<stream>.<group>.concurrency", 1, "Overrides `concurrency` of that consumer.");
    public static final ConfigKey<Integer> CONSUMER_BATCH_SIZE = ConfigKey.integer(
            PER_CONSUMER_PREFIX + "<stream>.<group>.batch-size", 10, "Overrides `batchSize`.");
    public static final ConfigKey<Integer> CONSUMER_MAX_DELIVERIES = ConfigKey.integer(
            PER_CONSUMER_PREFIX + "<stream>.<group>.max-deliveries", 5, "Overrides `maxDeliveries`.");
    public static final ConfigKey<String> CONSUMER_DEAD_LETTER_STREAM = ConfigKey.text(
            PER_CONSUMER_PREFIX + "<stream>.<group>.dead-letter-stream", "", "Overrides `deadLetterStream`.");
    public static final ConfigKey<String> CONSUMER_CONSUMER_NAME = ConfigKey.text(
            PER_CONSUMER_PREFIX + "<stream>.<group>.consumer", "", "Overrides `consumer`.");

    public static final ConfigKey<Long> CONSUMER_PROCESSING_TIMEOUT = ConfigKey.longValue(
            PER_CONSUMER_PREFIX + "<stream>.<group>.processing-timeout-ms", 0, "Overrides `processingTimeoutMs`.");

    public static final ConfigKey<Long> CONSUMER_BATCH_WAIT_MS = ConfigKey.longValue(
            PER_CONSUMER_PREFIX + "<stream>.<group>.batch-wait-ms", 100, "Overrides `batchWaitMs` (batch consumers).");
    public static final ConfigKey<String> CONSUMER_UNROUTED = ConfigKey.text(
            PER_CONSUMER_PREFIX + "<stream>.<group>.unrouted", "dead-letter",
            "Type-routed consumers: what becomes of an entry whose `type` no method handles: `dead-letter` (to the"
                    + " dead-letter stream; the default) or `skip` (acknowledged, not delivered). No annotation attribute.");

    /** The per-consumer keys; {@code <stream>} and {@code <group>} stand for a consumer's stream and group. */
    public static final List<ConfigKey<?>> PER_CONSUMER = List.of(CONSUMER_CONCURRENCY, CONSUMER_BATCH_SIZE,
            CONSUMER_MAX_DELIVERIES, CONSUMER_DEAD_LETTER_STREAM, CONSUMER_CONSUMER_NAME,
            CONSUMER_PROCESSING_TIMEOUT, CONSUMER_BATCH_WAIT_MS, CONSUMER_UNROUTED);

    /** Per-stream retention ({@code redstreams.streams.<stream>.*}); see the README's "Retention" section. */
    public static final String PER_STREAM_PREFIX = "redstreams.streams.";
    public static final ConfigKey<Long> STREAM_MAX_LEN = ConfigKey.longValue(PER_STREAM_PREFIX + "<stream>.max-len", 0,
            "Trim that stream to about this many entries (`MAXLEN ~`) on every send and periodic trim; overrides"
                    + " `redstreams.producer.max-len` (or, for a dead-letter stream, `redstreams.dead-letter.max-len`)."
                    + " 0: no length limit.");
    public static final ConfigKey<String> STREAM_MAX_AGE = ConfigKey.text(PER_STREAM_PREFIX + "<stream>.max-age", "",
            "Remove entries older than this (`MINID ~`, by the clock of Redis): milliseconds (`3600000`) or an"
                    + " ISO-8601 duration (`PT1H`, `P7D`). Empty: no age limit.");
    public static final ConfigKey<Boolean> STREAM_ALLOW_TRIM_PENDING = ConfigKey.bool(
            PER_STREAM_PREFIX + "<stream>.allow-trim-pending", false,
            "`true`: the periodic trim may remove entries a group still holds pending. `false`: it stops before the"
                    + " lowest pending id and logs a WARNING (at most once an hour per stream).");

    /** The per-stream keys; {@code <stream>} stands for the stream's name. */
    public static final List<ConfigKey<?>> PER_STREAM = List.of(STREAM_MAX_LEN, STREAM_MAX_AGE,
            STREAM_ALLOW_TRIM_PENDING);

    private ConfigKeys() {
    }

    /** The configuration table of the README. */
    public static String markdownTable() {
        StringBuilder s = new StringBuilder("| key | type | default | description |\n|---|---|---|---|\n");
        List<ConfigKey<?>> keys = new java.util.ArrayList<>(ALL);
        keys.addAll(PER_CONSUMER);
        keys.addAll(PER_STREAM);
        for (ConfigKey<?> key : keys) {
            String def = PER_CONSUMER.contains(key) ? "the annotation's" : String.valueOf(key.defaultValue());
            s.append("| `").append(key.name()).append("` | ").append(key.type().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ").append(def.isEmpty() || PER_CONSUMER.contains(key) ? def : "`" + def + "`").append(" | ")
                    .append(key.description()).append(" |\n");
        }
        return s.toString();
    }
}
