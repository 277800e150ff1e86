package io.redstreams.ra;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;

import io.redstreams.StreamSendException;
import io.redstreams.impl.engine.ProducerConnection;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;

/**
 * One of the engine's {@link ProducerConnection}s (one Redis connection), pooled by the server.
 * Applications hold it through {@link RedStreamsConnectionHandle}s; it tells the server's pool
 * about them with connection events: {@code CONNECTION_CLOSED} when a handle is closed (the pool
 * takes it back), and {@code CONNECTION_ERROR_OCCURRED} when the Redis connection broke during a
 * send (the pool destroys it instead of handing it out again).
 *
 * <p>No transactions: Redis has none a JTA transaction could enlist (MULTI/EXEC cannot be
 * prepared or rolled back), so {@link #getXAResource()} and {@link #getLocalTransaction()} throw
 * {@link NotSupportedException}, matching the adapter's {@code NoTransaction} support level.
 */
final class RedStreamsManagedConnection implements ManagedConnection {

    private static final Logger LOG = Logger.getLogger(RedStreamsManagedConnection.class.getName());

    private final RedStreamsManagedConnectionFactory factory;
    private final ProducerConnection producer;
    private final ManagedConnectionMetaData metaData;
    private final Consumer<RedStreamsManagedConnection> onDestroy;
    private final Set<RedStreamsConnectionHandle> handles = ConcurrentHashMap.newKeySet();
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean broken;
    private volatile boolean destroyed;
    private PrintWriter logWriter;

    /**
     * @param producer  the producer connection this one owns and closes on {@link #destroy()}
     * @param onDestroy told once when the connection is destroyed
     */
    RedStreamsManagedConnection(RedStreamsManagedConnectionFactory factory, ProducerConnection producer,
                                ManagedConnectionMetaData metaData, Consumer<RedStreamsManagedConnection> onDestroy) {
        this.factory = factory;
        this.producer = producer;
        this.metaData = metaData;
        this.onDestroy = onDestroy;
    }

    RedStreamsManagedConnectionFactory factory() {
        return factory;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (destroyed) {
            throw new jakarta.resource.spi.IllegalStateException("this redstreams connection was destroyed");
        }
        RedStreamsConnectionHandle handle = new RedStreamsConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof RedStreamsConnectionHandle handle)) {
            throw new jakarta.resource.spi.IllegalStateException("not a redstreams connection handle: " + connection);
        }
        RedStreamsManagedConnection previous = handle.moveTo(this);
        if (previous != null && previous != this) {
            previous.handles.remove(handle);
        }
        handles.add(handle);
    }

    /** Invalidates the handles still open; the Redis connection stays, for the next user from the pool. */
    @Override
    public void cleanup() {
        for (RedStreamsConnectionHandle handle : handles) {
            handle.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        cleanup();
        producer.close();
        onDestroy.accept(this);
    }

    // ---- the send path, for the handles ----

    String send(RedStreamsConnectionHandle handle, String stream, Object payload, Map<String, String> headers) {
        return watch(handle, () -> producer.send(stream, payload, headers));
    }

    List<String> sendAll(RedStreamsConnectionHandle handle, String stream, List<?> payloads) {
        return watch(handle, () -> producer.sendAll(stream, payloads));
    }

    /** Runs a send (the producer connection does one at a time); if the connection broke, tells the pool. */
    private <T> T watch(RedStreamsConnectionHandle handle, Supplier<T> send) {
        try {
            return send.get();
        } catch (StreamSendException e) {
            if (producer.isBroken()) {
                connectionBroke(handle, e);
            }
            throw e;
        }
    }

    private void connectionBroke(RedStreamsConnectionHandle handle, StreamSendException e) {
        broken = true;
        LOG.fine(() -> "redstreams: pooled connection broke (" + e.getMessage() + "); the pool discards it");
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, e);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener listener : listeners) {
            listener.connectionErrorOccurred(event);
        }
    }

    /** Called by a handle's close(); the pool takes this connection back once its last handle is closed. */
    void closed(RedStreamsConnectionHandle handle) {
        if (!handles.remove(handle)) {
            return;
        }
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener listener : listeners) {
            listener.connectionClosed(event);
        }
    }

    /**
     * Whether the connection still answers (one round trip); the server asks through
     * {@link RedStreamsManagedConnectionFactory#getInvalidConnections} when it validates its pool.
     */
    boolean isValid() {
        if (broken || destroyed) {
            return false;
        }
        if (!producer.answers()) {
            broken = true;
            return false;
        }
        return true;
    }

    boolean isBroken() {
        return broken;
    }

    boolean isDestroyed() {
        return destroyed;
    }

    int openHandles() {
        return handles.size();
    }

    // ---- the rest of ManagedConnection ----

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("redstreams connections take no part in transactions (NoTransaction)");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("redstreams connections take no part in transactions (NoTransaction)");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return metaData;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "RedStreamsManagedConnection[handles=" + handles.size() + (broken ? ", broken" : "")
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
