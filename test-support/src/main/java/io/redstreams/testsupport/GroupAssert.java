package io.redstreams.testsupport;

import java.time.Duration;
import java.util.Objects;

/**
 * Assertions on one consumer group of a stream, with waiting built in; see {@link RedisAssert}. Commands used:
 * XINFO GROUPS and XPENDING.
 */
public final class GroupAssert {

    private final RedisView view;
    private final String stream;
    private final String group;
    private final Duration timeout;

    GroupAssert(RedisView view, String stream, String group, Duration timeout) {
        this.view = view;
        this.stream = stream;
        this.group = group;
        this.timeout = timeout;
    }

    /**
     * Waits until the group exists.
     *
     * @return this
     */
    public GroupAssert exists() {
        Waiting.until(timeout, () -> view.group(stream, group) != null,
                () -> "Expected " + view.describeGroup(stream, group).replaceFirst(" does not exist", " to exist"));
        return this;
    }

    /**
     * Waits until the group's pending list is empty: every entry handed to a consumer was acknowledged. A group that
     * does not exist yet fails (nothing was consumed).
     *
     * @return this
     */
    public GroupAssert hasNoPendingEntries() {
        return hasPendingEntries(0);
    }

    /**
     * Waits until the group's pending list holds exactly {@code count} entries.
     *
     * @param count the expected number of pending entries
     * @return this
     */
    public GroupAssert hasPendingEntries(long count) {
        Waiting.until(timeout, () -> {
            var info = view.group(stream, group);
            return info != null && info.getPending() == count;
        }, () -> "Expected " + count + " pending entries in " + view.describeGroup(stream, group));
        return this;
    }

    /**
     * Waits until the entry was handed to the group and acknowledged: the group's last-delivered id is at or after
     * it, and it is not in the pending list.
     *
     * @param id an entry id, e.g. the one {@code StreamProducer.send} returned
     * @return this
     */
    public GroupAssert hasAcknowledged(String id) {
        Objects.requireNonNull(id, "id");
        Waiting.until(timeout, () -> view.isDelivered(stream, group, id) && !view.isPending(stream, group, id),
                () -> "Expected entry " + id + " to be acknowledged, but it was "
                        + (view.isDelivered(stream, group, id) ? "delivered and is still pending" : "never delivered")
                        + ": " + view.describeGroup(stream, group));
        return this;
    }
}
