package io.redstreams.impl.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The slot map: parsing CLUSTER SLOTS, MOVED, hash tags. */
class ClusterSlotsTest {

    private static final RedisNode ASKED = new RedisNode("10.0.0.9", 7000);

    private static List<Object> range(long start, long end, String host, long port) {
        List<Object> master = List.of(host.getBytes(StandardCharsets.UTF_8), port,
                "id".getBytes(StandardCharsets.UTF_8));
        List<Object> replica = List.of("10.0.0.4".getBytes(StandardCharsets.UTF_8), 7004L);
        return List.of(start, end, master, replica);
    }

    @Test
    void eachSlotHasItsMasterAndAMasterWithoutAHostIsTheNodeThatAnswered() {
        ClusterSlots slots = ClusterSlots.parse(List.of(
                range(0, 5460, "10.0.0.1", 7001),
                range(5461, 10922, "", 7002),
                range(10923, 16383, "10.0.0.3", 7003)), ASKED);
        assertThat(slots.owner(0)).isEqualTo(new RedisNode("10.0.0.1", 7001));
        assertThat(slots.owner(5461)).isEqualTo(new RedisNode("10.0.0.9", 7002));
        assertThat(slots.owner(16383)).isEqualTo(new RedisNode("10.0.0.3", 7003));
        assertThat(slots.masters()).hasSize(3);
        assertThat(slots.uncovered()).isZero();
    }

    @Test
    void movedChangesOneSlotInACopy() {
        ClusterSlots slots = ClusterSlots.parse(List.of(range(0, 16383, "10.0.0.1", 7001)), ASKED);
        RedisNode other = new RedisNode("10.0.0.2", 7002);
        ClusterSlots after = slots.moved(42, other);
        assertThat(after.owner(42)).isEqualTo(other);
        assertThat(after.owner(43)).isEqualTo(new RedisNode("10.0.0.1", 7001));
        assertThat(slots.owner(42)).isEqualTo(new RedisNode("10.0.0.1", 7001));
        assertThat(after.masters()).containsExactly(new RedisNode("10.0.0.1", 7001), other);
    }

    @Test
    void uncoveredSlotsHaveNoOwner() {
        ClusterSlots slots = ClusterSlots.parse(List.of(range(0, 99, "10.0.0.1", 7001)), ASKED);
        assertThat(slots.owner(100)).isNull();
        assertThat(slots.uncovered()).isEqualTo(16384 - 100);
    }

    @Test
    void aReplyOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> ClusterSlots.parse(List.of(List.of(0L, 5L)), ASKED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHashTagDecidesTheSlotSoAStreamAndItsDerivedKeysShareIt() {
        // the values redis-cli CLUSTER KEYSLOT gives (checked on Redis 7.0)
        assertThat(ClusterSlots.slotOf("orders")).isEqualTo(ClusterSlots.slotOf("{orders}:dlq"));
        assertThat(ClusterSlots.slotOf("{orders}:eu")).isEqualTo(ClusterSlots.slotOf("{orders}:eu:dlq"))
                .isEqualTo(ClusterSlots.slotOf("{orders}:redstreams-idem:k1"));
        assertThat(ClusterSlots.slotOf("orders")).isEqualTo(105);
        assertThat(ClusterSlots.slotOf("orders:dlq")).isEqualTo(9954);
    }
}
