package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.redstreams.StreamConnection;
import io.redstreams.StreamConnectionFactory;
import io.redstreams.testsupport.RedisClusterSet;
import redis.clients.jedis.Jedis;

/**
 * Issue 11: the resource adapter outside a server against a Redis Cluster (three masters, a replica of the
 * second), configured with its {@code clusterNodes} property: two activated endpoints whose streams live on two
 * masters receive what the outbound connection factory sends (single sends and a pipelined {@code sendAll}),
 * before and after a {@code CLUSTER FAILOVER} of one of those masters, with no restart; no redstreams thread
 * outlives {@code stop()}.
 */
class AdapterClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    // slots 6948 (second master, the one with a replica) and 13262 (third master, a hash tag)
    private static final String ON_SECOND = "orders-2";
    private static final String ON_THIRD = "{invoices}:eu";

    @Test
    @Timeout(120)
    void deliversAndSendsOnTwoMastersBeforeAndAfterAFailover() throws Exception {
        try (RedisClusterSet cluster = RedisClusterSet.start()) {
            assertThat(cluster.portOwning(ON_SECOND)).isEqualTo(cluster.replicatedMasterPort());
            assertThat(cluster.portOwning(ON_THIRD)).isNotEqualTo(cluster.portOwning(ON_SECOND));
            RedStreamsResourceAdapter adapter = StartedAdapter.configured("redis://127.0.0.1:1");
            adapter.setClusterNodes(cluster.seeds());
            assertThat(adapter.getClusterNodes()).isEqualTo(cluster.seeds());
            TestTransactions transactions = new TestTransactions();
            try (StartedAdapter started = StartedAdapter.start(adapter, new TestBootstrapContext(transactions))) {
                RecordingEndpointFactory second = new RecordingEndpointFactory(InboundDeliveryIT.TextBean.class,
                        transactions);
                RecordingEndpointFactory third = new RecordingEndpointFactory(InboundDeliveryIT.TextBean.class,
                        transactions);
                started.activate(second, StartedAdapter.spec(ON_SECOND, "g"));
                started.activate(third, StartedAdapter.spec(ON_THIRD, "g"));
                StreamConnectionFactory connections = (StreamConnectionFactory) started.managedConnectionFactory()
                        .createConnectionFactory(new PoolingConnectionManager());

                List<String> before = send(connections, "before");
                await().atMost(WAIT).until(() -> received(second, third).containsAll(before));

                cluster.failover();
                List<String> after = send(connections, "after");
                await().atMost(WAIT).until(() -> received(second, third).containsAll(after));
                for (String stream : List.of(ON_SECOND, ON_THIRD)) {
                    try (Jedis node = cluster.connect(cluster.portOwning(stream))) {
                        await().atMost(WAIT).until(() -> node.xpending(stream, "g").getTotal() == 0);
                        assertThat(node.clientList()).contains("name=redstreams-worker")
                                .contains("name=redstreams-jca");
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> StartedAdapter.redstreamsThreads().isEmpty());
        }
    }

    /** Sends one entry to each stream and a pipelined batch of three to each; returns the ids. */
    private static List<String> send(StreamConnectionFactory connections, String label) {
        List<String> ids = new ArrayList<>();
        try (StreamConnection connection = connections.getConnection()) {
            for (String stream : List.of(ON_SECOND, ON_THIRD)) {
                ids.add(connection.send(stream, label));
                ids.addAll(connection.sendAll(stream, List.of(label + "-1", label + "-2", label + "-3")));
            }
        }
        return ids;
    }

    private static List<String> received(RecordingEndpointFactory... beans) {
        List<String> ids = new ArrayList<>();
        for (RecordingEndpointFactory bean : beans) {
            bean.messages.forEach(m -> ids.add(m.id()));
        }
        return ids;
    }
}
