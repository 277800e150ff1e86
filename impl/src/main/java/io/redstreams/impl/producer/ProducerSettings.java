package io.redstreams.impl.producer;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.retention.StreamRetention;

/**
 * The producer's settings, from configuration; {@code maxLen} is the default of streams without a retention of their
 * own, {@code retention} the trim of each send.
 */
public record ProducerSettings(int poolSize, long maxLen, int batchSize, int asyncMaxPending,
                               long idempotencyRetentionMs, int idempotentMaxAttempts, StreamRetention retention) {

    public static ProducerSettings from(RedStreamsConfig config) {
        return new ProducerSettings(config.get(ConfigKeys.PRODUCER_POOL_SIZE),
                config.get(ConfigKeys.PRODUCER_MAX_LEN),
                config.get(ConfigKeys.PRODUCER_BATCH_SIZE),
                config.get(ConfigKeys.PRODUCER_ASYNC_MAX_PENDING),
                config.get(ConfigKeys.PRODUCER_IDEMPOTENCY_RETENTION_MS),
                Math.max(1, config.get(ConfigKeys.PRODUCER_IDEMPOTENT_MAX_ATTEMPTS)),
                new StreamRetention(config));
    }
}
