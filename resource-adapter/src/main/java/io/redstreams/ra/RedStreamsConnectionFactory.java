package io.redstreams.ra;

import javax.naming.Reference;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.StreamSendException;
import jakarta.resource.Referenceable;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

/**
 * The {@link StreamConnectionFactory} bound in JNDI: asks the server's {@link ConnectionManager}
 * (its pool) for a connection of this adapter's managed connection factory. Serializable and
 * {@link Referenceable}, as the Connectors specification asks of connection factories.
 */
public class RedStreamsConnectionFactory implements StreamConnectionFactory, Referenceable {

    private static final long serialVersionUID = 1L;

    private final RedStreamsManagedConnectionFactory managedConnectionFactory;
    private final ConnectionManager connectionManager;
    private Reference reference;

    /** Only for tools that instantiate connection factories reflectively; it cannot hand out connections. */
    public RedStreamsConnectionFactory() {
        this(null, null);
    }

    RedStreamsConnectionFactory(RedStreamsManagedConnectionFactory managedConnectionFactory,
                                ConnectionManager connectionManager) {
        this.managedConnectionFactory = managedConnectionFactory;
        this.connectionManager = connectionManager;
    }

    @Override
    public StreamConnection getConnection() {
        if (connectionManager == null) {
            throw new IllegalStateException("this StreamConnectionFactory was not created by the server");
        }
        try {
            return (StreamConnection) connectionManager.allocateConnection(managedConnectionFactory, null);
        } catch (ResourceException e) {
            throw new StreamSendException("No Redis connection from the server's pool: " + e.getMessage(), e);
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "StreamConnectionFactory[" + managedConnectionFactory + "]";
    }
}
