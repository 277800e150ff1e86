package io.redstreams.impl.consumer;

import java.util.ArrayList;
import java.util.List;

import io.redstreams.impl.config.ConfigKeys;
import io.redstreams.impl.config.RedStreamsConfig;

/**
 * Applies the per-consumer configuration ({@code redstreams.consumers.<stream>.<group>.*}) over
 * what the annotation declared, so a deployment can be retuned without a rebuild.
 */
public final class ConsumerOverrides {

    private ConsumerOverrides() {
    }

    /**
     * Overrides the spec's attributes where configuration says so.
     *
     * @return the problems found (bad values), each naming its key; empty when all is well
     */
    public static List<String> apply(ConsumerSpec spec, RedStreamsConfig config) {
        List<String> problems = new ArrayList<>();
        if (spec.stream() == null || spec.group() == null) {
            return problems;
        }
        String stream = spec.stream();
        String group = spec.group();
        try {
            config.perConsumer(ConfigKeys.CONSUMER_CONCURRENCY, stream, group).ifPresent(spec::concurrency);
            config.perConsumer(ConfigKeys.CONSUMER_BATCH_SIZE, stream, group).ifPresent(spec::batchSize);
            config.perConsumer(ConfigKeys.CONSUMER_MAX_DELIVERIES, stream, group).ifPresent(spec::maxDeliveries);
            config.perConsumer(ConfigKeys.CONSUMER_DEAD_LETTER_STREAM, stream, group).ifPresent(spec::deadLetterStream);
            config.perConsumer(ConfigKeys.CONSUMER_CONSUMER_NAME, stream, group).ifPresent(spec::consumer);
            config.perConsumer(ConfigKeys.CONSUMER_PROCESSING_TIMEOUT, stream, group)
                    .ifPresent(spec::processingTimeoutMs);
            config.perConsumer(ConfigKeys.CONSUMER_BATCH_WAIT_MS, stream, group).ifPresent(spec::batchWaitMs);
            config.perConsumer(ConfigKeys.CONSUMER_UNROUTED, stream, group).ifPresent(spec::unrouted);
            long deadLetterMaxLen = config.perStream(ConfigKeys.STREAM_MAX_LEN, spec.deadLetterStream())
                    .orElse(config.get(ConfigKeys.DEAD_LETTER_MAX_LEN));
            if (deadLetterMaxLen < 0) {
                problems.add(ConfigKeys.STREAM_MAX_LEN.name().replace("<stream>", spec.deadLetterStream())
                        + " must be 0 or more");
            } else {
                spec.deadLetterMaxLen(deadLetterMaxLen);
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }
}
