package io.redstreams;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Operations on streams, groups and dead letters: what an operator asks when something is behind or failing.
 * Inject it ({@code @Inject StreamAdmin admin}); it is valid as long as the application (the redstreams engine)
 * runs, and fails with {@link IllegalStateException} after the application stopped.
 *
 * <p><b>Views</b> ({@link #groups}, {@link #consumers}, {@link #pendingSummary}, {@link #pending},
 * {@link #deadLetters}) are read-only snapshots taken with one Redis command each; they never change what Redis
 * holds. A stream, group or dead-letter stream that does not exist gives an empty answer, not an error.
 *
 * <p><b>Replay</b> ({@link #replayAll}, {@link #replay}, {@link #replayIf}, {@link #replayWhereReason}) appends a
 * copy of each selected dead letter to its source stream (XADD) and only after that append succeeded deletes the
 * dead letter (XDEL): two single-key commands, no transaction, so it works on a Redis Cluster where the two streams
 * live in different slots. A crash or a broken connection between the two leaves the dead letter in place: a later
 * replay appends it again (a duplicate, never a loss). The copy holds the original fields byte for byte and in
 * order, without the five dead-letter bookkeeping fields ({@code error}, {@code source-stream}, {@code source-id},
 * {@code group}, {@code deliveries}), plus:
 * <ul>
 * <li>{@code redstreams-replayed}: how many times the entry was replayed, this time included ({@code 1} on the
 *     first replay; a previous value is replaced, so after a second failure and a second replay it is {@code 2});</li>
 * <li>{@code redstreams-original-id}: the entry's id in the source stream when it first failed (kept from an
 *     earlier replay), so that idempotent consumers can recognise it.</li>
 * </ul>
 * Consumers see both as headers ({@link StreamMessage#headers()}); the copy is a new entry with a new id, delivered
 * to every group of the source stream whose position is before it (normally all of them, not only the group that
 * failed it), with a fresh delivery count.
 *
 * <p><b>Errors.</b> Invalid arguments throw {@link IllegalArgumentException}. A view fails with
 * {@link RedStreamsException} when Redis refuses the command (e.g. {@code WRONGTYPE}: the key is not a stream;
 * {@code NOPERM}) or cannot be reached; nothing is retried. A replay never throws for one dead letter: each failure
 * is listed in its {@link ReplayResult}.
 *
 * <p><b>Thread-safety.</b> Safe for concurrent use; each call borrows a connection from a small pool of its own
 * (client name {@code redstreams-admin}), never one a consumer needs. Two replays of the same dead-letter stream at
 * once may both append a dead letter: run one at a time.
 */
public interface StreamAdmin {

    /**
     * The consumer groups of a stream ({@code XINFO GROUPS}), as Redis reports them at the moment of the call.
     *
     * @param stream the key of the stream
     * @return one {@link GroupInfo} per group, in Redis's order; empty when the stream does not exist
     * @throws IllegalArgumentException if {@code stream} is null or empty
     * @throws RedStreamsException      if Redis refuses the command (e.g. {@code WRONGTYPE}: the key is not a stream)
     *                                  or cannot be reached
     * @throws IllegalStateException    once the application has stopped
     */
    List<GroupInfo> groups(String stream);

    /**
     * The consumers of a group ({@code XINFO CONSUMERS}), as Redis reports them at the moment of the call.
     *
     * @param stream the key of the stream
     * @param group  the name of the consumer group
     * @return one {@link ConsumerInfo} per consumer, in Redis's order; empty when the stream or the group does not
     *         exist
     * @throws IllegalArgumentException if {@code stream} or {@code group} is null or empty
     * @throws RedStreamsException      if Redis refuses the command (e.g. {@code WRONGTYPE}) or cannot be reached
     * @throws IllegalStateException    once the application has stopped
     */
    List<ConsumerInfo> consumers(String stream, String group);

    /**
     * How many entries the group holds delivered and not acknowledged, and which consumers hold them
     * ({@code XPENDING stream group}, the summary form).
     *
     * @param stream the key of the stream
     * @param group  the name of the consumer group
     * @return the summary; a count of 0, {@code null} ids and no consumers when nothing is pending or the stream or
     *         group does not exist
     * @throws IllegalArgumentException if {@code stream} or {@code group} is null or empty
     * @throws RedStreamsException      if Redis refuses the command (e.g. {@code WRONGTYPE}) or cannot be reached
     * @throws IllegalStateException    once the application has stopped
     */
    PendingSummary pendingSummary(String stream, String group);

    /**
     * The first {@code count} pending entries of a group, oldest id first ({@code XPENDING stream group - + count});
     * the same as {@code pending(stream, group, "-", "+", count)}.
     *
     * @param stream the key of the stream
     * @param group  the name of the consumer group
     * @param count  at most how many entries to return, at least 1
     * @return oldest id first; empty when nothing is pending or the stream or group does not exist
     * @throws IllegalArgumentException if {@code stream} or {@code group} is null or empty, or {@code count < 1}
     * @throws RedStreamsException      if Redis refuses the command (e.g. {@code WRONGTYPE}) or cannot be reached
     * @throws IllegalStateException    once the application has stopped
     */
    List<PendingEntry> pending(String stream, String group, int count);

    /**
     * Pending entries of a group with ids between {@code fromId} and {@code toId} (inclusive; {@code -} and
     * {@code +} for the ends; an id prefixed with {@code (} is exclusive, to page on from the last id seen),
     * at most {@code count} ({@code XPENDING stream group fromId toId count}).
     *
     * @param stream the key of the stream
     * @param group  the name of the consumer group
     * @param fromId the low bound: {@code -}, an id, or {@code (id} for an exclusive bound; passed to Redis as
     *               given
     * @param toId   the high bound: {@code +}, an id, or {@code (id} for an exclusive bound; passed to Redis as given
     * @param count  at most how many entries to return, at least 1
     * @return oldest id first; empty when the stream or group does not exist
     * @throws IllegalArgumentException if {@code stream} or {@code group} is null or empty, {@code fromId} or
     *                                  {@code toId} is null or empty, or {@code count < 1}
     * @throws RedStreamsException      if Redis refuses the command (e.g. a malformed id, {@code WRONGTYPE}) or
     *                                  cannot be reached
     * @throws IllegalStateException    once the application has stopped
     */
    List<PendingEntry> pending(String stream, String group, String fromId, String toId, int count);

    /**
     * As {@link #pending(String, String, String, String, int)}, only the entries one consumer holds
     * ({@code XPENDING stream group fromId toId count consumer}).
     *
     * @param stream   the key of the stream
     * @param group    the name of the consumer group
     * @param consumer the name of the consumer in the group
     * @param fromId   the low bound: {@code -}, an id, or {@code (id} for an exclusive bound; passed to Redis as
     *                 given
     * @param toId     the high bound: {@code +}, an id, or {@code (id} for an exclusive bound; passed to Redis as
     *                 given
     * @param count    at most how many entries to return, at least 1
     * @return oldest id first; empty when the consumer holds none in the range or the stream or group does not exist
     * @throws IllegalArgumentException if {@code stream}, {@code group} or {@code consumer} is null or empty,
     *                                  {@code fromId} or {@code toId} is null or empty, or {@code count < 1}
     * @throws RedStreamsException      if Redis refuses the command (e.g. a malformed id, {@code WRONGTYPE}) or
     *                                  cannot be reached
     * @throws IllegalStateException    once the application has stopped
     */
    List<PendingEntry> pending(String stream, String group, String consumer, String fromId, String toId, int count);

    /**
     * The first {@code count} entries of a dead-letter stream, oldest first ({@code XRANGE dlq - + COUNT count});
     * the same as {@code deadLetters(deadLetterStream, "-", "+", count)}.
     *
     * @param deadLetterStream the key of the dead-letter stream
     * @param count            at most how many entries to return, at least 1
     * @return oldest first; empty when the stream does not exist
     * @throws IllegalArgumentException if {@code deadLetterStream} is null or empty, or {@code count < 1}
     * @throws RedStreamsException      if Redis refuses the command (e.g. {@code WRONGTYPE}) or cannot be reached
     * @throws IllegalStateException    once the application has stopped
     */
    List<DeadLetter> deadLetters(String deadLetterStream, int count);

    /**
     * Entries of a dead-letter stream with ids between {@code fromId} and {@code toId} (inclusive; {@code -},
     * {@code +}; prefix {@code (} for exclusive, to page on), at most {@code count}
     * ({@code XRANGE dlq fromId toId COUNT count}).
     *
     * @param deadLetterStream the key of the dead-letter stream
     * @param fromId           the low bound: {@code -}, an id, or {@code (id} for an exclusive bound; passed to
     *                         Redis as given
     * @param toId             the high bound: {@code +}, an id, or {@code (id} for an exclusive bound; passed to
     *                         Redis as given
     * @param count            at most how many entries to return, at least 1
     * @return oldest first; empty when the stream does not exist
     * @throws IllegalArgumentException if {@code deadLetterStream} is null or empty, {@code fromId} or {@code toId}
     *                                  is null or empty, or {@code count < 1}
     * @throws RedStreamsException      if Redis refuses the command (e.g. a malformed id, {@code WRONGTYPE}) or
     *                                  cannot be reached
     * @throws IllegalStateException    once the application has stopped
     */
    List<DeadLetter> deadLetters(String deadLetterStream, String fromId, String toId, int count);

    /**
     * Replays every dead letter the stream holds when the call starts (its last id is read first with
     * {@code XINFO STREAM}, so entries dead-lettered again during the replay are not replayed again in the same
     * call). Reads in pages of 100 ({@code XRANGE}), then per dead letter {@code XADD} to its source stream and
     * {@code XDEL}. See the class comment for what the copy looks like. Runs on the calling thread; an entry that is
     * not a redstreams dead letter ({@link DeadLetter#replayable()} false) is listed as a failure and stays.
     *
     * @param deadLetterStream the key of the dead-letter stream
     * @return what was replayed, what failed, and whether the replay stopped early (Redis unreachable, or the
     *         dead-letter stream unreadable); an empty result when the stream does not exist
     * @throws IllegalArgumentException if {@code deadLetterStream} is null or empty
     * @throws IllegalStateException    once the application has stopped
     */
    ReplayResult replayAll(String deadLetterStream);

    /**
     * Replays the dead letters with these ids ({@code XRANGE id id} each, then {@code XADD} and {@code XDEL}), in
     * the order given, each id once; an id that is not in the dead-letter stream is listed as a failure. Every id
     * is checked before anything is replayed.
     *
     * @param deadLetterStream the key of the dead-letter stream
     * @param deadLetterIds    the ids of the dead letters in that stream, each {@code <ms>-<seq>} or {@code <ms>}
     *                         (decimal numbers below 2<sup>64</sup>; {@code <ms>} alone names the first dead letter
     *                         of that millisecond); a repeated id is replayed once
     * @return what was replayed, what failed, and whether the replay stopped early (Redis unreachable, or the
     *         dead-letter stream unreadable)
     * @throws IllegalArgumentException if {@code deadLetterStream} is null or empty, or an id is null or not a
     *                                  stream entry id (nothing is replayed then)
     * @throws NullPointerException     if {@code deadLetterIds} is null
     * @throws IllegalStateException    once the application has stopped
     */
    ReplayResult replay(String deadLetterStream, Collection<String> deadLetterIds);

    /**
     * Replays the dead letters (present when the call starts, as in {@link #replayAll}) that {@code filter} accepts.
     * The filter runs on the calling thread; when it throws, that dead letter is listed as a failure (and stays) and
     * the replay goes on.
     *
     * @param deadLetterStream the key of the dead-letter stream
     * @param filter           selects the dead letters to replay; called once per dead letter, oldest first
     * @return what was replayed, what failed (including dead letters whose filter call threw), and whether the
     *         replay stopped early; dead letters the filter rejects are in neither list
     * @throws IllegalArgumentException if {@code deadLetterStream} is null or empty
     * @throws NullPointerException     if {@code filter} is null
     * @throws IllegalStateException    once the application has stopped
     */
    ReplayResult replayIf(String deadLetterStream, Predicate<? super DeadLetter> filter);

    /**
     * Replays the dead letters whose failure reason ({@link DeadLetter#reason()}) {@code reasonFilter} accepts, e.g.
     * {@code r -> r.contains("TimeoutException")} or {@code Pattern.compile("^java\\.net\\.").asPredicate()}.
     * Dead letters without a reason are not selected. As {@link #replayIf}.
     *
     * @param deadLetterStream the key of the dead-letter stream
     * @param reasonFilter     selects by the reason text (never called with {@code null})
     * @return what was replayed, what failed, and whether the replay stopped early, as for {@link #replayIf}
     * @throws IllegalArgumentException if {@code deadLetterStream} is null or empty
     * @throws NullPointerException     if {@code reasonFilter} is null
     * @throws IllegalStateException    once the application has stopped
     */
    ReplayResult replayWhereReason(String deadLetterStream, Predicate<String> reasonFilter);

    /**
     * Deletes the consumers of a group that hold no pending entry and have been idle at least {@code minIdle}
     * ({@code Duration.ZERO}: all that hold nothing). Checked and deleted atomically in one Lua script
     * ({@code EVAL} running {@code XINFO CONSUMERS} and {@code XGROUP DELCONSUMER}, one key), so a consumer that
     * holds an entry, or has just taken one, is never deleted. A live consumer deleted this way is created again
     * by its next read, losing nothing.
     *
     * @param stream  the key of the stream
     * @param group   the name of the consumer group
     * @param minIdle how long a consumer must have been idle (its {@link ConsumerInfo#idle()}) to be deleted;
     *                compared in whole milliseconds (a finer part is dropped)
     * @return the names deleted; empty when the stream or group does not exist
     * @throws IllegalArgumentException if {@code stream} or {@code group} is null or empty, or {@code minIdle} is
     *                                  null or negative
     * @throws RedStreamsException      if Redis refuses the script (e.g. {@code WRONGTYPE}, {@code NOPERM}) or cannot
     *                                  be reached
     * @throws IllegalStateException    once the application has stopped
     */
    List<String> deleteEmptyConsumers(String stream, String group, Duration minIdle);

    /**
     * How the producer protects its callers now: the state and counters of its circuit breaker and of its buffer of
     * asynchronous sends. Taken in memory, without any Redis command; cheap enough to poll.
     *
     * @return a snapshot; its counters count since the application started
     * @throws IllegalStateException once the application has stopped
     */
    ProducerStatus producerStatus();
}
