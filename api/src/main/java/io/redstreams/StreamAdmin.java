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
     * The consumer groups of a stream ({@code XINFO GROUPS}).
     *
     * @return in Redis's order; empty when the stream does not exist
     */
    List<GroupInfo> groups(String stream);

    /**
     * The consumers of a group ({@code XINFO CONSUMERS}).
     *
     * @return in Redis's order; empty when the stream or the group does not exist
     */
    List<ConsumerInfo> consumers(String stream, String group);

    /**
     * How many entries the group holds delivered and not acknowledged, and which consumers hold them
     * ({@code XPENDING stream group}).
     *
     * @return a count of 0 when nothing is pending or the stream or group does not exist
     */
    PendingSummary pendingSummary(String stream, String group);

    /**
     * The first {@code count} pending entries of a group, oldest id first ({@code XPENDING stream group - + count}).
     */
    List<PendingEntry> pending(String stream, String group, int count);

    /**
     * Pending entries of a group with ids between {@code fromId} and {@code toId} (inclusive; {@code -} and
     * {@code +} for the ends; an id prefixed with {@code (} is exclusive, to page on from the last id seen),
     * at most {@code count} ({@code XPENDING stream group fromId toId count}).
     *
     * @return oldest id first; empty when the stream or group does not exist
     */
    List<PendingEntry> pending(String stream, String group, String fromId, String toId, int count);

    /**
     * As {@link #pending(String, String, String, String, int)}, only the entries one consumer holds
     * ({@code XPENDING stream group fromId toId count consumer}).
     */
    List<PendingEntry> pending(String stream, String group, String consumer, String fromId, String toId, int count);

    /**
     * The first {@code count} entries of a dead-letter stream, oldest first ({@code XRANGE dlq - + COUNT count}).
     */
    List<DeadLetter> deadLetters(String deadLetterStream, int count);

    /**
     * Entries of a dead-letter stream with ids between {@code fromId} and {@code toId} (inclusive; {@code -},
     * {@code +}; prefix {@code (} for exclusive, to page on), at most {@code count}
     * ({@code XRANGE dlq fromId toId COUNT count}).
     *
     * @return oldest first; empty when the stream does not exist
     */
    List<DeadLetter> deadLetters(String deadLetterStream, String fromId, String toId, int count);

    /**
     * Replays every dead letter the stream holds when the call starts (its last id is read first with
     * {@code XINFO STREAM}, so entries dead-lettered again during the replay are not replayed again in the same
     * call). Reads in pages of 100 ({@code XRANGE}), then per dead letter {@code XADD} to its source stream and
     * {@code XDEL}. See the class comment for what the copy looks like.
     */
    ReplayResult replayAll(String deadLetterStream);

    /**
     * Replays the dead letters with these ids ({@code XRANGE id id} each, then {@code XADD} and {@code XDEL}); an id
     * that is not in the dead-letter stream is listed as a failure.
     */
    ReplayResult replay(String deadLetterStream, Collection<String> deadLetterIds);

    /**
     * Replays the dead letters (present when the call starts, as in {@link #replayAll}) that {@code filter} accepts.
     * The filter runs on the calling thread; when it throws, that dead letter is listed as a failure (and stays) and
     * the replay goes on.
     */
    ReplayResult replayIf(String deadLetterStream, Predicate<? super DeadLetter> filter);

    /**
     * Replays the dead letters whose failure reason ({@link DeadLetter#reason()}) {@code reasonFilter} accepts, e.g.
     * {@code r -> r.contains("TimeoutException")} or {@code Pattern.compile("^java\\.net\\.").asPredicate()}.
     * Dead letters without a reason are not selected. As {@link #replayIf}.
     */
    ReplayResult replayWhereReason(String deadLetterStream, Predicate<String> reasonFilter);

    /**
     * Deletes the consumers of a group that hold no pending entry and have been idle at least {@code minIdle}
     * ({@code Duration.ZERO}: all that hold nothing). Checked and deleted atomically in one Lua script
     * ({@code EVAL} running {@code XINFO CONSUMERS} and {@code XGROUP DELCONSUMER}, one key), so a consumer that
     * holds an entry, or has just taken one, is never deleted. A live consumer deleted this way is created again
     * by its next read, losing nothing.
     *
     * @return the names deleted; empty when the stream or group does not exist
     */
    List<String> deleteEmptyConsumers(String stream, String group, Duration minIdle);
}
