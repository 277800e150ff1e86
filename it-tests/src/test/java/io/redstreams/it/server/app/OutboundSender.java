package io.redstreams.it.server.app;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.it.app.Order;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

/**
 * Scenario 3: the adapter's outbound connection factory, declared by the application and injected with
 * {@code @Resource}; every send takes a pooled connection and gives it back.
 */
@ConnectionFactoryDefinition(
        name = OutboundSender.JNDI_NAME,
        interfaceName = "io.redstreams.StreamConnectionFactory",
        resourceAdapter = "redstreams-resource-adapter",
        transactionSupport = TransactionSupportLevel.NoTransaction,
        minPoolSize = 0,
        maxPoolSize = OutboundSender.MAX_POOL_SIZE)
@Stateless
public class OutboundSender {

    public static final String JNDI_NAME = "java:app/redstreams/Connections";
    public static final int MAX_POOL_SIZE = 4;

    @Resource(lookup = JNDI_NAME)
    StreamConnectionFactory connections;

    /** Sends each order on a connection of its own from the pool. */
    public int send(String stream, long firstId, int count) {
        for (long id = firstId; id < firstId + count; id++) {
            try (StreamConnection connection = connections.getConnection()) {
                connection.send(stream, new Order(id, 1));
            }
        }
        return count;
    }
}
