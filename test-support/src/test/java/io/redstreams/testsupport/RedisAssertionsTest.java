package io.redstreams.testsupport;

import static io.redstreams.testsupport.RedStreamsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;

/** The assertions against a real Redis: they wait for a condition, and their failures show what Redis holds. */
class RedisAssertionsTest {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopTimer() {
        LATER.shutdownNow();
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    private static String add(String stream, Map<String, String> fields) {
        return redis.admin().xadd(stream, StreamEntryID.NEW_ENTRY, fields).toString();
    }

    private static void readAsConsumer(String stream, String group) {
        try (Jedis jedis = redis.newJedis()) {
            jedis.xreadGroup(group, "c1", XReadGroupParams.xReadGroupParams().count(10),
                    Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        }
    }

    @Test
    void streamLengthWaitsForEntriesAddedLater() {
        add("s", Map.of("payload", "1"));
        LATER.schedule(() -> add("s", Map.of("payload", "2")), 200, TimeUnit.MILLISECONDS);
        assertThat(redis).stream("s").hasLength(2);
    }

    @Test
    void streamLengthFailureShowsTheEntries() {
        add("s", Map.of("payload", "{\"id\":1}"));
        assertThatThrownBy(() -> assertThat(redis).within(Duration.ofMillis(200)).stream("s").hasLength(3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected stream 's' to hold 3 entries, but stream 's' holds 1 entry:")
                .hasMessageContaining("payload={\"id\":1}")
                .hasMessageContaining("waited 200 ms");
    }

    @Test
    void acknowledgedAndNoPendingPassOnceTheConsumerAcknowledges() {
        String id = add("orders", Map.of("payload", "x"));
        redis.admin().xgroupCreate("orders", "billing", new StreamEntryID(0), false);
        readAsConsumer("orders", "billing");
        LATER.schedule(() -> redis.newJedis().xack("orders", "billing", new StreamEntryID(id)), 200,
                TimeUnit.MILLISECONDS);
        assertThat(redis).group("orders", "billing").hasAcknowledged(id).hasNoPendingEntries();
    }

    @Test
    void anEntryNotAcknowledgedFailsShowingThePendingList() {
        String id = add("orders", Map.of("payload", "x"));
        redis.admin().xgroupCreate("orders", "billing", new StreamEntryID(0), false);
        readAsConsumer("orders", "billing");
        assertThatThrownBy(() -> assertThat(redis).within(Duration.ofMillis(200)).group("orders", "billing")
                .hasAcknowledged(id))
                .hasMessageContaining("Expected entry " + id + " to be acknowledged, but it was delivered and is"
                        + " still pending: group 'billing' of stream 'orders': last-delivered-id " + id
                        + ", 1 consumer(s), 1 pending:")
                .hasMessageContaining(id + " consumer=c1 deliveries=1");
        assertThatThrownBy(() -> assertThat(redis).within(Duration.ZERO).group("orders", "billing")
                .hasNoPendingEntries())
                .hasMessageContaining("Expected 0 pending entries in group 'billing' of stream 'orders'")
                .hasMessageContaining("consumer=c1");
    }

    @Test
    void anEntryNeverDeliveredSaysSo() {
        String id = add("orders", Map.of("payload", "x"));
        redis.admin().xgroupCreate("orders", "billing", new StreamEntryID(0), false);
        assertThatThrownBy(() -> assertThat(redis).within(Duration.ZERO).group("orders", "billing")
                .hasAcknowledged(id))
                .hasMessageContaining("it was never delivered: group 'billing' of stream 'orders': last-delivered-id"
                        + " 0-0, 0 consumer(s), 0 pending");
    }

    @Test
    void aMissingGroupIsNamedInTheFailure() {
        add("orders", Map.of("payload", "x"));
        assertThatThrownBy(() -> assertThat(redis).within(Duration.ZERO).group("orders", "nobody")
                .hasNoPendingEntries())
                .hasMessageContaining("group 'nobody' of stream 'orders' does not exist (stream 'orders' holds 1"
                        + " entry:");
    }

    @Test
    void deadLetterWithReason() {
        add("orders:dlq", Map.of("payload", "x", "error", "java.lang.IllegalArgumentException: negative amount"));
        assertThat(redis).stream("orders:dlq").hasDeadLetterWithReason("negative amount");
        assertThatThrownBy(() -> assertThat(redis).within(Duration.ZERO).stream("orders:dlq")
                .hasDeadLetterWithReason("timeout"))
                .hasMessageContaining("Expected dead-letter stream 'orders:dlq' to hold an entry whose error contains"
                        + " 'timeout', but stream 'orders:dlq' holds 1 entry:")
                .hasMessageContaining("error=java.lang.IllegalArgumentException: negative amount");
    }

    @Test
    void noRedstreamsClientsWaitsForThemToLeave() {
        Jedis library = redis.instance().newJedis("redstreams-worker");
        library.ping();
        assertThatThrownBy(() -> assertThat(redis).within(Duration.ofMillis(100)).hasNoRedstreamsClients())
                .hasMessageContaining("Expected no client whose name starts with 'redstreams', but connected clients"
                        + " with a name: [")
                .hasMessageContaining("redstreams-worker");
        LATER.schedule(library::close, 200, TimeUnit.MILLISECONDS);
        assertThat(redis).hasNoRedstreamsClients();
    }
}
