package io.redstreams.impl.producer;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;

/**
 * The producer's settings, from configuration.
 */
public record ProducerSettings(int poolSize, long maxLen, int batchSize, int asyncMaxPending,
                               long idempotencyRetentionMs, int idempotentMaxAttempts) {

    public static ProducerSettings from(RedStreamsConfig config) {
        return new ProducerSettings(config.get(ConfigKeys.PRODUCER_POOL_SIZE),
                config.get(ConfigKeys.PRODUCER_MAX_LEN),
                config.get(ConfigKeys.PRODUCER_BATCH_SIZE),
                config.get(ConfigKeys.PRODUCER_ASYNC_MAX_PENDING),
                config.get(ConfigKeys.PRODUCER_IDEMPOTENCY_RETENTION_MS),
                Math.max(1, config.get(ConfigKeys.PRODUCER_IDEMPOTENT_MAX_ATTEMPTS)));
    }
}
