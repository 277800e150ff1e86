package io.redstreams.impl.redis;

import java.util.List;
import java.util.Objects;

/**
 * Everything needed to open connections to Redis: the endpoint, timeouts, TLS stores and the
 * client name prefix. A parameter object with fluent setters; {@link #toString()} is free of
 * secrets.
 */
public final class RedisSettings {

    private RedisEndpoint endpoint = RedisEndpoint.parse("redis://localhost:6379");
    private int timeoutMs = 2000;
    private String clientName = "redstreams";
    private String trustStore;
    private String trustStorePassword;
    private String keyStore;
    private String keyStorePassword;
    private boolean verifyHostname = true;
    private long validateIdleMs = 2000;
    private SentinelSettings sentinel;
    private List<RedisNode> cluster;
    private int waitReplicas;
    private long waitTimeoutMs = 1000;

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    public RedisSettings endpoint(RedisEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint);
        return this;
    }

    /** Connect and command timeout. Blocking reads add their block time to it. */
    public int timeoutMs() {
        return timeoutMs;
    }

    public RedisSettings timeoutMs(int timeoutMs) {
        this.timeoutMs = timeoutMs;
        return this;
    }

    /** The prefix of every connection's CLIENT SETNAME; it starts with {@code redstreams}. */
    public String clientName() {
        return clientName;
    }

    public RedisSettings clientName(String clientName) {
        this.clientName = Objects.requireNonNull(clientName);
        return this;
    }

    public String trustStore() {
        return trustStore;
    }

    public RedisSettings trustStore(String path, String password) {
        this.trustStore = blankToNull(path);
        this.trustStorePassword = blankToNull(password);
        return this;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    public String keyStore() {
        return keyStore;
    }

    public RedisSettings keyStore(String path, String password) {
        this.keyStore = blankToNull(path);
        this.keyStorePassword = blankToNull(password);
        return this;
    }

    public String keyStorePassword() {
        return keyStorePassword;
    }

    public boolean verifyHostname() {
        return verifyHostname;
    }

    public RedisSettings verifyHostname(boolean verifyHostname) {
        this.verifyHostname = verifyHostname;
        return this;
    }

    /**
     * A pooled connection idle longer than this (ms) is checked with PING before it is lent; a
     * connection lent sooner is not (no round trip on the hot path). 0: check every time.
     */
    public long validateIdleMs() {
        return validateIdleMs;
    }

    public RedisSettings validateIdleMs(long validateIdleMs) {
        this.validateIdleMs = Math.max(0, validateIdleMs);
        return this;
    }

    /**
     * The sentinels to resolve the master through, or {@code null}: then {@link #endpoint()}'s host and port
     * are used directly. With sentinels, the endpoint still gives the scheme (TLS), database and credentials.
     */
    public SentinelSettings sentinel() {
        return sentinel;
    }

    public RedisSettings sentinel(SentinelSettings sentinel) {
        this.sentinel = sentinel;
        return this;
    }

    /**
     * The Redis Cluster seed nodes, or {@code null} (not a cluster). With a cluster, the endpoint still gives the
     * scheme (TLS) and credentials; its host and port are not used.
     */
    public List<RedisNode> cluster() {
        return cluster;
    }

    /** @param seeds the seed nodes; {@code null} or empty: not a cluster */
    public RedisSettings cluster(List<RedisNode> seeds) {
        this.cluster = seeds == null || seeds.isEmpty() ? null : List.copyOf(seeds);
        return this;
    }

    /**
     * These settings for one node of a cluster: the same credentials, TLS, timeouts, client name and durability,
     * the node's host and port, no topology.
     */
    RedisSettings forNode(RedisNode node) {
        RedisSettings s = new RedisSettings();
        s.endpoint = endpoint.at(node.host(), node.port());
        s.timeoutMs = timeoutMs;
        s.clientName = clientName;
        s.trustStore = trustStore;
        s.trustStorePassword = trustStorePassword;
        s.keyStore = keyStore;
        s.keyStorePassword = keyStorePassword;
        s.verifyHostname = verifyHostname;
        s.validateIdleMs = validateIdleMs;
        s.waitReplicas = waitReplicas;
        s.waitTimeoutMs = waitTimeoutMs;
        return s;
    }

    /**
     * After each producer XADD (single, pipelined, idempotent): {@code WAIT waitReplicas waitTimeoutMs}, and a
     * failure when fewer replicas confirmed. 0: no WAIT.
     */
    public int waitReplicas() {
        return waitReplicas;
    }

    /** The timeout of that WAIT, in ms (0 would wait for ever: at least 1 is used). */
    public long waitTimeoutMs() {
        return waitTimeoutMs;
    }

    public RedisSettings durability(int waitReplicas, long waitTimeoutMs) {
        this.waitReplicas = Math.max(0, waitReplicas);
        this.waitTimeoutMs = Math.max(1, waitTimeoutMs);
        return this;
    }

    /** Where connections go, for messages: the endpoint, the sentinel master name and the sentinels, or the seeds. */
    public String target() {
        if (cluster != null) {
            return "Redis Cluster via " + cluster;
        }
        return sentinel == null ? endpoint.toString() : sentinel.toString();
    }

    @Override
    public String toString() {
        return "RedisSettings[" + (sentinel != null ? sentinel + ", " : "")
                + (cluster != null ? "cluster " + cluster + ", " : "") + endpoint + ", timeoutMs=" + timeoutMs
                + ", clientName=" + clientName
                + (trustStore != null ? ", trustStore=" + trustStore : "")
                + (keyStore != null ? ", keyStore=" + keyStore : "") + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
