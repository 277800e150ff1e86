/**
 * CDI events that redstreams fires about its consumers: {@link io.redstreams.events.DeadLettered},
 * {@link io.redstreams.events.ConsumerOutageBegan}, {@link io.redstreams.events.ConsumerOutageEnded} and
 * {@link io.redstreams.events.EntriesClaimed}.
 *
 * <p>They are fired <em>asynchronously</em> ({@code Event.fireAsync}), never on a consumer's thread, so an
 * observer can never stall or break a consumer. Observe them with {@code @ObservesAsync}; a synchronous
 * {@code @Observes} method is not called for them. Events are handed to the observers in the order they
 * happened, from one queue per application: an observer that blocks delays the events after it, never a
 * consumer. When that queue is full (10,000 events waiting) further events are dropped and a warning is
 * logged; the work itself (dead letters, acknowledgements) is never affected.
 */
package io.redstreams.events;
