package io.redstreams.impl.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import io.redstreams.DeadLetter;
import io.redstreams.RedStreamsException;
import io.redstreams.ReplayResult;
import io.redstreams.impl.consumer.Failures;
import io.redstreams.impl.redis.RawEntry;
import io.redstreams.impl.redis.RedisCommandException;
import io.redstreams.impl.redis.RedisConnection;
import io.redstreams.impl.redis.RedisConnectionPool;

/**
 * One replay of dead letters of one dead-letter stream, on the calling thread: select, then per dead letter XADD
 * of the copy to its source stream and, only after that append succeeded, XDEL of the dead letter. Two single-key
 * commands (no MULTI), so the streams may live in different Cluster slots; a crash between them leaves the dead
 * letter in place (a later replay duplicates it, nothing is lost). A refused append or delete is listed and the
 * replay goes on; a connection that cannot be had or breaks ends it ({@link ReplayResult#stoppedEarly()}).
 * Single use, not thread-safe.
 */
final class DeadLetterReplay {

    static final int PAGE = 100;

    private final RedisConnectionPool pool;
    private final String deadLetterStream;
    private final List<ReplayResult.Replayed> replayed = new ArrayList<>();
    private final List<ReplayResult.Failure> failed = new ArrayList<>();
    private String stoppedEarly;

    DeadLetterReplay(RedisConnectionPool pool, String deadLetterStream) {
        this.pool = pool;
        this.deadLetterStream = deadLetterStream;
    }

    /**
     * Replays the selected dead letters among those present now: up to the stream's last id read first (XINFO
     * STREAM), in pages of {@value #PAGE} (XRANGE), so a letter dead-lettered again meanwhile waits for the next call.
     */
    ReplayResult matching(Predicate<? super DeadLetter> filter) {
        String lastId = read(c -> c.lastGeneratedId(deadLetterStream));
        if (lastId == null) {
            return result(); // no such stream, or stopped
        }
        String from = "-";
        while (stoppedEarly == null) {
            String start = from;
            List<RawEntry> page = read(c -> c.range(deadLetterStream, start, lastId, PAGE));
            if (page == null) {
                break;
            }
            for (RawEntry entry : page) {
                DeadLetter letter = DeadLetterFormat.parse(entry);
                if (selected(letter, filter) && !replay(letter)) {
                    break;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            from = "(" + page.get(page.size() - 1).id();
        }
        return result();
    }

    /** Replays the dead letters with these ids (XRANGE id id each); an id not found is listed as a failure. */
    ReplayResult byIds(Collection<String> ids) {
        for (String id : ids) {
            List<RawEntry> found = read(c -> c.range(deadLetterStream, id, id, 1));
            if (found == null) {
                break;
            }
            if (found.isEmpty()) {
                failed.add(new ReplayResult.Failure(id, null, "no such dead letter in " + deadLetterStream));
            } else if (!replay(DeadLetterFormat.parse(found.get(0)))) {
                break;
            }
        }
        return result();
    }

    /** The filter is application code: whatever it throws is that dead letter's failure, and the replay goes on. */
    private boolean selected(DeadLetter letter, Predicate<? super DeadLetter> filter) {
        try {
            return filter.test(letter);
        } catch (Throwable t) {
            failed.add(new ReplayResult.Failure(letter.id(), null,
                    Failures.describe("not replayed: the filter threw ", t)));
            return false;
        }
    }

    /** Appends the copy, then deletes the dead letter. False when the replay must stop (no usable connection). */
    private boolean replay(DeadLetter letter) {
        if (!letter.replayable()) {
            failed.add(new ReplayResult.Failure(letter.id(), null,
                    "not a redstreams dead letter: it does not end with the fields error, source-stream, source-id,"
                            + " group, deliveries"));
            return true;
        }
        RedisConnection connection = acquire();
        if (connection == null) {
            return false;
        }
        try (connection) {
            String newId;
            try {
                newId = connection.addRaw(letter.sourceStream(), DeadLetterFormat.replayFields(letter));
            } catch (RedisCommandException e) {
                failed.add(new ReplayResult.Failure(letter.id(), null, "not appended to " + letter.sourceStream()
                        + " (the dead letter stays): " + e.getMessage()));
                return true;
            } catch (RuntimeException e) {
                failed.add(new ReplayResult.Failure(letter.id(), null, "maybe appended to " + letter.sourceStream()
                        + ", the connection broke before the answer (the dead letter stays; a later replay may add a"
                        + " duplicate): " + e.getMessage()));
                stoppedEarly = "Redis became unreachable: " + e.getMessage();
                return false;
            }
            long deleted;
            try {
                deleted = connection.delete(deadLetterStream, List.of(letter.id()));
            } catch (RuntimeException e) {
                failed.add(new ReplayResult.Failure(letter.id(), newId, "appended to " + letter.sourceStream()
                        + " as " + newId + " but not deleted from " + deadLetterStream
                        + " (a later replay appends it again): " + e.getMessage()));
                if (!(e instanceof RedisCommandException)) {
                    stoppedEarly = "Redis became unreachable: " + e.getMessage();
                    return false;
                }
                return true;
            }
            if (deleted == 0) {
                // Someone removed it between our read and our delete: another replay of this stream at the same time
                // (which appended it too), or an XDEL/XTRIM. Not counted as replayed: the copy may be a duplicate.
                failed.add(new ReplayResult.Failure(letter.id(), newId, "appended to " + letter.sourceStream()
                        + " as " + newId + ", but the dead letter was already gone from " + deadLetterStream
                        + " (another replay at the same time?): the copy may be a duplicate"));
                return true;
            }
            replayed.add(new ReplayResult.Replayed(letter.id(), letter.sourceStream(), newId));
            return true;
        }
    }

    private <T> T read(Function<RedisConnection, T> command) {
        RedisConnection connection = acquire();
        if (connection == null) {
            return null;
        }
        try (connection) {
            return command.apply(connection);
        } catch (RuntimeException e) {
            stoppedEarly = "cannot read " + deadLetterStream + ": " + e.getMessage();
            return null;
        }
    }

    private RedisConnection acquire() {
        try {
            return pool.acquire();
        } catch (RedStreamsException e) {
            stoppedEarly = "Redis is unreachable: " + e.getMessage();
            return null;
        }
    }

    private ReplayResult result() {
        return new ReplayResult(replayed, failed, stoppedEarly);
    }
}
