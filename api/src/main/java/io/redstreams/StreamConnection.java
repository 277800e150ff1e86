package io.redstreams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A connection handle from a {@link StreamConnectionFactory}: appends entries to Redis streams
 * on one pooled connection of the application server, and gives it back on {@link #close()}.
 * Use it in try-with-resources, in one thread at a time:
 *
 * <pre>{@code
 * try (StreamConnection connection = connections.getConnection()) {
 *     connection.send("orders", order);
 * }
 * }</pre>
 *
 * <p>The send methods behave as those of {@link StreamProducer}: same wire format (payload,
 * {@link StreamType type}, headers), same trimming, no retries of their own. Two differences
 * follow from being one connection: a handle is not thread-safe, and
 * {@link #sendAsync(String, Object) sendAsync} sends at once and returns a completed stage.
 *
 * <p>Sends are not part of a JTA transaction (Redis has no transaction that could take part in
 * one): an entry sent in a transaction that later rolls back stays in the stream.
 *
 * <p>A send that fails because the connection broke (for example Redis restarted) throws a
 * {@link StreamSendException}; the server then discards the pooled connection, and the next
 * {@link StreamConnectionFactory#getConnection()} opens a new one.
 */
public interface StreamConnection extends AutoCloseable {

    /**
     * Appends one entry and waits for Redis to accept it.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payload the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @return the new entry id
     * @throws StreamSendException if Redis cannot be reached or refuses the entry
     * @throws PayloadMappingException if the payload cannot be mapped to JSON
     * @throws IllegalStateException if this handle is closed
     */
    String send(String stream, Object payload);

    /**
     * Appends one entry with headers (further fields of the entry); see
     * {@link StreamProducer#send(String, Object, Map)}.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payload the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @param headers further fields of the entry, written after {@code payload} and {@code type}; not null
     * @return the new entry id
     * @throws IllegalArgumentException if a header is named {@code payload}, or a name or value is null
     */
    String send(String stream, Object payload, Map<String, String> headers);

    /**
     * Appends one entry, like {@link #send(String, Object)}, and returns the outcome as a stage
     * that is already complete: a connection handle has no background sender. It exists so code
     * written against {@link StreamProducer#sendAsync(String, Object)} can use a handle unchanged.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payload the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @return a completed stage with the entry id, or completed exceptionally with a {@link StreamSendException}
     */
    CompletionStage<String> sendAsync(String stream, Object payload);

    /**
     * Appends one entry with headers; see {@link #sendAsync(String, Object)}.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payload the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @param headers further fields of the entry, written after {@code payload} and {@code type}; not null
     * @return a completed stage with the entry id, or completed exceptionally with a {@link StreamSendException}
     */
    CompletionStage<String> sendAsync(String stream, Object payload, Map<String, String> headers);

    /**
     * Appends all payloads in pipelined round trips and returns their ids in order; see
     * {@link StreamProducer#sendAll(String, List)}. Not atomic.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payloads the payloads, none null; mapped as for {@code send}
     * @return the entry ids, in the order of {@code payloads}
     */
    List<String> sendAll(String stream, List<?> payloads);

    /**
     * Gives the connection back to the server's pool. Closing twice does nothing; using the
     * handle afterwards throws {@link IllegalStateException}.
     */
    @Override
    void close();
}
