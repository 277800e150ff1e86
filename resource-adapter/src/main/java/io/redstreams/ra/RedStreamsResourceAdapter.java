package io.redstreams.ra;

import javax.transaction.xa.XAResource;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.engine.EngineSettings;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/**
 * The redstreams resource adapter: Redis Streams for Jakarta EE servers, over the same engine as
 * the CDI side.
 * <ul>
 *   <li>outbound: {@link RedStreamsManagedConnectionFactory}, whose pooled connections applications
 *       get as {@code StreamConnection}s;</li>
 *   <li>inbound: message-driven beans implementing {@code StreamListener}, configured by
 *       {@link RedStreamsActivationSpec};</li>
 *   <li>hosting: while it runs, the {@code @StreamConsumer} methods and {@code StreamProducer}s of
 *       CDI applications that can see it use its WorkManager threads and producer connections.</li>
 * </ul>
 *
 * <p>Each config property maps to the engine key of the same meaning; unset properties fall back
 * to the system property of that key ({@code -Dredstreams.redis.url=...}), then to its environment
 * variable ({@code REDSTREAMS_REDIS_URL}), then to the default. Passwords are never logged nor
 * shown by {@link #toString()}.
 */
@Connector(displayName = "redstreams",
        description = "Redis Streams for Jakarta EE: pooled StreamConnections, StreamListener message-driven beans, "
                + "WorkManager threads for CDI stream consumers.",
        vendorName = "redstreams",
        eisType = "Redis Streams",
        version = "0.1",
        licenseRequired = false,
        transactionSupport = TransactionSupportLevel.NoTransaction,
        reauthenticationSupport = false)
public class RedStreamsResourceAdapter implements ResourceAdapter {

    private final AdapterProperties properties = new AdapterProperties();
    private volatile RunningAdapter running;

    // ---- lifecycle ----

    /**
     * Reads and checks the configuration (every bad value is reported at once) and offers the
     * WorkManager to CDI applications. Connects to nothing: Redis may come up after the server.
     */
    @Override
    public synchronized void start(BootstrapContext context) throws ResourceAdapterInternalException {
        if (running != null) {
            return;
        }
        EngineSettings settings;
        try {
            settings = properties.settings();
        } catch (IllegalArgumentException e) {
            // The engine's message names each bad key and never repeats a secret.
            throw new ResourceAdapterInternalException("The redstreams resource adapter cannot start: "
                    + e.getMessage());
        }
        running = RunningAdapter.start(settings, context);
    }

