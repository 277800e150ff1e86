package io.redstreams.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.redstreams.StreamMessage;

/** {@link StreamMessage#timestamp()} and {@link StreamMessage#sequence()} are derived from the id alone. */
class StreamMessageIdsTest {

    private static StreamMessage<String> withId(String id) {
        return new StreamMessage<>() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String stream() {
                return "s";
            }

            @Override
            public String type() {
                return null;
            }

            @Override
            public String payload() {
                return "p";
            }

            @Override
            public Map<String, String> headers() {
                return Map.of();
            }

            @Override
            public long deliveryCount() {
                return 1;
            }
        };
    }

    @Test
    void timestampIsTheMillisecondsAndSequenceThePartAfterTheDash() {
        StreamMessage<String> m = withId("1700000000123-42");
        assertThat(m.timestamp()).isEqualTo(Instant.ofEpochMilli(1700000000123L));
        assertThat(m.sequence()).isEqualTo(42);
        assertThat(withId("0-0").timestamp()).isEqualTo(Instant.EPOCH);
        assertThat(Long.toUnsignedString(withId("5-18446744073709551615").sequence()))
                .isEqualTo("18446744073709551615");
        assertThat(m.mappingFailure()).isEmpty();
    }

    @Test
    void anIdThatIsNoStreamIdFailsClearly() {
        assertThatThrownBy(() -> withId("abc").timestamp()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("abc");
        assertThatThrownBy(() -> withId("12-").sequence()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> withId("x-1").timestamp()).isInstanceOf(IllegalStateException.class);
    }
}
