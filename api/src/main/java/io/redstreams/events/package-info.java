/**
 * CDI events that redstreams fires about its consumers: {@link io.redstreams.events.DeadLettered},
 * {@link io.redstreams.events.ConsumerOutageBegan}, {@link io.redstreams.events.ConsumerOutageEnded} and
 * {@link io.redstreams.events.EntriesClaimed}.
 *
 * <p>They are fired <em>asynchronously</em> ({@code Event.fireAsync}), never on a consumer's thread, so an
 * observer can never stall or break a consumer. Observe them with {@code @ObservesAsync}; a synchronous
 * {@code @Observes} method is not called for them. Events are fired in the order they happened, from one
 * queue per application, and the observers run on the container's executor for asynchronous events, where they
 * may run concurrently and so see events out of order. An observer that throws or blocks affects no consumer
 * (what it throws is logged). When 10,000 events wait to be fired, further ones are dropped and a warning is
 * logged; the work itself (dead letters, acknowledgements, claims) is never affected. An event is told after
 * the fact: a dead letter is written and its entry acknowledged before {@link io.redstreams.events.DeadLettered}
 * is fired.
 */
package io.redstreams.events;
