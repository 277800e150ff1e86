package io.redstreams.ra;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * A server's connection pool, reduced to what the Connectors specification asks of one: match an
 * idle managed connection or create one, take it back on {@code CONNECTION_CLOSED} (after
 * {@code cleanup}), destroy it on {@code CONNECTION_ERROR_OCCURRED}. It records the events.
 */
final class PoolingConnectionManager implements ConnectionManager, ConnectionEventListener {

    private static final long serialVersionUID = 1L;

    private final Deque<ManagedConnection> idle = new ArrayDeque<>();
    private final Set<ManagedConnection> all = new HashSet<>();
    final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private int created;

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory factory, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection connection = idle.isEmpty() ? null
                : factory.matchManagedConnections(new HashSet<>(idle), null, info);
        if (connection != null) {
            idle.remove(connection);
        } else {
            connection = factory.createManagedConnection(null, info);
            connection.addConnectionEventListener(this);
            all.add(connection);
            created++;
        }
        return connection.getConnection(null, info);
    }

    @Override
    public synchronized void connectionClosed(ConnectionEvent event) {
        events.add(event);
        ManagedConnection connection = (ManagedConnection) event.getSource();
        try {
            connection.cleanup();
        } catch (ResourceException e) {
            throw new IllegalStateException(e);
        }
        if (all.contains(connection) && !idle.contains(connection)) {
            idle.push(connection);
        }
    }

    @Override
    public synchronized void connectionErrorOccurred(ConnectionEvent event) {
        events.add(event);
        ManagedConnection connection = (ManagedConnection) event.getSource();
        idle.remove(connection);
        all.remove(connection);
        try {
            connection.destroy();
        } catch (ResourceException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {
        events.add(event);
    }

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {
        events.add(event);
    }

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {
        events.add(event);
    }

    synchronized Set<ManagedConnection> idle() {
        return Set.copyOf(idle);
    }

    synchronized int created() {
        return created;
    }

    List<Integer> eventIds() {
        return events.stream().map(ConnectionEvent::getId).toList();
    }

    /** Destroys every connection, as a server does when it flushes the pool. */
    synchronized void flush() throws ResourceException {
        for (ManagedConnection connection : all) {
            connection.destroy();
        }
        all.clear();
        idle.clear();
    }
}
