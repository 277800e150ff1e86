package io.redstreams.impl.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.redstreams.impl.config.ConfigLookup;
import io.redstreams.impl.config.RedStreamsConfig;
import io.redstreams.impl.redis.StreamTrim;

/** Per-stream retention values: parsing, defaults, clear errors naming the key, the age cut by Redis time. */
class StreamRetentionTest {

    private static StreamRetention retention(Map<String, String> values) {
        return new StreamRetention(RedStreamsConfig.read(ConfigLookup.of(values)));
    }

    @Test
    void perStreamValuesOverTheGlobalDefault() {
        StreamRetention r = retention(Map.of("redstreams.producer.max-len", "500",
                "redstreams.streams.orders.max-len", "100", "redstreams.streams.orders.max-age", "PT1H",
                "redstreams.streams.logs.max-age", "60000"));
        assertThat(r.rule("orders")).isEqualTo(new RetentionRule(100, 3_600_000, false));
        assertThat(r.rule("logs")).isEqualTo(new RetentionRule(500, 60_000, false));
        assertThat(r.rule("other")).isEqualTo(new RetentionRule(500, 0, false));
    }

    @Test
    void theAgeCutComesFromIdsRedisGenerated() {
        StreamRetention r = retention(Map.of("redstreams.streams.orders.max-age", "P1D"));
        assertThat(r.onSend("orders")).isEqualTo(StreamTrim.NONE); // no reading of the time of Redis yet
        r.sent("90000000000-3");
        StreamTrim trim = r.onSend("orders");
        long cut = Long.parseLong(trim.minId().substring(0, trim.minId().indexOf('-')));
        assertThat(cut).isBetween(90_000_000_000L - 86_400_000L, 90_000_000_000L - 86_400_000L + 60_000);
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> retention(Map.of("redstreams.streams.orders.max-age", "an hour")).rule("orders"))
                .hasMessageContaining("redstreams.streams.orders.max-age: 'an hour' is neither milliseconds nor");
        assertThatThrownBy(() -> retention(Map.of("redstreams.streams.orders.max-len", "-1")).rule("orders"))
                .hasMessageContaining("redstreams.streams.orders.max-len must be 0 or more");
        assertThatThrownBy(() -> retention(Map.of("redstreams.streams.orders.max-len", "x")).rule("orders"))
                .hasMessageContaining("redstreams.streams.orders.max-len: 'x' is not a valid long");
    }

    @Test
    void idsCompareNumerically() {
        assertThat(PeriodicTrimmer.compare("10-0", "9-5")).isPositive();
        assertThat(PeriodicTrimmer.compare("9-10", "9-9")).isPositive();
        assertThat(PeriodicTrimmer.compare("9-0", "9")).isZero();
    }
}
