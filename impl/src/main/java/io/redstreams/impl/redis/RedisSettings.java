package io.redstreams.impl.redis;

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

    @Override
    public String toString() {
        return "RedisSettings[" + endpoint + ", timeoutMs=" + timeoutMs + ", clientName=" + clientName
                + (trustStore != null ? ", trustStore=" + trustStore : "")
                + (keyStore != null ? ", keyStore=" + keyStore : "") + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
