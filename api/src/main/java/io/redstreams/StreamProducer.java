package io.redstreams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Appends entries to Redis streams (XADD). Inject it into any CDI bean or EJB:
 * {@code @Inject StreamProducer producer;}. Thread-safe.
 *
 * <p>A payload becomes the entry's {@code payload} field: a {@code String} as it is, a
 * {@code byte[]} as its bytes, anything else as JSON (JSON-B). If the payload's class carries
 * {@link StreamType}, the entry gets a {@code type} field; a header named {@code type} sets it
 * too. Headers become further fields. When {@code redstreams.producer.max-len} is above 0, every
 * XADD trims the stream to about that length ({@code MAXLEN ~}).
 *
 * <p>Retries: a send is repeated on its own, on a fresh connection, only when Redis certainly did
 * not execute it (no connection could be opened, or the server answered that it cannot serve, such
 * as {@code READONLY} after a failover). When an answer is lost the outcome is unknown and the
 * method fails with a {@link StreamSendException}; a blind retry could add the entry twice. To
 * retry safely use {@link #sendIdempotent(String, String, Object, Map)}. See the README,
 * "Connections and failures".
 *
 * <p>Asynchronous sends complete their stages on the thread {@code redstreams-async-completer}
 * (in an application server, a WorkManager thread of that name), one at a time, never on a thread
 * that sends: a callback may send again. A callback that blocks delays the completion of later
 * sends (not their sending); pass an executor to the {@code ...Async} stage methods for long work.
 */
public interface StreamProducer {

    /**
     * Appends one entry and waits for Redis to accept it.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payload the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @return the new entry id
     * @throws StreamSendException if Redis cannot be reached or refuses the entry
     * @throws PayloadMappingException if the payload cannot be mapped to JSON
     */
    String send(String stream, Object payload);

    /**
     * Appends one entry with headers (further fields of the entry). The header names
     * {@code payload} is reserved; {@code type} sets the entry's type.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payload the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @param headers further fields of the entry, written after {@code payload} and {@code type}; not null
     * @return the new entry id
     * @throws IllegalArgumentException if a header is named {@code payload}, or a name or value is null
     */
    String send(String stream, Object payload, Map<String, String> headers);

    /**
     * Appends one entry at most once per idempotency key: if an entry with the same key was added
     * to this stream within {@code redstreams.producer.idempotency-retention-ms} (default 1 h), no
     * entry is added and the id of that entry is returned. The key is checked atomically with the
     * XADD by a Lua script (EVALSHA) that keeps a marker key {@code {<tag>}:redstreams-idem:<key>}
     * (same Redis Cluster slot as the stream) holding the entry id, with that retention. The entry
     * gets the header {@code idempotency-key}. Connection-level failures, a lost answer included,
     * are retried up to {@code redstreams.producer.idempotent-max-attempts} times (100 ms backoff,
     * doubling up to 1 s), blocking the caller; the retries cannot add a duplicate.
     *
     * <p>Costs one more key write per send and a script call instead of a plain XADD. Windows that
     * remain (retention expiry, a failover that loses the marker with async replication) are listed
     * in the README.
     *
     * @param stream         the stream key; created by the first entry if missing
     * @param idempotencyKey identifies the logical message, e.g. an order id; not empty
     * @param payload        the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @param headers        extra fields, or {@code null}
     * @return the id of the entry, added now or by an earlier send with the same key
     * @throws StreamSendException if every attempt failed, or Redis refused the command
     * @throws IllegalArgumentException if the key is empty, or the stream name contains '}' without a hash tag
     */
    String sendIdempotent(String stream, String idempotencyKey, Object payload, Map<String, String> headers);

    /**
     * Appends one entry without waiting. Concurrent asynchronous sends share round trips to Redis
     * (they are written in pipelines). When {@code redstreams.producer.async-max-pending} sends
     * are already waiting, this call blocks until there is room: a bounded buffer, not an
     * unbounded queue.
     *
     * <p>Each send has its own outcome: the stage fails only if its own XADD failed, never because
     * another send of the same pipeline did.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payload the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @return a stage completed with the entry id, or exceptionally with a {@link StreamSendException}
     */
    CompletionStage<String> sendAsync(String stream, Object payload);

    /**
     * Appends one entry with headers without waiting; see {@link #sendAsync(String, Object)}.
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payload the payload: a POJO or record (JSON-B), {@code String} or {@code byte[]}; not null
     * @param headers further fields of the entry, written after {@code payload} and {@code type}; not null
     * @return a stage completed with the entry id, or exceptionally with a {@link StreamSendException}
     */
    CompletionStage<String> sendAsync(String stream, Object payload, Map<String, String> headers);

    /**
     * Appends all payloads in one pipelined round trip (per {@code redstreams.producer.batch-size}
     * entries) and returns their ids in order. Not atomic, and each entry has its own outcome: when
     * some entries fail (Redis refuses them, or the connection breaks), the others are still added
     * and the call ends with a {@link PartialSendException} that lists, by index, the ids of the
     * added entries, the refused ones with Redis's reason, the uncertain ones and those not sent. Null payloads are refused before anything is
     * sent; a payload that cannot be mapped to JSON fails the call with a
     * {@link PayloadMappingException} after the entries before it in its batch were sent (entries
     * are encoded while the pipeline is written, so that Redis works meanwhile).
     *
     * @param stream  the stream key; created by the first entry if missing
     * @param payloads the payloads, none null; mapped as for {@code send}
     * @return the entry ids, in the order of {@code payloads}
     */
    List<String> sendAll(String stream, List<?> payloads);
}
