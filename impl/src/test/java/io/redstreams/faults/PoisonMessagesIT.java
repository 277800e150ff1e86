package io.redstreams.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.redstreams.StreamConsumer;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.StreamEntryID;

/**
 * Scenario 4, poison and undecodable messages mixed into a stream of good ones: bad JSON, the wrong shape, an
 * empty payload, no {@code payload} field at all, and good entries whose method always throws. The good ones
 * are processed exactly once each, in order of arrival, by each consumer (concurrency 1); the bad ones land in
 * the dead-letter stream with the reason; the consumers never stall.
 */
class PoisonMessagesIT {

    static final int MESSAGES = 5_000;
    static final String STREAM = "poison-parcels";

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.shared();

    static final Ledger LEDGER = new Ledger();
    static final Map<Long, String> ID_OF_SEQ = new java.util.concurrent.ConcurrentHashMap<>();
    static final List<Long> POJO_ORDER = new CopyOnWriteArrayList<>();
    static final List<Long> MESSAGE_ORDER = new CopyOnWriteArrayList<>();
    static final Map<String, AtomicLong> LAST_GOOD = Map.of("pojo", new AtomicLong(), "message", new AtomicLong());
    static final AtomicLong MAX_GAP_NANOS = new AtomicLong();

    /** Good entries whose method always throws. */
    static boolean cursed(long seq) {
        return seq % 97 == 13;
    }

    @ApplicationScoped
    public static class Consumers {
        void pojo(@StreamConsumer(stream = STREAM, group = "pojo", maxDeliveries = 3, batchSize = 20) Parcel p) {
            if (cursed(p.seq())) {
                throw new IllegalStateException("always fails for parcel " + p.seq());
            }
            // counted by id after the run: the test thread may not have recorded the id of this seq yet
            POJO_ORDER.add(p.seq());
            gap("pojo");
        }

        void message(@StreamConsumer(stream = STREAM, group = "message", maxDeliveries = 3) StreamMessage<Parcel> m) {
            if (cursed(m.payload().seq())) {
                throw new IllegalArgumentException("always fails for " + m.id());
            }
            MESSAGE_ORDER.add(m.payload().seq());
            LEDGER.handled("message", m.id());
            gap("message");
        }

        /** The longest wait between two good entries of one consumer. */
        private static void gap(String group) {
            long now = System.nanoTime();
            long last = LAST_GOOD.get(group).getAndSet(now);
            if (last != 0) {
                MAX_GAP_NANOS.accumulateAndGet(now - last, Math::max);
            }
        }
    }

    /** The bad entries, by kind: their fields. */
    static final List<Map<String, String>> BAD = List.of(
            Map.of("payload", "{not json", "type", "parcel"),
            Map.of("payload", "[1,2,3]", "type", "parcel"),
            Map.of("payload", "{\"seq\":\"abc\",\"label\":7}", "type", "parcel"),
            Map.of("payload", "", "type", "parcel"),
            Map.of("something", "else"));

    @Test
    @Timeout(120)
    void poisonGoesToTheDeadLetterStreamAndTheGoodFlowInOrder() {
        long start = System.nanoTime();
        redis.admin().del(STREAM, STREAM + ":dlq");
        List<Long> good = new ArrayList<>();
        Map<String, String> badKinds = new LinkedHashMap<>();
        Map<String, String> cursedIds = new LinkedHashMap<>();
        try (WeldApp app = WeldApp.start(WeldApp.defaults(redis.url()), Consumers.class)) {
            StreamProducer producer = app.producer();
            for (long seq = 0; seq < MESSAGES; seq++) {
                String id;
                if (seq % 10 == 5) {
                    Map<String, String> bad = BAD.get((int) (seq / 10 % BAD.size()));
                    id = redis.admin().xadd(STREAM, StreamEntryID.NEW_ENTRY, bad).toString();
                    badKinds.put(id, bad.toString());
                } else {
                    id = producer.send(STREAM, new Parcel(seq, "parcel " + seq));
                    ID_OF_SEQ.put(seq, id);
                    if (cursed(seq)) {
                        cursedIds.put(id, Long.toString(seq));
                    } else {
                        good.add(seq);
                    }
                }
                LEDGER.produced(id);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(POJO_ORDER).hasSize(good.size());
                assertThat(MESSAGE_ORDER).hasSize(good.size());
                for (String group : List.of("pojo", "message")) {
                    assertThat(Ledger.deadLetters(redis.admin(), STREAM + ":dlq", STREAM, group))
                            .hasSize(badKinds.size() + cursedIds.size());
                    assertThat(redis.admin().xpending(STREAM, group).getTotal()).isZero();
                }
            });
        }
        assertThat(POJO_ORDER).as("good ones in order of arrival, once each").containsExactlyElementsOf(good);
        POJO_ORDER.forEach(seq -> LEDGER.handled("pojo", ID_OF_SEQ.get(seq)));
        assertThat(MESSAGE_ORDER).as("good ones in order of arrival, once each").containsExactlyElementsOf(good);

        List<Ledger.Tally> tallies = new ArrayList<>();
        for (String group : List.of("pojo", "message")) {
            Map<String, String> dead = Ledger.deadLetters(redis.admin(), STREAM + ":dlq", STREAM, group);
            assertThat(dead.keySet()).containsAll(badKinds.keySet()).containsAll(cursedIds.keySet());
            badKinds.forEach((id, kind) -> {
                String reason = dead.get(id);
                assertThat(reason).as(kind).startsWith("undecodable payload: ");
                if (kind.contains("something")) {
                    assertThat(reason).contains("no 'payload' field");
                }
            });
            cursedIds.keySet().forEach(id -> assertThat(dead.get(id)).contains("always fails for"));
            Ledger.Tally t = LEDGER.tally(redis.admin(), STREAM, group);
            tallies.add(t);
            assertThat(t.lost()).isEmpty();
            assertThat(t.duplicates()).isZero();
            assertThat(t.pending()).isZero();
        }
        double maxGapMs = MAX_GAP_NANOS.get() / 1e6;
        FaultReport.print("poison-messages", tallies, start, "bad=" + badKinds.size() + " (5 kinds) always-throwing="
                + cursedIds.size() + " good=" + good.size() + " in-order=yes max-gap-between-good-ms="
                + String.format(java.util.Locale.ROOT, "%.0f", maxGapMs));
        // never stalls: a poison entry never holds the good ones back for long
        assertThat(maxGapMs).isLessThan(2000);
        assertThat(redis.countClients("redstreams")).isZero();
    }
}
