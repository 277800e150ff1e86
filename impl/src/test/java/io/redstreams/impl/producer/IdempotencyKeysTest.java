package io.redstreams.impl.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The marker key of an idempotent send lies in its stream's Cluster slot (Jedis computes slots like Redis). */
class IdempotencyKeysTest {

    @Test
    void theMarkerHashesLikeItsStream() {
        for (String stream : new String[] {"orders", "{orders}:eu", "eu:{orders}", "a{b", "a{b{c}d",
                "x{y}z{w}", "ünïcødé", "{"}) {
            String marker = IdempotencyKeys.markerKey(stream, "key-1");
            assertThat(JedisClusterCRC16.getSlot(marker)).as(stream + " -> " + marker)
                    .isEqualTo(JedisClusterCRC16.getSlot(stream));
        }
    }

    @Test
    void aTaggedStreamKeepsItsTag() {
        assertThat(IdempotencyKeys.markerKey("{orders}:eu", "k")).isEqualTo("{orders}:redstreams-idem:k");
        assertThat(IdempotencyKeys.markerKey("orders", "k")).isEqualTo("{orders}:redstreams-idem:k");
    }

    @Test
    void aStreamWithAClosingBraceButNoTagIsRefused() {
        assertThatThrownBy(() -> IdempotencyKeys.markerKey("a}b", "k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash tag");
        assertThatThrownBy(() -> IdempotencyKeys.markerKey("a{}b", "k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hash tag");
        assertThatThrownBy(() -> IdempotencyKeys.markerKey("{}x{y}", "k"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdempotencyKeys.markerKey("orders", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
