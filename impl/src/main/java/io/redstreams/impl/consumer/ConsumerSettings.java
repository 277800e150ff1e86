package io.redstreams.impl.consumer;

import java.net.InetAddress;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;

/**
 * The engine-wide consumer settings, from configuration.
 */
public record ConsumerSettings(String defaultConsumerName, long blockMs, long reclaimMinIdleMs,
                               long reclaimIntervalMs, long retryInitialBackoffMs, long retryMaxBackoffMs,
                               long reconnectMaxBackoffMs, long shutdownTimeoutMs, long processingTimeoutMs) {

    public static ConsumerSettings from(RedStreamsConfig config) {
        String name = config.get(ConfigKeys.CONSUMER_NAME);
        return new ConsumerSettings(name.isBlank() ? hostAndPid() : name,
                config.get(ConfigKeys.CONSUMER_BLOCK_MS),
                config.get(ConfigKeys.CONSUMER_RECLAIM_MIN_IDLE_MS),
                config.get(ConfigKeys.CONSUMER_RECLAIM_INTERVAL_MS),
                config.get(ConfigKeys.CONSUMER_RETRY_INITIAL_BACKOFF_MS),
                config.get(ConfigKeys.CONSUMER_RETRY_MAX_BACKOFF_MS),
                config.get(ConfigKeys.CONSUMER_RECONNECT_MAX_BACKOFF_MS),
                config.get(ConfigKeys.SHUTDOWN_TIMEOUT_MS),
                config.get(ConfigKeys.CONSUMER_PROCESSING_TIMEOUT_MS));
    }

    /** {@code <host>-<pid>}: stable while this JVM runs, unique among JVMs of a group. */
    static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Exponential backoff for the n-th failed delivery (n from 1), bounded by the maximum. */
    long retryBackoff(long failedDeliveries) {
        return Backoff.exponential(retryInitialBackoffMs, retryMaxBackoffMs, failedDeliveries);
    }
}
