package io.redstreams.ra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.redstreams.testsupport.RedisSentinelSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.XAddParams;

/**
 * Issue 11: the resource adapter outside a server against a Sentinel set (1 master, 1 replica, 3 sentinels),
 * configured with its {@code sentinelMaster} / {@code sentinelNodes} properties: an activated endpoint receives
 * entries before and after a {@code SENTINEL FAILOVER}, with no restart, and no redstreams thread (the
 * {@code redstreams-sentinel-*} watchers included) outlives {@code stop()}.
 */
class AdapterSentinelIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    @Timeout(120)
    void deliversBeforeAndAfterAFailover() throws Exception {
        try (RedisSentinelSet set = RedisSentinelSet.start()) {
            RedStreamsResourceAdapter adapter = StartedAdapter.configured("redis://127.0.0.1:1");
            adapter.setSentinelMaster(set.masterName());
            adapter.setSentinelNodes(set.sentinelNodes());
            TestTransactions transactions = new TestTransactions();
            try (StartedAdapter started = StartedAdapter.start(adapter, new TestBootstrapContext(transactions))) {
                RecordingEndpointFactory bean = new RecordingEndpointFactory(InboundDeliveryIT.TextBean.class,
                        transactions);
                started.activate(bean, StartedAdapter.spec("sentinel-texts", "g"));

                String before = add(set, "before");
                await().atMost(WAIT).until(() -> bean.messages.stream().anyMatch(m -> m.id().equals(before)));

                int newMaster = set.failover();
                String after = add(set, "after");
                assertThat(set.masterPort()).isEqualTo(newMaster);
                await().atMost(WAIT).until(() -> bean.messages.stream().anyMatch(m -> m.id().equals(after)));
                try (Jedis admin = set.connect(newMaster)) {
                    await().atMost(WAIT).until(() -> admin.xpending("sentinel-texts", "g").getTotal() == 0);
                    assertThat(admin.clientList()).contains("name=redstreams-worker");
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> StartedAdapter.redstreamsThreads().isEmpty());
        }
    }

    private static String add(RedisSentinelSet set, String payload) {
        try (Jedis master = set.connect(set.masterPort())) {
            return master.xadd("sentinel-texts", XAddParams.xAddParams(), Map.of("payload", payload))
                    .toString();
        }
    }
}