    /**
     * Refuses new work, drains deliveries in progress within {@code shutdownTimeoutMs},
     * acknowledges what completed and closes every connection.
     */
    @Override
    public synchronized void stop() {
        RunningAdapter current = running;
        running = null;
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof RedStreamsActivationSpec mine)) {
            throw new NotSupportedException("not a redstreams activation spec: " + spec);
        }
        running().activate(factory, mine);
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        RunningAdapter current = running;
        if (current != null && spec instanceof RedStreamsActivationSpec mine) {
            current.deactivate(factory, mine);
        }
    }

    /** Nothing to recover: deliveries enlist no XA resource, and a delivery that did not commit is simply redelivered. */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    /** The running adapter. */
    RunningAdapter running() throws ResourceException {
        RunningAdapter current = running;
        if (current == null) {
            throw new jakarta.resource.spi.IllegalStateException("the redstreams resource adapter is not started");
        }
        return current;
    }

    // ---- config properties (wrapper types: the only ones the Connectors specification allows) ----

    @ConfigProperty(description = "Redis to use: redis://[user:password@]host:port[/db], rediss:// for TLS. "
            + "Default redis://localhost:6379.")
    public void setRedisUrl(String value) {
        properties.set(ConfigKeys.REDIS_URL.name(), value);
    }

    public String getRedisUrl() {
        return properties.text(ConfigKeys.REDIS_URL.name());
    }

    @ConfigProperty(description = "ACL user; overrides the user in the URL.")
    public void setRedisUser(String value) {
        properties.set(ConfigKeys.REDIS_USER.name(), value);
    }

    public String getRedisUser() {
        return properties.text(ConfigKeys.REDIS_USER.name());
    }

    @ConfigProperty(confidential = true, description = "Password; overrides the one in the URL. Never logged. "
            + "Prefer a server expression or the REDSTREAMS_REDIS_PASSWORD environment variable.")
    public void setRedisPassword(String value) {
        properties.set(ConfigKeys.REDIS_PASSWORD.name(), value);
    }

    public String getRedisPassword() {
        return properties.text(ConfigKeys.REDIS_PASSWORD.name());
    }

    @ConfigProperty(description = "Connect and command timeout in ms. Default 2000.")
    public void setRedisTimeoutMs(Integer value) {
        properties.set(ConfigKeys.REDIS_TIMEOUT_MS.name(), value);
    }

    public Integer getRedisTimeoutMs() {
        return properties.integer(ConfigKeys.REDIS_TIMEOUT_MS.name());
    }

    @ConfigProperty(description = "Sentinel: the name the sentinels monitor the master under; set with sentinelNodes."
            + " The Redis URL then gives only the scheme, database and credentials.")
    public void setSentinelMaster(String value) {
        properties.set(ConfigKeys.SENTINEL_MASTER.name(), value);
    }

    public String getSentinelMaster() {
        return properties.text(ConfigKeys.SENTINEL_MASTER.name());
    }

    @ConfigProperty(description = "Sentinel: the sentinels, host:port,host:port,...")
    public void setSentinelNodes(String value) {
        properties.set(ConfigKeys.SENTINEL_NODES.name(), value);
    }

    public String getSentinelNodes() {
        return properties.text(ConfigKeys.SENTINEL_NODES.name());
    }

    @ConfigProperty(description = "Sentinel: the user for the sentinels, when they have their own ACL user; empty: "
            + "none.")
    public void setSentinelUser(String value) {
        properties.set(ConfigKeys.SENTINEL_USER.name(), value);
    }

    public String getSentinelUser() {
        return properties.text(ConfigKeys.SENTINEL_USER.name());
    }

    @ConfigProperty(confidential = true, description = "Sentinel: the sentinels' own password (requirepass in their "
            + "config); empty: none. Never logged.")
    public void setSentinelPassword(String value) {
        properties.set(ConfigKeys.SENTINEL_PASSWORD.name(), value);
    }

    public String getSentinelPassword() {
        return properties.text(ConfigKeys.SENTINEL_PASSWORD.name());
    }

    @ConfigProperty(description = "Redis Cluster: seed nodes, host:port,... (any subset of the nodes); credentials and TLS"
            + " from the other properties")
    public void setClusterNodes(String value) {
        properties.set(ConfigKeys.CLUSTER_NODES.name(), value);
    }

    public String getClusterNodes() {
        return properties.text(ConfigKeys.CLUSTER_NODES.name());
    }

    @ConfigProperty(description = "Prefix of every connection's CLIENT SETNAME (<prefix>-jca, <prefix>-worker, "
            + "<prefix>-producer); must start with redstreams. Default redstreams.")
    public void setClientName(String value) {
        properties.set(ConfigKeys.REDIS_CLIENT_NAME.name(), value);
    }

    public String getClientName() {
        return properties.text(ConfigKeys.REDIS_CLIENT_NAME.name());
    }

    @ConfigProperty(description = "Trust store (PKCS12 or JKS) for rediss://; empty: the JVM's default trust.")
    public void setTlsTrustStore(String value) {
        properties.set(ConfigKeys.TLS_TRUST_STORE.name(), value);
    }

    public String getTlsTrustStore() {
        return properties.text(ConfigKeys.TLS_TRUST_STORE.name());
    }

    @ConfigProperty(confidential = true, description = "Password of the trust store.")
    public void setTlsTrustStorePassword(String value) {
        properties.set(ConfigKeys.TLS_TRUST_STORE_PASSWORD.name(), value);
    }

    public String getTlsTrustStorePassword() {
        return properties.text(ConfigKeys.TLS_TRUST_STORE_PASSWORD.name());
    }

    @ConfigProperty(description = "Key store with the client certificate, for mutual TLS.")
    public void setTlsKeyStore(String value) {
        properties.set(ConfigKeys.TLS_KEY_STORE.name(), value);
    }

    public String getTlsKeyStore() {
        return properties.text(ConfigKeys.TLS_KEY_STORE.name());
    }

    @ConfigProperty(confidential = true, description = "Password of the key store.")
    public void setTlsKeyStorePassword(String value) {
        properties.set(ConfigKeys.TLS_KEY_STORE_PASSWORD.name(), value);
    }

    public String getTlsKeyStorePassword() {
        return properties.text(ConfigKeys.TLS_KEY_STORE_PASSWORD.name());
    }

    @ConfigProperty(description = "Check that the server certificate names the host. Default true.")
    public void setTlsVerifyHostname(Boolean value) {
        properties.set(ConfigKeys.TLS_VERIFY_HOSTNAME.name(), value);
    }

    public Boolean getTlsVerifyHostname() {
        return properties.bool(ConfigKeys.TLS_VERIFY_HOSTNAME.name());
    }

    @ConfigProperty(description = "Most producer connections shared by the CDI applications the adapter hosts. "
            + "The pool of StreamConnections is sized in the server's connection definition. Default 16.")
    public void setProducerPoolSize(Integer value) {
        properties.set(ConfigKeys.PRODUCER_POOL_SIZE.name(), value);
    }

    public Integer getProducerPoolSize() {
        return properties.integer(ConfigKeys.PRODUCER_POOL_SIZE.name());
    }

    @ConfigProperty(description = "Trim each stream to about this many entries on every XADD (MAXLEN ~); "
            + "0: no trimming. Default 0.")
    public void setProducerMaxLen(Long value) {
        properties.set(ConfigKeys.PRODUCER_MAX_LEN.name(), value);
    }

    public Long getProducerMaxLen() {
        return properties.longValue(ConfigKeys.PRODUCER_MAX_LEN.name());
    }

    @ConfigProperty(description = "After each send, WAIT for this many replicas; a send fewer confirmed fails "
            + "(the entry was added but may not survive a failover). 0: no WAIT. Default 0.")
    public void setProducerWaitReplicas(Integer value) {
        properties.set(ConfigKeys.PRODUCER_WAIT_REPLICAS.name(), value);
    }

    public Integer getProducerWaitReplicas() {
        return properties.integer(ConfigKeys.PRODUCER_WAIT_REPLICAS.name());
    }

    @ConfigProperty(description = "How long (ms) that WAIT waits; less than redisTimeoutMs. Default 1000.")
    public void setProducerWaitTimeoutMs(Long value) {
        properties.set(ConfigKeys.PRODUCER_WAIT_TIMEOUT_MS.name(), value);
    }

    public Long getProducerWaitTimeoutMs() {
        return properties.longValue(ConfigKeys.PRODUCER_WAIT_TIMEOUT_MS.name());
    }

    @ConfigProperty(description = "Most entries in one pipelined round trip of sendAll. Default 1000.")
    public void setProducerBatchSize(Integer value) {
        properties.set(ConfigKeys.PRODUCER_BATCH_SIZE.name(), value);
    }

    public Integer getProducerBatchSize() {
        return properties.integer(ConfigKeys.PRODUCER_BATCH_SIZE.name());
    }

    @ConfigProperty(description = "Default consumer name of message-driven beans in their groups; "
            + "empty: <host>-<pid>.")
    public void setConsumerName(String value) {
        properties.set(ConfigKeys.CONSUMER_NAME.name(), value);
    }

    public String getConsumerName() {
        return properties.text(ConfigKeys.CONSUMER_NAME.name());
    }

    @ConfigProperty(description = "How long one XREADGROUP waits for new entries, in ms. Default 2000.")
    public void setConsumerBlockMs(Long value) {
        properties.set(ConfigKeys.CONSUMER_BLOCK_MS.name(), value);
    }

    public Long getConsumerBlockMs() {
        return properties.longValue(ConfigKeys.CONSUMER_BLOCK_MS.name());
    }

    @ConfigProperty(description = "How long (ms) one delivery may take before it counts as failed (retried, then "
            + "dead-lettered); an activation's processingTimeoutMs overrides it. Default 300000.")
    public void setConsumerProcessingTimeoutMs(Long value) {
        properties.set(ConfigKeys.CONSUMER_PROCESSING_TIMEOUT_MS.name(), value);
    }

    public Long getConsumerProcessingTimeoutMs() {
        return properties.longValue(ConfigKeys.CONSUMER_PROCESSING_TIMEOUT_MS.name());
    }

    @ConfigProperty(description = "Entries pending this long (ms) in another consumer are claimed. Default 60000.")
    public void setReclaimMinIdleMs(Long value) {
        properties.set(ConfigKeys.CONSUMER_RECLAIM_MIN_IDLE_MS.name(), value);
    }

    public Long getReclaimMinIdleMs() {
        return properties.longValue(ConfigKeys.CONSUMER_RECLAIM_MIN_IDLE_MS.name());
    }

    @ConfigProperty(description = "How often (ms) each consumer looks for such entries. Default 10000.")
    public void setReclaimIntervalMs(Long value) {
        properties.set(ConfigKeys.CONSUMER_RECLAIM_INTERVAL_MS.name(), value);
    }

    public Long getReclaimIntervalMs() {
        return properties.longValue(ConfigKeys.CONSUMER_RECLAIM_INTERVAL_MS.name());
    }

    @ConfigProperty(description = "Wait (ms) before the first redelivery of a failed entry; doubles with each "
            + "failure. Default 200.")
    public void setRetryInitialBackoffMs(Long value) {
        properties.set(ConfigKeys.CONSUMER_RETRY_INITIAL_BACKOFF_MS.name(), value);
    }

    public Long getRetryInitialBackoffMs() {
        return properties.longValue(ConfigKeys.CONSUMER_RETRY_INITIAL_BACKOFF_MS.name());
    }

    @ConfigProperty(description = "Longest wait (ms) between redeliveries. Default 30000.")
    public void setRetryMaxBackoffMs(Long value) {
        properties.set(ConfigKeys.CONSUMER_RETRY_MAX_BACKOFF_MS.name(), value);
    }

    public Long getRetryMaxBackoffMs() {
        return properties.longValue(ConfigKeys.CONSUMER_RETRY_MAX_BACKOFF_MS.name());
    }

    @ConfigProperty(description = "Longest wait (ms) between reconnect attempts while Redis is unreachable. "
            + "Default 5000.")
    public void setReconnectMaxBackoffMs(Long value) {
        properties.set(ConfigKeys.CONSUMER_RECONNECT_MAX_BACKOFF_MS.name(), value);
    }

    public Long getReconnectMaxBackoffMs() {
        return properties.longValue(ConfigKeys.CONSUMER_RECONNECT_MAX_BACKOFF_MS.name());
    }

    @ConfigProperty(description = "On stop or deactivation, how long (ms) deliveries in progress may take to "
            + "finish before they are interrupted (their entries stay pending). Default 10000.")
    public void setShutdownTimeoutMs(Long value) {
        properties.set(ConfigKeys.SHUTDOWN_TIMEOUT_MS.name(), value);
    }

    public Long getShutdownTimeoutMs() {
        return properties.longValue(ConfigKeys.SHUTDOWN_TIMEOUT_MS.name());
    }

    // ---- JavaBean identity: the Connectors specification asks for equals and hashCode ----

    /** Equal when configured alike. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RedStreamsResourceAdapter other && properties.equals(other.properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    /** The set properties with secrets hidden and the URL without credentials. */
    @Override
    public String toString() {
        return "RedStreamsResourceAdapter" + properties + (running != null ? " (started)" : "");
    }
}
