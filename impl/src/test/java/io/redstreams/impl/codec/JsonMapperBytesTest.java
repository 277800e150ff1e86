package io.redstreams.impl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.redstreams.PayloadMappingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The byte paths of {@link JsonMapper} give exactly what the string paths give, for ASCII and for any other text. */
class JsonMapperBytesTest {

    public record Line(String sku, int qty) {
    }

    public record Doc(String name, List<Line> lines, Map<String, String> tags) {
    }

    private static final JsonMapper JSON = new JsonMapper();

    @AfterAll
    static void close() {
        JSON.close();
    }

    @Test
    void theBytesAreTheStringsUtf8() {
        // ASCII; Latin-1; BMP; a surrogate pair; a long text that the generator flushes in several pieces with a
        // pair across a piece boundary (its buffer holds a few thousand chars)
        String longText = "x".repeat(4095) + "😀" + "é".repeat(5000) + "😀";
        for (String name : List.of("plain", "", "café", "日本語", "emoji 😀 end", longText, "a".repeat(10_000),
                "quote \" back \\ tab \t nl \n")) {
            Doc doc = new Doc(name, List.of(new Line("SKU-1", 2), new Line(name, 1)), Map.of("k", name));
            byte[] bytes = JSON.toJsonBytes(doc);
            assertThat(bytes).isEqualTo(JSON.toJson(doc).getBytes(StandardCharsets.UTF_8));
            assertThat(JSON.fromJson(bytes, Doc.class)).isEqualTo(doc);
            assertThat(JSON.fromJson(bytes, Doc.class)).isEqualTo(JSON.fromJson(JSON.toJson(doc), Doc.class));
        }
    }

    @Test
    void badBytesFailLikeABadString() {
        byte[] bad = "{\"name\": ".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JSON.fromJson(bad, Doc.class)).isInstanceOf(PayloadMappingException.class);
        assertThatThrownBy(() -> JSON.fromJson("null".getBytes(StandardCharsets.UTF_8), Doc.class))
                .isInstanceOf(PayloadMappingException.class).hasMessageContaining("JSON null");
        byte[] latin1 = {'"', (byte) 0xE9, '"'}; // not UTF-8: decoded as the JDK does (replacement character)
        assertThat(JSON.fromJson(latin1, String.class)).isEqualTo(JSON.fromJson(new String(latin1,
                StandardCharsets.UTF_8), String.class));
    }
}
