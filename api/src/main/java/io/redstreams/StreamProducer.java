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
 * <p>Sends do not retry on their own: when Redis cannot be reached, or an answer is lost, the
 * method fails with a {@link StreamSendException} and the caller decides (Redis 7 has no
 * idempotent XADD, so a blind retry could add the entry twice).
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
     * Appends one entry without waiting. Concurrent asynchronous sends share round trips to Redis
     * (they are written in pipelines). When {@code redstreams.producer.async-max-pending} sends
     * are already waiting, this call blocks until there is room: a bounded buffer, not an
     * unbounded queue.
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
     * entries) and returns their ids in order. Not atomic: if it fails part way, some entries may
     * have been added; the exception says how many. Null payloads are refused before anything is
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
