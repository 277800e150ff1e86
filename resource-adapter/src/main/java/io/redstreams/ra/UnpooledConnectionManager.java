package io.redstreams.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection manager of a non-managed environment (the Connectors specification's
 * "two-tier" case, {@code ManagedConnectionFactory.createConnectionFactory()} without a
 * server): one new Redis connection per {@code getConnection()}, destroyed when its handle is
 * closed. In a server, the server's pooling connection manager is used instead.
 */
final class UnpooledConnectionManager implements ConnectionManager {

    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection connection = factory.createManagedConnection(null, info);
        connection.addConnectionEventListener(new DestroyWhenDone(connection));
        return connection.getConnection(null, info);
    }

    /** Destroys the managed connection once its handle is closed or it broke. */
    private record DestroyWhenDone(ManagedConnection connection) implements ConnectionEventListener {

        @Override
        public void connectionClosed(ConnectionEvent event) {
            destroy();
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            destroy();
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            // no transactions
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            // no transactions
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            // no transactions
        }

        private void destroy() {
            try {
                connection.destroy();
            } catch (ResourceException ignored) {
                // our destroy() does not throw
            }
        }
    }
}
