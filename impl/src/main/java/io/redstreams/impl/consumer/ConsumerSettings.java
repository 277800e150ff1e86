package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.List;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;

/**
 * The engine-wide consumer settings, from configuration.
 *
 * @param defaultConsumerName   the consumer name of specs that name none (see {@link ConsumerNames})
 * @param derivedConsumerName   whether that name was derived from the host rather than configured; a derived name
 *                              found in use by another live instance is replaced by {@code <name>-<pid>}
 * @param leaseIntervalMs       how often held entries have their idle time refreshed (the lease), in ms
 * @param cleanupIdleMs         consumers idle this long with nothing pending are deleted; 0: never
 */
public record ConsumerSettings(String defaultConsumerName, long blockMs, long reclaimMinIdleMs,
                               long reclaimIntervalMs, long retryInitialBackoffMs, long retryMaxBackoffMs,
                               long reconnectMaxBackoffMs, long shutdownTimeoutMs, long processingTimeoutMs,
                               boolean derivedConsumerName,
                               long leaseIntervalMs, long cleanupIdleMs) {

    /** The shortest {@code reclaim-min-idle-ms} a lease can keep up with. */
    static final long MIN_RECLAIM_MIN_IDLE_MS = 100;

    public static ConsumerSettings from(RedStreamsConfig config) {
        String name = config.get(ConfigKeys.CONSUMER_NAME);
        long reclaimMinIdle = config.get(ConfigKeys.CONSUMER_RECLAIM_MIN_IDLE_MS);
        long lease = config.get(ConfigKeys.CONSUMER_LEASE_INTERVAL_MS);
        return new ConsumerSettings(name.isBlank() ? ConsumerNames.stableDefault() : name.trim(),
                config.get(ConfigKeys.CONSUMER_BLOCK_MS),
                reclaimMinIdle,
                config.get(ConfigKeys.CONSUMER_RECLAIM_INTERVAL_MS),
                config.get(ConfigKeys.CONSUMER_RETRY_INITIAL_BACKOFF_MS),
                config.get(ConfigKeys.CONSUMER_RETRY_MAX_BACKOFF_MS),
                config.get(ConfigKeys.CONSUMER_RECONNECT_MAX_BACKOFF_MS),
                config.get(ConfigKeys.SHUTDOWN_TIMEOUT_MS),
                config.get(ConfigKeys.CONSUMER_PROCESSING_TIMEOUT_MS),
                name.isBlank(),
                lease > 0 ? lease : Math.max(1, reclaimMinIdle / 4),
                config.get(ConfigKeys.CONSUMER_CLEANUP_IDLE_MS));
    }

    /**
     * Settings with which the lease cannot keep a live consumer's entries from its siblings, each naming its keys.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (reclaimMinIdleMs < MIN_RECLAIM_MIN_IDLE_MS) {
            problems.add(ConfigKeys.CONSUMER_RECLAIM_MIN_IDLE_MS.name() + "=" + reclaimMinIdleMs + " is too short:"
                    + " siblings would claim entries that live consumers are still working on; use at least "
                    + MIN_RECLAIM_MIN_IDLE_MS + " ms (and well above the time a Redis round trip may take)");
        } else if (leaseIntervalMs * 2 > reclaimMinIdleMs) {
            problems.add(ConfigKeys.CONSUMER_LEASE_INTERVAL_MS.name() + "=" + leaseIntervalMs + " must be at most half"
                    + " of " + ConfigKeys.CONSUMER_RECLAIM_MIN_IDLE_MS.name() + "=" + reclaimMinIdleMs + ": the"
                    + " lease would lapse and siblings would claim entries that live consumers are still working on");
        }
        if (cleanupIdleMs < 0) {
            problems.add(ConfigKeys.CONSUMER_CLEANUP_IDLE_MS.name() + "=" + cleanupIdleMs + " must be 0 (off) or more");
        }
        return problems;
    }

    /** The same settings with another default consumer name. */
    ConsumerSettings withDefaultConsumerName(String name) {
        return new ConsumerSettings(name, blockMs, reclaimMinIdleMs, reclaimIntervalMs, retryInitialBackoffMs,
                retryMaxBackoffMs, reconnectMaxBackoffMs, shutdownTimeoutMs, processingTimeoutMs, false, leaseIntervalMs,
                cleanupIdleMs);
    }

    /** Exponential backoff for the n-th failed delivery (n from 1), bounded by the maximum. */
    long retryBackoff(long failedDeliveries) {
        return Backoff.exponential(retryInitialBackoffMs, retryMaxBackoffMs, failedDeliveries);
    }
}
