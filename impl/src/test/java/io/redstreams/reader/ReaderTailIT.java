package io.redstreams.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.PayloadMappingException;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamReader;
import io.redstreams.StreamTail;
import io.redstreams.TailOptions;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;
import redis.clients.jedis.Protocol;

/**
 * Tails ({@code XREAD BLOCK}, no group): from now and from an id, entries that cannot be mapped, a close that ends a
 * blocked read at once, a killed connection, and the application's shutdown closing open tails.
 */
class ReaderTailIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    private WeldApp app;
    private StreamReader reader;
    private StreamProducer producer;

    @BeforeEach
    void start() {
        redis.flushAll();
        app = WeldApp.start(WeldApp.defaults(redis), Readers.Replay.class);
        reader = app.bean(Readers.Replay.class).reader();
        producer = app.producer();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private List<String> send(String stream, int n, int from) {
        return IntStream.range(from, from + n).mapToObj(i -> producer.send(stream, new Trade(i, "T" + i))).toList();
    }

    /** Polls until {@code n} entries came, as a user would, failing after 10 s. */
    private static <T> List<StreamMessage<T>> pollUntil(StreamTail<T> tail, int n) {
        List<StreamMessage<T>> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.size() < n && System.nanoTime() < deadline) {
            got.addAll(tail.poll(Duration.ofMillis(500)));
        }
        return got;
    }

    @Test
    void aTailFromNowSeesOnlyWhatIsAddedAfterItOpened() {
        List<String> old = send("orders", 3, 0);
        try (StreamTail<Trade> tail = reader.tail("orders", TailOptions.fromNow(), Trade.class)) {
            assertThat(tail.lastId()).isEqualTo(old.get(2));
            assertThat(tail.poll(Duration.ZERO)).isEmpty();
            List<String> fresh = send("orders", 3, 3);
            List<StreamMessage<Trade>> got = pollUntil(tail, 3);
            assertThat(got.stream().map(StreamMessage::id).toList()).isEqualTo(fresh);
            assertThat(got.get(0).payload()).isEqualTo(new Trade(3, "T3"));
            assertThat(tail.lastId()).isEqualTo(fresh.get(2));
            assertThat(redis.admin().xinfoStream("orders").getGroups()).isZero(); // no group was made
        }
        // on a stream that does not exist yet, "now" is its beginning
        try (StreamTail<Trade> tail = reader.tail("later", TailOptions.fromNow(), Trade.class)) {
            List<String> fresh = send("later", 2, 0);
            assertThat(pollUntil(tail, 2).stream().map(StreamMessage::id).toList()).isEqualTo(fresh);
        }
    }

    @Test
    void aTailFromAnIdReadsTheRestThenWaitsForNewEntriesAndShowsUnmappedOnes() throws Exception {
        List<String> ids = send("orders", 10, 0);
        try (StreamTail<Trade> tail = reader.tail("orders", TailOptions.after(ids.get(4)).count(2), Trade.class)) {
            List<String> read = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                read.add(tail.next().id());
            }
            assertThat(read).isEqualTo(ids.subList(5, 10));
            // the test thread blocks in next() while another thread adds: a good, a bad, a good entry
            CompletableFuture<List<String>> later = CompletableFuture.supplyAsync(() -> {
                await().until(() -> redis.clientNames().contains("redstreams-tail") && blockedTails().size() == 1);
                List<String> added = new ArrayList<>(send("orders", 1, 10));
                producer.send("orders", "not json");
                added.add(null);
                added.addAll(send("orders", 1, 12));
                return added;
            });
            StreamMessage<Trade> good = tail.next();
            StreamMessage<Trade> bad = tail.next();
            StreamMessage<Trade> goodAgain = tail.next();
            List<String> added = later.get(10, TimeUnit.SECONDS);
            assertThat(good.id()).isEqualTo(added.get(0));
            assertThat(bad.mappingFailure()).isPresent();
            assertThatThrownBy(bad::payload).isInstanceOf(PayloadMappingException.class)
                    .hasMessageContaining(bad.id());
            assertThat(goodAgain.id()).isEqualTo(added.get(2));
            assertThat(goodAgain.payload()).isEqualTo(new Trade(12, "T12"));
        }
    }

    @Test
    void closeEndsABlockedReadAtOnce() throws Exception {
        StreamTail<Trade> tail = reader.tail("quiet", TailOptions.fromNow().block(TailOptions.MAX_BLOCK), Trade.class);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(tail::hasNext);
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedTails().size() == 1);
        long start = System.nanoTime();
        tail.close();
        boolean hasNext = waiting.get(10, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println("ReaderTailIT close: a read blocked for up to 30 s ended " + ms + " ms after close()");
        assertThat(hasNext).isFalse();
        assertThat(ms).isLessThan(2000);
        assertThat(tail.isClosed()).isTrue();
        assertThat(tail.poll(Duration.ofSeconds(5))).isEmpty();
        assertThat(blockedTails()).isEmpty();
    }

    @Test
    void aKilledConnectionIsReplacedAndNothingIsSkippedOrRepeated() {
        try (StreamTail<Trade> tail = reader.tail("orders", TailOptions.fromStart(), Trade.class)) {
            List<String> first = send("orders", 5, 0);
            assertThat(pollUntil(tail, 5).stream().map(StreamMessage::id).toList()).isEqualTo(first);
            assertThat(tailClientIds()).hasSize(1);
            for (String id : tailClientIds()) {
                redis.admin().sendCommand(Protocol.Command.CLIENT, "KILL", "ID", id);
            }
            List<String> second = send("orders", 5, 5);
            List<String> got = pollUntil(tail, 5).stream().map(StreamMessage::id).toList();
            System.out.println("ReaderTailIT kill: sent 5 after the kill, read " + got.size());
            assertThat(got).isEqualTo(second);
        }
    }

    @Test
    void theApplicationsShutdownClosesOpenTails() throws Exception {
        StreamTail<Trade> tail = reader.tail("quiet", TailOptions.fromNow().block(TailOptions.MAX_BLOCK), Trade.class);
        List<Boolean> results = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> results.add(tail.hasNext()));
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedTails().size() == 1);
        long start = System.nanoTime();
        app.close();
        waiting.get(10, TimeUnit.SECONDS);
        System.out.println("ReaderTailIT shutdown: closed in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        assertThat(results).containsExactly(false);
        assertThat(tail.isClosed()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.countClients("redstreams") == 0);
        assertThatThrownBy(() -> reader.range("quiet", "-", "+", 1, Trade.class))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void oneThreadReadsATailAtATime() throws Exception {
        try (StreamTail<Map> tail = reader.tail("quiet", TailOptions.fromNow(), Map.class)) {
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(tail::hasNext);
            await().atMost(Duration.ofSeconds(10)).until(() -> blockedTails().size() == 1);
            assertThatThrownBy(() -> tail.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another thread");
            tail.close();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isFalse();
        }
    }

    /** CLIENT LIST lines of tail connections blocked in XREAD. */
    private static List<String> blockedTails() {
        return clientLines().stream().filter(l -> l.contains(" cmd=xread") && l.contains(" flags=b")).toList();
    }

    private static List<String> tailClientIds() {
        return clientLines().stream().map(l -> l.substring(3, l.indexOf(' '))).toList();
    }

    private static List<String> clientLines() {
        return List.of(redis.admin().clientList().split("\n")).stream()
                .filter(l -> l.contains(" name=redstreams-tail ")).toList();
    }
}
