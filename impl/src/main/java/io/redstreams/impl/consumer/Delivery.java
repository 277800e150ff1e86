package io.redstreams.impl.consumer;

import io.redstreams.impl.redis.RawEntry;

/**
 * One entry handed from the worker to a handler loop, with its delivery count.
 */
record Delivery(RawEntry entry, long deliveryCount) {
}
