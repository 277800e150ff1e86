package io.redstreams;

import java.io.Serializable;

/**
 * The connection factory of the redstreams resource adapter: hands out {@link StreamConnection}s
 * whose Redis connections the application server pools. Declare it on the server (or with
 * {@code @ConnectionFactoryDefinition}) and look it up:
 *
 * <pre>{@code
 * @Resource(lookup = "java:/redstreams/ConnectionFactory")
 * StreamConnectionFactory connections;
 *
 * void checkout(Order order) {
 *     try (StreamConnection connection = connections.getConnection()) {
 *         connection.send("orders", order);
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safe. The Redis URL, credentials and TLS settings are those of the resource
 * adapter; each pooled connection appears in Redis as a client named
 * {@code <client-name>-jca} (by default {@code redstreams-jca}).
 */
public interface StreamConnectionFactory extends Serializable {

    /**
     * A connection from the server's pool; close it to give it back.
     *
     * @return a connection handle for this thread's use; not thread-safe
     * @throws StreamSendException when no connection can be had: Redis is unreachable, refuses
     *                             the credentials, or the pool stays exhausted
     */
    StreamConnection getConnection();
}
