package io.redstreams.impl.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for stream entry ids given by users (startFrom, reader bounds and tails, replay by id). */
class EntryIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0-0", "1-1", "1700000000000-0", "1700000000000", "18446744073709551615",
            "18446744073709551615-18446744073709551615", "00000000000000000001-0"})
    void idsRedisTakes(String id) {
        assertThat(EntryIds.isId(id)).as(id).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", "$", "abc", "1-", "-1", "1--1", "1-1-1", "(1-0", " 1-0", "1-0 ", "+1-0",
            "1.5-0", "18446744073709551616", "99999999999999999999-0", "0-18446744073709551616",
            "184467440737095516150", "000000000000000000001", "١-٠", "１-０"})
    void everythingElse(String id) {
        assertThat(EntryIds.isId(id)).as(id).isFalse();
    }

    @Test
    void nullIsNoIdAndNoBound() {
        assertThat(EntryIds.isId(null)).isFalse();
        assertThat(EntryIds.isBound(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-", "+", "0", "1-1", "(1-1", "(18446744073709551615-18446744073709551615", "(5"})
    void bounds(String bound) {
        assertThat(EntryIds.isBound(bound)).as(bound).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "((1-1", "(", "(-", "(+", "$", "abc", "(18446744073709551616-0", "18446744073709551616",
            "--", "++"})
    void notBounds(String bound) {
        assertThat(EntryIds.isBound(bound)).as(bound).isFalse();
    }
}
