package io.redstreams.impl.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.redstreams.DeadLetter;
import io.redstreams.impl.redis.RawEntry;

class DeadLetterFormatTest {

    private static final byte[] ODD_NAME = {(byte) 0xff, 'x'};
    private static final byte[] ODD_VALUE = {0, (byte) 0xfe};

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RawEntry entry(String id, List<byte[]> raw) {
        return new RawEntry(id, Map.of("x", new byte[0]), raw);
    }

    private static List<byte[]> deadLetter(List<byte[]> original, String... bookkeeping) {
        List<byte[]> raw = new ArrayList<>(original);
        String[] names = {"error", "source-stream", "source-id", "group", "deliveries"};
        for (int i = 0; i < names.length; i++) {
            raw.add(b(names[i]));
            raw.add(b(bookkeeping[i]));
        }
        return raw;
    }

    @Test
    void onlyTheTrailingBookkeepingFieldsAreBookkeeping() {
        // the application's own field named "error" stays an original field
        List<byte[]> original = List.of(b("payload"), b("{}"), b("error"), b("mine"), ODD_NAME, ODD_VALUE,
                b("empty"), new byte[0]);
        DeadLetter letter = DeadLetterFormat.parse(entry("5-0", deadLetter(original, "java.lang.X: boom", "orders",
                "1-0", "billing", "3")));

        assertThat(letter.reason()).isEqualTo("java.lang.X: boom");
        assertThat(letter.sourceStream()).isEqualTo("orders");
        assertThat(letter.sourceId()).isEqualTo("1-0");
        assertThat(letter.group()).isEqualTo("billing");
        assertThat(letter.deliveries()).isEqualTo(3);
        assertThat(letter.replays()).isZero();
        assertThat(letter.rawFields()).containsExactlyElementsOf(original);
        assertThat(letter.fields()).containsEntry("error", "mine").containsEntry("empty", "");
    }

    @Test
    void theCopyKeepsTheOriginalBytesAndCountsReplays() {
        List<byte[]> original = List.of(b("payload"), b("p"), ODD_NAME, ODD_VALUE, b("redstreams-replayed"), b("2"),
                b("redstreams-original-id"), b("1-0"), b("n"), b("7"));
        DeadLetter letter = DeadLetterFormat.parse(entry("9-0", deadLetter(original, "e", "orders", "8-0", "g", "1")));
        assertThat(letter.replays()).isEqualTo(2);

        List<byte[]> copy = DeadLetterFormat.replayFields(letter);

        // the old count is replaced by the new one at the end; the first original id is kept, not the latest
        assertThat(copy).containsExactly(b("payload"), b("p"), ODD_NAME, ODD_VALUE, b("redstreams-original-id"),
                b("1-0"), b("n"), b("7"), b("redstreams-replayed"), b("3"));
    }

    @Test
    void aFirstReplayAddsTheCountAndTheOriginalId() {
        DeadLetter letter = DeadLetterFormat.parse(entry("9-0", deadLetter(List.of(b("payload"), b("p")), "e",
                "orders", "8-0", "g", "1")));

        assertThat(DeadLetterFormat.replayFields(letter)).containsExactly(b("payload"), b("p"),
                b("redstreams-replayed"), b("1"), b("redstreams-original-id"), b("8-0"));
    }

    @Test
    void anEntryNotWrittenByRedstreamsIsShownWholeAndIsNotReplayable() {
        List<byte[]> raw = List.of(b("payload"), b("p"), b("error"), b("e"));
        DeadLetter letter = DeadLetterFormat.parse(entry("3-0", raw));

        assertThat(letter.replayable()).isFalse();
        assertThat(letter.reason()).isNull();
        assertThat(letter.sourceStream()).isNull();
        assertThat(letter.rawFields()).containsExactlyElementsOf(raw);
    }

    @Test
    void aDeliveriesFieldThatIsNotANumberIsUnknown() {
        DeadLetter letter = DeadLetterFormat.parse(entry("3-0", deadLetter(List.of(), "e", "s", "1-0", "g", "many")));

        assertThat(letter.deliveries()).isNull();
        assertThat(letter.replayable()).isTrue();
    }
}
