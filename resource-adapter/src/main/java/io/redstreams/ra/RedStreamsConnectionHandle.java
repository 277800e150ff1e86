package io.redstreams.ra;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.redstreams.StreamConnection;
import io.redstreams.StreamSendException;

/**
 * The {@link StreamConnection} an application holds: a handle on a pooled
 * {@link RedStreamsManagedConnection}. Closing it gives the managed connection back to the
 * server's pool; the server may also move it to another managed connection
 * ({@code associateConnection}) or invalidate it ({@code cleanup}).
 */
public final class RedStreamsConnectionHandle implements StreamConnection {

    private volatile RedStreamsManagedConnection connection;

    RedStreamsConnectionHandle(RedStreamsManagedConnection connection) {
        this.connection = connection;
    }

    @Override
    public String send(String stream, Object payload) {
        return current().send(this, stream, payload, null);
    }

    @Override
    public String send(String stream, Object payload, Map<String, String> headers) {
        return current().send(this, stream, payload, headers);
    }

    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload) {
        return sendAsync(stream, payload, null);
    }

    /** Sends at once; bad arguments throw here, as with the producer, and only send failures reach the stage. */
    @Override
    public CompletionStage<String> sendAsync(String stream, Object payload, Map<String, String> headers) {
        RedStreamsManagedConnection c = current();
        try {
            return CompletableFuture.completedFuture(c.send(this, stream, payload, headers));
        } catch (StreamSendException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public List<String> sendAll(String stream, List<?> payloads) {
        return current().sendAll(this, stream, payloads);
    }

    @Override
    public void close() {
        RedStreamsManagedConnection c;
        synchronized (this) {
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.closed(this);
        }
    }

    /** Moves the handle to another managed connection; returns the previous one. */
    synchronized RedStreamsManagedConnection moveTo(RedStreamsManagedConnection target) {
        RedStreamsManagedConnection previous = connection;
        connection = target;
        return previous;
    }

    /** The managed connection was cleaned up or destroyed: this handle is done. */
    synchronized void invalidate() {
        connection = null;
    }

    private RedStreamsManagedConnection current() {
        RedStreamsManagedConnection c = connection;
        if (c == null) {
            throw new IllegalStateException("this StreamConnection is closed");
        }
        return c;
    }

    @Override
    public String toString() {
        return "StreamConnection[" + (connection == null ? "closed" : "open") + "]";
    }
}
