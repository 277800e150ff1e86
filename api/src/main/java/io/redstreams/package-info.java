/**
 * The redstreams API: Redis Streams as a messaging system for CDI and Jakarta EE applications.
 *
 * <p>Produce with an injected {@link io.redstreams.StreamProducer}; consume with bean methods
 * whose payload parameter carries {@link io.redstreams.StreamConsumer}.
 */
package io.redstreams;
