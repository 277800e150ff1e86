package io.redstreams.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.redstreams.PayloadMappingException;
import io.redstreams.ReadRange;
import io.redstreams.StreamMessage;
import io.redstreams.StreamProducer;
import io.redstreams.StreamReadException;
import io.redstreams.StreamReader;
import io.redstreams.cdi.WeldApp;
import io.redstreams.testsupport.RedisExtension;

/**
 * {@code @Inject StreamReader}: ranges by id (both ways, exclusive bounds) and by time, payload kinds, entries that
 * cannot be mapped, bad input, and paged reading of a large stream with a bounded page.
 */
class ReaderRangeIT {

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.dedicated();

    private WeldApp app;
    private StreamReader reader;

    @BeforeEach
    void start() {
        redis.flushAll();
        app = WeldApp.start(WeldApp.defaults(redis), Readers.Replay.class);
        reader = app.bean(Readers.Replay.class).reader();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private void sixEntries() {
        for (String id : List.of("1000-0", "1000-1", "2000-0", "2000-7", "3000-0", "3000-18446744073709551615")) {
            Readers.add(redis, "log", id, Map.of("payload", "{\"id\":" + id.hashCode() + ",\"symbol\":\"" + id
                    + "\"}", "type", "trade", "source", "test"));
        }
    }

    private static List<String> ids(List<? extends StreamMessage<?>> messages) {
        return messages.stream().map(StreamMessage::id).toList();
    }

    @Test
    void rangeByIdBothWaysWithExclusiveBounds() {
        sixEntries();
        assertThat(ids(reader.range("log", "-", "+", 100, Trade.class)))
                .containsExactly("1000-0", "1000-1", "2000-0", "2000-7", "3000-0", "3000-18446744073709551615");
        assertThat(ids(reader.range("log", "(1000-1", "+", 2, Trade.class))).containsExactly("2000-0", "2000-7");
        assertThat(ids(reader.range("log", "1000", "(2000-7", 100, Trade.class)))
                .containsExactly("1000-0", "1000-1", "2000-0");
        assertThat(ids(reader.range("log", "2000", "2000", 100, Trade.class))).containsExactly("2000-0", "2000-7");

        assertThat(ids(reader.reverseRange("log", "-", "+", 2, Trade.class)))
                .containsExactly("3000-18446744073709551615", "3000-0");
        assertThat(ids(reader.reverseRange("log", "-", "(3000-0", 100, Trade.class)))
                .containsExactly("2000-7", "2000-0", "1000-1", "1000-0");
        assertThat(ids(reader.reverseRange("log", "(1000-0", "(2000-7", 100, Trade.class)))
                .containsExactly("2000-0", "1000-1");

        StreamMessage<Trade> first = reader.range("log", "-", "+", 1, Trade.class).get(0);
        assertThat(first.payload()).isEqualTo(new Trade("1000-0".hashCode(), "1000-0"));
        assertThat(first.stream()).isEqualTo("log");
        assertThat(first.type()).isEqualTo("trade");
        assertThat(first.headers()).containsExactly(Map.entry("source", "test"));
        assertThat(first.deliveryCount()).isZero();
        assertThat(first.mappingFailure()).isEmpty();

        assertThat(reader.range("nothing-here", "-", "+", 10, Trade.class)).isEmpty();
    }

    @Test
    void rangeByTimeMapsInstantsToIdsOfWholeMilliseconds() {
        sixEntries();
        Instant at2000 = Instant.ofEpochMilli(2000);
        assertThat(ids(reader.range("log", at2000, Instant.ofEpochMilli(3000), 100, Trade.class)))
                .containsExactly("2000-0", "2000-7", "3000-0", "3000-18446744073709551615");
        // below a millisecond the instant is truncated: 2000.5 ms still includes the whole millisecond 2000
        assertThat(ids(reader.range("log", at2000.plusNanos(500_000), at2000.plusNanos(900_000), 100, Trade.class)))
                .containsExactly("2000-0", "2000-7");
        assertThat(ids(reader.reverseRange("log", Instant.EPOCH, at2000, 3, Trade.class)))
                .containsExactly("2000-7", "2000-0", "1000-1");
        assertThat(StreamReader.fromTime(at2000)).isEqualTo("2000-0");
        assertThat(StreamReader.toTime(at2000)).isEqualTo("2000-18446744073709551615");
    }

    @Test
    void timestampAndSequenceComeFromTheId() {
        StreamProducer producer = app.producer();
        long before = Long.parseLong(redis.admin().time().get(0)) * 1000;
        String id = producer.send("live", new Trade(1, "X"));
        sixEntries();
        StreamMessage<Trade> live = reader.range("live", "-", "+", 1, Trade.class).get(0);
        assertThat(live.id()).isEqualTo(id);
        assertThat(live.timestamp().toEpochMilli()).isEqualTo(Long.parseLong(id.substring(0, id.indexOf('-'))))
                .isGreaterThanOrEqualTo(before - 1000);
        assertThat(live.sequence()).isEqualTo(Long.parseLong(id.substring(id.indexOf('-') + 1)));

        List<StreamMessage<Trade>> log = reader.range("log", "2000-7", "+", 3, Trade.class);
        assertThat(log.get(0).timestamp()).isEqualTo(Instant.ofEpochMilli(2000));
        assertThat(log.get(0).sequence()).isEqualTo(7);
        assertThat(Long.toUnsignedString(log.get(2).sequence())).isEqualTo("18446744073709551615");
    }

    @Test
    void everyPayloadKindIsMappedAsForConsumers() {
        byte[] binary = {(byte) 0xff, 0, (byte) 0xc3, 0x28, 42};
        StreamProducer producer = app.producer();
        producer.send("kinds", new Trade(7, "ACME"), Map.of("trace", "t-1"));
        producer.send("kinds", "plain text é");
        producer.send("kinds", binary);

        List<StreamMessage<Trade>> trades = reader.range("kinds", "-", "+", 1, Trade.class);
        assertThat(trades.get(0).payload()).isEqualTo(new Trade(7, "ACME"));
        assertThat(trades.get(0).headers()).containsExactly(Map.entry("trace", "t-1"));

        List<StreamMessage<String>> texts = reader.range("kinds", "-", "+", 3, String.class);
        assertThat(texts.get(0).payload()).isEqualTo("{\"id\":7,\"symbol\":\"ACME\"}");
        assertThat(texts.get(1).payload()).isEqualTo("plain text é");

        List<StreamMessage<byte[]>> bytes = reader.range("kinds", "-", "+", 3, byte[].class);
        assertThat(bytes.get(2).payload()).isEqualTo(binary);
        assertThat(bytes.get(1).payload()).isEqualTo("plain text é".getBytes(StandardCharsets.UTF_8));

        @SuppressWarnings("rawtypes")
        List<StreamMessage<Map>> fields = reader.range("kinds", "-", "+", 1, Map.class);
        assertThat(fields.get(0).payload()).containsEntry("payload", "{\"id\":7,\"symbol\":\"ACME\"}")
                .containsEntry("type", "trade").containsEntry("trace", "t-1");
    }

    @Test
    void entriesThatCannotBeMappedAreVisibleAndDoNotEndTheReading() {
        StreamProducer producer = app.producer();
        producer.send("mixed", new Trade(1, "A"));
        Readers.add(redis, "mixed", "*", Map.of("no-payload", "x"));
        producer.send("mixed", "not json at all");
        producer.send("mixed", "[1,2,3]");
        producer.send("mixed", new Trade(5, "E"));

        try (Stream<StreamMessage<Trade>> all = reader.stream(ReadRange.of("mixed").pageSize(2), Trade.class)) {
            List<StreamMessage<Trade>> read = all.toList();
            assertThat(read).hasSize(5);
            assertThat(read.stream().map(m -> m.mappingFailure().isPresent()).toList())
                    .containsExactly(false, true, true, true, false);
            assertThat(read.get(0).payload()).isEqualTo(new Trade(1, "A"));
            assertThat(read.get(4).payload()).isEqualTo(new Trade(5, "E"));
            StreamMessage<Trade> noPayload = read.get(1);
            assertThatThrownBy(noPayload::payload).isInstanceOf(PayloadMappingException.class)
                    .hasMessageContaining(noPayload.id()).hasMessageContaining("no 'payload' field");
            assertThat(noPayload.headers()).containsExactly(Map.entry("no-payload", "x"));
            assertThatThrownBy(read.get(2)::payload).isInstanceOf(PayloadMappingException.class)
                    .hasMessageContaining("not JSON of");
            System.out.println("ReaderRangeIT mixed: read " + read.size() + ", unmapped "
                    + read.stream().filter(m -> m.mappingFailure().isPresent()).count());
        }
        // the same stream as text: everything with a payload field maps
        assertThat(reader.range("mixed", "-", "+", 10, String.class).stream()
                .filter(m -> m.mappingFailure().isPresent()).count()).isEqualTo(1);
    }

    @Test
    void badInputFailsClearlyAndARefusedReadIsAStreamReadException() {
        assertThatThrownBy(() -> reader.range("log", "abc", "+", 1, Trade.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromId");
        assertThatThrownBy(() -> reader.range("log", "-", "((1-1", 1, Trade.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toId");
        // each part of an id is an unsigned 64-bit number: Redis would refuse one above 2^64 - 1
        assertThatThrownBy(() -> reader.range("log", "18446744073709551616-0", "+", 1, Trade.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromId");
        assertThatThrownBy(() -> reader.range("log", "-", "(1-18446744073709551616", 1, Trade.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("toId");
        assertThat(reader.range("log", "18446744073709551615-0", "+", 1, Trade.class)).isEmpty();
        assertThatThrownBy(() -> reader.range("log", "-", "+", 0, Trade.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> reader.range("", "-", "+", 1, Trade.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream");
        assertThatThrownBy(() -> reader.range("log", "-", "+", 1, Object.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Object");
        assertThatThrownBy(() -> reader.range("log", Instant.EPOCH.minusSeconds(1), Instant.now(), 1, Trade.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epoch");
        redis.admin().set("a-string", "x");
        assertThatThrownBy(() -> reader.range("a-string", "-", "+", 1, Trade.class))
                .isInstanceOf(StreamReadException.class).hasMessageContaining("WRONGTYPE");
    }

    @Test
    void aLargeStreamIsReadInPagesOfTheGivenSizeOnlyAsItIsConsumed() {
        List<Trade> trades = IntStream.range(0, 10_000).mapToObj(i -> new Trade(i, "S" + i)).toList();
        List<String> sent = app.producer().sendAll("big", trades);
        long rangesBefore = Readers.calls(redis, "xrange");

        try (Stream<StreamMessage<Trade>> all = reader.stream(ReadRange.of("big").pageSize(500), Trade.class)) {
            Iterator<StreamMessage<Trade>> it = all.iterator();
            assertThat(Readers.calls(redis, "xrange")).isEqualTo(rangesBefore); // nothing read before it is asked
            List<String> read = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                read.add(it.next().id());
            }
            assertThat(Readers.calls(redis, "xrange")).isEqualTo(rangesBefore + 1); // one page so far
            long expectedId = 3;
            while (it.hasNext()) {
                StreamMessage<Trade> m = it.next();
                assertThat(m.payload().id()).isEqualTo(expectedId++);
                read.add(m.id());
            }
            assertThat(read).isEqualTo(sent);
        }
        long calls = Readers.calls(redis, "xrange") - rangesBefore;
        System.out.println("ReaderRangeIT paging: 10000 entries, page 500, XRANGE calls " + calls);
        assertThat(calls).isEqualTo(21); // 20 full pages and the empty one that ends the reading

        long reverseBefore = Readers.calls(redis, "xrevrange");
        try (Stream<StreamMessage<Trade>> backwards = reader.stream(ReadRange.of("big").from(sent.get(2000))
                .reversed().pageSize(999), Trade.class)) {
            List<String> read = backwards.map(StreamMessage::id).toList();
            assertThat(read).hasSize(8000).startsWith(sent.get(9999)).endsWith(sent.get(2000));
        }
        assertThat(Readers.calls(redis, "xrevrange") - reverseBefore).isEqualTo(9); // 8 of 999, then the rest

        Instant last = Instant.ofEpochMilli(Long.parseLong(sent.get(9999).split("-")[0]));
        try (Stream<StreamMessage<Trade>> tail = reader.stream(ReadRange.of("big").between(last, last), Trade.class)) {
            assertThat(tail.map(StreamMessage::id).toList()).contains(sent.get(9999));
        }
    }
}
