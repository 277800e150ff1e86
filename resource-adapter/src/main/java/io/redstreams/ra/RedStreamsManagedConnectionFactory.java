package io.redstreams.ra;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;

import javax.security.auth.Subject;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;

/**
 * The outbound connection definition: the server pools the {@link ManagedConnection}s this
 * creates, each owning one Redis connection named {@code <client-name>-jca}, and binds a
 * {@link StreamConnectionFactory} for applications.
 *
 * <p>It has no properties of its own: Redis URL, credentials, TLS, timeouts and trimming are the
 * resource adapter's, so inbound and outbound always talk to the same Redis. The server's
 * {@code Subject} and request info are ignored for the same reason: all connections are alike,
 * and any pooled one matches.
 */
@ConnectionDefinition(connectionFactory = StreamConnectionFactory.class,
        connectionFactoryImpl = RedStreamsConnectionFactory.class,
        connection = StreamConnection.class,
        connectionImpl = RedStreamsConnectionHandle.class)
public class RedStreamsManagedConnectionFactory
        implements ManagedConnectionFactory, ResourceAdapterAssociation, ValidatingManagedConnectionFactory {

    private static final long serialVersionUID = 1L;

    private transient RedStreamsResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager connectionManager) {
        return new RedStreamsConnectionFactory(this, connectionManager);
    }

    /** Outside a server: every connection is opened for its handle and closed with it. */
    @Override
    public Object createConnectionFactory() {
        return new RedStreamsConnectionFactory(this, new UnpooledConnectionManager());
    }

    /**
     * Opens a Redis connection now, so that an unreachable Redis or wrong credentials surface
     * here, to the pool, rather than on the first send.
     *
     * @throws ResourceException a {@code CommException} when Redis cannot be reached, a
     *                           {@code SecurityException} when it refuses the credentials
     */
    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info)
            throws ResourceException {
        return adapter().running().openConnection(this);
    }

    /** Any healthy connection of this factory will do: they are all alike. */
    @Override
    public ManagedConnection matchManagedConnections(@SuppressWarnings("rawtypes") Set candidates, Subject subject,
                                                     ConnectionRequestInfo info) {
        for (Object candidate : candidates) {
            if (candidate instanceof RedStreamsManagedConnection connection && connection.factory() == this
                    && !connection.isBroken() && !connection.isDestroyed()) {
                return connection;
            }
        }
        return null;
    }

    /**
     * The connections that no longer answer, for servers that validate their pools (WildFly's
     * {@code validate-on-match} or background validation). One cheap round trip each.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Set getInvalidConnections(Set connections) {
        Set invalid = new HashSet();
        for (Object candidate : connections) {
            if (candidate instanceof RedStreamsManagedConnection connection && !connection.isValid()) {
                invalid.add(connection);
            }
        }
        return invalid;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter resourceAdapter) throws ResourceException {
        if (!(resourceAdapter instanceof RedStreamsResourceAdapter adapter)) {
            throw new jakarta.resource.spi.IllegalStateException("a redstreams connection definition needs the "
                    + "redstreams resource adapter, not " + resourceAdapter);
        }
        this.resourceAdapter = adapter;
    }

    private RedStreamsResourceAdapter adapter() throws ResourceException {
        RedStreamsResourceAdapter adapter = resourceAdapter;
        if (adapter == null) {
            throw new jakarta.resource.spi.IllegalStateException("this connection definition is not associated with "
                    + "the redstreams resource adapter");
        }
        return adapter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Equal when bound to the same adapter: such factories make interchangeable connections. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RedStreamsManagedConnectionFactory other && other.resourceAdapter == resourceAdapter;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(resourceAdapter);
    }

    @Override
    public String toString() {
        return "RedStreamsManagedConnectionFactory[" + resourceAdapter + "]";
    }
}
