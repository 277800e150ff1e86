package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.ConsumerInfo;
import io.redstreams.DeadLetter;
import io.redstreams.GroupInfo;
import io.redstreams.PendingEntry;
import io.redstreams.PendingSummary;
import io.redstreams.ReplayResult;
import io.redstreams.StreamAdmin;
import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@code @Inject StreamAdmin} in Weld SE against groups, consumers, pending entries and dead letters that real
 * consumers created; replay of dead letters back to a consumer that then handles them.
 */
class StreamAdminIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    /** Holds every entry it gets: each delivery fails and waits ten minutes for its retry (retry forever). */
    @ApplicationScoped
    public static class Holder {
        void on(@StreamConsumer(stream = "adm", group = "slow", consumer = "holder", maxDeliveries = 0) Order order) {
            throw new IllegalStateException("not now");
        }
    }

    @ApplicationScoped
    public static class Fast {
        final List<Long> handled = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "adm", group = "fast", consumer = "quick") Order order) {
            handled.add(order.id());
        }

        List<Long> handled() {
            return handled;
        }
    }

    /** An application bean that injects the admin view, as an operator's endpoint would. */
    @ApplicationScoped
    public static class Operator {
        @Inject
        StreamAdmin admin;

        StreamAdmin admin() {
            return admin;
        }
    }

    private static Map<String, String> holdingConfig() {
        Map<String, String> config = WeldApp.defaults(redis);
        config.put("redstreams.consumer.retry-initial-backoff-ms", "600000");
        config.put("redstreams.consumer.retry-max-backoff-ms", "600000");
        return config;
    }

    @Test
    void groupsConsumersAndPendingShowWhatRealConsumersHold() {
        try (WeldApp app = WeldApp.start(holdingConfig(), Holder.class, Fast.class, Operator.class)) {
            StreamAdmin admin = app.bean(Operator.class).admin();
            List<String> sent = new ArrayList<>();
            for (long i = 1; i <= 5; i++) {
                sent.add(app.producer().send("adm", new Order(i, i)));
            }
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(app.bean(Fast.class).handled()).hasSize(5);
                assertThat(redis.admin().xpending("adm", "slow").getTotal()).isEqualTo(5);
                assertThat(redis.admin().xpending("adm", "fast").getTotal()).isZero();
            });

            List<GroupInfo> groups = admin.groups("adm");
            assertThat(groups).extracting(GroupInfo::name).containsExactlyInAnyOrder("slow", "fast");
            GroupInfo slow = groups.stream().filter(g -> g.name().equals("slow")).findFirst().orElseThrow();
            GroupInfo fast = groups.stream().filter(g -> g.name().equals("fast")).findFirst().orElseThrow();
            assertThat(slow.consumers()).isEqualTo(1);
            assertThat(slow.pending()).isEqualTo(5);
            assertThat(slow.lag()).isZero();
            assertThat(slow.lastDeliveredId()).isEqualTo(sent.get(4));
            assertThat(fast.pending()).isZero();
            assertThat(fast.lag()).isZero();
            assertThat(fast.lastDeliveredId()).isEqualTo(sent.get(4));
            assertThat(fast.entriesRead()).isEqualTo(5);

            List<ConsumerInfo> consumers = admin.consumers("adm", "slow");
            assertThat(consumers).hasSize(1);
            assertThat(consumers.get(0).name()).isEqualTo("holder");
            assertThat(consumers.get(0).pending()).isEqualTo(5);
            assertThat(consumers.get(0).idle()).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(admin.consumers("adm", "fast")).extracting(ConsumerInfo::name, ConsumerInfo::pending)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("quick", 0L));

            PendingSummary summary = admin.pendingSummary("adm", "slow");
            assertThat(summary.count()).isEqualTo(5);
            assertThat(summary.lowestId()).isEqualTo(sent.get(0));
            assertThat(summary.highestId()).isEqualTo(sent.get(4));
            assertThat(summary.perConsumer()).containsExactly(Map.entry("holder", 5L));
            assertThat(admin.pendingSummary("adm", "fast").count()).isZero();
            assertThat(admin.pendingSummary("adm", "fast").lowestId()).isNull();

            List<PendingEntry> pending = admin.pending("adm", "slow", 10);
            assertThat(pending).extracting(PendingEntry::id).containsExactlyElementsOf(sent);
            assertThat(pending).allSatisfy(p -> {
                assertThat(p.consumer()).isEqualTo("holder");
                assertThat(p.deliveries()).isEqualTo(1);
                assertThat(p.idle()).isGreaterThanOrEqualTo(Duration.ZERO);
            });
            // a range and a count, and one consumer's entries; ( pages on after the last id seen
            assertThat(admin.pending("adm", "slow", sent.get(1), "+", 2)).extracting(PendingEntry::id)
                    .containsExactly(sent.get(1), sent.get(2));
            assertThat(admin.pending("adm", "slow", "(" + sent.get(2), "+", 10)).extracting(PendingEntry::id)
                    .containsExactly(sent.get(3), sent.get(4));
            assertThat(admin.pending("adm", "slow", "holder", "-", "+", 10)).hasSize(5);
            assertThat(admin.pending("adm", "slow", "nobody", "-", "+", 10)).isEmpty();

            // absent things are empty answers, not errors
            assertThat(admin.groups("no-such-stream")).isEmpty();
            assertThat(admin.consumers("adm", "no-such-group")).isEmpty();
            assertThat(admin.consumers("no-such-stream", "g")).isEmpty();
            assertThat(admin.pending("adm", "no-such-group", 10)).isEmpty();
            assertThat(admin.pendingSummary("no-such-stream", "g").count()).isZero();
            assertThat(admin.deadLetters("adm:dlq", 10)).isEmpty();
            // a key of another type is an error naming the command
            redis.admin().set("a-string", "x");
            assertThatThrownBy(() -> admin.groups("a-string")).hasMessageContaining("XINFO GROUPS")
                    .hasMessageContaining("WRONGTYPE");
            assertThatThrownBy(() -> admin.pending("adm", "slow", 0)).isInstanceOf(IllegalArgumentException.class);
            // range bounds follow the same rule as every id (each part below 2^64), checked before Redis sees them
            assertThatThrownBy(() -> admin.pending("adm", "slow", "18446744073709551616-0", "+", 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a stream id bound");
            assertThatThrownBy(() -> admin.deadLetters("adm:dlq", "-", "abc", 10))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'abc'");
            assertThat(admin.pending("adm", "slow", "(18446744073709551615-0", "+", 10)).isEmpty();
        }
    }

    @Test
    void lagIsANumberWhenRedisKnowsItAndNullWhenItCannotTell() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Operator.class)) {
            StreamAdmin admin = app.bean(Operator.class).admin();
            Jedis jedis = redis.admin();
            List<StreamEntryID> ids = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                ids.add(jedis.xadd("lagging", StreamEntryID.NEW_ENTRY, Map.of("payload", "p" + i)));
            }
            jedis.xgroupCreate("lagging", "behind", new StreamEntryID(0, 0), false);
            assertThat(admin.groups("lagging")).singleElement().satisfies(g -> {
                assertThat(g.lag()).isEqualTo(5);
                assertThat(g.lastDeliveredId()).isEqualTo("0-0");
            });
            // an entry deleted after the group's position: Redis 7.0 can no longer count what is left to read
            jedis.xdel("lagging", ids.get(2));
            GroupInfo blind = admin.groups("lagging").get(0);
            System.out.println("lag after an XDEL behind the group's position: " + blind);
            assertThat(blind.lag()).isNull();
            assertThat(blind.entriesRead()).isNull();
        }
    }

    /** Fails the orders named in {@link #failWith} (one failed delivery dead-letters them); records the rest. */
    @ApplicationScoped
    public static class Picky {
        final Map<Long, String> failWith = new ConcurrentHashMap<>();
        final List<StreamMessage<Order>> handled = new CopyOnWriteArrayList<>();

        void on(@StreamConsumer(stream = "pay", group = "g", maxDeliveries = 1) StreamMessage<Order> m) {
            long id = m.payload().id();
            String kind = failWith.get(id);
            if ("state".equals(kind)) {
                throw new IllegalStateException("order " + id + " refused");
            }
            if ("unsupported".equals(kind)) {
                throw new UnsupportedOperationException("order " + id + " not supported");
            }
            handled.add(m);
        }

        Map<Long, String> failWith() {
            return failWith;
        }

        List<StreamMessage<Order>> handled() {
            return handled;
        }

        List<Long> handledIds() {
            return handled.stream().map(m -> m.payload().id()).toList();
        }
    }

    /** Sends orders 1..n (order i with header {@code n=i}); returns their ids; awaits the dead letters. */
    private static List<String> sendAndAwaitDeadLetters(WeldApp app, int n, int expectedDead) {
        List<String> ids = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            ids.add(app.producer().send("pay", new Order(i, i), Map.of("n", Long.toString(i))));
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(redis.admin().xlen("pay:dlq")).isEqualTo(expectedDead);
            assertThat(redis.admin().xpending("pay", "g").getTotal()).isZero();
        });
        return ids;
    }

    @Test
    void deadLettersCarryTheReasonTheSourceAndTheOriginalFields() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Picky.class, Operator.class)) {
            Picky picky = app.bean(Picky.class);
            picky.failWith().put(2L, "state");
            picky.failWith().put(3L, "unsupported");
            List<String> ids = sendAndAwaitDeadLetters(app, 4, 2);
            StreamAdmin admin = app.bean(Operator.class).admin();

            List<DeadLetter> letters = admin.deadLetters("pay:dlq", 10);
            assertThat(letters).hasSize(2);
            DeadLetter first = letters.get(0);
            assertThat(first.reason()).isEqualTo("java.lang.IllegalStateException: order 2 refused");
            assertThat(first.sourceStream()).isEqualTo("pay");
            assertThat(first.sourceId()).isEqualTo(ids.get(1));
            assertThat(first.group()).isEqualTo("g");
            assertThat(first.deliveries()).isEqualTo(1);
            assertThat(first.replays()).isZero();
            assertThat(first.replayable()).isTrue();
            assertThat(first.fields()).containsExactly(Map.entry("payload", "{\"amount\":2.0,\"id\":2}"),
                    Map.entry("type", "order"), Map.entry("n", "2"));
            assertThat(first.payload()).isEqualTo("{\"amount\":2.0,\"id\":2}");
            assertThat(letters.get(1).reason())
                    .isEqualTo("java.lang.UnsupportedOperationException: order 3 not supported");
            // a range: from the second one on
            assertThat(admin.deadLetters("pay:dlq", "(" + first.id(), "+", 10)).extracting(DeadLetter::sourceId)
                    .containsExactly(ids.get(2));
        }
    }

    @Test
    void replayAllAppendsCopiesThatTheConsumerThenHandles() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Picky.class, Operator.class)) {
            Picky picky = app.bean(Picky.class);
            picky.failWith().put(2L, "state");
            picky.failWith().put(4L, "unsupported");
            List<String> ids = sendAndAwaitDeadLetters(app, 5, 2);
            Map<String, String> deadIdBySource = new ConcurrentHashMap<>();
            StreamAdmin admin = app.bean(Operator.class).admin();
            admin.deadLetters("pay:dlq", 10).forEach(d -> deadIdBySource.put(d.sourceId(), d.id()));

            picky.failWith().clear(); // the bug is fixed
            ReplayResult result = admin.replayAll("pay:dlq");

            System.out.println("replayAll: replayed " + result.replayed().size() + ", failed " + result.failed().size()
                    + ", stopped " + result.stoppedEarly());
            assertThat(result.complete()).isTrue();
            assertThat(result.replayed()).extracting(ReplayResult.Replayed::deadLetterId)
                    .containsExactly(deadIdBySource.get(ids.get(1)), deadIdBySource.get(ids.get(3)));
            assertThat(result.replayed()).allSatisfy(r -> assertThat(r.sourceStream()).isEqualTo("pay"));
            assertThat(redis.admin().xlen("pay:dlq")).isZero();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(picky.handledIds()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L));
            System.out.println("replayAll: handled " + picky.handled().size() + " of 5 sent, dead-lettered 2, lost "
                    + (5 - picky.handledIds().stream().distinct().count()));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("pay", "g").getTotal()).isZero());

            StreamMessage<Order> replayed2 = picky.handled().stream().filter(m -> m.payload().id() == 2)
                    .findFirst().orElseThrow();
            assertThat(replayed2.id()).isEqualTo(result.replayed().get(0).newId());
            assertThat(replayed2.headers()).containsExactly(Map.entry("n", "2"), Map.entry("redstreams-replayed", "1"),
                    Map.entry("redstreams-original-id", ids.get(1)));
            assertThat(replayed2.deliveryCount()).isEqualTo(1);
            // the copy in the stream: the original fields in order, then the two replay fields, no bookkeeping
            StreamEntry copy = redis.admin().xrange("pay", new StreamEntryID(replayed2.id()),
                    new StreamEntryID(replayed2.id())).get(0);
            assertThat(copy.getFields()).containsOnlyKeys("payload", "type", "n", "redstreams-replayed",
                    "redstreams-original-id");
        }
    }

    @Test
    void replayByIdReplaysOnlyThoseAndReportsUnknownIds() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Picky.class, Operator.class)) {
            Picky picky = app.bean(Picky.class);
            picky.failWith().put(1L, "state");
            picky.failWith().put(2L, "state");
            picky.failWith().put(3L, "state");
            sendAndAwaitDeadLetters(app, 3, 3);
            StreamAdmin admin = app.bean(Operator.class).admin();
            List<DeadLetter> letters = admin.deadLetters("pay:dlq", 10);
            picky.failWith().clear();

            ReplayResult result = admin.replay("pay:dlq", List.of(letters.get(1).id(), "1-1"));

            assertThat(result.replayed()).extracting(ReplayResult.Replayed::deadLetterId)
                    .containsExactly(letters.get(1).id());
            assertThat(result.failed()).singleElement().satisfies(f -> {
                assertThat(f.deadLetterId()).isEqualTo("1-1");
                assertThat(f.appendedId()).isNull();
                assertThat(f.reason()).contains("no such dead letter");
            });
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(picky.handledIds()).containsExactly(2L));
            assertThat(admin.deadLetters("pay:dlq", 10)).extracting(DeadLetter::id)
                    .containsExactly(letters.get(0).id(), letters.get(2).id());
            assertThatThrownBy(() -> admin.replay("pay:dlq", List.of("not-an-id")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-id");
        }
    }

    @Test
    void replayByReasonReplaysOnlyTheMatchingOnes() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Picky.class, Operator.class)) {
            Picky picky = app.bean(Picky.class);
            picky.failWith().put(1L, "state");
            picky.failWith().put(2L, "unsupported");
            picky.failWith().put(3L, "state");
            picky.failWith().put(4L, "unsupported");
            sendAndAwaitDeadLetters(app, 4, 4);
            StreamAdmin admin = app.bean(Operator.class).admin();
            picky.failWith().clear();

            ReplayResult result = admin.replayWhereReason("pay:dlq",
                    java.util.regex.Pattern.compile("^java\\.lang\\.Unsupported").asPredicate());

            assertThat(result.replayed()).hasSize(2);
            assertThat(result.failed()).isEmpty();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(picky.handledIds()).containsExactlyInAnyOrder(2L, 4L));
            assertThat(admin.deadLetters("pay:dlq", 10)).extracting(DeadLetter::reason).allSatisfy(r ->
                    assertThat(r).startsWith("java.lang.IllegalStateException"));

            // a filter that throws: that dead letter is listed and stays, the others go on
            ReplayResult partly = admin.replayIf("pay:dlq", d -> {
                if (d.fields().get("n").equals("1")) {
                    throw new IllegalArgumentException("filter bug");
                }
                return true;
            });
            assertThat(partly.replayed()).hasSize(1);
            assertThat(partly.failed()).singleElement().satisfies(f ->
                    assertThat(f.reason()).contains("filter threw java.lang.IllegalArgumentException: filter bug"));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(picky.handledIds()).containsExactlyInAnyOrder(2L, 4L, 3L));
            assertThat(admin.deadLetters("pay:dlq", 10)).extracting(DeadLetter::payload)
                    .containsExactly("{\"amount\":1.0,\"id\":1}");
        }
    }

    @Test
    void theReplayCountGrowsWithEachReplay() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Picky.class, Operator.class)) {
            Picky picky = app.bean(Picky.class);
            picky.failWith().put(1L, "state");
            List<String> ids = sendAndAwaitDeadLetters(app, 1, 1);
            StreamAdmin admin = app.bean(Operator.class).admin();

            // replayed while still broken: it fails again and comes back as a dead letter that remembers the replay
            assertThat(admin.replayAll("pay:dlq").replayed()).hasSize(1);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(admin.deadLetters("pay:dlq", 10)).singleElement()
                            .satisfies(d -> assertThat(d.replays()).isEqualTo(1)));
            DeadLetter again = admin.deadLetters("pay:dlq", 10).get(0);
            assertThat(again.fields()).containsEntry("redstreams-replayed", "1")
                    .containsEntry("redstreams-original-id", ids.get(0));

            picky.failWith().clear();
            ReplayResult second = admin.replay("pay:dlq", List.of(again.id()));
            assertThat(second.complete()).isTrue();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(picky.handled()).hasSize(1));
            StreamMessage<Order> handled = picky.handled().get(0);
            assertThat(handled.headers()).containsEntry("redstreams-replayed", "2")
                    .containsEntry("redstreams-original-id", ids.get(0));
            // one replay header, not one per replay: payload, type, n, redstreams-original-id, redstreams-replayed
            List<?> reply = (List<?>) redis.admin().sendCommand(Protocol.Command.XRANGE, bytes("pay"),
                    bytes(handled.id()), bytes(handled.id()));
            assertThat((List<?>) ((List<?>) reply.get(0)).get(1)).hasSize(10);
            assertThat(redis.admin().xlen("pay:dlq")).isZero();
        }
    }

    @Test
    void aReplayWhoseAppendFailsLeavesTheDeadLetterInPlace() {
        List<String> deadIds;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Picky.class)) {
            app.bean(Picky.class).failWith().put(1L, "state");
            app.bean(Picky.class).failWith().put(2L, "state");
            sendAndAwaitDeadLetters(app, 2, 2);
        }
        Jedis jedis = redis.admin();
        deadIds = jedis.xrange("pay:dlq", (StreamEntryID) null, (StreamEntryID) null).stream()
                .map(e -> e.getID().toString()).toList();
        jedis.del("pay");
        jedis.set("pay", "not a stream any more");
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Operator.class)) {
            StreamAdmin admin = app.bean(Operator.class).admin();
            ReplayResult result = admin.replayAll("pay:dlq");
            System.out.println("replay to a wrong-type key: replayed " + result.replayed().size() + ", failed "
                    + result.failed().size());
            assertThat(result.replayed()).isEmpty();
            assertThat(result.stoppedEarly()).isNull();
            assertThat(result.failed()).extracting(ReplayResult.Failure::deadLetterId)
                    .containsExactlyElementsOf(deadIds);
            assertThat(result.failed()).allSatisfy(f -> {
                assertThat(f.appendedId()).isNull();
                assertThat(f.reason()).contains("WRONGTYPE").contains("the dead letter stays");
            });
            assertThat(admin.deadLetters("pay:dlq", 10)).extracting(DeadLetter::id).containsExactlyElementsOf(deadIds);

            // once the source is a stream again, the same dead letters replay: nothing was lost
            jedis.del("pay");
            assertThat(admin.replayAll("pay:dlq").replayed()).hasSize(2);
            assertThat(jedis.xlen("pay")).isEqualTo(2);
            assertThat(jedis.xlen("pay:dlq")).isZero();
        }
    }

    @Test
    void deleteEmptyConsumersDeletesOnlyConsumersThatHoldNothing() {
        try (WeldApp app = WeldApp.start(holdingConfig(), Holder.class, Operator.class)) {
            for (long i = 1; i <= 3; i++) {
                app.producer().send("adm", new Order(i, i));
            }
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(redis.admin().xpending("adm", "slow").getTotal()).isEqualTo(3));
            Jedis jedis = redis.admin();
            jedis.xgroupCreateConsumer("adm", "slow", "gone-1");
            jedis.xgroupCreateConsumer("adm", "slow", "gone-2");
            StreamAdmin admin = app.bean(Operator.class).admin();

            assertThat(admin.deleteEmptyConsumers("adm", "slow", Duration.ofHours(1))).isEmpty();
            List<String> deleted = admin.deleteEmptyConsumers("adm", "slow", Duration.ZERO);

            assertThat(deleted).containsExactlyInAnyOrder("gone-1", "gone-2");
            assertThat(admin.consumers("adm", "slow")).extracting(ConsumerInfo::name, ConsumerInfo::pending)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("holder", 3L));
            assertThat(redis.admin().xpending("adm", "slow").getTotal()).isEqualTo(3);
            assertThat(admin.deleteEmptyConsumers("adm", "no-such-group", Duration.ZERO)).isEmpty();
            assertThat(admin.deleteEmptyConsumers("no-such-stream", "g", Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void theAdminIsClosedWithTheApplication() {
        StreamAdmin admin;
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Operator.class)) {
            admin = app.bean(Operator.class).admin();
            assertThat(admin.groups("nothing")).isEmpty();
            assertThat(redis.clientNames()).contains("redstreams-admin");
        }
        assertThat(redis.countClients("redstreams")).isZero();
        assertThatThrownBy(() -> admin.groups("nothing")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void aReplayedCopyKeepsTheOriginalFieldsByteForByte() {
        byte[] oddName = {(byte) 0xff, 'x'};
        byte[] oddValue = {0, (byte) 0xfe};
        List<byte[]> original = List.of(bytes("payload"), bytes("{not json"), oddName, oddValue, bytes("error"),
                bytes("the application's own"), bytes("empty"), new byte[0], oddName, bytes("repeated"));
        Jedis jedis = redis.admin();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Picky.class)) {
            List<byte[]> args = new ArrayList<>(List.of(bytes("pay"), bytes("*")));
            args.addAll(original);
            jedis.sendCommand(Protocol.Command.XADD, args.toArray(new byte[0][]));
            // undecodable: dead-lettered at once by the real consumer
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(jedis.xlen("pay:dlq")).isEqualTo(1);
                assertThat(jedis.xpending("pay", "g").getTotal()).isZero();
            });
        }
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), Operator.class)) {
            StreamAdmin admin = app.bean(Operator.class).admin();
            DeadLetter letter = admin.deadLetters("pay:dlq", 1).get(0);
            assertThat(letter.reason()).startsWith("undecodable payload");
            assertThat(letter.rawFields()).containsExactlyElementsOf(original);

            ReplayResult result = admin.replayAll("pay:dlq");

            String newId = result.replayed().get(0).newId();
            List<?> reply = (List<?>) jedis.sendCommand(Protocol.Command.XRANGE, bytes("pay"), bytes(newId),
                    bytes(newId));
            @SuppressWarnings("unchecked")
            List<Object> copyFields = (List<Object>) ((List<?>) reply.get(0)).get(1);
            List<byte[]> expected = new ArrayList<>(original);
            expected.addAll(List.of(bytes("redstreams-replayed"), bytes("1"), bytes("redstreams-original-id"),
                    bytes(letter.sourceId())));
            assertThat(copyFields).containsExactlyElementsOf(new ArrayList<Object>(expected));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
