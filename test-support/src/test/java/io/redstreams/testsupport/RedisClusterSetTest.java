package io.redstreams.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A one-master cluster without a replica (the benchmark's smallest case): every slot served, data commands work. */
class RedisClusterSetTest {

    @Test
    void oneMasterServesEverySlotAndStopsCleanly() {
        List<Integer> ports;
        try (RedisClusterSet cluster = RedisClusterSet.start(1, false)) {
            ports = cluster.allPorts();
            assertThat(cluster.masterPorts()).hasSize(1);
            assertThat(cluster.seeds()).isEqualTo("127.0.0.1:" + ports.get(0));
            String name = cluster.nameOn(ports.get(0), "s");
            try (Jedis node = cluster.connect(ports.get(0))) {
                assertThat(node.clusterInfo()).contains("cluster_slots_assigned:16384");
                node.xadd(name, redis.clients.jedis.params.XAddParams.xAddParams(), java.util.Map.of("f", "v"));
                assertThat(node.xlen(name)).isEqualTo(1);
            }
            assertThatThrownBy(cluster::failover).isInstanceOf(IllegalStateException.class);
        }
        for (int port : ports) {
            try (java.net.Socket socket = new java.net.Socket()) {
                assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200))
                        .as("port " + port + " closed").isInstanceOf(java.io.IOException.class);
            } catch (java.io.IOException ignored) {
                // closing an unconnected socket
            }
        }
    }
}
