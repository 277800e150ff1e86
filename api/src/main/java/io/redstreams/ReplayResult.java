package io.redstreams;

import java.util.List;

/**
 * What a replay of dead letters did ({@link StreamAdmin#replayAll(String)} and siblings).
 *
 * @param replayed     the dead letters appended to their source stream and removed from the dead-letter stream, in
 *                     the order they were replayed (unmodifiable)
 * @param failed       the selected dead letters that were not (completely) replayed, with the reason (unmodifiable)
 * @param stoppedEarly {@code null} when every selected dead letter was attempted; otherwise why the replay stopped
 *                     before the end (Redis became unreachable, or refused to read the dead-letter stream, e.g. the
 *                     key is not a stream or the user may not read it): the dead letters not attempted are in
 *                     neither list and are still in the dead-letter stream
 */
public record ReplayResult(List<Replayed> replayed, List<Failure> failed, String stoppedEarly) {

    /**
     * Creates a result; redstreams creates them at the end of a replay. Both lists are copied.
     *
     * @param replayed     the dead letters replayed and removed
     * @param failed       the selected dead letters not (completely) replayed
     * @param stoppedEarly why the replay stopped before the end, or {@code null}
     * @throws NullPointerException if a list is null or holds {@code null}
     */
    public ReplayResult {
        replayed = List.copyOf(replayed);
        failed = List.copyOf(failed);
    }

    /**
     * {@return whether every selected dead letter was replayed and removed: nothing failed and the replay did not
     * stop early}
     */
    public boolean complete() {
        return failed.isEmpty() && stoppedEarly == null;
    }

    /**
     * One dead letter replayed.
     *
     * @param deadLetterId the id it had in the dead-letter stream (now deleted there)
     * @param sourceStream the stream it was appended to
     * @param newId        the id of the copy in the source stream
     */
    public record Replayed(String deadLetterId, String sourceStream, String newId) {
    }

    /**
     * One dead letter not replayed, or replayed but not removed.
     *
     * @param deadLetterId the dead letter's id
     * @param appendedId   {@code null}: nothing was appended (or, after a broken connection, maybe something was:
     *                     the reason says so) and the dead letter is still there; otherwise the id of the copy
     *                     appended to the source stream, while removing the dead letter failed: it is still there
     *                     and a later replay appends it again
     * @param reason       what went wrong
     */
    public record Failure(String deadLetterId, String appendedId, String reason) {
    }
}
