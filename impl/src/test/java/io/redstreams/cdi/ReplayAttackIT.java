package io.redstreams.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.ReplayResult;
import io.redstreams.StreamAdmin;
import io.redstreams.testsupport.RedisExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A hostile operator's replays: malformed ids, dead letters whose source is missing, deleted or of another type,
 * letters another client wrote, a dead-letter stream of many pages, a throwing filter, two replays at once. The rule
 * checked every time: a dead letter leaves its stream only after its copy was appended (lost = 0).
 */
class ReplayAttackIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    /** Writes a dead letter as the consumer does: original fields, then the five bookkeeping fields. */
    static StreamEntryID dead(Jedis jedis, String dlq, String source, long n) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("payload", "{\"id\":" + n + "}");
        fields.put("n", Long.toString(n));
        fields.put("error", "java.lang.IllegalStateException: refused " + n);
        fields.put("source-stream", source);
        fields.put("source-id", n + "-0");
        fields.put("group", "g");
        fields.put("deliveries", "3");
        return jedis.xadd(dlq, StreamEntryID.NEW_ENTRY, fields);
    }

    /** The original ids (redstreams-original-id) of every entry of these streams. */
    static List<String> copies(Jedis jedis, String... streams) {
        List<String> ids = new ArrayList<>();
        for (String stream : streams) {
            if (!"stream".equals(jedis.type(stream))) {
                continue;
            }
            for (StreamEntry e : jedis.xrange(stream, (StreamEntryID) null, (StreamEntryID) null)) {
                String original = e.getFields().get("redstreams-original-id");
                ids.add(original != null ? original : e.getFields().get("source-id"));
            }
        }
        return ids;
    }

    @Test
    void replayByIdRefusesMalformedIdsAndOneBadIdDoesNotStopTheOthers() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), StreamAdminIT.Operator.class)) {
            StreamAdmin admin = app.bean(StreamAdminIT.Operator.class).admin();
            Jedis jedis = redis.admin();
            String letter = dead(jedis, "x:dlq", "x", 1).toString();
            for (String bad : Arrays.asList("abc", "", "-", "+", "1-", "-1", "(1-0", null)) {
                assertThatThrownBy(() -> admin.replay("x:dlq", Arrays.asList(bad)))
                        .as("id %s", bad).isInstanceOf(IllegalArgumentException.class);
            }
            // 0-0 is a well-formed id that no entry can have: a failure for that id, not a stop
            ReplayResult zero = admin.replay("x:dlq", List.of("0-0", "5-5"));
            assertThat(zero.failed()).hasSize(2);
            assertThat(zero.stoppedEarly()).isNull();

            // digits only, but past what Redis takes (2^64): Redis answers "Invalid stream ID"
            String overflow = "99999999999999999999-0";
            ReplayResult result;
            try {
                result = admin.replay("x:dlq", List.of(overflow, letter));
            } catch (IllegalArgumentException refused) {
                System.out.println("overflowing id refused: " + refused.getMessage());
                result = admin.replay("x:dlq", List.of(letter));
            }
            System.out.println("replay by id after an overflowing id: replayed " + result.replayed().size()
                    + ", failed " + result.failed() + ", stopped early: " + result.stoppedEarly());
            assertThat(result.replayed()).as("the valid id after a malformed one").hasSize(1);
            assertThat(result.stoppedEarly()).isNull();
            assertThat(copies(jedis, "x")).containsExactly("1-0");
            assertThat(jedis.xlen("x:dlq")).isZero();
        }
    }

    @Test
    void manyPagesWithMissingDeletedWrongTypeAndForeignSourcesAndAThrowingFilterLoseNothing() {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), StreamAdminIT.Operator.class)) {
            StreamAdmin admin = app.bean(StreamAdminIT.Operator.class).admin();
            Jedis jedis = redis.admin();
            jedis.set("str", "a string key");
            jedis.xadd("deleted", StreamEntryID.NEW_ENTRY, Map.of("k", "v"));
            jedis.del("deleted");
            int total = 1050; // 11 pages of 100
            Set<String> wrongType = new HashSet<>();
            Set<String> foreign = new HashSet<>();
            Set<String> good = new HashSet<>();
            Map<String, Long> nById = new HashMap<>();
            for (long n = 1; n <= total; n++) {
                String id;
                if (n % 11 == 0) {
                    id = jedis.xadd("big:dlq", StreamEntryID.NEW_ENTRY, Map.of("foreign", "x" + n)).toString();
                    foreign.add(id);
                } else if (n % 7 == 0) {
                    id = dead(jedis, "big:dlq", "str", n).toString();
                    wrongType.add(id);
                } else {
                    id = dead(jedis, "big:dlq", n % 2 == 0 ? "missing" : "deleted", n).toString();
                    good.add(n + "-0");
                }
                nById.put(id, n);
            }
            Set<String> threw = new HashSet<>();
            ReplayResult first = admin.replayIf("big:dlq", letter -> {
                if (nById.get(letter.id()) % 13 == 0) {
                    threw.add(letter.id());
                    throw new IllegalStateException("filter bug");
                }
                return true;
            });
            ReplayResult second = admin.replayAll("big:dlq");
            List<String> copies = copies(jedis, "missing", "deleted");
            Set<String> distinct = new HashSet<>(copies);
            Set<String> lost = new HashSet<>(good);
            lost.removeAll(distinct);
            System.out.println("paged replay of " + total + " letters: first replayed " + first.replayed().size()
                    + ", failed " + first.failed().size() + " (filter threw " + threw.size() + "); second replayed "
                    + second.replayed().size() + ", failed " + second.failed().size() + "; copies " + copies.size()
                    + ", distinct " + distinct.size() + ", expected " + good.size() + ", lost " + lost.size()
                    + ", duplicates " + (copies.size() - distinct.size()) + ", left in dlq " + jedis.xlen("big:dlq"));
            assertThat(first.stoppedEarly()).isNull();
            assertThat(second.stoppedEarly()).isNull();
            assertThat(lost).isEmpty();
            assertThat(copies).hasSize(distinct.size());
            assertThat(distinct).isEqualTo(good);
            assertThat(jedis.xlen("big:dlq")).isEqualTo(wrongType.size() + foreign.size());
            assertThat(second.failed()).hasSize(wrongType.size() + foreign.size());
            assertThat(second.failed()).filteredOn(f -> wrongType.contains(f.deadLetterId()))
                    .allSatisfy(f -> assertThat(f.reason()).contains("WRONGTYPE").contains("the dead letter stays"));
            assertThat(jedis.get("str")).isEqualTo("a string key");
        }
    }

    @Test
    void twoReplaysOfTheSameStreamAtOnceLoseNothing() throws Exception {
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis), StreamAdminIT.Operator.class)) {
            StreamAdmin admin = app.bean(StreamAdminIT.Operator.class).admin();
            Jedis jedis = redis.admin();
            int total = 2000;
            for (long n = 1; n <= total; n++) {
                dead(jedis, "c:dlq", "c", n);
            }
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<ReplayResult> a = CompletableFuture.supplyAsync(() -> {
                await(go);
                return admin.replayAll("c:dlq");
            });
            CompletableFuture<ReplayResult> b = CompletableFuture.supplyAsync(() -> {
                await(go);
                return admin.replayAll("c:dlq");
            });
            go.countDown();
            ReplayResult ra = a.get(120, TimeUnit.SECONDS);
            ReplayResult rb = b.get(120, TimeUnit.SECONDS);
            List<String> copies = copies(jedis, "c");
            Set<String> distinct = new HashSet<>(copies);
            int reportedReplayed = ra.replayed().size() + rb.replayed().size();
            long reportedDuplicates = ra.failed().size() + rb.failed().size();
            System.out.println("two replays at once of " + total + ": A replayed " + ra.replayed().size() + " failed "
                    + ra.failed().size() + ", B replayed " + rb.replayed().size() + " failed " + rb.failed().size()
                    + "; copies " + copies.size() + ", distinct " + distinct.size() + ", lost "
                    + (total - distinct.size()) + ", duplicates " + (copies.size() - distinct.size())
                    + ", left in dlq " + jedis.xlen("c:dlq"));
            assertThat(distinct).as("lost").hasSize(total);
            assertThat(jedis.xlen("c:dlq")).isZero();
            // every copy appended is accounted for in the two results (replayed, or a failure naming its new id)
            assertThat(reportedReplayed + ra.failed().stream().filter(f -> f.appendedId() != null).count()
                    + rb.failed().stream().filter(f -> f.appendedId() != null).count()).isEqualTo(copies.size());
            // a copy whose dead letter the other replay already deleted is a duplicate: the result must say so
            assertThat(reportedReplayed).as("letters reported replayed (each counted once) vs duplicates reported "
                    + reportedDuplicates).isEqualTo(distinct.size());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
