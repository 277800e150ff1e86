/**
 * The redstreams Jakarta Connectors 2.1 resource adapter: a thin layer over the engine of
 * {@code redstreams-impl}, which does all the Redis work for the CDI side as well. It reaches the
 * engine only through its face, {@code io.redstreams.impl.engine.RedStreamsEngine} (built from
 * the adapter's properties, on the WorkManager host), and the few types that exposes; nothing of
 * the Redis connection layer.
 *
 * <h2>Where a message goes</h2>
 * <ul>
 *   <li><b>Outbound.</b> {@code StreamConnectionFactory.getConnection()} asks the server's pool
 *       ({@link io.redstreams.ra.RedStreamsConnectionFactory}); the pool keeps
 *       {@link io.redstreams.ra.RedStreamsManagedConnection}s, each wrapping one of the engine's
 *       {@code ProducerConnection}s (one Redis connection); a send on the
 *       {@link io.redstreams.ra.RedStreamsConnectionHandle} is a send of that producer connection.
 *       A broken connection is reported with {@code CONNECTION_ERROR_OCCURRED}.</li>
 *   <li><b>Inbound.</b> {@code endpointActivation} turns a
 *       {@link io.redstreams.ra.RedStreamsActivationSpec} into the engine's {@code ConsumerSpec} and
 *       starts the engine's {@code Consumers} for it ({@link io.redstreams.ra.EndpointActivation});
 *       each entry reaches the bean through {@link io.redstreams.ra.EndpointInvoker}
 *       ({@code beforeDelivery}, {@code onMessage}, {@code afterDelivery}), and the engine
 *       acknowledges it only if that returned normally and the container transaction committed
 *       ({@link io.redstreams.ra.TransactionOutcome}). A refusal by the container before the bean
 *       runs is not a failed delivery: the entry stays pending with its delivery count, and the
 *       activation backs off ({@link io.redstreams.ra.EndpointAvailability}).</li>
 *   <li><b>Hosting.</b> While the adapter runs, {@link io.redstreams.ra.AdapterHosting} lends its
 *       WorkManager, and its engine's producer pool and Redis settings, to the CDI engines of applications that can see it.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Every engine loop is a long-running {@link jakarta.resource.spi.work.Work} on the adapter's
 * WorkManager ({@link io.redstreams.ra.WorkManagerEngineHost}); the adapter starts no thread of its
 * own except short-lived ones that stop activations in parallel during {@code stop()}, and no timer.
 */
package io.redstreams.ra;
