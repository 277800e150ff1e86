package io.redstreams.impl.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheMaximum() {
        assertThat(Backoff.exponential(100, 1000, 1)).isEqualTo(100);
        assertThat(Backoff.exponential(100, 1000, 2)).isEqualTo(200);
        assertThat(Backoff.exponential(100, 1000, 4)).isEqualTo(800);
        assertThat(Backoff.exponential(100, 1000, 5)).isEqualTo(1000);
        assertThat(Backoff.exponential(100, 1000, 500)).isEqualTo(1000);
        assertThat(Backoff.exponential(100, 50, 1)).isEqualTo(50);
    }
}
